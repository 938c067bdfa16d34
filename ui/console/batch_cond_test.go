package console

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestBatchBreakpointsListConditions: `breakpoints` lists both conditions
// of a breakpoint under it, in Delve's words, and the hit count it shows
// counts only the hits whose expression held. fib(n) is called with n == 1
// by fib(1), fib(2) and fib(3) (the first of fib(3)'s calls), so the third
// such hit comes after main printed two lines.
func TestBatchBreakpointsListConditions(t *testing.T) {
	bin := fixture.Build(t, "fib")
	src := fixture.Source("fib", "main.go")
	funcLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	r := batch(t, bin, "b fib", "condition 1 n == 1", "condition -hitcount 1 > 2", "c", "p n", "breakpoints")
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	at := q(src) + `:` + strconv.Itoa(funcLine)
	match(t, r, r.Without(`^$`),
		`Breakpoint 1 at 0x[0-9a-f]+: main\.fib `+at,
		`Breakpoint 1 if n == 1`,
		`Breakpoint 1 if hit count > 2`,
		`fib\(1\) = 1`,
		`fib\(2\) = 1`,
		`stopped: breakpoint 1: main\.fib at `+at+` \(pc 0x[0-9a-f]+, thread \d+, goroutine 1\)`,
		`1`,
		`Breakpoint 1 at 0x[0-9a-f]+: main\.fib `+at+` \(hits 3\)`,
		"\tcond n == 1",
		"\tcond -hitcount > 2")
}

// TestBatchUndisplay: display prints after each stop, undisplay N (as
// display -d N) removes one and renumbers the rest; `display` alone
// prints them now.
func TestBatchUndisplay(t *testing.T) {
	bin := fixture.Build(t, "fib")
	r := batch(t, bin, "b fib", "c", "display n", "display n * 2", "undisplay 0", "display", "c", "undisplay 5")
	if r.Status != 1 || !strings.Contains(r.Stderr, `error: no display "5" (there are 1)`) {
		t.Errorf("want status 1 and an error for undisplay 5:\n%s", r)
	}
	match(t, r, r.Without(`^(fib\(\d+\) = \d+|Breakpoint 1 at .*)$`),
		`stopped: breakpoint 1: main\.fib .*`,
		`0: n = 1`,
		`1: n \* 2 = 2`,
		`0: n \* 2 = 2`,
		`stopped: breakpoint 1: main\.fib .*`,
		`0: n \* 2 = 4`)
}
