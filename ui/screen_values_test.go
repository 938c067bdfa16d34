package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/source/fixture"
	"tdb/theme"
)

// onUI runs f on the UI goroutine and waits for it.
func (la *liveApp) onUI(f func()) {
	la.t.Helper()
	done := make(chan struct{})
	go la.app.QueueUpdateDraw(func() { f(); close(done) })
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		la.t.Fatal("the UI goroutine did not run the update")
	}
}

// idle waits until no command is in flight (App.busy is 0).
func (la *liveApp) idle() {
	la.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		busy := 0
		la.onUI(func() { busy = la.busy })
		if busy == 0 {
			return
		}
		if time.Now().After(deadline) {
			la.t.Fatal("commands still running")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// breakAndContinue sets a breakpoint through the command line and runs
// to it.
func (la *liveApp) breakAndContinue(loc string) string {
	la.t.Helper()
	la.keys(':', "break "+loc, tcell.KeyEnter)
	la.waitText("Breakpoint 1")
	la.idle()
	la.keys('c')
	return la.waitText("[breakpoint 1]")
}

// TestLiveLocalsFib: the Locals pane shows main's locals at a breakpoint,
// follows `n`, and highlights the value that changed.
func TestLiveLocalsFib(t *testing.T) {
	la := startLive(t, "fib", 80, 24)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "fib", "main.go", "sum += v")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys('L')
	s := la.waitText("v = 1")
	for _, want := range []string{" Locals ", "sum = 0", "i = 1"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in the Locals pane:\n%s", want, s)
		}
	}
	if _, _, st := la.findCell("sum = 0"); st == la.th.Style(theme.Changed) {
		t.Errorf("sum highlighted at the first stop")
	}
	la.keys('n')
	la.waitText("sum = 1")
	la.waitFor("sum highlighted as changed", func(string) bool {
		_, _, st := la.findCell("sum = 1")
		return st == la.th.Style(theme.Changed)
	})
	if _, _, st := la.findCell("i = 1"); st == la.th.Style(theme.Changed) {
		t.Errorf("i highlighted though it did not change")
	}
	// The choice is remembered: a new App on the same config dir shows
	// the Locals pane.
	var side string
	la.onUI(func() {
		b := newApp(la.eng, la.con, la.th, la.cfg, "")
		side = b.layout.side.title()
	})
	if side != "Locals" {
		t.Errorf("remembered side view %q, want Locals", side)
	}
	// V hides the right column; the source takes the width.
	la.keys('V')
	la.waitFor("right column hidden", func(s string) bool { return !strings.Contains(s, " Locals ") && !strings.Contains(s, "Backtrace") })
	la.keys('V')
	la.waitText(" Locals ")
}

// TestLiveValuesTree: a struct expands and folds in the Locals pane, a
// watch added with w is evaluated, and p prints an identifier of the
// cursor line in the log and a popup.
func TestLiveValuesTree(t *testing.T) {
	la := startLive(t, "values", 120, 60)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "values", "main.go", "// marker: all set")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys('L')
	la.waitText("pt = main.point {X: 3")
	found := false
	la.onUI(func() {
		for i, n := range la.locals.visible() {
			if n.v.Name == "pt" {
				la.locals.cursor, found = i, true
			}
		}
		la.app.SetFocus(la.locals)
	})
	if !found {
		t.Fatal("no pt row")
	}
	la.keys(tcell.KeyEnter)
	s := la.waitText("X = 3")
	if !strings.Contains(s, `Name = "p!"`) {
		t.Errorf("pt's fields not shown:\n%s", s)
	}
	la.keys('h')
	la.waitFor("pt folded", func(s string) bool { return !strings.Contains(s, "X = 3") })
	la.keys('l')
	la.waitText("Y = 6")

	// A watch: w opens the command line with "display ".
	la.keys('w', "sl[1]", tcell.KeyEnter)
	s = la.waitText("sl[1] = 20")
	if !strings.Contains(s, " Watch ") {
		t.Errorf("the Watch pane is not shown:\n%s", s)
	}
	la.idle()
	la.keys('w', "nosuch", tcell.KeyEnter)
	la.waitText("nosuch = (error:")
	la.idle()
	// x removes the watch under the cursor: the first.
	la.onUI(func() {
		la.watch.cursor = 0
		la.app.SetFocus(la.watch)
	})
	la.keys('x')
	la.waitFor("sl[1] removed", func(string) bool {
		var names []string
		la.onUI(func() {
			for _, n := range la.watch.nodes {
				names = append(names, n.v.Name)
			}
		})
		return len(names) == 1 && names[0] == "nosuch"
	})
	la.idle()

	// p on the source line: its first identifier naming a local.
	la.keys('.')
	la.keys('p')
	s = la.waitText("value (Esc closes)")
	if !strings.Contains(s, "total = ") {
		t.Errorf("popup without total's value:\n%s", s)
	}
	la.keys(tcell.KeyEscape)
	la.waitFor("popup closed", func(s string) bool { return !strings.Contains(s, "value (Esc closes)") })
	// Again: the next identifier, n = 7 (inspect's argument).
	la.keys('p')
	la.waitText("value (Esc closes)")
	la.keys(tcell.KeyEscape)
	la.waitText("n = ")
}

// TestLiveGoroutinesPane lists the workers of testdata/goroutines and
// switches to another goroutine with Enter.
func TestLiveGoroutinesPane(t *testing.T) {
	la := startLive(t, "goroutines", 120, 40)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "goroutines", "main.go", "s += id")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys('Y')
	s := la.waitText(" Goroutines 1-")
	if !strings.Contains(s, "main.work") {
		t.Errorf("no goroutine in main.work:\n%s", s)
	}
	// Pick a goroutine other than the selected one and switch to it.
	var target int64
	la.onUI(func() {
		for i, g := range la.gor.list {
			if g.ID != la.state.Goroutine {
				la.gor.cursor, target = i, g.ID
				break
			}
		}
		la.app.SetFocus(la.gor)
	})
	if target == 0 {
		t.Fatalf("only one goroutine listed:\n%s", s)
	}
	la.keys(tcell.KeyEnter)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var cur int64
		la.onUI(func() {
			if la.state != nil {
				cur = la.state.Goroutine
			}
		})
		if cur == target {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutine %d not selected (now %d):\n%s", target, cur, la.text())
		}
		time.Sleep(20 * time.Millisecond)
	}
	la.waitText(fmt.Sprintf("* %d ", target))
}

// TestLiveLocalsCallerFrame: selecting the caller frame shows the
// caller's variables, and ] brings the callee's back.
func TestLiveLocalsCallerFrame(t *testing.T) {
	la := startLive(t, "fib", 80, 24)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "fib", "main.go", "if n < 2")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys('L')
	la.waitText("n = 1")
	la.keys('[')
	s := la.waitText("sum = 0")
	if !strings.Contains(s, "i = 1") || strings.Contains(s, "n = 1") {
		t.Errorf("main's locals expected in frame 1:\n%s", s)
	}
	la.keys(']')
	la.waitFor("fib's locals again", func(s string) bool { return strings.Contains(s, "n = 1") && !strings.Contains(s, "sum = 0") })
}
