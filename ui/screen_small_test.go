package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/theme"
)

// rowsWith returns the screen rows containing s.
func rowsWith(screen, s string) []string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

// TestSmallScreenSideColumn: below 80 columns the right column narrows
// with the terminal and the source keeps most of the width; > and <
// widen and narrow it; text cut short ends in the ellipsis (~ in ASCII),
// and runtime.goexit's asm_amd64.s:1771 never shows as :177.
func TestSmallScreenSideColumn(t *testing.T) {
	for _, ascii := range []bool{false, true} {
		ell := "…"
		if ascii {
			ell = "~"
		}
		ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, ascii, 64, 34)
		st := fibState(t, 1, 1)
		st.Frames[3].File, st.Frames[3].Line, st.Frames[3].Function = "/usr/local/go/src/runtime/asm_amd64.s", 1771, "runtime.goexit"
		ta.apply(debugger.Stopped{State: st})
		ta.draw()
		sx, _, sw, _ := ta.src.GetRect()
		if sx != 0 || sw*8 < 64*5 {
			t.Errorf("ascii %v: source %d of 64 columns, want at least five eighths", ascii, sw)
		}
		rw := ta.layout.rightWidth()
		for _, k := range []rune{'>', '>'} {
			ta.handleKey(tcell.NewEventKey(tcell.KeyRune, k, 0))
		}
		s := ta.draw()
		if got := ta.layout.rightWidth(); got != rw+8 {
			t.Errorf("> twice: right column %d, want %d", got, rw+8)
		}
		for _, l := range rowsWith(s, "asm_amd64") {
			if strings.Contains(l, "asm_amd64.s:177") && !strings.Contains(l, "asm_amd64.s:1771") {
				t.Errorf("ascii %v: the goexit frame reads as line 177: %q", ascii, l)
			}
		}
		ta.handleKey(tcell.NewEventKey(tcell.KeyRune, '<', 0))
		ta.handleKey(tcell.NewEventKey(tcell.KeyRune, '<', 0))
		s = ta.draw()
		if got := ta.layout.rightWidth(); got != rw {
			t.Errorf("< twice: right column %d, want %d back", got, rw)
		}
		cut := false
		for _, l := range rowsWith(s, "#3") {
			cut = cut || strings.Contains(l, ell)
			if strings.Contains(l, "asm_amd64.s:177") && !strings.Contains(l, "asm_amd64.s:1771") && !strings.Contains(l, "asm_amd64.s:177"+ell) {
				t.Errorf("ascii %v: cut without a mark: %q", ascii, l)
			}
		}
		if !cut {
			t.Errorf("ascii %v: the long frame row is not marked as cut:\n%s", ascii, s)
		}
	}
}

// TestStatusBarCutMarked: a status line longer than the terminal ends in
// the ellipsis.
func TestStatusBarCutMarked(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 24, 12)
	st := fibState(t, 1, 1)
	st.Frames[0].File = "/src/a_very_long_file_name_indeed.go"
	st.Frames[0].Line = 1771
	ta.apply(debugger.Stopped{State: st})
	s := ta.draw()
	rows := strings.Split(strings.TrimRight(s, "\n"), "\n")
	bar := rows[len(rows)-1]
	if !strings.HasSuffix(strings.TrimRight(bar, " "), "…") {
		t.Errorf("status bar %q, want it to end in …", bar)
	}
}

// TestLogPager: the Log scrolls by screen rows, its top shows a full
// page, / searches it when it has the focus, + and - change its height.
func TestLogPager(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 80, 30)
	ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
	for i := range 60 {
		text := fmt.Sprintf("line %d", i)
		if i%10 == 5 {
			text += " " + strings.Repeat("long ", 40) + "end" // three rows at 78 columns
		}
		ta.log.add(text, theme.Text)
	}
	ta.log.add("needle one", theme.Text)
	ta.log.add("last line", theme.Text)
	ta.app.SetFocus(ta.log)
	ta.draw()
	_, _, _, h0 := ta.log.GetInnerRect()

	key := func(k tcell.Key, r rune) { ta.handleKey(tcell.NewEventKey(k, r, 0)) }
	// Up by one row: the newest line's row goes, one row of the line
	// before it comes in at the bottom.
	key(tcell.KeyRune, 'k')
	s := ta.draw()
	if strings.Contains(s, "last line") || !strings.Contains(s, "needle one") {
		t.Errorf("one row up:\n%s", s)
	}
	// The top: a full page, line 0 first.
	key(tcell.KeyRune, 'g')
	s = ta.draw()
	lx, ly, lw, lh := ta.log.GetInnerRect()
	c := cellsOf(ta.screen)
	rows := strings.Split(c.text(), "\n")
	if !strings.HasPrefix(string([]rune(rows[ly])[lx:]), "line 0") {
		t.Errorf("top row %q, want line 0", rows[ly])
	}
	for r := ly; r < ly+lh; r++ {
		if strings.TrimSpace(strings.Trim(string([]rune(rows[r])[lx:lx+lw]), "│")) == "" {
			t.Errorf("row %d of the Log is empty at the top: not a full page\n%s", r-ly, s)
		}
	}
	// A wrapped line scrolls a row at a time: three rows of line 5.
	// line 5's first row is at the top after as many rows down as the
	// lines before it take.
	for range 5 {
		key(tcell.KeyRune, 'j')
	}
	rows = strings.Split(ta.draw(), "\n")
	if !strings.Contains(rows[ly], "line 5 long") {
		t.Errorf("5 rows down from the top: %q, want line 5's first row", rows[ly])
	}
	key(tcell.KeyRune, 'j')
	rows = strings.Split(ta.draw(), "\n")
	if !strings.Contains(rows[ly], "long long") || strings.Contains(rows[ly], "line 5") {
		t.Errorf("a row further: %q, want line 5's second row", rows[ly])
	}

	// / in the Log: the match is shown and marked.
	ta.lastFocus = ta.log
	ta.startSearch("line 45")
	s = ta.draw()
	if !strings.Contains(s, "line 45") || !ta.log.HasFocus() {
		t.Errorf("search: line 45 not shown or the Log lost the focus:\n%s", s)
	}
	if x, y, st := ta.findCellIn("line 45 long"); st != ta.th.Style(theme.Match) {
		t.Errorf("the match at %d,%d is not marked: %v", x, y, st)
	}
	// n goes to the next match up, N back down.
	ta.startSearch("line 1")
	hit := func() string { return strings.Fields(ta.log.lines[ta.log.hit].text)[1] }
	if got := hit(); got != "19" {
		t.Errorf("/line 1 found line %s, want the newest, 19", got)
	}
	key(tcell.KeyRune, 'n')
	if got := hit(); got != "18" {
		t.Errorf("n: line %s, want 18", got)
	}
	key(tcell.KeyRune, 'N')
	if got := hit(); got != "19" {
		t.Errorf("N: line %s, want 19", got)
	}
	key(tcell.KeyEscape, 0)
	if ta.log.search != "" {
		t.Error("Esc did not end the Log's search")
	}

	// + and - change the Log's height.
	key(tcell.KeyRune, '+')
	ta.draw()
	if _, _, _, h := ta.log.GetInnerRect(); h != h0+2 {
		t.Errorf("+: Log %d rows, want %d", h, h0+2)
	}
	key(tcell.KeyRune, '-')
	key(tcell.KeyRune, '-')
	ta.draw()
	if _, _, _, h := ta.log.GetInnerRect(); h != h0-2 {
		t.Errorf("- twice: Log %d rows, want %d", h, h0-2)
	}
}

func (ta *testApp) findCellIn(text string) (int, int, tcell.Style) {
	return cellsOf(ta.screen).find(text)
}
