package ui

import (
	"fmt"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestLiveGoroutinesPaneAll: the Goroutines pane lists the program's own
// goroutines (main and those of testdata/goroutines' workers started so
// far); a, with the pane focused, adds the runtime's (the GC helpers), as
// `goroutines -a` does, and a again leaves them out. The program stays
// stopped: the counts are of the same stop. The force-GC helper is told
// by its function or its wait reason: it shows as "runnable
// runtime.forcegchelper" until it first runs and parks, which a stop
// soon after start can come before (CI's machine did).
func TestLiveGoroutinesPaneAll(t *testing.T) {
	forcegc := func(s string) bool {
		return strings.Contains(s, "force gc") || strings.Contains(s, "runtime.forcegc")
	}
	la := startLive(t, "goroutines", 120, 40)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "goroutines", "main.go", "s += id")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys('Y')
	s := la.waitText(" Goroutines 1-")
	var user, all int
	la.onUI(func() { user = la.gor.total })
	if user < 2 || !strings.Contains(s, fmt.Sprintf(" Goroutines 1-%d/%d ", user, user)) ||
		forcegc(s) || strings.Contains(s, "(all)") {
		t.Fatalf("%d goroutines by default:\n%s", user, s)
	}
	la.onUI(func() { la.app.SetFocus(la.gor) })
	la.keys('a')
	la.waitText("(all)")
	s = la.waitFor("the force-GC helper listed", forcegc)
	la.onUI(func() { all = la.gor.total })
	if all <= user || !strings.Contains(s, fmt.Sprintf(" Goroutines 1-%d/%d (all) ", all, all)) {
		t.Errorf("with the runtime's goroutines %d listed, %d without:\n%s", all, user, s)
	}
	if !strings.Contains(s, "main.work") {
		t.Errorf("the program's goroutines are gone with the runtime's:\n%s", s)
	}
	la.keys('a')
	la.waitFor("the program's goroutines alone", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf(" Goroutines 1-%d/%d ", user, user)) &&
			!forcegc(s) && !strings.Contains(s, "(all)")
	})
}
