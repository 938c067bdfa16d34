package debugger

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// calls is how many times the naive fib is entered for fib(n).
func calls(n int) int {
	if n < 2 {
		return 1
	}
	return 1 + calls(n-1) + calls(n-2)
}

func TestBreakpointOnFunctionHitCountsAndExit(t *testing.T) {
	tg := launch(t, "fib")
	funcLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	b := tg.brk("main.fib")
	if b.Line != funcLine || b.Function != "main.fib" {
		t.Fatalf("breakpoint at %s:%d, want main.fib line %d", b.Function, b.Line, funcLine)
	}
	want := 0
	for i := 1; i <= 10; i++ {
		want += calls(i)
	}
	hits := 0
	for {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			if rep.Exited.Status != 3 || rep.Exited.Signal != "" {
				t.Fatalf("exit: %v, want status 3", rep.Exited)
			}
			break
		}
		st := rep.State
		hits++
		if st.Reason.Kind != "breakpoint" || st.Reason.Breakpoint != b.ID || st.Line != funcLine {
			t.Fatalf("hit %d: stopped at %s, want breakpoint %d at line %d", hits, where(st), b.ID, funcLine)
		}
		if rip, _ := st.Reg("rip"); rip != b.Addrs[0] || st.PC != b.Addrs[0] {
			t.Fatalf("rip %#x, pc %#x, want the breakpoint's address %#x", rip, st.PC, b.Addrs[0])
		}
		if st.Breakpoints[0].HitCount != hits {
			t.Fatalf("hit count %d after %d hits", st.Breakpoints[0].HitCount, hits)
		}
		if hits > want {
			t.Fatalf("more hits than calls (%d)", want)
		}
	}
	if hits != want {
		t.Errorf("%d hits, want %d (one per call)", hits, want)
	}
	tg.waitOutput("sum 143")
	if !strings.Contains(tg.output(), "fib(10) = 55\n") {
		t.Errorf("output %q lacks fib(10) = 55", tg.output())
	}
}

func TestBacktraceThroughRecursion(t *testing.T) {
	tg := launch(t, "fib")
	ret := fixture.LineOf(t, "fib", "main.go", "return n")
	callA := fixture.LineOf(t, "fib", "main.go", "a := fib(n - 1)")
	callB := fixture.LineOf(t, "fib", "main.go", "b := fib(n - 2)")
	mainCall := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")
	tg.brk(fmt.Sprintf("main.go:%d", ret))
	maxDepth := 0
	for k := 0; k < 30; k++ {
		st := tg.stop(Continue{})
		if st.Line != ret {
			t.Fatalf("stopped at %s, want line %d", where(st), ret)
		}
		depth := 0
		for depth < len(st.Frames) && st.Frames[depth].Function == "main.fib" {
			depth++
		}
		rest := funcs(st.Frames[depth:])
		if strings.Join(rest, " ") != "main.main runtime.main runtime.goexit" {
			t.Fatalf("frames below fib: %v", funcs(st.Frames))
		}
		for i := 1; i < depth; i++ {
			if l := st.Frames[i].Line; l != callA && l != callB {
				t.Fatalf("frame %d at line %d, want %d or %d", i, l, callA, callB)
			}
		}
		if st.Frames[depth].Line != mainCall {
			t.Fatalf("main.main frame at line %d, want %d", st.Frames[depth].Line, mainCall)
		}
		for i := 1; i < len(st.Frames); i++ {
			if st.Frames[i].CFA <= st.Frames[i-1].CFA {
				t.Fatalf("CFAs do not grow: %+v", st.Frames)
			}
		}
		if depth > maxDepth {
			maxDepth = depth
		}
	}
	if maxDepth < 5 {
		t.Errorf("deepest recursion seen %d, want at least 5", maxDepth)
	}
}

func TestNextOverRecursiveCallStaysInFrame(t *testing.T) {
	tg := launch(t, "fib")
	callA := fixture.LineOf(t, "fib", "main.go", "a := fib(n - 1)")
	callB := fixture.LineOf(t, "fib", "main.go", "b := fib(n - 2)")
	sum := fixture.LineOf(t, "fib", "main.go", "return a + b")
	b := tg.brk(fmt.Sprintf("main.go:%d", callA))
	// Third hit: fib(3) called from main (i=3), whose callees reach this
	// line again (fib(2)).
	var st *State
	for fromMain := 0; fromMain < 2; {
		st = tg.stop(Continue{})
		if len(st.Frames) > 1 && st.Frames[1].Function == "main.main" {
			fromMain++
		}
	}
	tg.do(ClearBreakpoint{ID: b.ID})
	cfa := st.Frames[0].CFA
	st = tg.stop(Next{})
	if st.Line != callB || st.Frames[0].CFA != cfa || st.Reason.Kind != "step" {
		t.Fatalf("next: %s cfa %#x, want line %d in the same frame (cfa %#x)", where(st), st.Frames[0].CFA, callB, cfa)
	}
	st = tg.stop(Next{})
	if st.Line != sum || st.Frames[0].CFA != cfa {
		t.Fatalf("next: %s, want line %d", where(st), sum)
	}
}

func TestStepInAndStepOut(t *testing.T) {
	tg := launch(t, "fib")
	mainCall := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")
	funcLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	tg.brk(fmt.Sprintf("main.go:%d", mainCall))
	st := tg.stop(Continue{})
	if st.Line != mainCall || st.Function != "main.main" {
		t.Fatalf("stopped at %s", where(st))
	}
	st = tg.stop(Step{})
	if st.Function != "main.fib" || st.Line != funcLine || st.Frames[1].Function != "main.main" {
		t.Fatalf("step: %s, frames %v; want main.fib line %d called from main.main", where(st), funcs(st.Frames), funcLine)
	}
	st = tg.stop(StepOut{})
	if st.Function != "main.main" || st.Line != mainCall || st.Reason.Kind != "step" {
		t.Fatalf("stepout: %s, want main.main line %d", where(st), mainCall)
	}
	// next from the middle of the line finishes it.
	st = tg.stop(Next{})
	if st.Function != "main.main" || st.Line != mainCall+1 {
		t.Fatalf("next: %s, want line %d", where(st), mainCall+1)
	}
}

func TestStepInstruction(t *testing.T) {
	tg := launch(t, "fib")
	b := tg.brk("main.fib")
	st := tg.stop(Continue{})
	pc := st.PC
	st = tg.stop(StepInstruction{})
	if st.PC == pc || st.Function != "main.fib" {
		t.Fatalf("stepi from %#x: now %#x in %s", pc, st.PC, st.Function)
	}
	st = tg.stop(StepInstruction{Count: 3})
	if st.Function != "main.fib" {
		t.Fatalf("stepi 3: in %s", st.Function)
	}
	// Continuing from inside the function hits the breakpoint again
	// (the next call) with the count at 2.
	st = tg.stop(Continue{})
	if st.Reason.Breakpoint != b.ID || st.Breakpoints[0].HitCount != 2 {
		t.Fatalf("continue: %s, hits %d", where(st), st.Breakpoints[0].HitCount)
	}
}

func TestGoroutinesEachHitOnce(t *testing.T) {
	tg := launch(t, "goroutines")
	b := tg.brk("main.work")
	seen := map[int64]bool{}
	hits := 0
	for {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			if rep.Exited.Status != 0 {
				t.Fatalf("exit %v", rep.Exited)
			}
			break
		}
		st := rep.State
		if st.Reason.Breakpoint != b.ID || st.Function != "main.work" {
			t.Fatalf("stopped at %s", where(st))
		}
		hits++
		if st.Goroutine == 0 || seen[st.Goroutine] {
			t.Fatalf("hit %d in goroutine %d (seen %v)", hits, st.Goroutine, seen)
		}
		seen[st.Goroutine] = true
		if len(st.Frames) < 3 || st.Frames[1].Function != "main.main.func1" || st.Frames[len(st.Frames)-1].Function != "runtime.goexit" {
			t.Fatalf("goroutine backtrace %v", funcs(st.Frames))
		}
	}
	if hits != 8 {
		t.Errorf("%d hits, want 8", hits)
	}
	tg.waitOutput("total 8 calls, sum 3600")
}

func TestNextStaysOnGoroutine(t *testing.T) {
	tg := launch(t, "goroutines")
	loop := fixture.LineOf(t, "goroutines", "main.go", "s += id")
	tg.brk("main.work")
	st := tg.stop(Continue{})
	g := st.Goroutine
	tg.do(ClearAllBreakpoints{})
	for i := 0; i < 12; i++ {
		st = tg.stop(Next{})
		if st.Goroutine != g || st.Function != "main.work" {
			t.Fatalf("next %d: goroutine %d at %s, want goroutine %d in main.work", i, st.Goroutine, where(st), g)
		}
	}
	_ = loop
}

func TestSegfaultThenPanic(t *testing.T) {
	tg := launch(t, "crash", "segv")
	deref := fixture.LineOf(t, "crash", "main.go", "return p.X + p.Y")
	st := tg.stop(Continue{})
	if st.Reason.String() != "signal SIGSEGV" || st.Function != "main.deref" || st.Line != deref {
		t.Fatalf("stopped at %s, want SIGSEGV in main.deref line %d", where(st), deref)
	}
	st = tg.stop(Continue{})
	if st.Reason.Kind != "panic" {
		t.Fatalf("second stop: %s, want panic", where(st))
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 2 {
		t.Fatalf("after panic: %+v, want exit status 2", rep)
	}
}

func TestPanicShowsWhereRaised(t *testing.T) {
	tg := launch(t, "crash", "panic")
	st := tg.stop(Continue{})
	if st.Reason.Kind != "panic" {
		t.Fatalf("stopped at %s, want panic", where(st))
	}
	if f := st.Frames[st.SelectedFrame]; f.Function != "main.boom" {
		t.Fatalf("selected frame %v, want main.boom; frames %v", f, funcs(st.Frames))
	}
}

func TestCProgram(t *testing.T) {
	tg := launch(t, "cprog")
	b := tg.brk("fact")
	ifLine := fixture.LineOf(t, "cprog", "prog.c", "if (n <= 1)")
	if b.Line != ifLine {
		t.Fatalf("breakpoint on fact at line %d, want %d (after the prologue)", b.Line, ifLine)
	}
	st := tg.stop(Continue{})
	if st.Function != "fact" || st.Line != ifLine || st.Goroutine != 0 {
		t.Fatalf("stopped at %s goroutine %d", where(st), st.Goroutine)
	}
	if got := strings.Join(funcs(st.Frames), " "); got != "fact main" {
		t.Fatalf("frames %q, want fact main", got)
	}
	for i := 0; i < 4; i++ {
		st = tg.stop(Continue{})
	}
	if got := strings.Join(funcs(st.Frames), " "); got != "fact fact fact fact fact main" {
		t.Fatalf("frames %q", got)
	}
	st = tg.stop(StepOut{})
	if st.Function != "fact" || len(st.Frames) != 5 {
		t.Fatalf("stepout: %s frames %v", where(st), funcs(st.Frames))
	}
	tg.do(ClearAllBreakpoints{})
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 7 {
		t.Fatalf("exit %+v, want status 7", rep.Exited)
	}
	tg.waitOutput("fact(5) = 120")
}

func TestKillLeavesNothing(t *testing.T) {
	tg := launch(t, "loop")
	tg.brk("main.tick")
	st := tg.stop(Continue{})
	pid := st.PID
	rep := tg.do(Kill{})
	if rep.Exited == nil || rep.Exited.Signal != "SIGKILL" {
		t.Fatalf("kill: %+v", rep.Exited)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Fatalf("process %d still exists after kill", pid)
	}
	if rep := tg.s.Do(Next{}); rep.Err != ErrNotRunning {
		t.Fatalf("next after kill: %v, want ErrNotRunning", rep.Err)
	}
}

func TestDetachRunsToEnd(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "done")
	tg := launch(t, "loop", marker, "20")
	tg.brk("main.tick")
	st := tg.stop(Continue{})
	pid := st.PID
	tg.do(Detach{})
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(marker)
		if err == nil && string(b) == "done 20\n" {
			break
		}
		if time.Now().After(deadline) {
			status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
			t.Fatalf("detached program never finished: %s", status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestInterrupt(t *testing.T) {
	tg := launch(t, "loop", "", "100000")
	done := tg.s.Send(Continue{})
	tg.waitRunning()
	tg.s.Interrupt()
	select {
	case rep := <-done:
		if rep.Err != nil || rep.State == nil || rep.State.Reason.Kind != "interrupt" {
			t.Fatalf("interrupt: %+v", rep)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("interrupt did not stop the program")
	}
	// Breakpoints set while running apply at once.
	done = tg.s.Send(Continue{})
	tg.waitRunning()
	rep := tg.s.Do(SetBreakpoint{Loc: mustLoc("main.tick")})
	if rep.Err != nil {
		t.Fatalf("break while running: %v", rep.Err)
	}
	select {
	case rep := <-done:
		if rep.State == nil || rep.State.Function != "main.tick" {
			t.Fatalf("after break while running: %+v", rep)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("breakpoint set while running never hit")
	}
}

func TestRestartKeepsBreakpoints(t *testing.T) {
	tg := launch(t, "fib")
	tg.brk("main.fib")
	tg.stop(Continue{})
	tg.stop(Continue{})
	st := tg.stop(Restart{})
	if st.Reason.Kind != "entry" || st.Breakpoints[0].HitCount != 0 {
		t.Fatalf("restart: %s hits %d", where(st), st.Breakpoints[0].HitCount)
	}
	st = tg.stop(Continue{})
	if st.Function != "main.fib" || st.Breakpoints[0].HitCount != 1 {
		t.Fatalf("after restart: %s hits %d", where(st), st.Breakpoints[0].HitCount)
	}
}

func TestBadLocations(t *testing.T) {
	tg := launch(t, "fib")
	for _, c := range []struct{ loc, want string }{
		{"main.go:999", "no line 999 in main.go"},
		{"nosuch.go:3", "no source file"},
		{"main.nosuch", "no function"},
		// A bad spelling is ParseLoc's (TestParseLoc): it never
		// reaches the engine.
	} {
		rep := tg.s.Do(SetBreakpoint{Loc: mustLoc(c.loc)})
		if rep.Err == nil || !strings.Contains(rep.Err.Error(), c.want) {
			t.Errorf("break %s: %v, want an error containing %q", c.loc, rep.Err, c.want)
		}
	}
}
