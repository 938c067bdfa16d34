package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/source/fixture"
	"tdb/theme"
	"tdb/ui/console"
)

// shareLive shares la's session on a new socket, as --share does.
func shareLive(t *testing.T, la *liveApp) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tdbfollow")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "s.sock")
	sh, err := console.Share(path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sh.Close)
	la.onUI(func() {
		la.share = sh
		sh.Serve(la.con.(*console.Console).Stops())
	})
	return path
}

// startFollower opens tdb follow's screen on path at w x h.
func startFollower(t *testing.T, path string, w, h int) *liveApp {
	t.Helper()
	st, err := console.Dial(path)
	if err != nil {
		t.Fatal(err)
	}
	th, _ := theme.LoadColour("dark")
	a := newApp(nil, nil, th, config{dir: t.TempDir(), mouse: true}, "")
	a.gl = unicodeGlyphs
	a.wireFollow(st, path)
	s := tcell.NewSimulationScreen("UTF-8")
	la := &liveApp{App: a, t: t, screen: s, done: make(chan struct{})}
	go func() {
		if err := a.runOn(s, nil); err != nil {
			t.Errorf("runOn: %v", err)
		}
		st.Close()
		close(la.done)
	}()
	t.Cleanup(func() {
		select {
		case <-la.done:
			return
		default:
		}
		go a.app.QueueUpdate(a.quit)
		select {
		case <-la.done:
		case <-time.After(10 * time.Second):
			t.Error("the follower's UI did not stop")
		}
	})
	la.waitFor("the first frame", func(s string) bool { return strings.Contains(s, "Log") })
	s.SetSize(w, h)
	a.app.QueueEvent(tcell.NewEventResize(w, h))
	la.waitFor(fmt.Sprintf("%dx%d", w, h), func(string) bool {
		c := la.snapshot()
		return c.w == w && c.h == h && strings.Contains(c.text(), "Log")
	})
	return la
}

// TestScreenFollower: a session on fib steps twice, is shared, and a
// follower joins at another size: it shows the stops so far and the
// current line, moves with each of the session's steps, stays on the
// stop it browses until `.`, shows the session's Log lines and
// mechanics, and refuses to run the program with one line.
func TestScreenFollower(t *testing.T) {
	la := startLive(t, "fib", 120, 36)
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+1))
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+2))
	la.idle()
	path := shareLive(t, la)

	fo := startFollower(t, path, 80, 24)
	s := fo.waitText(fmt.Sprintf("following %s: #3 at main.go:%d", path, mainLine+2))
	for _, row := range []string{"#1 entry main.main main.go", "#2 step main.main main.go", "#3 step main.main main.go"} {
		if !strings.Contains(s, row) {
			t.Errorf("the follower's History lacks %q:\n%s", row, s)
		}
	}
	if r := rowOf(s, mainLine+2); !strings.Contains(r, "▶") {
		t.Errorf("no arrow on line %d in the follower:\n%s", mainLine+2, s)
	}

	// The session steps: the follower moves, and shows its Log line.
	la.onUI(func() { la.runCommand("mechanics on") })
	la.idle()
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+3))
	s = fo.waitText(fmt.Sprintf("following %s: #4 at main.go:%d", path, mainLine+3))
	if r := rowOf(s, mainLine+3); !strings.Contains(r, "▶") {
		t.Errorf("the follower's arrow is not on line %d:\n%s", mainLine+3, s)
	}
	fo.waitFor("the session's (tdb) next in the Log", func(string) bool { return logCount(fo, "(tdb) next") > 0 })
	fo.keys('M')
	fo.waitFor("the session's mechanics", func(string) bool {
		var text string
		fo.onUI(func() { text = fo.mech.Text() })
		return strings.Contains(text, "▸ next\n  ptrace ")
	})

	// Browsing: the follower stays on #2 while the session steps on.
	fo.keys('{', '{')
	fo.waitText("history #2 (browsing; . returns to the present)")
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+4))
	fo.waitFor("#5 in the follower's history", func(string) bool {
		n := 0
		fo.onUI(func() { n = fo.follower().Stops().Len() })
		return n == 5
	})
	if s := fo.text(); !strings.Contains(s, "history #2 (browsing") {
		t.Errorf("a browsing follower moved:\n%s", s)
	}
	fo.keys('.')
	fo.waitText(fmt.Sprintf("following %s: #5 at main.go:%d", path, mainLine+4))

	// Execution keys and commands are refused; the session stays.
	refused := "a follower cannot run the program: only the session at " + path + " can"
	fo.keys('n')
	fo.waitFor("the refused n", func(string) bool { return logCount(fo, refused) == 1 })
	fo.keys(':')
	fo.keys("continue", tcell.KeyEnter)
	fo.waitFor("the refused continue", func(string) bool { return logCount(fo, "error: "+refused) == 1 })
	la.idle()
	if s := la.text(); !strings.Contains(s, fmt.Sprintf("stopped at main.go:%d", mainLine+4)) {
		t.Errorf("the session moved after the follower's keys:\n%s", s)
	}

	// The program runs to its end (fib exits with status 3): the
	// follower says so, and so does one joining now.
	la.keys('c')
	la.waitText("exited: status 3")
	fo.waitText(fmt.Sprintf("following %s: exited: status 3", path))
	fo.waitFor("the program's output", func(string) bool { return logCount(fo, "sum 143") == 1 })
	late := startFollower(t, path, 90, 26)
	late.waitText(fmt.Sprintf("following %s: exited: status 3", path))
}

// logCount is how many of la's Log lines are text.
func logCount(la *liveApp, text string) int {
	n := 0
	la.onUI(func() {
		for _, l := range la.log.lines {
			if l.text == text {
				n++
			}
		}
	})
	return n
}
