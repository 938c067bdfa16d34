package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/source/fixture"
	"tdb/theme"
)

func TestANSIStripper(t *testing.T) {
	for _, c := range []struct {
		name   string
		chunks []string
		want   string
	}{
		{"plain", []string{"hello\n"}, "hello\n"},
		{"colour", []string{"\x1b[1;31mred\x1b[0m text\n"}, "red text\n"},
		{"split CSI", []string{"a\x1b[3", "1mb\n"}, "ab\n"},
		{"OSC title BEL", []string{"\x1b]0;title\x07x"}, "x"},
		{"OSC title ST", []string{"\x1b]2;t\x1b\\y"}, "y"},
		{"crlf", []string{"a\r\nb\r\n"}, "a\nb\n"},
		{"crlf split", []string{"a\r", "\nb"}, "a\nb"},
		{"lone cr kept", []string{"50%\r100%\n"}, "50%\r100%\n"},
		{"controls dropped", []string{"a\x07b\x08c\x00d"}, "abcd"},
		{"tview tags kept as text", []string{"[red]not a tag[-]"}, "[red]not a tag[-]"},
		{"utf8 split", []string{"caf\xc3", "\xa9\n"}, "café\n"},
		{"charset", []string{"\x1b(Bok"}, "ok"},
		{"C1 control", []string{"a\xc2\x9bb"}, "a\uFFFDb"},
	} {
		var s ansiStripper
		var got strings.Builder
		for _, ch := range c.chunks {
			got.WriteString(s.write([]byte(ch)))
		}
		if got.String() != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got.String(), c.want)
		}
	}
}

func TestLogPaneOutputLines(t *testing.T) {
	p := newLogPane(&App{})
	p.add("tdb message", theme.Text)
	p.addOutput([]byte("par"))
	p.addOutput([]byte("tial\nnext"))
	p.addOutput([]byte(" line\n"))
	p.addOutput([]byte("10%\r50%\r100%\n"))
	p.add("after", theme.Error)
	var got []string
	for _, l := range p.lines {
		got = append(got, l.text)
	}
	want := []string{"tdb message", "partial", "next line", "100%", "after"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if p.lines[1].role != theme.Output || p.lines[4].role != theme.Error {
		t.Errorf("roles: %v", p.lines)
	}
}

func TestLogPaneBounded(t *testing.T) {
	p := newLogPane(&App{})
	for i := 0; i < 3*maxLogLines; i++ {
		p.addOutput([]byte(fmt.Sprintf("line %d\n", i)))
	}
	if len(p.lines) > maxLogLines {
		t.Errorf("%d lines kept, at most %d", len(p.lines), maxLogLines)
	}
	if last := p.lines[len(p.lines)-1].text; last != fmt.Sprintf("line %d", 3*maxLogLines-1) {
		t.Errorf("last line %q", last)
	}
}

func TestParseConfig(t *testing.T) {
	cfg := config{mouse: true}
	parseConfig(strings.NewReader(`
# a comment
theme = light   # trailing comment
ascii = yes
mouse = off
key next F8
key broken
colour = blue
ascii = maybe
`), &cfg)
	if cfg.theme != "light" || !cfg.ascii || cfg.mouse {
		t.Errorf("cfg = %+v", cfg)
	}
	if !reflect.DeepEqual(cfg.keys, [][2]action{{"next", "F8"}}) {
		t.Errorf("keys = %v", cfg.keys)
	}
	if len(cfg.errs) != 3 {
		t.Errorf("errs = %q, want 3 (key broken, colour, ascii maybe)", cfg.errs)
	}
}

func TestLoadConfigFromEnvDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TDB_CONFIG_DIR", dir)
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte("theme = high-contrast\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := loadConfig()
	if cfg.dir != dir || cfg.theme != "high-contrast" || !cfg.mouse {
		t.Errorf("cfg = %+v", cfg)
	}
}

func TestKeyBytes(t *testing.T) {
	for _, c := range []struct {
		ev   *tcell.EventKey
		want string
	}{
		{tcell.NewEventKey(tcell.KeyRune, 'x', 0), "x"},
		{tcell.NewEventKey(tcell.KeyRune, 'é', 0), "é"},
		{tcell.NewEventKey(tcell.KeyEnter, 0, 0), "\r"},
		{tcell.NewEventKey(tcell.KeyCtrlD, 0, tcell.ModCtrl), "\x04"},
		{tcell.NewEventKey(tcell.KeyBackspace2, 0, 0), "\x7f"},
		{tcell.NewEventKey(tcell.KeyUp, 0, 0), "\x1b[A"},
		{tcell.NewEventKey(tcell.KeyRune, 'b', tcell.ModAlt), "\x1bb"},
	} {
		if got := string(keyBytes(c.ev)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.ev.Name(), got, c.want)
		}
	}
}

func TestFindAll(t *testing.T) {
	for _, c := range []struct {
		line, pat string
		want      [][2]int
	}{
		{"a := fib(n - 1)", "fib", [][2]int{{5, 8}}},
		{"Fib fib FIB", "fib", [][2]int{{0, 3}, {4, 7}, {8, 11}}}, // smart case
		{"Fib fib FIB", "Fib", [][2]int{{0, 3}}},
		{"aaa", "aa", [][2]int{{0, 2}}},
		{"x", "", nil},
	} {
		if got := findAll(c.line, c.pat); !reflect.DeepEqual(got, c.want) {
			t.Errorf("findAll(%q, %q) = %v, want %v", c.line, c.pat, got, c.want)
		}
	}
}

// TestSearchAndKeys drives the source pane through the key dispatcher:
// search, n/N between matches, Esc, then n is "next" again.
func TestSearchAndKeys(t *testing.T) {
	con := &fakeConsole{}
	ta := newTestApp(t, newFakeEngine(), con, nil, false, 80, 24)
	ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
	ta.draw()
	ta.app.SetFocus(ta.src)
	key := func(k tcell.Key, r rune) { ta.handleKey(tcell.NewEventKey(k, r, 0)) }
	// "/" opens the command line in search mode; typing goes to the field.
	key(tcell.KeyRune, '/')
	if !ta.cmd.field.HasFocus() || ta.cmd.prompt != "/" {
		t.Fatal("/ did not open the search line")
	}
	ta.cmd.field.SetText("fib(")
	key(tcell.KeyEnter, 0)
	first := ta.src.cursor
	if !strings.Contains(ta.src.file.Lines[first], "fib(") {
		t.Fatalf("cursor on %q", ta.src.file.Lines[first])
	}
	key(tcell.KeyRune, 'n')
	second := ta.src.cursor
	if second == first || !strings.Contains(ta.src.file.Lines[second], "fib(") {
		t.Errorf("n moved to %q", ta.src.file.Lines[second])
	}
	key(tcell.KeyRune, 'N')
	if ta.src.cursor != first {
		t.Errorf("N went to row %d, want %d", ta.src.cursor, first)
	}
	if len(con.got()) != 0 {
		t.Errorf("n/N while searching ran commands: %q", con.got())
	}
	key(tcell.KeyEscape, 0)
	key(tcell.KeyRune, 'n')
	ta.settle()
	if got := con.got(); len(got) != 1 || got[0] != "next" {
		t.Errorf("n after Esc ran %q, want next", got)
	}
}

// TestKeysSendRequests: b toggles at the cursor line, u runs to it, [
// selects the caller, z zooms and back, Ctrl+C never quits.
func TestKeysSendRequests(t *testing.T) {
	eng := newFakeEngine()
	con := &fakeConsole{}
	ta := newTestApp(t, eng, con, nil, false, 80, 24)
	st := fibState(t, 1, 1)
	ta.apply(debugger.Stopped{State: st})
	ta.draw()
	ta.app.SetFocus(ta.src)
	key := func(k tcell.Key, r rune) { ta.handleKey(tcell.NewEventKey(k, r, 0)) }
	key(tcell.KeyRune, 'j')
	key(tcell.KeyRune, 'b')
	key(tcell.KeyRune, 'u')
	key(tcell.KeyRune, '[')
	ta.settle()
	var toggled debugger.ToggleBreakpointAt
	var selected debugger.SelectFrame
	eng.mu.Lock()
	for _, r := range eng.sent {
		switch r := r.(type) {
		case debugger.ToggleBreakpointAt:
			toggled = r
		case debugger.SelectFrame:
			selected = r
		}
	}
	eng.mu.Unlock()
	if toggled.File != st.File || toggled.Line != st.Line+1 {
		t.Errorf("toggled %+v, want %s:%d", toggled, st.File, st.Line+1)
	}
	if selected.Index != 1 {
		t.Errorf("[ selected frame %d, want 1", selected.Index)
	}
	if got := con.got(); len(got) != 1 || got[0] != fmt.Sprintf("continue %s:%d", st.File, st.Line+1) {
		t.Errorf("u ran %q", got)
	}

	key(tcell.KeyRune, 'z')
	if s := ta.draw(); strings.Contains(s, "Registers") {
		t.Errorf("zoomed screen still shows Registers:\n%s", s)
	}
	key(tcell.KeyRune, 'z')
	if s := ta.draw(); !strings.Contains(s, "Registers") {
		t.Errorf("unzoomed screen lacks Registers:\n%s", s)
	}

	ta.apply(debugger.Running{})
	key(tcell.KeyCtrlC, 0)
	if eng.intr != 1 || ta.quitting {
		t.Errorf("Ctrl+C: interrupts %d, quitting %v", eng.intr, ta.quitting)
	}
	// While running, n is refused rather than queued.
	key(tcell.KeyRune, 'n')
	if got := con.got(); len(got) != 1 {
		t.Errorf("n while running ran %q", got[1:])
	}
}

// TestProgramInputMode: i sends keys to the program until Esc.
func TestProgramInputMode(t *testing.T) {
	eng := newFakeEngine()
	con := &fakeConsole{}
	ta := newTestApp(t, eng, con, nil, false, 80, 24)
	go ta.writeInput()
	ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
	key := func(k tcell.Key, r rune) { ta.handleKey(tcell.NewEventKey(k, r, 0)) }
	key(tcell.KeyRune, 'i')
	if !strings.Contains(ta.draw(), "INPUT") {
		t.Error("status bar does not say input mode")
	}
	key(tcell.KeyRune, 'n')
	key(tcell.KeyRune, 'q')
	key(tcell.KeyEnter, 0)
	deadline := 200
	for ; deadline > 0; deadline-- {
		eng.mu.Lock()
		got := string(eng.input)
		eng.mu.Unlock()
		if got == "nq\r" {
			break
		}
		ta.settle()
	}
	if deadline == 0 {
		t.Errorf("program got %q, want \"nq\\r\"", string(eng.input))
	}
	key(tcell.KeyEscape, 0)
	key(tcell.KeyRune, 'q')
	if !ta.quitting {
		t.Error("q after Esc did not quit")
	}
	if len(con.got()) != 0 {
		t.Errorf("keys in input mode ran commands: %q", con.got())
	}
}

// TestMouse: a click in the gutter toggles a breakpoint on that line, a
// click on a backtrace row selects the frame, the wheel scrolls the log.
func TestMouse(t *testing.T) {
	eng := newFakeEngine()
	ta := newTestApp(t, eng, &fakeConsole{}, nil, false, 80, 24)
	st := fibState(t, 1, 1)
	ta.apply(debugger.Stopped{State: st})
	s := ta.draw()
	click := func(p interface {
		MouseHandler() func(tview.MouseAction, *tcell.EventMouse, func(tview.Primitive)) (bool, tview.Primitive)
	}, act tview.MouseAction, x, y int) {
		p.MouseHandler()(act, tcell.NewEventMouse(x, y, tcell.Button1, 0), func(tview.Primitive) {})
	}
	// The row of the "return a + b" line, column 1 (the gutter).
	lines := strings.Split(s, "\n")
	row := -1
	for i, l := range lines {
		if strings.Contains(l, "return a + b") {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("line not on screen:\n%s", s)
	}
	click(ta.src, tview.MouseLeftClick, 2, row)
	// A click in the code only moves the cursor.
	click(ta.src, tview.MouseLeftClick, 30, row-1)
	ta.settle()
	var toggles []debugger.ToggleBreakpointAt
	eng.mu.Lock()
	for _, r := range eng.sent {
		if r, ok := r.(debugger.ToggleBreakpointAt); ok {
			toggles = append(toggles, r)
		}
	}
	eng.mu.Unlock()
	want := fixture.LineOf(t, "fib", "main.go", "return a + b")
	if len(toggles) != 1 || toggles[0].Line != want {
		t.Errorf("toggles %+v, want one at line %d", toggles, want)
	}
	if ta.src.cursor != want-2 {
		t.Errorf("cursor on row %d, want %d", ta.src.cursor, want-2)
	}

	// Backtrace: the row of frame #2.
	bx, by, _, _ := ta.bt.GetInnerRect()
	click(ta.bt, tview.MouseLeftClick, bx+1, by+2)
	ta.settle()
	found := false
	for _, n := range eng.sentNames() {
		found = found || n == "SelectFrame"
	}
	if !found || ta.bt.cursor != 2 {
		t.Errorf("click on frame #2: cursor %d, requests %v", ta.bt.cursor, eng.sentNames())
	}

	for i := 0; i < 20; i++ {
		ta.log.add(fmt.Sprint("line ", i), theme.Text)
	}
	ta.draw()
	lx, ly, _, _ := ta.log.GetInnerRect()
	click(ta.log, tview.MouseScrollUp, lx+1, ly+1)
	if ta.log.back != 1 {
		t.Errorf("wheel up: back = %d", ta.log.back)
	}
}

// TestStaleSourceWarning: a source file newer than the binary says so.
func TestStaleSourceWarning(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 80, 24)
	ta.binMod = time.Unix(1, 0) // a binary from 1970: every source is newer
	ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
	if s := ta.draw(); !strings.Contains(s, "newer than binary") {
		t.Errorf("no warning:\n%s", s)
	}
	ta.binMod = time.Now().Add(time.Hour)
	if s := ta.draw(); strings.Contains(s, "newer than binary") {
		t.Errorf("warning for an older source:\n%s", s)
	}
}

// TestJumpToExecLine: with a caller selected, . goes to frame 0's line.
func TestJumpToExecLine(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 80, 24)
	st := fibState(t, 1, 1)
	st.SelectedFrame = 2
	ta.apply(debugger.Stopped{State: st})
	if ta.src.cursor != st.Frames[2].Line-1 {
		t.Fatalf("cursor on row %d, want the caller's %d", ta.src.cursor, st.Frames[2].Line-1)
	}
	ta.handleKey(tcell.NewEventKey(tcell.KeyRune, '.', 0))
	if ta.src.cursor != st.Line-1 {
		t.Errorf(". put the cursor on row %d, want %d", ta.src.cursor, st.Line-1)
	}
}

// completingConsole offers fixed completions.
type completingConsole struct {
	fakeConsole
	cands map[string][]string
}

func (c *completingConsole) Complete(line string) []string { return c.cands[line] }

// TestCommandLineCompletion: one candidate replaces the line, several
// extend it to their common prefix and are listed in the log.
func TestCommandLineCompletion(t *testing.T) {
	con := &completingConsole{cands: map[string][]string{
		"br":       {"break", "breakpoints"},
		"break ma": {"break main.go:"},
		"cont":     {"continue"},
	}}
	ta := newTestApp(t, newFakeEngine(), con, nil, false, 80, 24)
	key := func(k tcell.Key, r rune) { ta.handleKey(tcell.NewEventKey(k, r, 0)) }
	key(tcell.KeyRune, ':')
	for _, c := range []struct{ typed, want string }{
		{"br", "break"},
		{"break ma", "break main.go:"}, // a file: no space, the line number follows
		{"cont", "continue "},
		{"zz", "zz"},
	} {
		ta.cmd.field.SetText(c.typed)
		key(tcell.KeyTab, 0)
		if got := ta.cmd.field.GetText(); got != c.want {
			t.Errorf("Tab after %q: %q, want %q", c.typed, got, c.want)
		}
	}
	if last := ta.log.lines[len(ta.log.lines)-1].text; last != "break  breakpoints" {
		t.Errorf("candidates listed as %q", last)
	}
	key(tcell.KeyCtrlG, 0)
	if ta.cmd.field.HasFocus() {
		t.Error("Ctrl+G did not leave the command line")
	}
}

// A frame the compiler inlined into its caller says so in the Backtrace
// pane; the others do not.
func TestFrameRowInlined(t *testing.T) {
	for _, c := range []struct {
		f    debugger.Frame
		want string
	}{
		{debugger.Frame{Index: 0, Function: "main.square", File: "/p/main.go", Line: 16, Inlined: true}, "#0  main.square main.go:16 (inlined)"},
		{debugger.Frame{Index: 1, Function: "main.sumSquares", File: "/p/main.go", Line: 27}, "#1  main.sumSquares main.go:27"},
	} {
		if got := frameRow(c.f); got != c.want {
			t.Errorf("frameRow(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
}
