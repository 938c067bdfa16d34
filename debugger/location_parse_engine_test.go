package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// Requests carry a typed Loc of each kind, built by hand as a front end
// without text (the gutter, a debug adapter) builds one, and stop where
// the program says: fib's first call is fib(1), main's loop prints
// fib(1) = 1 before the line after the print runs.
func TestTypedLocationsHit(t *testing.T) {
	line := func(marker string) int { return fixture.LineOf(t, "fib", "main.go", marker) }
	tg := launch(t, "fib")

	fn := tg.do(SetBreakpoint{Loc: Loc{Kind: LocFunc, Func: "main.fib"}}).Breakpoints[0]
	if fn.Loc != "main.fib" {
		t.Errorf("Breakpoint.Loc = %q, want main.fib", fn.Loc)
	}
	st := tg.stop(Continue{})
	if st.Function != "main.fib" || tg.print("n", 0) != "1" {
		t.Fatalf("break main.fib: at %s n=%s, want main.fib with n=1", where(st), tg.print("n", 0))
	}
	tg.do(ClearBreakpoint{ID: fn.ID})

	// continue FILE:LINE: a temporary stop in main's loop, back from
	// fib(1).
	sumLine := line("sum += v")
	st = tg.stop(Continue{To: FileLine("main.go", sumLine)})
	if st.Function != "main.main" || st.Line != sumLine || tg.print("i", 0) != "1" || tg.print("v", 0) != "1" {
		t.Fatalf("continue main.go:%d: at %s i=%s v=%s, want i=1 v=1", sumLine, where(st), tg.print("i", 0), tg.print("v", 0))
	}

	// LINE, in the current file; the same place as the parsed spelling.
	printLine := line(`fmt.Printf("fib(%d)`)
	bl := tg.do(SetBreakpoint{Loc: Loc{Kind: LocLine, Line: printLine}}).Breakpoints[0]
	parsed := tg.do(SetBreakpoint{Loc: mustLoc("main.go:" + strconv.Itoa(printLine))})
	if len(parsed.Notes) == 0 || !strings.Contains(parsed.Notes[len(parsed.Notes)-1], "also at") {
		t.Errorf("main.go:%d parsed and LINE %d typed: notes %q, want the second at the first's address", printLine, printLine, parsed.Notes)
	}
	st = tg.stop(Continue{})
	if st.Line != printLine || st.Reason.Kind != "breakpoint" {
		t.Fatalf("break %d: at %s (%s)", printLine, where(st), st.Reason.Kind)
	}
	tg.do(ClearBreakpoint{ID: bl.ID})
	tg.do(ClearBreakpoint{ID: parsed.Breakpoints[0].ID})

	// *ADDR: main.fib's own breakpoint address.
	ab := tg.do(SetBreakpoint{Loc: Loc{Kind: LocAddr, Addr: fn.Addrs[0]}}).Breakpoints[0]
	if st = tg.stop(Continue{}); st.Function != "main.fib" || st.PC != fn.Addrs[0] {
		t.Fatalf("break *%#x: at %s pc %#x", fn.Addrs[0], where(st), st.PC)
	}
	tg.do(ClearBreakpoint{ID: ab.ID})
	tg.stop(StepOut{}) // advance stops at the frame's return: leave fib

	// advance FILE:LINE: past the loop, to the line that prints the
	// sum; every fib line is out by then.
	end := line(`fmt.Println("sum"`)
	if st = tg.stop(Until{Loc: FileLine("main.go", end), Anywhere: true}); st.Line != end || tg.print("sum", 0) != "143" {
		t.Fatalf("advance main.go:%d: at %s sum=%s, want sum=143", end, where(st), tg.print("sum", 0))
	}
	tg.waitOutput("fib(10) = 55")

	// Locs no parse makes are refused with one line, and nothing is set.
	for _, l := range []Loc{{}, {Kind: LocFileLine, File: "main.go"}, {Kind: LocLine, Line: -1}} {
		if rep := tg.s.Do(SetBreakpoint{Loc: l}); rep.Err == nil || len(rep.Breakpoints) != 0 {
			t.Errorf("break %+v: %+v, want an error", l, rep)
		}
	}
}

// gdb's FILE:FUNC names one of two static functions of one name:
// b.c's helper doubles its argument, called as b_run(2).
func TestTypedFileFuncHit(t *testing.T) {
	tg := launch(t, "cstatics")
	// helper alone is both, as gdb sets it: two addresses.
	both := tg.do(SetBreakpoint{Loc: Loc{Kind: LocFunc, Func: "helper"}}).Breakpoints[0]
	if len(both.Addrs) != 2 {
		t.Errorf("break helper: addresses %#x, want a.c's and b.c's", both.Addrs)
	}
	tg.do(ClearBreakpoint{ID: both.ID})
	bp := tg.do(SetBreakpoint{Loc: Loc{Kind: LocFileFunc, File: "b.c", Func: "helper"}}).Breakpoints[0]
	if bp.Loc != "b.c:helper" || !strings.HasSuffix(bp.File, "/b.c") {
		t.Errorf("break b.c:helper: %+v", bp)
	}
	st := tg.stop(Continue{})
	if st.Function != "helper" || !strings.HasSuffix(st.File, "/b.c") || tg.print("x", 0) != "2" {
		t.Fatalf("break b.c:helper: at %s x=%s, want b.c's helper with x=2", where(st), tg.print("x", 0))
	}
}
