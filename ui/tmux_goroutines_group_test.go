package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// TestTmuxGoroutinesGroupKey: the real binary in tmux on testdata/many
// with 200 goroutines, stopped in main.ready: in the Goroutines pane, o
// groups by user location (main.park's group on the screen), Enter opens
// it, Esc goes back to the groups.
func TestTmuxGoroutinesGroupKey(t *testing.T) {
	bin := fixture.Build(t, "many")
	parkLine := fixture.LineOf(t, "many", "main.go", "v := <-in")
	ts := startTmux(t, 120, 40, "exec", bin, "200")
	ts.waitText("stopped at main.go:")
	ts.send(":", "break main.ready", "Enter")
	ts.waitText("Breakpoint 1 at")
	ts.send("c")
	ts.waitText("[breakpoint 1]")
	ts.send("Y")
	ts.waitText(" Goroutines 1-")
	// Tab until the Goroutines pane has the focus (its double border).
	focused := func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if i := strings.Index(l, " Goroutines 1-"); i > 0 && strings.HasSuffix(strings.TrimRight(l[:i], "═"), "╔") {
				return true
			}
		}
		return false
	}
	for i := 0; i < 8 && !focused(ts.capture()); i++ {
		ts.send("Tab")
		deadline := time.Now().Add(2 * time.Second)
		for !focused(ts.capture()) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
	}
	ts.waitFor("the Goroutines pane focused", focused)
	ts.send("o")
	ts.waitText(" Groups by userloc (")
	ts.waitText(fmt.Sprintf("main.park main.go:%d", parkLine))
	ts.send("Enter")
	ts.waitText(" Group 1-")
	ts.waitText("waiting (chan receive) main.")
	ts.send("Escape")
	ts.waitText(" Groups by userloc (")
}
