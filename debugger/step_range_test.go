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
