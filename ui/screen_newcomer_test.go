package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source/fixture"
	"tdb/theme"
	"tdb/ui/console"
)

// TestLiveNewcomerTypesBFib: the demo's comment once said "b fib", and a
// newcomer types it on the screen as written. b and Space toggle a
// breakpoint (the Log says it was set, then cleared), f is refused in
// main instead of running the demo to its end, and the i after it does
// not leave the keys with the program.
func TestLiveNewcomerTypesBFib(t *testing.T) {
	la := startLive(t, "demo", 100, 30)
	mainLine := fixture.LineOf(t, "demo", "main.go", "func main() {")
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	la.keys("b fib")
	la.waitText("main has no caller")
	la.waitText("Breakpoint 1 cleared")
	s := la.waitFor("the last b's breakpoint", func(s string) bool { return strings.Contains(s, "Breakpoint 2 at") })
	if strings.Contains(s, "INPUT") || strings.Contains(s, "exited") || !strings.Contains(s, fmt.Sprintf("stopped at main.go:%d", mainLine)) {
		t.Errorf("after b fib typed as keys:\n%s", s)
	}
	// What the comment says now works: the command, then c.
	la.keys(":b fib\r")
	la.waitText("Breakpoint 3 at")
	la.keys('c')
	la.waitText("[breakpoint 3]")
}

// TestLiveSearchSaysHowNWorks: after a search, the Log says once that n
// goes to the next match until Esc, and n steps again after Esc.
func TestLiveSearchSaysHowNWorks(t *testing.T) {
	la := startLive(t, "fib", 100, 30)
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	la.keys("/fib\r")
	s := la.waitText("Esc ends the search, then n steps again")
	if !strings.Contains(s, "n match (Esc ends)") {
		t.Errorf("status bar while searching has no match hint:\n%s", s)
	}
	la.keys(tcell.KeyEscape)
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+1))
}

// TestCompleteLocals: Tab after print (and inside its expression)
// completes the selected frame's arguments and locals, from the engine.
func TestCompleteLocals(t *testing.T) {
	sess, err := debugger.Start(debugger.Config{Path: fixture.Build(t, "fib")})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	go drain(sess.Events())
	c := console.New(sess, discardPrinter{})
	ret := fixture.LineOf(t, "fib", "main.go", "return a + b")
	for _, cmd := range []string{fmt.Sprintf("break main.go:%d", ret), "continue"} {
		if _, err := c.Exec(cmd); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
	}
	for line, want := range map[string][]string{
		"print ":     {"print a", "print b", "print n"},
		"p n":        {"p n"},
		"print a + ": {"print a + a", "print a + b", "print a + n"},
		"display b":  {"display b"},
		"print x.":   nil,
		"break fi":   {"break fib.go:", "break main.fib"},
	} {
		got := c.Complete(line)
		if line == "break fi" {
			// Files and functions: main.fib must be among them.
			if !slices.Contains(got, "break main.fib") {
				t.Errorf("Complete(%q) = %q, want main.fib among them", line, got)
			}
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("Complete(%q) = %q, want %q", line, got, want)
		}
	}
}

type discardPrinter struct{}

func (discardPrinter) Print(string) {}
func (discardPrinter) Error(string) {}

// TestLiveKeysBeforeFirstStop: keys typed while tdb runs the program to
// main are kept and handled after the first stop, in order: two n keys
// pressed at once end where `tdb --batch` says two nexts from main end,
// and nothing is refused.
func TestLiveKeysBeforeFirstStop(t *testing.T) {
	fib := fixture.Build(t, "fib")
	r := batch(t, fib, "break main.main", "continue", "next", "next")
	stops := r.TdbLines()
	last := stops[len(stops)-1]
	i := strings.LastIndex(last, "main.go:")
	if i < 0 {
		t.Fatalf("batch: %s", r)
	}
	line := strings.Fields(last[i+len("main.go:"):])[0]

	sess, err := debugger.Start(debugger.Config{Path: fib})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	th, _ := theme.LoadColour("dark")
	a := newApp(sess, nil, th, config{dir: t.TempDir(), mouse: true}, sess.Binary().Path())
	a.gl = unicodeGlyphs
	a.con = console.New(sess, uiPrinter{a})
	s := tcell.NewSimulationScreen("UTF-8")
	la := &liveApp{App: a, t: t, screen: s, done: make(chan struct{})}
	go func() {
		a.runOn(s, nil)
		close(la.done)
	}()
	t.Cleanup(func() {
		go a.app.QueueUpdate(a.quit)
		<-la.done
	})
	// The keys go in as soon as tview reads them, the run to main
	// (usually) still under way.
	la.waitFor("the first frame", func(s string) bool { return strings.Contains(s, "Log") })
	la.keys("nn")
	got := la.waitText("stopped at main.go:" + line)
	if strings.Contains(got, "running") {
		t.Errorf("a key was refused:\n%s", got)
	}
}

// TestLiveKeysWhileCommandFinishes: n n typed at a stop run two nexts, and
// n q quits without asking, though each key comes while the command before
// it is still finishing (its stop drawn, its values still being read):
// the second key waits for the first command rather than being refused as
// "the program is running" (TestTmuxNoHomeOneByOne saw q ask to kill a
// stopped program once in a loaded CI run).
func TestLiveKeysWhileCommandFinishes(t *testing.T) {
	fib := fixture.Build(t, "fib")
	r := batch(t, fib, "break main.main", "continue", "next", "next", "next", "next")
	var lines []string
	for _, l := range r.TdbLines() {
		if i := strings.LastIndex(l, "main.go:"); i >= 0 {
			lines = append(lines, strings.Fields(l[i+len("main.go:"):])[0])
		}
	}
	if len(lines) < 5 {
		t.Fatalf("batch: %s", r)
	}
	line, line4 := lines[len(lines)-3], lines[len(lines)-1]

	la := startLive(t, "fib", 100, 30)
	la.waitText("stopped at main.go:")
	la.idle()
	// One injection: the second n reaches the key handler while the
	// first next is at best just sent.
	la.keys("nn")
	la.waitText("stopped at main.go:" + line)
	la.idle()
	if s := la.text(); strings.Contains(s, "Ctrl+C interrupts it") {
		t.Errorf("a key was refused:\n%s", s)
	}
	// The interleaving a loaded CI run met: the first n's running event
	// reaches the screen before the second n, which must wait for the
	// stop all the same.
	n := func() { la.handleKey(tcell.NewEventKey(tcell.KeyRune, 'n', tcell.ModNone)) }
	la.onUI(func() {
		n()
		la.apply(debugger.Running{})
		n()
	})
	la.waitText("stopped at main.go:" + line4)
	la.idle()
	if s := strings.Join(la.logLines(), "\n"); strings.Contains(s, "Ctrl+C interrupts it") || !strings.Contains(s, "the key waits for its stop") {
		t.Errorf("the second n was not kept for the stop; the Log:\n%s", s)
	}
	// And q behind n, in the same interleaving, quits after the step
	// without asking to kill a running program.
	la.onUI(func() {
		n()
		la.apply(debugger.Running{})
		la.handleKey(tcell.NewEventKey(tcell.KeyRune, 'q', tcell.ModNone))
	})
	select {
	case <-la.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("n q did not quit; screen:\n%s", la.text())
	}
}
