package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/theme"
)

// fakeEngine answers requests from a table, for screens drawn from
// hand-made states. Safe for concurrent use.
type fakeEngine struct {
	mu      sync.Mutex
	sent    []debugger.Request
	events  chan debugger.Event
	replies map[string]debugger.Reply // by request type name
	input   []byte
	intr    int
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{events: make(chan debugger.Event, 64), replies: map[string]debugger.Reply{}}
}

// reqName is a request's type name without the package: "SelectFrame".
func reqName(r debugger.Request) string { return strings.TrimPrefix(fmt.Sprintf("%T", r), "debugger.") }

func (f *fakeEngine) Send(r debugger.Request) <-chan debugger.Reply {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, r)
	ch := make(chan debugger.Reply, 1)
	ch <- f.replies[reqName(r)]
	return ch
}

func (f *fakeEngine) Interrupt() { f.mu.Lock(); f.intr++; f.mu.Unlock() }
func (f *fakeEngine) WriteInput(b []byte) error {
	f.mu.Lock()
	f.input = append(f.input, b...)
	f.mu.Unlock()
	return nil
}
func (f *fakeEngine) Events() <-chan debugger.Event { return f.events }

func (f *fakeEngine) sentNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.sent {
		out = append(out, reqName(r))
	}
	return out
}

// fakeConsole records command lines.
type fakeConsole struct {
	mu    sync.Mutex
	lines []string
}

func (c *fakeConsole) Exec(line string) (bool, error) {
	c.mu.Lock()
	c.lines = append(c.lines, line)
	c.mu.Unlock()
	return line == "quit", nil
}
func (c *fakeConsole) Complete(line string) []string { return nil }
func (c *fakeConsole) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.lines...)
}

// testApp is an App drawn synchronously on a simulation screen, without
// tview's event loop: the test goroutine plays the UI goroutine.
type testApp struct {
	*App
	t      testing.TB
	screen tcell.SimulationScreen
	w, h   int
}

// newTestApp builds an App on a w x h simulation screen with theme th
// (nil: mono) and Unicode or ASCII glyphs.
func newTestApp(t testing.TB, eng engine, con commander, th *theme.Theme, ascii bool, w, h int) *testApp {
	t.Helper()
	if th == nil {
		th = theme.Mono()
	}
	cfg := config{dir: t.TempDir(), ascii: ascii, mouse: true}
	a := newApp(eng, con, th, cfg, "")
	if !ascii {
		a.gl = unicodeGlyphs // the test's locale must not matter
	}
	s := tcell.NewSimulationScreen("UTF-8")
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	t.Cleanup(s.Fini)
	return &testApp{App: a, t: t, screen: s, w: w, h: h}
}

// settle runs what workers posted (highlighting, replies) until nothing
// more comes for a moment; the test goroutine is the UI goroutine here.
func (ta *testApp) settle() {
	quiet := time.NewTimer(50 * time.Millisecond)
	defer quiet.Stop()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case f := <-ta.posts:
			f()
			quiet.Reset(50 * time.Millisecond)
		case <-quiet.C:
			return
		case <-deadline:
			ta.t.Fatal("posts did not settle")
		}
	}
}

// waitHighlighted settles until the Source pane's file is tokenised.
func (ta *testApp) waitHighlighted() {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if e := ta.hl.files[ta.src.file]; e != nil && e.done {
			return
		}
		ta.draw()
	}
	ta.t.Fatal("highlighting did not finish")
}

// draw lays out and draws one frame, letting highlighting finish first.
func (ta *testApp) draw() string {
	for i := 0; i < 3; i++ { // highlighting starts at a draw and ends in a post
		ta.layout.resize(ta.w, ta.h)
		ta.pages.SetRect(0, 0, ta.w, ta.h)
		ta.screen.Clear()
		ta.pages.Draw(ta.screen)
		ta.screen.Show()
		ta.settle()
	}
	return screenText(ta.screen)
}

// simCells is a copy of a simulation screen's cells, so that reading it
// cannot race with the next draw into the screen.
type simCells struct {
	cells []tcell.SimCell
	w, h  int
}

// cellsOf copies s's cells. Only the goroutine that draws into s may call
// it (the test goroutine for a testApp, the UI goroutine for a liveApp):
// GetContents hands out the screen's own slice, which Show rewrites. The
// copy is shallow because Show replaces a cell's slices, never edits them.
func cellsOf(s tcell.SimulationScreen) simCells {
	cells, w, h := s.GetContents()
	return simCells{cells: append([]tcell.SimCell(nil), cells...), w: w, h: h}
}

// text returns the characters, one line per row, trailing blanks trimmed.
func (c simCells) text() string {
	var b strings.Builder
	for y := 0; y < c.h; y++ {
		var row []rune
		for x := 0; x < c.w; x++ {
			cell := c.cells[y*c.w+x]
			r := ' '
			if len(cell.Runes) > 0 {
				r = cell.Runes[0]
			}
			row = append(row, r)
		}
		b.WriteString(strings.TrimRight(string(row), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// find returns the position and style of the first cell whose row shows
// text from there, and -1, -1 if no row does.
func (c simCells) find(text string) (x, y int, style tcell.Style) {
	lines := strings.Split(c.text(), "\n")
	for y = 0; y < c.h && y < len(lines); y++ {
		if i := strings.Index(lines[y], text); i >= 0 {
			x = len([]rune(lines[y][:i]))
			return x, y, c.cells[y*c.w+x].Style
		}
	}
	return -1, -1, tcell.StyleDefault
}

// screenText returns a testApp's screen as text (see simCells.text); a
// liveApp's is la.text().
func screenText(s tcell.SimulationScreen) string { return cellsOf(s).text() }

// findCell finds text on a testApp's screen (see simCells.find); a
// liveApp's is la.findCell.
func findCell(s tcell.SimulationScreen, text string) (x, y int, style tcell.Style) {
	return cellsOf(s).find(text)
}

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", name)
	if updateGenerated() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("screen differs from %s (rewrite with -update if intended):\n--- got\n%s--- want\n%s", path, got, want)
	}
}
