package debugger

import (
	"fmt"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// Stops the Go runtime causes (rtstop.go, unwind_switch.go), on
// testdata/rtstop and testdata/cgostack.

func TestRuntimeBreakpointStopsInCaller(t *testing.T) {
	tg := launch(t, "rtstop", "brk")
	after := fixture.LineOf(t, "rtstop", "main.go", `fmt.Println("after brk")`)
	st := tg.stop(Continue{})
	if st.Reason.String() != "hardcoded breakpoint" || st.Function != "main.brk" || st.Line != after {
		t.Fatalf("stopped at %s, want a hardcoded breakpoint in main.brk line %d", where(st), after)
	}
	st = tg.stop(Next{})
	if st.Function != "main.brk" || st.Line != after+1 {
		t.Fatalf("next: %s, want main.brk line %d", where(st), after+1)
	}
	st = tg.stop(StepOut{})
	if st.Function != "main.main" {
		t.Fatalf("stepout: %s, want main.main", where(st))
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 || rep.Exited.Signal != "" {
		t.Fatalf("continue: %+v, want exit status 0 (the program must not get the SIGTRAP)", rep)
	}
	tg.waitOutput("after brk")
}

// runtime.Breakpoint returns to the line after the call, whose first
// instruction may carry a breakpoint: the thread has not executed it, so
// the continue from the hardcoded stop hits it (as in Delve).
func TestBreakpointAfterRuntimeBreakpointIsHit(t *testing.T) {
	tg := launch(t, "rtstop", "brk")
	after := fixture.LineOf(t, "rtstop", "main.go", `fmt.Println("after brk")`)
	b := tg.brk(fmt.Sprintf("main.go:%d", after))
	st := tg.stop(Continue{})
	if st.Reason.String() != "hardcoded breakpoint" || st.PC != b.Addrs[0] {
		t.Fatalf("stopped at %s pc %#x, want the hardcoded breakpoint at %#x", where(st), st.PC, b.Addrs[0])
	}
	st = tg.stop(Continue{})
	if st.Reason.Breakpoint != b.ID || st.PC != b.Addrs[0] || st.Breakpoints[0].HitCount != 1 {
		t.Fatalf("stopped at %s, hits %d: want breakpoint %d hit once", where(st), st.Breakpoints[0].HitCount, b.ID)
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("continue: %+v, want exit status 0", rep)
	}
}

// Optimised, runtime.Breakpoint is inlined: the return from
// runtime.breakpoint lands in what is left of its body in the caller, and
// the stop goes on to the caller's next line.
func TestRuntimeBreakpointInlinedStopsInCaller(t *testing.T) {
	tg := launch(t, "rtstop@opt", "brk")
	after := fixture.LineOf(t, "rtstop", "main.go", `fmt.Println("after brk")`)
	st := tg.stop(Continue{})
	if st.Reason.String() != "hardcoded breakpoint" || !strings.HasSuffix(st.File, "rtstop/main.go") || st.Line != after {
		t.Fatalf("stopped at %s, want a hardcoded breakpoint at main.go:%d", where(st), after)
	}
}

// A SIGTRAP the program sends itself is its own: reported, then delivered
// to its handler. Its int3 after that is a breakpoint stop.
func TestKillTrapIsTheProgramsButInt3IsAStop(t *testing.T) {
	tg := launch(t, "rtstop", "trap")
	st := tg.stop(Continue{})
	if st.Reason.String() != "signal SIGTRAP" {
		t.Fatalf("stopped at %s, want signal SIGTRAP", where(st))
	}
	st = tg.stop(Continue{})
	if st.Reason.String() != "hardcoded breakpoint" || st.Function != "main.brk" {
		t.Fatalf("stopped at %s, want a hardcoded breakpoint in main.brk", where(st))
	}
	tg.waitOutput("caught SIGTRAP")
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("continue: %+v, want exit status 0", rep)
	}
}

// Goroutines that run into their int3 while the engine stops every
// thread for another's are each reported once, later, and none gets the
// SIGTRAP (which would kill the program).
func TestManyRuntimeBreakpointsEachStopOnce(t *testing.T) {
	tg := launch(t, "rtstop", "many")
	line := fixture.LineOf(t, "rtstop", "main.go", "runtime.Breakpoint() // each goroutine's")
	seen := map[int64]bool{}
	for {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			if rep.Exited.Status != 0 || rep.Exited.Signal != "" {
				t.Fatalf("exit %v after %d stops, want status 0", rep.Exited, len(seen))
			}
			break
		}
		st := rep.State
		if st.Reason.String() != "hardcoded breakpoint" || st.Line != line+1 {
			t.Fatalf("stopped at %s, want a hardcoded breakpoint returning to line %d", where(st), line)
		}
		if seen[st.Goroutine] {
			t.Fatalf("goroutine %d stopped twice", st.Goroutine)
		}
		seen[st.Goroutine] = true
	}
	if len(seen) != 8 {
		t.Fatalf("%d stops, want 8 (one per goroutine)", len(seen))
	}
	tg.waitOutput("done")
}

func TestFatalErrorStopsWithMessage(t *testing.T) {
	for _, tc := range []struct {
		mode, note, frame, marker string
	}{
		{"deadlock", "fatal error: all goroutines are asleep - deadlock!", "", ""},
		{"unlock", "fatal error: sync: unlock of unlocked mutex", "main.unlock", "mu.Unlock() // fatal error"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			tg := launch(t, "rtstop", tc.mode)
			st := tg.stop(Continue{})
			if st.Reason.String() != "fatal error" || st.Note != tc.note {
				t.Fatalf("stopped at %s note %q, want a fatal error saying %q", where(st), st.Note, tc.note)
			}
			if tc.frame != "" {
				f := st.Frames[st.SelectedFrame]
				line := fixture.LineOf(t, "rtstop", "main.go", tc.marker)
				if f.Function != tc.frame || f.Line != line {
					t.Fatalf("selected frame %s:%d, want %s:%d; frames %v", f.Function, f.Line, tc.frame, line, funcs(st.Frames))
				}
			}
			rep := tg.do(Continue{})
			if rep.Exited == nil || rep.Exited.Status != 2 {
				t.Fatalf("continue: %+v, want exit status 2", rep)
			}
		})
	}
}

func TestPanicStopSaysValue(t *testing.T) {
	tg := launch(t, "rtstop", "panicint")
	st := tg.stop(Continue{})
	if st.Reason.Kind != "panic" || st.Note != "panic: 42" {
		t.Fatalf("stopped at %s note %q, want a panic saying 42", where(st), st.Note)
	}
	if f := st.Frames[st.SelectedFrame]; f.Function != "main.panicint" || f.Line != fixture.LineOf(t, "rtstop", "main.go", "panic(42)") {
		t.Fatalf("selected frame %v, want main.panicint", f)
	}
}

// In the optimised build main.val's nil load is its first instruction:
// the frame under runtime.sigpanic must be looked up at its pc, not at
// pc-1, which is in the function before.
func TestFrameUnderSigpanicIsTheFaultingLine(t *testing.T) {
	tg := launch(t, "rtstop@opt", "nil")
	line := fixture.LineOf(t, "rtstop", "main.go", "return n.v // the nil dereference")
	st := tg.stop(Continue{})
	if st.Reason.String() != "signal SIGSEGV" || st.Function != "main.val" || st.Line != line {
		t.Fatalf("stopped at %s, want SIGSEGV in main.val line %d", where(st), line)
	}
	if fn := tg.s.Binary().FuncAt(st.PC); fn == nil || fn.Entry != st.PC {
		t.Fatalf("the fixture no longer tests this: the faulting load at %#x is not main.val's first instruction", st.PC)
	}
	st = tg.stop(Continue{})
	if st.Reason.Kind != "panic" {
		t.Fatalf("stopped at %s, want the panic", where(st))
	}
	for i, f := range st.Frames {
		if f.Function == "runtime.sigpanic" {
			g := st.Frames[i+1]
			if g.Function != "main.val" || g.Line != line {
				t.Fatalf("frame under sigpanic: %s:%d, want main.val:%d", g.Function, g.Line, line)
			}
			if f := st.Frames[st.SelectedFrame]; f.Function != "main.val" {
				t.Fatalf("selected frame %s, want main.val", f.Function)
			}
			return
		}
	}
	t.Fatalf("no runtime.sigpanic frame: %v", funcs(st.Frames))
}

// A fault of the instruction under a breakpoint is reported too, when the
// continue from the breakpoint steps over it: main.val's first
// instruction, optimised, is the nil load.
func TestFaultUnderBreakpointIsReported(t *testing.T) {
	tg := launch(t, "rtstop@opt", "nil")
	fns, err := tg.s.Binary().LookupFunc("main.val")
	if err != nil || len(fns) != 1 {
		t.Fatalf("main.val: %v", err)
	}
	b := tg.brk(fmt.Sprintf("*%#x", fns[0].Entry))
	st := tg.stop(Continue{})
	if st.Reason.Breakpoint != b.ID || st.PC != fns[0].Entry {
		t.Fatalf("stopped at %s, want breakpoint %d", where(st), b.ID)
	}
	st = tg.stop(Continue{})
	if st.Reason.String() != "signal SIGSEGV" || st.PC != fns[0].Entry {
		t.Fatalf("stopped at %s pc %#x, want SIGSEGV at %#x", where(st), st.PC, fns[0].Entry)
	}
	st = tg.stop(Continue{})
	if st.Reason.Kind != "panic" || st.Breakpoints[0].HitCount != 1 {
		t.Fatalf("stopped at %s, hits %d: want the panic, one hit", where(st), st.Breakpoints[0].HitCount)
	}
}

// A goroutine whose stack grows runs runtime.newstack on the system stack,
// called by morestack: the backtrace goes back to the goroutine's frames
// (Delve's TestSystemstackOnRuntimeNewstack).
func TestBacktraceFromNewstack(t *testing.T) {
	tg := launch(t, "rtstop", "grow")
	tg.brk("main.grow")
	st := tg.stop(Continue{})
	g := st.Goroutine
	tg.do(ClearAllBreakpoints{})
	tg.brk("runtime.newstack")
	for i := 0; ; i++ {
		st = tg.stop(Continue{})
		if st.Goroutine == g {
			break
		}
		if i == 100 {
			t.Fatalf("goroutine %d never grew its stack", g)
		}
	}
	if got, want := funcs(st.Frames), []string{"runtime.newstack", "runtime.morestack", "main.grow", "main.grow", "main.main"}; !inOrder(got, want) {
		t.Fatalf("frames %v, want %v in order", got, want)
	}
}

// Backtraces from C go on through asmcgocall to the Go callers, and from a
// Go callback through cgocallback to the C callers and on.
func TestCgoBacktraceCrossesStacks(t *testing.T) {
	tg := launch(t, "cgostack")
	if b := tg.brk("C.cleaf"); b.Function != "cleaf" { // Delve's spelling of C's cleaf
		t.Fatalf("break C.cleaf: in %s, want cleaf", b.Function)
	}
	tg.brk("main.goBack")
	for _, want := range [][]string{
		{"cleaf", "cmid", "main._Cfunc_cmid", "main.main", "runtime.goexit"},
		{"main.goBack", "runtime.cgocallback", "crosscall2", "goBack", "cmid", "main._Cfunc_cmid", "main.main", "runtime.goexit"},
	} {
		st := tg.stop(Continue{})
		got := funcs(st.Frames)
		if st.Function != want[0] || !inOrder(got, want) {
			t.Fatalf("stopped at %s with frames %v, want %v in order", where(st), got, want)
		}
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("continue: %+v, want exit status 0", rep)
	}
}

// inOrder: want is a subsequence of got.
func inOrder(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && strings.TrimSuffix(g, ".abi0") == want[i] {
			i++
		}
	}
	return i == len(want)
}

// A fault in C code is no panic: the runtime's signal handler calls
// fatalsignal, which stops as a fatal error; the backtrace goes from the
// handler through the kernel's signal frame to the faulting C function.
func TestCgoFaultIsFatalSignal(t *testing.T) {
	tg := launch(t, "cgostack", "segv")
	line := fixture.LineOf(t, "cgostack", "main.go", "*p = 1; // the fault")
	st := tg.stop(Continue{})
	if st.Reason.String() != "signal SIGSEGV" || st.Function != "cfault" || st.Line != line {
		t.Fatalf("stopped at %s, want SIGSEGV in cfault line %d", where(st), line)
	}
	st = tg.stop(Continue{})
	if st.Reason.String() != "fatal error" || st.Note != "fatal error: signal SIGSEGV" {
		t.Fatalf("stopped at %s note %q, want the fatal signal", where(st), st.Note)
	}
	if f := st.Frames[st.SelectedFrame]; f.Function != "cfault" || f.Line != line {
		t.Fatalf("selected frame %s:%d, want cfault:%d; frames %v", f.Function, f.Line, line, funcs(st.Frames))
	}
	if got, want := funcs(st.Frames), []string{"runtime.sigtramp", "cfault", "main._Cfunc_cfault", "main.main"}; !inOrder(got, want) {
		t.Fatalf("frames %v, want %v in order", got, want)
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 2 {
		t.Fatalf("continue: %+v, want exit status 2", rep)
	}
}
