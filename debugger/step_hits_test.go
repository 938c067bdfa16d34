package debugger

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"tdb/source/fixture"
)

// A step that walks onto a breakpoint hits it, as a trap would: the hit is
// counted, and the step stops there when the conditions hold (the soak
// test found hit counts short by the steps that passed their lines).
func TestStepOntoBreakpointIsAHit(t *testing.T) {
	tg := launch(t, "fib")
	mainCall := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")
	sumLine := fixture.LineOf(t, "fib", "main.go", "sum += v")
	b0 := tg.brk(fmt.Sprintf("main.go:%d", mainCall))
	st := tg.stop(Continue{})
	if st.Line != mainCall {
		t.Fatalf("stopped at %s, want line %d", where(st), mainCall)
	}
	tg.do(ClearBreakpoint{ID: b0.ID})
	counter := tg.brk(fmt.Sprintf("main.go:%d", sumLine))
	tg.do(SetCondition{ID: counter.ID, Cond: "> 1000000", HitCount: true})
	first := tg.do(SetBreakpoint{Loc: mustLoc(fmt.Sprintf("main.go:%d", sumLine)), Cond: "i == 1"}).Breakpoints[0]

	// Into fib(1) and out again: the step out of fib stops at the return
	// address, mid-line in main (as Delve does); the one after it
	// single-steps onto the start of the sum line.
	for n := 0; st.Function != "main.main" || st.Line == mainCall; n++ {
		if n == 10 {
			t.Fatalf("10 steps and still not back in main.main: %s", where(st))
		}
		st = tg.stop(Step{})
	}
	want := fmt.Sprintf("step interrupted by breakpoint %d", first.ID)
	if st.Line != sumLine || st.Reason.Kind != "breakpoint" || st.Reason.Breakpoint != first.ID || !strings.Contains(st.Note, want) {
		t.Fatalf("back in main at %s, note %q; want breakpoint %d at line %d, %q", where(st), st.Note, first.ID, sumLine, want)
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 3 {
		t.Fatalf("continue: %+v, want the exit (status 3)", rep)
	}
	for _, b := range tg.do(ListBreakpoints{}).Breakpoints {
		want := map[int]int{counter.ID: 10, first.ID: 1}[b.ID]
		if b.HitCount != want {
			t.Errorf("breakpoint %d (cond %q, hit cond %q): %d hits, want %d", b.ID, b.Cond, b.HitCond, b.HitCount, want)
		}
	}
}

// A thread that a step leaves on a breakpoint with a signal pending (Go's
// SIGURG, which arrived during the step) executes that breakpoint once:
// resumed with the signal, it used to run the handler first, return onto
// the int3 and count the one execution twice.
func TestSignalOnBreakpointCountsOnce(t *testing.T) {
	tg := launch(t, "fib")
	sumLine := fixture.LineOf(t, "fib", "main.go", "sum += v")
	printLine := fixture.LineOf(t, "fib", "main.go", "fmt.Printf(")
	stop := tg.brk(fmt.Sprintf("main.go:%d", sumLine))
	counter := tg.brk(fmt.Sprintf("main.go:%d", printLine))
	tg.do(SetCondition{ID: counter.ID, Cond: "> 1000000", HitCount: true})
	st := tg.stop(Continue{})
	if st.Line != sumLine {
		t.Fatalf("stopped at %s, want line %d", where(st), sumLine)
	}
	tg.do(ClearBreakpoint{ID: stop.ID})
	// Queued while the thread is stopped, the signal is reported during
	// the step's first instruction; the step holds it back and ends on
	// the counting breakpoint.
	if err := unix.Tgkill(st.PID, st.Thread, unix.SIGURG); err != nil {
		t.Fatal(err)
	}
	st = tg.stop(Step{})
	if st.Line != printLine || st.Reason.Kind != "step" {
		t.Fatalf("step: %s, want line %d", where(st), printLine)
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 3 {
		t.Fatalf("continue: %+v, want the exit (status 3)", rep)
	}
	for _, b := range tg.do(ListBreakpoints{}).Breakpoints {
		if b.ID == counter.ID && b.HitCount != 10 {
			t.Errorf("the Printf line's breakpoint counted %d hits, want 10 (one a call)", b.HitCount)
		}
	}
}

// A signal that arrives during a step is held back until the thread is
// resumed: delivered with a single-step, it stopped the thread on its
// handler's first instruction and the step ended in runtime.sigtramp.
func TestStepWithSignalPendingStaysOnLine(t *testing.T) {
	tg := launch(t, "soak", "20")
	from := fixture.LineOf(t, "soak", "main.go", "s += n % 10")
	to := fixture.LineOf(t, "soak", "main.go", "n /= 10")
	b := tg.brk(fmt.Sprintf("main.go:%d", from))
	st := tg.stop(Continue{})
	if st.Line != from {
		t.Fatalf("stopped at %s, want line %d", where(st), from)
	}
	tg.do(ClearBreakpoint{ID: b.ID})
	if err := unix.Tgkill(st.PID, st.Thread, unix.SIGURG); err != nil {
		t.Fatal(err)
	}
	g := st.Goroutine
	st = tg.stop(Step{})
	if st.Function != "main.digits" || st.Line != to || st.Goroutine != g || st.Reason.Kind != "step" {
		t.Fatalf("step with SIGURG pending: %s on goroutine %d, want main.digits line %d on goroutine %d", where(st), st.Goroutine, to, g)
	}
}
