package debugger

import (
	"fmt"
	"testing"

	"tdb/source/fixture"
)

// next through a range-over-func loop goes into its body (a closure the
// iterator calls), from one turn to the next, and back to the function
// after the break, never into the iterator; stepout of the body leaves
// the function that has the loop. Before, next over the for line ran the
// whole loop, and next off the body's end stopped in the iterator.
func TestNextThroughRangeOverFunc(t *testing.T) {
	loop := fixture.LineOf(t, "steprange", "main.go", "// the loop")
	body := fixture.LineOf(t, "steprange", "main.go", "// the body")
	brk := fixture.LineOf(t, "steprange", "main.go", "// the break")
	const parent, closure = "main.sum", "main.sum-range1"

	tg := launch(t, "steprange")
	b := tg.brk(fmt.Sprintf("main.go:%d", loop))
	st := tg.stop(Continue{})
	if st.Function != parent || st.Line != loop {
		t.Fatalf("continue: %s, want %s line %d", where(st), parent, loop)
	}
	tg.do(ClearBreakpoint{ID: b.ID})
	want := []struct {
		fn   string
		line int
	}{
		{closure, body}, {closure, body + 1}, {closure, body + 4}, // first turn, to the body's end
		{closure, loop}, {closure, body}, {closure, body + 1}, {closure, brk}, // second turn
	}
	for i, w := range want {
		st = tg.stop(Next{})
		if st.Function != w.fn || st.Line != w.line || st.Reason.Kind != "step" {
			t.Fatalf("next %d: %s, want %s line %d", i+1, where(st), w.fn, w.line)
		}
	}
	if got := tg.print("x", 0); got != "2" {
		t.Errorf("x = %s on the second turn, want 2", got)
	}
	st = tg.stop(Next{})
	if st.Function != parent || st.Line <= brk {
		t.Fatalf("next after the break: %s, want %s after the loop", where(st), parent)
	}

	// stepout of the body leaves sum, for main.
	tg2 := launch(t, "steprange")
	tg2.brk(fmt.Sprintf("main.go:%d", body))
	tg2.stop(Continue{})
	tg2.do(ClearBreakpoint{ID: 1})
	if st := tg2.stop(StepOut{}); st.Function != "main.main" {
		t.Fatalf("stepout of the body: %s, want main.main", where(st))
	}
}

// step on a call of iter.Pull's next enters the sequence function on its
// coroutine (a goroutine of its own), at its start the first time; step on
// its yield goes back to the caller of next, and the next next resumes the
// sequence after its yield. Before, step stopped in iter.Pull's closures.
// The PIE build checks that the step compares run-time addresses with
// run-time addresses: it took every instruction for a jump into another
// function and stopped at the first statement of iter.Pull's closure.
func TestStepIntoCoroutine(t *testing.T) {
	for _, prog := range []string{"steprange", "steprange@pie"} {
		t.Run(prog, func(t *testing.T) { testStepIntoCoroutine(t, prog) })
	}
}

func testStepIntoCoroutine(t *testing.T, prog string) {
	first := fixture.LineOf(t, "steprange", "main.go", "// the first next")
	yield := fixture.LineOf(t, "steprange", "main.go", "// the yield")
	seqStart := fixture.LineOf(t, "steprange", "main.go", "return func(yield func(int) bool) {")
	const seq = "main.count.func1"

	tg := launch(t, prog)
	b := tg.brk(fmt.Sprintf("main.go:%d", first))
	st := tg.stop(Continue{})
	tg.do(ClearBreakpoint{ID: b.ID})
	caller := st.Goroutine
	st = tg.stop(Step{})
	if st.Function != seq || st.Line != seqStart || st.Goroutine == caller {
		t.Fatalf("step on next(): %s goroutine %d, want %s line %d on the coroutine", where(st), st.Goroutine, seq, seqStart)
	}
	coro := st.Goroutine
	for n := 0; st.Line != yield; n++ {
		if n == 5 {
			t.Fatalf("5 nexts and not at the yield: %s", where(st))
		}
		st = tg.stop(Next{})
	}
	st = tg.stop(Step{})
	if st.Function != "main.pull" || st.Line != first || st.Goroutine != caller {
		t.Fatalf("step on yield: %s goroutine %d, want main.pull line %d in goroutine %d", where(st), st.Goroutine, first, caller)
	}
	tg.stop(Next{})
	st = tg.stop(Step{})
	if st.Function != seq || st.Line != yield || st.Goroutine != coro {
		t.Fatalf("step on the second next(): %s goroutine %d, want %s line %d in goroutine %d", where(st), st.Goroutine, seq, yield, coro)
	}
}
