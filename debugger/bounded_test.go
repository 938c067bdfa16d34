package debugger

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// allocated is the bytes the process allocated while f ran. Other
// goroutines add theirs, little next to the bounds below.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Long expressions cost their length, not its square (issue 13): a sum of
// 16,000 terms took 1.7 GB and 8 s, a chain of 20,000 fields 10 s. Every
// level named its whole subexpression for messages it might need.
func TestLongExpressionsLinear(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	n, err := strconv.Atoi(tg.print("n", 0))
	if err != nil {
		t.Fatal(err)
	}
	sum := strings.Repeat("n+", 15999) + "n"
	var got string
	if a := allocated(func() { got = tg.print(sum, 0) }); a > 256<<20 {
		t.Errorf("a sum of 16,000 terms allocated %d MiB", a>>20)
	}
	if got != fmt.Sprint(16000*n) {
		t.Errorf("the sum of 16,000 n: %s, want %d", got, 16000*n)
	}
	// cyc.Next.Next is cyc again: 20,000 Nexts come back to it.
	chain := "cyc" + strings.Repeat(".Next", 20000) + ".Val"
	if a := allocated(func() { got = tg.print(chain, 0) }); a > 256<<20 {
		t.Errorf("a chain of 20,000 fields allocated %d MiB", a>>20)
	}
	if got != "1" {
		t.Errorf("%s...: %s, want 1", chain[:40], got)
	}
	// An error deep in a long expression names it, shortened.
	if got := tg.print(strings.Repeat("n+", 999)+"nosuch", 0); !strings.Contains(got, "nosuch") || len(got) > 4096 {
		t.Errorf("an error in a long sum: %.200q (%d bytes)", got, len(got))
	}
}

// Values too big to read whole (issue 13): a lookup of a short key in a
// map of 200,000 long keys reads no key's bytes (lengths differ); strings
// of 64 MiB are compared whole (it compared their first MiB, and called
// strings that differ in their last byte equal), as the program does.
func TestBigValuesBounded(t *testing.T) {
	tg := launch(t, "bigmap")
	tg.brk(fmt.Sprintf("main.go:%d", fixture.LineOf(t, "bigmap", "main.go", "marker: built")))
	tg.stop(Continue{})
	for _, c := range []struct{ expr, want string }{
		{`m["zz"]`, "error: key not found"},
		{`m["000007` + strings.Repeat("k", 194) + `"]`, "7"},
		{"huge == huge2", "true"},
		{"huge == huge3", "false"},
		{"huge3 == huge", "false"},
	} {
		var got string
		if a := allocated(func() { got = tg.print(c.expr, 0) }); a > 512<<20 {
			t.Errorf("%.40s allocated %d MiB", c.expr, a>>20)
		}
		if got != c.want {
			t.Errorf("print %.40s: %s, want %s", c.expr, got, c.want)
		}
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("end: %+v", rep.Exited)
	}
	tg.waitOutput("bigmap 200000 true false")
}

// interruptWorking sends r with an Interrupt forced into the time it
// works: the hook runs as the bounded request starts.
func (tg *target) interruptWorking(r Request) Reply {
	h := tg.s.test // launch's
	h.onBound = func() { h.onBound = nil; tg.s.Interrupt() }
	return tg.s.Do(r)
}

// Interrupt while a values request works cancels it and the session goes
// on. The order is forced (interruptWorking); an Interrupt while nothing
// works cancels nothing later.
func TestInterruptCancelsValues(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	tg.s.Interrupt()
	if got := tg.print("len(long)", 0); got != "100" {
		t.Fatalf("print len(long) after an idle Interrupt: %s", got)
	}
	rep := tg.interruptWorking(Eval{Expr: "long"})
	if !errors.Is(rep.Err, ErrCanceled) {
		t.Fatalf("print after Interrupt: %v, want %v", rep.Err, ErrCanceled)
	}
	// Cancelled once: the next request works.
	if got := tg.print("len(long)", 0); got != "100" {
		t.Fatalf("print len(long) after the cancel: %s", got)
	}
}

// Interrupt also cancels a backtrace of a deep stack and a goroutine
// listing, the requests whose reads grow with the program; the order is
// forced as above, and the next request works.
func TestInterruptCancelsBacktraceAndGoroutines(t *testing.T) {
	tg := launch(t, "watch")
	b := tg.brk("main.go:" + strconv.Itoa(fixture.LineOf(t, "watch", "main.go", "*p = 42")))
	if st := tg.stop(Continue{}); st.Reason.Breakpoint != b.ID {
		t.Fatalf("stopped: %s, want breakpoint %d", st.Reason, b.ID)
	}
	if rep := tg.interruptWorking(Backtrace{Depth: 10000}); !errors.Is(rep.Err, ErrCanceled) {
		t.Fatalf("backtrace after Interrupt: %d frames, %v; want %v", len(rep.Frames), rep.Err, ErrCanceled)
	}
	if rep := tg.s.Do(Backtrace{Depth: 10000}); rep.Err != nil || len(rep.Frames) < 2000 {
		t.Fatalf("backtrace after the cancel: %d frames, %v; want deep's 2000 and more", len(rep.Frames), rep.Err)
	}
	if rep := tg.interruptWorking(ListGoroutines{}); !errors.Is(rep.Err, ErrCanceled) {
		t.Fatalf("goroutines after Interrupt: %d, %v; want %v", len(rep.Goroutines), rep.Err, ErrCanceled)
	}
	if rep := tg.s.Do(ListGoroutines{}); rep.Err != nil || len(rep.Goroutines) == 0 {
		t.Fatalf("goroutines after the cancel: %d, %v", len(rep.Goroutines), rep.Err)
	}
}

// An Interrupt that comes after a continue was sent, while the engine is
// still busy with the request before it (the program looks stopped), stops
// that continue as soon as it runs: it used to be lost, and the debug
// adapter's pause right after continue let the program run on. The order
// is forced: the continue is sent and the Interrupt made from inside the
// request before it (onBound). An Interrupt from before a continue was
// sent does not stop it (a stale Ctrl+C).
func TestInterruptBeforeRunStopsIt(t *testing.T) {
	tg := launch(t, "loop", "", "300") // 3 s of ticks, then it exits
	tg.brk("main.tick")
	tg.stop(Continue{})
	tg.do(ClearAllBreakpoints{})
	tg.s.Interrupt() // stale: before the continue below is sent
	var cont <-chan Reply
	h := tg.s.test
	h.onBound = func() {
		h.onBound = nil
		cont = tg.s.Send(Continue{})
		tg.s.Interrupt()
	}
	tg.s.Do(Backtrace{})
	rep := <-cont
	if rep.State == nil || rep.State.Reason.Kind != "interrupt" {
		t.Fatalf("continue with an Interrupt sent after it: %+v, want a stop with reason interrupt", rep)
	}
	// A stale Interrupt (made while the program was stopped, before the
	// request) leaves the next continue alone: it runs to the exit.
	tg.s.Interrupt()
	if rep := tg.do(Continue{}); rep.Exited == nil {
		t.Fatalf("continue after a stale Interrupt: %+v, want the program's exit", rep)
	}
}

// TestInterruptInCommandStopsItsRun: an Interrupt after a front end's
// CommandStart is that command's, even when it comes before the command's
// run request is sent (line mode's Ctrl+C just after Enter on continue:
// ui/linemode's TestLineModeInterrupt failed on CI's machine when the
// SIGINT beat the request). A request after another of the command's
// runs acted on it does not act again, and after CommandEnd an Interrupt
// is stale once more.
func TestInterruptInCommandStopsItsRun(t *testing.T) {
	tg := launch(t, "loop", "", "300") // 3 s of ticks, then it exits
	tg.brk("main.tick")
	tg.stop(Continue{})
	tg.do(ClearAllBreakpoints{})
	tg.s.CommandStart()
	tg.s.Interrupt() // before the command's first request
	tg.do(Backtrace{})
	rep := tg.do(Continue{})
	if rep.State == nil || rep.State.Reason.Kind != "interrupt" {
		t.Fatalf("continue of a command interrupted before it: %+v, want a stop with reason interrupt", rep)
	}
	// The same command's next run: its Interrupt was acted on already.
	tg.brk("main.tick")
	if rep := tg.do(Continue{}); rep.State == nil || rep.State.Reason.Kind != "breakpoint" {
		t.Fatalf("the command's second continue: %+v, want the breakpoint", rep)
	}
	tg.s.CommandEnd()
	tg.do(ClearAllBreakpoints{})
	tg.s.Interrupt() // stale: no command
	if rep := tg.do(Continue{}); rep.Exited == nil {
		t.Fatalf("continue after a stale Interrupt: %+v, want the program's exit", rep)
	}
}
