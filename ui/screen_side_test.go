package ui

import (
	"strings"
	"testing"
	"time"

	"tdb/debugger"
	"tdb/theme"
)

// TestScreenSideGolden draws the Locals and Goroutines side views at
// 80x24 from hand-made replies: the slot keeps the Registers pane's
// place, so nothing else moves.
func TestScreenSideGolden(t *testing.T) {
	dark, err := theme.LoadColour("dark")
	if err != nil {
		t.Fatal(err)
	}
	eng := newFakeEngine()
	eng.replies["Args"] = debugger.Reply{Values: []debugger.Value{{Name: "n", Type: "int", Value: "3"}, {Name: "~r0", Type: "int", Value: "0"}}}
	eng.replies["Locals"] = debugger.Reply{Values: []debugger.Value{
		{Name: "a", Type: "int", Value: "1"},
		{Name: "pt", Type: "main.point", Value: `main.point {X: 3, Y: 6, Name: "p!"}`, Kids: true, Expr: "pt"},
	}}
	eng.replies["Children"] = debugger.Reply{Values: []debugger.Value{
		{Name: "X", Type: "int", Value: "3", Expr: "pt.X"}, {Name: "Y", Type: "int", Value: "6", Expr: "pt.Y"},
	}}
	eng.replies["ListGoroutines"] = debugger.Reply{Total: 2, Goroutines: []debugger.Goroutine{
		{ID: 1, Status: "running", Current: debugger.Location{Function: "main.fib", File: "/x/main.go", Line: 14}},
		{ID: 7, Status: "waiting", WaitReason: "chan receive", User: debugger.Location{Function: "main.worker", File: "/x/w.go", Line: 9}},
	}}
	ta := newTestApp(t, eng, &fakeConsole{}, dark, false, 80, 24)
	ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
	ta.showSide(ta.locals)
	ta.settle()
	ta.locals.cursor = 3
	ta.locals.move(actSelectOrEnter) // expand pt
	ta.settle()
	s := ta.draw()
	golden(t, "fib_80x24_locals.txt", s)
	for _, want := range []string{" Locals ", "n = 3", "▾ pt = main.point", "X = 3", "Backtrace"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q:\n%s", want, s)
		}
	}
	// The next stop: a changed, n did not.
	eng.replies["Locals"] = debugger.Reply{Values: []debugger.Value{{Name: "a", Type: "int", Value: "2"}}}
	ta.apply(debugger.Stopped{State: fibState(t, 2, 1)})
	ta.settle()
	ta.draw()
	if _, _, st := findCell(ta.screen, "a = 2"); st != dark.Style(theme.Changed) {
		t.Errorf("a = 2 not highlighted as changed")
	}
	if _, _, st := findCell(ta.screen, "n = 3"); st == dark.Style(theme.Changed) {
		t.Errorf("n = 3 highlighted though unchanged")
	}

	ta.showSide(ta.gor)
	ta.settle()
	s = ta.draw()
	golden(t, "fib_80x24_goroutines.txt", s)
	if !strings.Contains(s, "* 1 running main.fib") || !strings.Contains(s, "7 waiting (chan receive)") {
		t.Errorf("goroutines wrong:\n%s", s)
	}
	if r := goroutineRow(ta.gor.list[1], false); r != "  7 waiting (chan receive) main.worker w.go:9" {
		t.Errorf("row %q", r)
	}
	// Enter switches to the goroutine under the cursor.
	ta.gor.cursor = 1
	ta.gor.move(actSelectOrEnter)
	found := false
	for deadline := time.Now().Add(10 * time.Second); !found && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		eng.mu.Lock()
		for _, r := range eng.sent {
			if sw, ok := r.(debugger.SwitchGoroutine); ok && sw.ID == 7 {
				found = true
			}
		}
		eng.mu.Unlock()
	}
	if !found {
		t.Errorf("no SwitchGoroutine{7} sent: %v", eng.sentNames())
	}
}
