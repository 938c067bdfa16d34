package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/source/fixture"
)

// logLines copies the Log pane's lines on the UI goroutine.
func (la *liveApp) logLines() []string {
	var out []string
	la.onUI(func() {
		for _, l := range la.log.lines {
			out = append(out, l.text)
		}
	})
	return out
}

// waitLogCount waits until n lines of the Log match re and no command is
// in flight, and returns the Log.
func (la *liveApp) waitLogCount(n int, re string) []string {
	la.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(20 * time.Second)
	for {
		lines := la.logLines()
		c := 0
		for _, l := range lines {
			if rx.MatchString(l) {
				c++
			}
		}
		if c >= n {
			la.idle()
			return la.logLines()
		}
		if time.Now().After(deadline) {
			la.t.Fatalf("want %d lines matching %q in the Log:\n%s", n, re, strings.Join(lines, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLiveDisplayAtEveryStop: a `display` expression prints in the Log at
// every stop the keys cause (n, s, c, r), once, right after the stop
// line, with the value the program has there. In fib's main, sum is 0
// before the first `sum += v` and 1 after it; after a restart the display
// follows both stops, the program's entry and main, where the engine says
// sum is not in scope (yet).
func TestLiveDisplayAtEveryStop(t *testing.T) {
	la := startLive(t, "fib", 100, 30)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "fib", "main.go", "sum += v")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys(':', "display sum", tcell.KeyEnter)
	la.waitLogCount(1, `^0: sum = `)

	const stop = `^stopped: `
	la.keys('n') // to the Printf line: sum is 1
	la.waitLogCount(3, stop)
	la.keys('c') // back at `sum += v` for i = 2: sum is still 1
	la.waitLogCount(4, stop)
	la.keys('s') // over `sum += v`: sum is 2
	la.waitLogCount(5, stop)
	la.keys('r') // to the entry, then main again
	lines := la.waitLogCount(2, `^stopped: entry: main\.main `)

	// After the display was added, every stop line is followed by the
	// display's line, and no display line comes twice for one stop.
	var got []string
	added := false
	for i, l := range lines {
		if l == "0: sum = 0" && !added && i > 0 && lines[i-1] == "(tdb) display sum" {
			added = true
			continue
		}
		if !added {
			continue
		}
		if strings.HasPrefix(l, "stopped: ") || strings.HasPrefix(l, "0: sum") {
			got = append(got, l)
		}
	}
	if !added {
		t.Fatalf("display sum did not print 0: sum = 0 at once:\n%s", strings.Join(lines, "\n"))
	}
	want := []string{
		`stopped: step: main\.main .*`, `0: sum = 1`,
		`stopped: breakpoint 1: main\.main .*`, `0: sum = 1`,
		`stopped: step: main\.main .*`, `0: sum = 2`,
		`stopped: entry: .*`, `0: sum = .*`, // the program's entry: no sum there
		`stopped: entry: main\.main .*`, `0: sum = .*`, // line 22: sum is declared below
	}
	if len(got) != len(want) {
		t.Fatalf("stop and display lines:\n%s\nwant:\n%s\nlog:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), strings.Join(lines, "\n"))
	}
	for i := range want {
		if !regexp.MustCompile("^" + want[i] + "$").MatchString(got[i]) {
			t.Errorf("line %d %q does not match %q\nlog:\n%s", i, got[i], want[i], strings.Join(lines, "\n"))
		}
	}
}
