package debugger

import (
	"strconv"
	"testing"

	"tdb/source/fixture"
)

// until and advance as gdb 13 answers on cstep.
func TestUntil(t *testing.T) {
	line := func(marker string) int { return fixture.LineOf(t, "cstep", "prog.c", marker) }
	t.Run("loop", func(t *testing.T) {
		// In the body, until goes to the loop's line; there, it does
		// not go back into the body but on to the loop's end: 26, 25,
		// 27, 28.
		tg := launch(t, "cstep")
		bp := tg.brk("prog.c:" + strconv.Itoa(line("s += i")))
		tg.stop(Continue{})
		tg.do(ClearBreakpoint{ID: bp.ID})
		for _, want := range []int{line("marker: for"), line("marker: one-line for"), line("marker: sum return")} {
			st := tg.stop(Until{})
			if st.Function != "sum" || st.Line != want {
				t.Fatalf("until: at %s, want sum line %d", where(st), want)
			}
		}
		if got := tg.print("s", 0); got != "11" {
			t.Errorf("s = %s after the loops, want 11", got)
		}
	})
	t.Run("loc in caller", func(t *testing.T) {
		// until a line of main from sum: sum returns first, and the
		// stop is at the return address, mid-line 42.
		tg := launch(t, "cstep")
		tg.brk("sum")
		tg.stop(Continue{})
		st := tg.stop(Until{Loc: mustLoc("prog.c:" + strconv.Itoa(line("marker: main end")))})
		if st.Function != "main" || st.Line != line("marker: main sum") || st.Reason.Kind != "step" {
			t.Fatalf("until main's end from sum: at %s, want main line %d", where(st), line("marker: main sum"))
		}
	})
	t.Run("callee", func(t *testing.T) {
		// until twice from main: twice runs in a frame below main's,
		// so main runs to its end and returns into libc; advance
		// stops in twice.
		tg := launch(t, "cstep")
		tg.brk("main")
		tg.stop(Continue{})
		st := tg.stop(Until{Loc: mustLoc("twice")})
		if len(st.Frames) == 0 || st.Frames[0].Library == "" {
			t.Fatalf("until twice: at %s %q, want main's return into libc", where(st), funcs(st.Frames))
		}
		tg.waitOutput("total 8")
	})
	t.Run("advance", func(t *testing.T) {
		tg := launch(t, "cstep")
		tg.brk("main")
		tg.stop(Continue{})
		st := tg.stop(Until{Loc: mustLoc("twice"), Anywhere: true})
		if st.Function != "twice" || st.Line != line("marker: twice body") || len(st.Frames) != 3 || st.Frames[1].Function != "apply" {
			t.Fatalf("advance twice: at %s %q, want twice line %d called by apply", where(st), funcs(st.Frames), line("marker: twice body"))
		}
	})
}
