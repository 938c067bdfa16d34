package debugger

import (
	"fmt"
	"testing"

	"tdb/source/fixture"
)

// A breakpoint on a frameless function (no stack check, no prologue_end)
// stops at its entry, before the body runs; the first statement after the
// entry was past the increment.
func TestBreakFramelessStopsBeforeBody(t *testing.T) {
	tg := launch(t, "stepdefer")
	b := tg.brk("main.bump")
	st := tg.stop(Continue{})
	if st.Function != "main.bump" || st.Reason.Breakpoint != b.ID {
		t.Fatalf("continue: %s, want breakpoint %d in main.bump", where(st), b.ID)
	}
	if got := tg.print("counter", 0); got != "0" {
		t.Errorf("counter = %s at the breakpoint, want 0 (bump's body has not run)", got)
	}
}

// step off the end of a function stops at the return address, mid-line
// in the caller (here after a call through a func value), as Delve does;
// it used to run on to the next line start, which could be in another
// function after the caller returned too.
func TestStepOffEndStopsAtReturnAddress(t *testing.T) {
	tg := launch(t, "stepdefer")
	tg.brk("main.bump")
	st := tg.stop(Continue{})
	if len(st.Frames) < 2 || st.Frames[1].Function != "main.viaValue" {
		t.Fatalf("continue: %s, frames %v; want main.bump called by main.viaValue", where(st), funcs(st.Frames))
	}
	ret := st.Frames[1].PC
	tg.do(ClearBreakpoint{ID: 1})
	for n := 0; st.Function == "main.bump"; n++ {
		if n == 5 {
			t.Fatalf("5 steps and still in main.bump: %s", where(st))
		}
		st = tg.stop(Step{})
	}
	if st.Function != "main.viaValue" || st.PC != ret || st.Reason.Kind != "step" {
		t.Fatalf("step out of bump: %s pc %#x, want main.viaValue at the return address %#x", where(st), st.PC, ret)
	}
}

// step on a closing line enters the deferred calls runtime.deferreturn
// makes, last deferred first, through the wrapper Go makes for a deferred
// call with arguments, and off the end of the last one stops back in the
// function that deferred them; next on the same line enters none. (Delve
// 1.27 does not stop in add: it takes a deferred call only when
// runtime.deferreturn calls it directly, and add(100) is called by its
// wrapper, closing.deferwrap1. tdb enters both, as it does for a panic,
// where Delve looks past the wrapper too.)
func TestStepEntersDeferredCalls(t *testing.T) {
	end := fixture.LineOf(t, "stepdefer", "main.go", "} // closing's end")
	bumpBody := fixture.LineOf(t, "stepdefer", "main.go", "counter++")
	addBody := fixture.LineOf(t, "stepdefer", "main.go", "counter += n")

	tg := launch(t, "stepdefer")
	tg.brk(fmt.Sprintf("main.go:%d", end))
	st := tg.stop(Continue{})
	if st.Function != "main.closing" || st.Line != end {
		t.Fatalf("continue: %s, want main.closing line %d", where(st), end)
	}
	tg.do(ClearBreakpoint{ID: 1})
	var got []string
	for n := 0; n < 12 && st.Function != "main.main"; n++ {
		st = tg.stop(Step{})
		got = append(got, fmt.Sprintf("%s:%d", st.Function, st.Line))
	}
	want := []string{
		fmt.Sprintf("main.bump:%d", bumpBody), fmt.Sprintf("main.bump:%d", bumpBody+1),
		fmt.Sprintf("main.add:%d", addBody-1), fmt.Sprintf("main.add:%d", addBody), fmt.Sprintf("main.add:%d", addBody+1),
		fmt.Sprintf("main.closing:%d", end),
	}
	if len(got) < len(want) || fmt.Sprint(got[:len(want)]) != fmt.Sprint(want) {
		t.Fatalf("steps from closing's end: %v, want %v then main.main", got, want)
	}
	if st.Function != "main.main" {
		t.Fatalf("steps from closing's end: %v, never back in main.main", got)
	}

	tg2 := launch(t, "stepdefer")
	tg2.brk(fmt.Sprintf("main.go:%d", end))
	tg2.stop(Continue{})
	tg2.do(ClearBreakpoint{ID: 1})
	if st := tg2.stop(Next{}); st.Function != "main.main" {
		t.Fatalf("next on closing's end: %s, want main.main (no deferred call entered)", where(st))
	}
}

// next on a panic stops in the first deferred call the panic runs, which
// runtime.gopanic calls; a direct call of the same function earlier did
// not stop the next.
func TestNextOnPanicEntersDeferredCall(t *testing.T) {
	panicLine := fixture.LineOf(t, "stepdefer", "main.go", `panic("boom")`)
	tg := launch(t, "stepdefer")
	tg.brk(fmt.Sprintf("main.go:%d", panicLine))
	st := tg.stop(Continue{})
	if st.Line != panicLine {
		t.Fatalf("continue: %s, want line %d", where(st), panicLine)
	}
	st = tg.stop(Next{})
	if st.Function != "main.bump" || len(st.Frames) < 2 || st.Frames[1].Function != "runtime.gopanic" || st.Reason.Kind != "step" {
		t.Fatalf("next on the panic: %s, frames %v; want main.bump called by runtime.gopanic", where(st), funcs(st.Frames))
	}
	// The deferred closure recovers: the program runs to its end.
	if rep := tg.do(Continue{}); rep.Exited == nil || rep.Exited.Status != 120 {
		t.Fatalf("continue: %+v, want the exit (status 120)", rep)
	}
}

// step on a go statement enters the goroutine that statement starts,
// through the closure Go makes for the call's arguments (main.gowrap1),
// and not one an earlier turn of the loop started; a line breakpoint on
// the statement is not also set in that closure.
func TestStepIntoGoStatement(t *testing.T) {
	goLine := fixture.LineOf(t, "stepdefer", "main.go", "// the go statement")
	tg := launch(t, "stepdefer")
	b := tg.brk(fmt.Sprintf("main.go:%d", goLine))
	if len(b.Addrs) != 1 {
		t.Errorf("breakpoint on the go statement: %d addresses %#x, want 1 (not in main.main.gowrap1)", len(b.Addrs), b.Addrs)
	}
	tg.stop(Continue{})
	st := tg.stop(Continue{}) // the second turn: one goroutine exists already
	if st.Line != goLine || st.Function != "main.main" {
		t.Fatalf("continue: %s, want main.main line %d", where(st), goLine)
	}
	if got := tg.print("i", 0); got != "1" {
		t.Fatalf("i = %s at the second stop, want 1", got)
	}
	tg.do(ClearBreakpoint{ID: b.ID})
	from := st.Goroutine
	st = tg.stop(Step{})
	if st.Function != "main.worker" || st.Reason.Kind != "step" || st.Goroutine == from {
		t.Fatalf("step on the go statement: %s in goroutine %d, want main.worker in a new goroutine", where(st), st.Goroutine)
	}
	if got := tg.print("n", 0); got != "1" {
		t.Errorf("n = %s in the goroutine the step entered, want 1 (the one this turn started)", got)
	}
}

// A generic method called through an interface is reached through a
// wrapper Go makes (main.(*box[int]).set, DW_AT_trampoline) around the
// shape instantiation: step passes through it, next off the end returns
// past it to main, and a line breakpoint on the method is set in the
// instantiation only.
func TestStepThroughGenericWrapper(t *testing.T) {
	call := fixture.LineOf(t, "stepdefer", "main.go", "// through the interface")
	body := fixture.LineOf(t, "stepdefer", "main.go", "b.v = v")
	tg := launch(t, "stepdefer")
	if b := tg.brk(fmt.Sprintf("main.go:%d", body-1)); len(b.Addrs) != 1 {
		t.Errorf("breakpoint on set's first line: %d addresses %#x, want 1 (not in the wrapper)", len(b.Addrs), b.Addrs)
	}
	tg.do(ClearBreakpoint{ID: 1})
	tg.brk(fmt.Sprintf("main.go:%d", call))
	st := tg.stop(Continue{})
	if st.Line != call {
		t.Fatalf("continue: %s, want line %d", where(st), call)
	}
	const shape = "main.(*box[go.shape.int]).set"
	st = tg.stop(Step{})
	if st.Function != shape || st.Line != body-1 {
		t.Fatalf("step: %s, want %s line %d", where(st), shape, body-1)
	}
	for n := 0; st.Function == shape; n++ {
		if n == 5 {
			t.Fatalf("5 nexts and still in %s", shape)
		}
		st = tg.stop(Next{})
	}
	if st.Function != "main.main" || st.Line != call+1 {
		t.Fatalf("next off set's end: %s, want main.main line %d", where(st), call+1)
	}
}

// step into a function single-steps its prologue (here argument spills)
// rather than letting the program run to its end: the other goroutines,
// whose calls of the same function have a breakpoint, would hit it at
// once and end the step there ("step interrupted by breakpoint"), as
// teststepconcurrent showed (Delve's TestStepConcurrentPtr).
func TestStepIntoNotInterruptedByOtherGoroutines(t *testing.T) {
	mainCall := fixture.LineOf(t, "stepbusy", "main.go", "// main's call")
	busyCall := fixture.LineOf(t, "stepbusy", "main.go", "// the goroutines' call")
	tg := launch(t, "stepbusy")
	b := tg.brk(fmt.Sprintf("main.go:%d", mainCall))
	busy := tg.brk(fmt.Sprintf("main.go:%d", busyCall))
	toggle := func() {
		if r := tg.do(ToggleBreakpoint{ID: busy.ID}); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	// The goroutines' breakpoint is off while main runs to its call: with
	// it on, three spinning goroutines hit it before main (which sleeps a
	// millisecond a call) as often as a loaded machine's scheduler likes
	// (1000 stops without main's, once, at load 27). It is on for the
	// step, which is what the test is about.
	toggle()
	for n := 0; n < 5; n++ {
		st := tg.stop(Continue{})
		if st.Reason.Breakpoint != b.ID {
			t.Fatalf("continue %d: %s (reason %+v), want main's breakpoint %d", n+1, where(st), st.Reason, b.ID)
		}
		g := st.Goroutine
		toggle()
		st = tg.stop(Step{})
		if st.Function != "main.add" || st.Reason.Kind != "step" || st.Goroutine != g {
			t.Fatalf("step %d: %s in goroutine %d (note %q), want main.add in goroutine %d", n+1, where(st), st.Goroutine, st.Note, g)
		}
		toggle()
	}
}
