package ui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
)

var floodLine = regexp.MustCompile(`flood (\d{8})`)

// lastFlood is the highest line number of testdata/stubborn's flood on
// the screen (-1 if none).
func lastFlood(screen string) int {
	last := -1
	for _, m := range floodLine.FindAllStringSubmatch(screen, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && n > last {
			last = n
		}
	}
	return last
}

// Targets that misbehave (issue 6), on the live screen.

// TestLiveFloodingProgram (issue 6): a program writing megabytes a second
// does not take the screen from the user. Its output scrolls through the
// Log pane, keys still work (help opens and closes), Ctrl+C stops it, and
// the scrollback keeps its bound.
func TestLiveFloodingProgram(t *testing.T) {
	la := startLive(t, "stubborn", 80, 24, "flood")
	la.waitText("stopped at stubborn.c:")
	la.keys('c')
	la.waitText("running (Ctrl+C interrupts)")
	seen := lastFlood(la.waitFor("the program's output", func(s string) bool { return lastFlood(s) >= 0 }))
	la.keys('?')
	la.waitText("tdb keys")
	la.keys(tcell.KeyEscape)
	la.waitFor("the help to close", func(s string) bool { return !strings.Contains(s, "tdb keys") })
	// Ctrl+C stops it; the Log ends with the last line it wrote before
	// the stop, at least 50,000 lines (3.2 MB, ten times the Log's bound)
	// after the first seen. The wait is for the flood, not for a speed:
	// 200,000 took over 20 s under -race on a loaded machine, and while
	// the flood goes on such a machine may redraw the Log only now and
	// then.
	la.waitFor("50,000 lines of output", func(string) bool {
		var n int
		la.onUI(func() {
			if k := len(la.log.lines); k > 0 {
				n = lastFlood(la.log.lines[k-1].text)
			}
		})
		return n >= seen+50000
	})
	la.keys(tcell.KeyCtrlC)
	if got := lastFlood(la.waitText("[interrupt]")); got < seen+50000 {
		t.Errorf("the Log ends at line %d after the stop, want at least %d", got, seen+50000)
	}
	var lines, longest int
	la.onUI(func() {
		lines = len(la.log.lines)
		for _, l := range la.log.lines {
			longest = max(longest, len(l.text))
		}
	})
	if lines > maxLogLines || longest > maxLogLineLen {
		t.Errorf("the log holds %d lines, the longest %d bytes (bounds %d, %d)", lines, longest, maxLogLines, maxLogLineLen)
	}
	select {
	case <-la.done:
		t.Fatal("the UI stopped")
	default:
	}
}

// TestLiveProgramReadsStdin: a program that reads its stdin gets what the
// user types in input mode, a line at a time, and its answers show in the
// Log; Esc gives the keys back to tdb.
func TestLiveProgramReadsStdin(t *testing.T) {
	la := startLive(t, "stubborn", 100, 30, "stdin")
	la.waitText("stopped at stubborn.c:")
	la.keys('c')
	la.waitText("running (Ctrl+C interrupts)")
	la.keys('i')
	la.waitText("INPUT: keys go to the program")
	la.keys("hello", tcell.KeyEnter)
	la.waitText("got: hello")
	la.keys("quit", tcell.KeyEnter)
	la.waitText("exited: status 3")
	la.keys(tcell.KeyEscape)
	la.waitFor("input mode to end", func(s string) bool { return !strings.Contains(s, "INPUT:") })
}
