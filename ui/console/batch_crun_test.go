package console

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// break on a function nothing defines is a typo in batch mode: one error
// line and status 1, as gdb -batch's Function "mian" not defined.; with
// -pending it is kept, and tdb exits 0.
func TestBatchBreakTypo(t *testing.T) {
	bin := fixture.Build(t, "cstep")
	r := batch(t, bin, "break mian")
	if r.Status != 1 || !strings.Contains(r.Stderr, `error: no function "mian"`) || !strings.Contains(r.Stderr, "break -pending mian") {
		t.Fatalf("break mian: want status 1 and the error:\n%s", r)
	}
	r = batch(t, bin, "break -pending mian")
	if r.Status != 0 || !strings.Contains(r.Stdout, "Breakpoint 1 pending: mian") {
		t.Fatalf("break -pending mian: want status 0 and the pending breakpoint:\n%s", r)
	}
	r = batch(t, bin, "set breakpoint pending on", "break mian")
	if r.Status != 0 || !strings.Contains(r.Stdout, "Breakpoint 1 pending: mian") {
		t.Fatalf("set breakpoint pending on, break mian: want status 0:\n%s", r)
	}
}

// handle and info signals print gdb's rows; until runs out of a loop.
func TestBatchSignalsAndUntil(t *testing.T) {
	bin := fixture.Build(t, "cstep")
	line := func(m string) string { return strconv.Itoa(fixture.LineOf(t, "cstep", "prog.c", m)) }
	body, loop, next := line("s += i"), line("marker: for"), line("marker: one-line for")
	r := batch(t, bin, "handle SIGUSR1 nostop noprint", "info signals SIGALRM", "break prog.c:"+body, "continue", "clear 1", "until", "until")
	if r.Status != 0 {
		t.Fatalf("status %d:\n%s", r.Status, r)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n") {
		if !strings.HasPrefix(l, "sum ") && !strings.HasPrefix(l, "twice ") {
			got = append(got, l)
		}
	}
	match(t, r, got,
		q("Signal        Stop\tPrint\tPass to program\tDescription"),
		q("SIGUSR1       No\tNo\tYes\t\tUser defined signal 1"),
		q("Signal        Stop\tPrint\tPass to program\tDescription"),
		q("SIGALRM       No\tNo\tYes\t\tAlarm clock"),
		`Breakpoint 1 at .*prog\.c:`+body,
		`stopped: breakpoint 1: sum at .*prog\.c:`+body+` .*`,
		q("Breakpoint 1 cleared"),
		`stopped: step: sum at .*prog\.c:`+loop+` .*`,
		`stopped: step: sum at .*prog\.c:`+next+` .*`,
	)
}
