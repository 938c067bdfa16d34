package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source/fixture"
	"tdb/theme"
	"tdb/ui/console"
)

// TestLiveStopHistory debugs fib on the simulated screen: the History
// pane (H) lists the stops, { shows the one before read-only (status
// bar, panes and the changed highlight of that stop), n is refused there,
// } and . come back, Enter on a row shows it.
func TestLiveStopHistory(t *testing.T) {
	la := startLive(t, "fib", 100, 30)
	fnLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	la.waitText("stopped at main.go:")
	la.keys('H')
	la.waitText("#1 entry main.main")
	la.keys(':', "display n", tcell.KeyEnter)
	la.waitText(" Watch ") // the display shows the Watch pane
	la.idle()
	la.keys('H')
	la.waitText(" History ")
	la.breakAndContinue("main.fib")
	la.waitText("#2 breakpoint 1 main.fib")
	la.idle()
	la.keys('c') // fib(2)
	la.waitText("#3 breakpoint 1 main.fib")
	la.idle()
	la.keys('c') // fib(1), called by fib(2)
	s := la.waitText("#4 breakpoint 1 main.fib")
	la.idle()
	for _, want := range []string{" History ", "#1 entry main.main main.go:"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in the History pane:\n%s", want, s)
		}
	}

	// One stop back: #3, fib(2), read-only.
	la.keys('{')
	la.waitText(fmt.Sprintf("history #3 (read-only) at main.go:%d", fnLine))
	la.keys('L')
	la.waitText("n = 2")
	// n was 1 at #2: changed since the stop before.
	la.waitFor("n highlighted as changed", func(string) bool {
		_, _, st := la.findCell("n = 2")
		return st == la.th.Style(theme.Changed)
	})
	// The Watch pane: the display's value as it was printed at #3.
	la.keys('W')
	la.waitFor("the watch n = 2 highlighted as changed", func(string) bool {
		_, _, st := la.findCell("n = 2")
		return st == la.th.Style(theme.Changed)
	})
	// The backtrace is #3's: fib called from main.
	if !strings.Contains(la.text(), "#1  main.main main.go:") {
		t.Errorf("backtrace of #3:\n%s", la.text())
	}
	// The caller's frame of #3: its line, and no values recorded there.
	callLine := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")
	la.keys('L', '[')
	la.waitText(fmt.Sprintf("history #3 (read-only) at main.go:%d", callLine))
	la.waitText("error: history #3: only fra…") // cut at the pane's width, marked
	la.keys(']')
	la.waitText(fmt.Sprintf("history #3 (read-only) at main.go:%d", fnLine))
	la.waitText("n = 2")
	la.keys('n')
	la.waitText("history #3 is read-only: . returns to the present")
	if !strings.Contains(la.text(), "history #3 (read-only)") {
		t.Errorf("n left the history's view:\n%s", la.text())
	}

	// Back to the present with .: #4, fib(1), n = 1.
	la.keys('.')
	la.waitText(fmt.Sprintf("stopped at main.go:%d [breakpoint 1]", fnLine))
	la.waitText("n = 1")

	// Enter on #2 in the History pane.
	la.keys('H')
	la.waitText(" History ")
	la.onUI(func() { la.app.SetFocus(la.stops) })
	la.keys('k', 'k', tcell.KeyEnter)
	la.waitText("history #2 (read-only)")
	la.keys('}', '}')
	la.waitText(fmt.Sprintf("stopped at main.go:%d [breakpoint 1]", fnLine))
	// And the program runs on from the present.
	la.keys('c')
	la.waitText("#5 breakpoint 1 main.fib")
}

// TestLiveReplayScreen saves a session's stops and opens them as tdb
// replay does, with no program: the newest stop on the panes, { back to
// the one before with its locals, execution keys refused.
func TestLiveReplayScreen(t *testing.T) {
	sess, err := debugger.Start(debugger.Config{Path: fixture.Build(t, "fib")})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range sess.Events() {
		}
	}()
	con := console.New(sess, discard{})
	for _, l := range []string{"break main.fib", "display n", "continue", "continue", "continue"} {
		if _, err := con.Exec(l); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
	file := filepath.Join(t.TempDir(), "fib.stops")
	if _, err := con.Exec("history save " + file); err != nil {
		t.Fatal(err)
	}
	sess.Close()
	h, err := console.LoadStopHistory(file)
	if err != nil {
		t.Fatal(err)
	}

	th, _ := theme.LoadColour("dark")
	a := newApp(nil, nil, th, config{dir: t.TempDir(), mouse: true}, "")
	a.gl = unicodeGlyphs
	a.wireReplay(h, file)
	s := tcell.NewSimulationScreen("UTF-8")
	la := &liveApp{App: a, t: t, screen: s, done: make(chan struct{})}
	go func() {
		if err := a.runOn(s, nil); err != nil {
			t.Errorf("runOn: %v", err)
		}
		close(la.done)
	}()
	t.Cleanup(func() {
		go a.app.QueueUpdate(a.quit)
		<-la.done
	})
	la.waitText("Log")
	s.SetSize(100, 30)
	a.app.QueueEvent(tcell.NewEventResize(100, 30))

	fnLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	la.waitText(fmt.Sprintf("history #3 (read-only) at main.go:%d", fnLine))
	la.waitText("replay " + file + ": 3 stops")
	la.waitText("#3 breakpoint 1 main.fib")
	la.keys('L')
	la.waitText("n = 1") // fib(1), called by fib(2)
	la.keys('{')
	la.waitText("history #2 (read-only)")
	la.waitText("n = 2")
	la.keys('c')
	la.waitText("history #2 is read-only: a replay runs no program")
	la.keys(':', "bt", tcell.KeyEnter)
	la.waitText("#1 0x")
}

// discard is a Printer that prints nothing.
type discard struct{}

func (discard) Print(string) {}
func (discard) Error(string) {}

// TestLivePanicValueInLocals: at a panic stop the Locals pane shows the
// panic's value first, as Delve prints runtime.curg._panic.arg at the
// stop (`interface {}(int) 42` for rtstop's panic(42)).
func TestLivePanicValueInLocals(t *testing.T) {
	la := startLive(t, "rtstop", 100, 30, "panicint")
	la.waitText("stopped at main.go:")
	la.keys('L', 'c')
	la.waitText("[panic]")
	la.waitText("panic = 42")
}
