package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source/fixture"
)

// TestLiveGoroutinesPaneGroups: testdata/many with 300 goroutines,
// stopped in main.ready. o groups the Goroutines pane by user location:
// the pane's rows are the engine's groups, the parked ones in main.park;
// Enter opens that group to its goroutines (each in main.park), Enter on
// one switches to it, Esc goes back to the groups and Backspace from an
// opened group too. P shows parallel stacks: the parked goroutines' stack
// as one entry with its count, frames innermost first.
func TestLiveGoroutinesPaneGroups(t *testing.T) {
	la := startLive(t, "many", 120, 40, "300")
	la.waitText("stopped at main.go:")
	la.breakAndContinue("main.ready")
	parkLine := fixture.LineOf(t, "many", "main.go", "v := <-in")
	parkRow := fmt.Sprintf("main.park main.go:%d", parkLine)
	la.keys('Y')
	la.waitText(" Goroutines 1-")
	la.onUI(func() { la.app.SetFocus(la.gor) })
	la.keys('o')
	la.waitText(" Groups by userloc (")
	s := la.waitText(parkRow)
	var groups []debugger.GoroutineGroup
	la.onUI(func() { groups = la.gor.groups })
	park := -1
	for i, g := range groups {
		if strings.HasSuffix(g.Key, fmt.Sprintf("main.go:%d in main.park", parkLine)) {
			park = i
		}
	}
	if park < 0 || groups[park].Count < 270 || !strings.Contains(s, fmt.Sprintf("%6d %s", groups[park].Count, parkRow)) {
		t.Fatalf("groups %+v; want main.park's with most of the 300 on the screen:\n%s", groups, s)
	}
	n := groups[park].Count

	// Enter opens the group; Enter on a member switches to it.
	la.onUI(func() { la.gor.cursor = park })
	la.keys(tcell.KeyEnter)
	s = la.waitText(fmt.Sprintf(" Group 1-%d/%d main.park", min(n, goroutinePage), n))
	var members []debugger.Goroutine
	la.onUI(func() { members = la.gor.list })
	for _, g := range members {
		if g.User.Function != "main.park" {
			t.Fatalf("opened group lists %+v, not in main.park:\n%s", g, s)
		}
	}
	la.keys(tcell.KeyEnter)
	la.waitFor(fmt.Sprintf("goroutine %d selected", members[0].ID), func(string) bool {
		var g int64
		la.onUI(func() {
			if la.state != nil {
				g = la.state.Goroutine
			}
		})
		return g == members[0].ID
	})

	// Esc: back to the groups, the cursor on the group it was on.
	la.onUI(func() { la.app.SetFocus(la.gor) })
	la.keys(tcell.KeyEscape)
	la.waitText(" Groups by userloc (")
	var cursor int
	la.onUI(func() { cursor = la.gor.cursor })
	if cursor != park {
		t.Errorf("back on row %d, want the group's row %d", cursor, park)
	}
	la.keys(tcell.KeyEnter)
	la.waitText(" Group 1-")
	la.keys(tcell.KeyBackspace2)
	la.waitText(" Groups by userloc (")

	// Parallel stacks: the parked goroutines' stack first, with its count.
	la.keys('P')
	la.waitText(" Parallel stacks (")
	s = la.waitFor("the parked goroutines' stack", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("%d × goroutine", n)) && strings.Contains(s, parkRow)
	})
	for _, fn := range []string{"runtime.gopark", "runtime.chanrecv1", "main.main.func1", "runtime.goexit"} {
		if !strings.Contains(s, fn) {
			t.Errorf("parallel stacks show no %s:\n%s", fn, s)
		}
	}
	la.keys('P')
	la.waitText(" Goroutines 1-")
}
