package debugger

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// testdata/inlined, optimised: square is inlined into sumSquares (called
// at the line "total += square(i)"), into main (the line marked "main
// calls square"), and twice into pair, itself inlined into main; it
// exists nowhere else.

func inlinedLines(t *testing.T) (body, callSum, callMain int) {
	return fixture.LineOf(t, "inlined", "main.go", "marker: inlined"),
		fixture.LineOf(t, "inlined", "main.go", "total += square(i)"),
		fixture.LineOf(t, "inlined", "main.go", "marker: main calls square")
}

// A breakpoint on an inlined function is one breakpoint with an address
// in each inlined copy, and it stops in each; the backtrace shows the
// inlined function as a frame at the pc's line, then each caller at its
// call line, all with the same pc and CFA, down to the function the code
// is in; each frame sees its own function's variables.
func TestInlinedBreakAndBacktrace(t *testing.T) {
	body, callSum, callMain := inlinedLines(t)
	callPair := fixture.LineOf(t, "inlined", "main.go", "marker: main calls pair")
	pairLine := fixture.LineOf(t, "inlined", "main.go", "marker: pair calls square")
	tg := launch(t, "inlined@opt")
	bp := tg.brk("main.square")
	if len(bp.Addrs) != 4 {
		t.Fatalf("break main.square: addresses %#x, want one in each of the 4 inlined copies", bp.Addrs)
	}
	type fr struct {
		fn      string
		line    int
		inlined bool
		arg     string // an argument frame shows, "" for none checked
	}
	for _, want := range []struct {
		hits   int // continues to get there: sumSquares calls square 10 times
		frames []fr
	}{
		{1, []fr{{"main.sumSquares", callSum, false, "n"}, {"main.main", 0, false, ""}}},
		{10, []fr{{"main.main", callMain, false, ""}, {"runtime.main", 0, false, ""}}},
		{1, []fr{{"main.pair", pairLine, true, "a"}, {"main.main", callPair, false, ""}, {"runtime.main", 0, false, ""}}},
	} {
		var st *State
		for i := 0; i < want.hits; i++ {
			st = tg.stop(Continue{})
		}
		if len(st.Frames) < len(want.frames)+1 {
			t.Fatalf("stop %s: frames %+v", where(st), st.Frames)
		}
		f0 := st.Frames[0]
		if f0.Function != "main.square" || !f0.Inlined || f0.PC != st.PC {
			t.Errorf("frame 0 = %+v, want main.square, inlined, at pc %#x", f0, st.PC)
		}
		if f0.Line < body-2 || f0.Line > body+1 {
			t.Errorf("frame 0 at line %d, want a line of square's body (%d-%d)", f0.Line, body-2, body+1)
		}
		if _, ok := valueMap(tg.do(Args{Frame: 0}).Values)["x"]; !ok {
			t.Errorf("frame 0: no argument x of square")
		}
		phys := ""      // the function the code is in: the first frame not inlined
		sharing := true // frames up to phys's share frame 0's pc and CFA
		for i, w := range want.frames {
			f := st.Frames[i+1]
			if f.Function != w.fn || (w.line != 0 && f.Line != w.line) || f.Inlined != w.inlined {
				t.Errorf("frame %d = %+v, want %s at line %d, inlined %v", i+1, f, w.fn, w.line, w.inlined)
			}
			if sharing != (f.PC == f0.PC && f.CFA == f0.CFA) {
				t.Errorf("frame %d = %+v: sharing frame 0's pc and CFA is %v, want %v", i+1, f, !sharing, sharing)
			}
			if sharing && !f.Inlined {
				phys, sharing = f.Function, false
			}
			if w.arg != "" {
				if _, ok := valueMap(tg.do(Args{Frame: i + 1}).Values)[w.arg]; !ok {
					t.Errorf("frame %d (%s): no argument %s", i+1, w.fn, w.arg)
				}
			}
		}
		// The stop names the function the code is in, as Delve does.
		if st.Function != phys || st.Line != f0.Line {
			t.Errorf("stop at %s, want %s at line %d", where(st), phys, f0.Line)
		}
	}
}

// `next` steps over an inlined call as over any call: from the call line
// it stops on a line of the caller, never in the inlined body; `step`
// goes into it; `stepout` from the inlined body comes back to the
// caller's code in the same frame, where no frame is inlined any more.
func TestInlinedNextStepStepOut(t *testing.T) {
	body, callSum, _ := inlinedLines(t)
	inSquare := func(l int) bool { return l >= body-2 && l <= body+1 }

	tg := launch(t, "inlined@opt")
	tg.brk("main.sumSquares")
	tg.stop(Continue{})
	tg.do(ClearAllBreakpoints{})
	for i := 0; i < 6; i++ {
		st := tg.stop(Next{})
		if st.Function != "main.sumSquares" || inSquare(st.Line) || st.Frames[0].Inlined {
			t.Fatalf("next %d stopped at %s (frame 0 %+v): in the inlined square", i+1, where(st), st.Frames[0])
		}
	}

	tg = launch(t, "inlined@opt")
	tg.brk("main.go:" + strconv.Itoa(callSum))
	st := tg.stop(Continue{})
	tg.do(ClearAllBreakpoints{})
	stepped := false
	for i := 0; i < 4 && !stepped; i++ {
		st = tg.stop(Step{})
		stepped = st.Frames[0].Inlined && st.Frames[0].Function == "main.square"
	}
	if !stepped {
		t.Fatalf("step from line %d never went into square: at %s", callSum, where(st))
	}
	st = tg.stop(StepOut{})
	if st.Function != "main.sumSquares" || st.Frames[0].Inlined || inSquare(st.Line) {
		t.Fatalf("stepout from square stopped at %s (frame 0 %+v), want sumSquares' own code", where(st), st.Frames[0])
	}
	if st.Frames[1].Function != "main.main" {
		t.Errorf("after stepout, frame 1 = %+v, want main.main (the same machine frame)", st.Frames[1])
	}
}

// The first stop in optimised code says so, once per package; a -N -l
// build says nothing.
func TestOptimizedWarning(t *testing.T) {
	tg := launch(t, "inlined@opt")
	tg.brk("main.sumSquares")
	st := tg.stop(Continue{})
	if !strings.Contains(st.Note, "warning: main.sumSquares is optimised code") {
		t.Errorf("first stop's note %q: no warning", st.Note)
	}
	if st = tg.stop(Next{}); strings.Contains(st.Note, "optimised") {
		t.Errorf("second stop warns again: %q", st.Note)
	}

	tg = launch(t, "inlined")
	tg.brk("main.sumSquares")
	if st = tg.stop(Continue{}); strings.Contains(st.Note, "optimised") {
		t.Errorf("-N -l build: note %q", st.Note)
	}
}

// A parked goroutine's backtrace (goroutine N) shows its inlined frames
// too: testdata/parkinline's main waits on a channel in wait, inlined into
// main; the worker stops in ready once main is parked.
func TestInlinedParkedGoroutine(t *testing.T) {
	parks := fixture.LineOf(t, "parkinline", "main.go", "marker: main parks here")
	call := fixture.LineOf(t, "parkinline", "main.go", "marker: main calls wait")
	tg := launch(t, "parkinline@opt")
	tg.brk("main.ready")
	tg.stop(Continue{})
	st := tg.do(SwitchGoroutine{ID: 1}).State
	if st == nil {
		t.Fatal("goroutine 1: no state")
	}
	i := 0
	for i < len(st.Frames) && st.Frames[i].Function != "main.wait" {
		i++
	}
	if i+1 >= len(st.Frames) {
		t.Fatalf("goroutine 1: no main.wait frame: %+v", st.Frames)
	}
	w, m := st.Frames[i], st.Frames[i+1]
	if !w.Inlined || w.Line != parks || m.Function != "main.main" || m.Inlined || m.Line != call || m.PC != w.PC {
		t.Errorf("goroutine 1: frames %+v, %+v; want main.wait at %d inlined into main.main at %d, same pc", w, m, parks, call)
	}
	if st.SelectedFrame != i {
		t.Errorf("selected frame %d, want %d (main.wait, the first outside the runtime)", st.SelectedFrame, i)
	}
}

// Without DWARF or symbols (go build -gcflags=all=-N -ldflags='-s -w') the
// pclntab's inline trees still say where square was inlined: a breakpoint
// on it goes on each call site, as Delve's TestDebugStripped2 wants (its
// inlinestripped.go stops on fmt.Println's three inlined calls).
func TestInlinedStripped(t *testing.T) {
	_, callSum, callMain := inlinedLines(t)
	bin := filepath.Join(t.TempDir(), "inlined")
	cmd := exec.Command("go", "build", "-gcflags=all=-N", "-ldflags=-s -w", "-o", bin, ".")
	cmd.Dir = fixture.Dir("inlined")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s, err := Start(Config{Path: bin})
	if err != nil {
		t.Fatal(err)
	}
	tg := &target{t: t, s: s, end: make(chan struct{})}
	go func() {
		defer close(tg.end)
		for range s.Events() {
		}
	}()
	t.Cleanup(func() { s.Close(); <-tg.end })
	// Four inlined calls; pair's two, on one line, share their call site.
	if bp := tg.brk("main.square"); len(bp.Addrs) != 3 {
		t.Fatalf("break main.square: addresses %#x, want one at each of the 3 call sites", bp.Addrs)
	}
	for _, want := range []struct {
		fn         string
		line, hits int
	}{{"main.sumSquares", callSum, 1}, {"main.main", callMain, 10}} {
		var st *State
		for i := 0; i < want.hits; i++ {
			st = tg.stop(Continue{})
		}
		if st.Function != want.fn || st.Line != want.line {
			t.Errorf("stop at %s, want %s at the call, line %d", where(st), want.fn, want.line)
		}
	}
}
