package debugger

import (
	"strconv"
	"testing"

	"tdb/source/fixture"
)

// A line breakpoint above a C function, or on its opening lines, goes
// after the prologue, where gdb 13 puts it (csignals: the blank line above
// check, the line with its name and its brace all give line 30, and x
// reads 1; before the prologue it read garbage). A bare LINE before the
// program runs is in main's file.
func TestBreakAboveFunctionSkipsPrologue(t *testing.T) {
	tg := launch(t, "csignals", "assert")
	name := fixture.LineOf(t, "csignals", "prog.c", "static int check(int x)")
	want := fixture.LineOf(t, "csignals", "prog.c", "marker: assert")
	for _, l := range []int{name - 1, name, name + 1} {
		bp := tg.brk(strconv.Itoa(l))
		if bp.Line != want || bp.Function != "check" {
			t.Errorf("break %d: at %s line %d, want check line %d", l, bp.Function, bp.Line, want)
		}
	}
	// A comment line above bus.
	bus := fixture.LineOf(t, "csignals", "prog.c", "static int bus(void)")
	if bp := tg.brk("prog.c:" + strconv.Itoa(bus-1)); bp.Function != "bus" || bp.Line != bus+2 {
		t.Errorf("break on the comment above bus: at %s line %d, want bus line %d", bp.Function, bp.Line, bus+2)
	}
	st := tg.stop(Continue{})
	if st.Function != "check" || st.Line != want {
		t.Fatalf("stopped at %s, want check line %d", where(st), want)
	}
	if got := tg.print("x", 0); got != "1" {
		t.Errorf("x = %s, want 1", got)
	}
}
