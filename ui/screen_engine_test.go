package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source/fixture"
	"tdb/theme"
)

// liveApp runs the real event loop, pump and engine on a simulation
// screen; tests inject keys and poll the screen.
type liveApp struct {
	*App
	t      *testing.T
	screen tcell.SimulationScreen
	done   chan struct{} // closed when runOn returned
}

func startLive(t *testing.T, prog string, w, h int, args ...string) *liveApp {
	t.Helper()
	return startLiveOn(t, debugger.Config{Path: fixture.Build(t, prog), Args: args}, w, h)
}

// startLiveOn is startLive on any session configuration (an attach).
func startLiveOn(t *testing.T, cfg debugger.Config, w, h int) *liveApp {
	t.Helper()
	sess, err := debugger.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	th, _ := theme.LoadColour("dark")
	a := newApp(sess, nil, th, config{dir: t.TempDir(), mouse: true}, sess.Binary().Path())
	a.gl = unicodeGlyphs
	a.wire(sess)
	s := tcell.NewSimulationScreen("UTF-8")
	la := &liveApp{App: a, t: t, screen: s, done: make(chan struct{})}
	go func() {
		if err := a.runOn(s, nil); err != nil {
			t.Errorf("runOn: %v", err)
		}
		close(la.done)
	}()
	// Registered before the first wait, so that the UI stops before the
	// session closes (cleanups run last first) even when a wait fails.
	t.Cleanup(func() {
		select {
		case <-la.done:
			return
		default:
		}
		// QueueUpdate blocks until run; on its own goroutine it cannot
		// hang the test if the loop stops meanwhile.
		go a.app.QueueUpdate(a.quit)
		select {
		case <-la.done:
		case <-time.After(10 * time.Second):
			t.Error("the UI did not stop")
		}
	})
	// tview initialises the screen (at 80x25): resize it once it runs,
	// as a terminal window would be resized.
	la.waitFor("the first frame", func(s string) bool { return strings.Contains(s, "Source") || strings.Contains(s, ".go") })
	s.SetSize(w, h)
	a.app.QueueEvent(tcell.NewEventResize(w, h))
	la.waitFor(fmt.Sprintf("%dx%d", w, h), func(string) bool {
		c := la.snapshot()
		return c.w == w && c.h == h && strings.Contains(c.text(), "Log")
	})
	// The program runs to main meanwhile, and an execution key pressed
	// before that finished would be refused ("the program is running").
	la.idle()
	return la
}

// snapshot copies the screen on the UI goroutine, between two of tview's
// draws into it (the simulation screen's cells are not safe to read while
// one runs), and after tview's Init of the screen in runOn: a test reads
// the screen through here only.
func (la *liveApp) snapshot() simCells {
	la.t.Helper()
	got := make(chan simCells, 1)
	// QueueUpdate blocks until the loop runs f, forever if it stopped:
	// on its own goroutine it cannot hang the test.
	go la.app.QueueUpdate(func() { got <- cellsOf(la.screen) })
	select {
	case c := <-got:
		return c
	case <-la.done:
		la.t.Fatal("the UI stopped")
	case <-time.After(20 * time.Second):
		la.t.Fatal("the UI goroutine did not answer")
	}
	return simCells{}
}

// text returns the screen's characters (see simCells.text).
func (la *liveApp) text() string {
	la.t.Helper()
	return la.snapshot().text()
}

// findCell finds text on the screen (see simCells.find).
func (la *liveApp) findCell(text string) (x, y int, style tcell.Style) {
	la.t.Helper()
	return la.snapshot().find(text)
}

// waitFor polls the screen until cond holds, failing after a deadline.
func (la *liveApp) waitFor(what string, cond func(screen string) bool) string {
	la.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = la.text()
		if cond(s) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	la.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
	return ""
}

func (la *liveApp) waitText(text string) string {
	la.t.Helper()
	return la.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

func (la *liveApp) keys(keys ...any) {
	for _, k := range keys {
		switch k := k.(type) {
		case rune:
			la.screen.InjectKey(tcell.KeyRune, k, tcell.ModNone)
		case string:
			for _, r := range k {
				la.screen.InjectKey(tcell.KeyRune, r, tcell.ModNone)
			}
		case tcell.Key:
			la.screen.InjectKey(k, 0, tcell.ModNone)
		}
	}
}

// rowOf returns the screen row showing source line n (its gutter number).
func rowOf(screen string, n int) string {
	for _, l := range strings.Split(screen, "\n") {
		if len(l) > 8 && strings.Contains(l[:min(len(l), 16)], fmt.Sprintf(" %d ", n)) {
			return l
		}
	}
	return ""
}

// TestLiveFib debugs testdata/fib through the keyboard: it opens at main,
// sets a breakpoint with the cursor, continues, checks the arrow, the
// mark, the changed register and the frames, selects a caller, steps.
func TestLiveFib(t *testing.T) {
	la := startLive(t, "fib", 80, 24)
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	ifLine := fixture.LineOf(t, "fib", "main.go", "if n < 2")
	callLine := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")

	s := la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	if r := rowOf(s, mainLine); !strings.Contains(r, "▶") {
		t.Errorf("no arrow on main's line %d: %q", mainLine, r)
	}

	// The cursor starts on the execution line: move it up to the if.
	for i := 0; i < mainLine-ifLine; i++ {
		la.keys('k')
	}
	la.keys('b')
	la.waitFor("breakpoint mark", func(s string) bool { return strings.HasPrefix(strings.TrimLeft(rowOf(s, ifLine), "║│|"), "●") })

	la.keys('c')
	s = la.waitText(fmt.Sprintf("stopped at main.go:%d [breakpoint 1]", ifLine))
	if r := rowOf(s, ifLine); !strings.Contains(r, "●▶") {
		t.Errorf("line %d should show mark and arrow: %q", ifLine, r)
	}
	if !strings.Contains(s, "#0  main.fib main.go:") || !strings.Contains(s, fmt.Sprintf("#1  main.main main.go:%d", callLine)) {
		t.Errorf("backtrace wrong:\n%s", s)
	}
	// rip moved since main's first line: highlighted as changed.
	var ripStyle tcell.Style
	la.waitFor("rip highlighted", func(string) bool {
		_, _, ripStyle = la.findCell("rip ")
		return ripStyle == la.th.Style(theme.Changed)
	})

	// Select the caller in the Backtrace pane: Tab twice, then down.
	la.keys(tcell.KeyTab, tcell.KeyTab, 'j')
	s = la.waitText("(frame #1)")
	if r := rowOf(s, callLine); !strings.Contains(r, "▷") {
		t.Errorf("caller's line %d not marked: %q\n%s", callLine, r, s)
	}
	// Back to frame 0 with ], then step over the if with n.
	la.keys(']')
	la.waitFor("frame 0 again", func(s string) bool { return !strings.Contains(s, "(frame #1)") })
	la.keys('n')
	la.waitFor("next line", func(s string) bool {
		return strings.Contains(s, "stopped at main.go:") && !strings.Contains(s, fmt.Sprintf("main.go:%d [", ifLine))
	})
}

// TestLiveRunningAndInterrupt: while the program runs the status says so,
// the screen answers keys, and Ctrl+C stops it without quitting, dropping
// an execution key typed meanwhile.
func TestLiveRunningAndInterrupt(t *testing.T) {
	la := startLive(t, "loop", 80, 24, t.TempDir()+"/marker", "100000")
	la.waitText("stopped at main.go:")
	la.keys('c')
	la.waitText("running (Ctrl+C interrupts)")
	// n while c runs waits for the stop; Ctrl+C drops it.
	la.keys('n')
	la.waitText("the key waits for its stop")
	// Keys that do not run the program still act at once.
	la.keys('q')
	la.waitText("quit?  (y/n)")
	la.keys('n')
	la.waitFor("dialog gone", func(s string) bool { return !strings.Contains(s, "quit?  (y/n)") })
	la.keys(tcell.KeyCtrlC)
	la.waitText("[interrupt]")
	la.idle()
	select {
	case <-la.done:
		t.Fatal("Ctrl+C quit the UI")
	default:
	}
	log := strings.Join(la.logLines(), "\n")
	if !strings.Contains(log, "1 typed key dropped") || strings.Contains(log, "(tdb) next") {
		t.Errorf("the n typed while running was not dropped at Ctrl+C; the Log:\n%s", log)
	}
}

// TestLiveQuitAsksWhileRunning: q on a running program asks; n cancels.
func TestLiveQuitAsksWhileRunning(t *testing.T) {
	la := startLive(t, "loop", 80, 24, t.TempDir()+"/marker", "100000")
	la.waitText("stopped at main.go:")
	la.keys('c')
	la.waitText("running (Ctrl+C interrupts)")
	la.keys('q')
	la.waitText("quit?  (y/n)")
	la.keys('n')
	la.waitFor("dialog gone", func(s string) bool { return !strings.Contains(s, "quit?  (y/n)") })
	la.keys('q')
	la.waitText("quit?  (y/n)")
	la.keys('y')
	select {
	case <-la.done:
	case <-time.After(10 * time.Second):
		t.Fatal("y did not quit")
	}
}

// TestLiveQuitDetachesAttached: q on a running program that was attached
// to offers to detach, not to kill, and quitting leaves it running,
// untraced (gdb detaches from a process it attached to when it quits).
func TestLiveQuitDetachesAttached(t *testing.T) {
	prog := exec.Command(fixture.Build(t, "loop"), filepath.Join(t.TempDir(), "marker"), "100000")
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer prog.Wait()
	defer prog.Process.Kill()
	pid := prog.Process.Pid
	la := startLiveOn(t, debugger.Config{Attach: pid}, 80, 24)
	la.keys('c')
	la.waitText("running (Ctrl+C interrupts)")
	la.keys('q')
	la.waitText("Detach, leaving it running,")
	if strings.Contains(la.snapshot().text(), "Kill") {
		t.Errorf("the dialog for an attached program speaks of killing it:\n%s", la.snapshot().text())
	}
	la.keys('y')
	select {
	case <-la.done:
	case <-time.After(10 * time.Second):
		t.Fatal("y did not quit")
	}
	la.eng.(viewEngine).engine.(*debugger.Session).Close() // as main does after Run
	// The program runs on, no longer traced.
	status := fmt.Sprintf("/proc/%d/status", pid)
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(status)
		if err != nil {
			t.Fatalf("the attached program is gone after quit: %v", err)
		}
		st := string(b)
		if strings.Contains(st, "TracerPid:\t0\n") && !strings.Contains(st, "zombie") && !strings.Contains(st, "(stopped)") && !strings.Contains(st, "tracing stop") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the program is not running untraced after quit:\n%s", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLiveCommandLine runs a typed command and checks its output and the
// history file.
func TestLiveCommandLine(t *testing.T) {
	la := startLive(t, "fib", 80, 24)
	la.waitText("stopped at main.go:")
	la.keys(':', "break fib", tcell.KeyEnter)
	la.waitText("Breakpoint 1 at")
	la.keys(':', tcell.KeyUp)
	la.waitFor("history recalled", func(s string) bool {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return strings.Contains(lines[len(lines)-2], ":break fib")
	})
	la.keys(tcell.KeyEscape)
}

// TestLiveOutput: the program's output reaches the Log pane, and its exit
// the status bar.
func TestLiveOutput(t *testing.T) {
	la := startLive(t, "fib", 80, 24)
	la.waitText("stopped at main.go:")
	la.keys('c')
	s := la.waitText("exited: status 3")
	if !strings.Contains(s, "fib(10) = 55") || !strings.Contains(s, "sum 143") {
		t.Errorf("output missing:\n%s", s)
	}
}

// TestLiveMechanicsAndRestart: m shows the ptrace operations of the next
// step in the log; r restarts and runs to main again.
func TestLiveMechanicsAndRestart(t *testing.T) {
	la := startLive(t, "fib", 120, 40)
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	la.keys('m')
	la.waitText("(tdb) mechanics on")
	la.idle() // n while the mechanics command runs would be refused
	la.keys('n')
	la.waitText("ptrace ")
	la.idle() // the next's mechanics would scroll the command out of view
	la.keys('m')
	la.waitText("(tdb) mechanics off")
	la.idle()
	forLine := fixture.LineOf(t, "fib", "main.go", "for i := 1")
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", forLine))
	if strings.Count(la.text(), "ptrace ") == 0 {
		t.Error("mechanics lines gone")
	}
	la.keys('r')
	la.waitText("(tdb) restart")
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
}
