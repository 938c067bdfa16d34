package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/theme"
)

// maxLogLines bounds the log's scrollback: a program printing in a loop
// must not eat the memory.
const maxLogLines = 5000

// maxLogLineLen bounds one line of program output: a program writing
// megabytes without a newline gets them cut into lines of this many bytes,
// so appending stays cheap and a frame never wraps megabytes.
const maxLogLineLen = 4096

type logLine struct {
	text string
	role theme.Role
}

// logPane shows tdb's messages, the program's output and the mechanics,
// newest at the bottom. It follows the end unless the user scrolled up.
// Owned by the UI goroutine.
type logPane struct {
	*tview.Box
	a      *App
	lines  []logLine
	open   bool // the last line is program output still being written
	strip  ansiStripper
	back   int // lines scrolled up from the end; 0 follows
	height int
}

func newLogPane(a *App) *logPane {
	p := &logPane{Box: tview.NewBox(), a: a}
	p.SetBorder(true)
	return p
}

func (p *logPane) title() string { return "Log" }

// add appends one message line (several if it has newlines).
func (p *logPane) add(text string, role theme.Role) {
	p.open = false
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		p.push(logLine{l, role})
	}
}

func (p *logPane) push(l logLine) {
	p.lines = append(p.lines, l)
	if len(p.lines) > maxLogLines {
		// Drop a chunk at a time so trimming is not paid per line.
		drop := len(p.lines) - maxLogLines + maxLogLines/10
		p.lines = append(p.lines[:0], p.lines[drop:]...)
	}
	if p.back > 0 {
		p.back++ // stay on the lines the user is reading
	}
}

// addOutput appends the program's output: partial lines are shown as they
// come and completed by later chunks; a carriage return rewrites the line
// (progress bars).
func (p *logPane) addOutput(b []byte) {
	text := p.strip.write(b)
	for text != "" {
		seg, rest, nl := strings.Cut(text, "\n")
		if i := strings.LastIndexByte(seg, '\r'); i >= 0 {
			seg = seg[i+1:]
			if p.open {
				p.lines[len(p.lines)-1].text = ""
			}
		}
		if p.open {
			last := &p.lines[len(p.lines)-1]
			n := runeCut(seg, maxLogLineLen-len(last.text))
			last.text += seg[:n]
			seg = seg[n:]
		}
		for seg != "" || (nl && !p.open) {
			n := runeCut(seg, maxLogLineLen)
			if n == 0 {
				n = min(len(seg), maxLogLineLen) // no rune start: not UTF-8
			}
			p.push(logLine{seg[:n], theme.Output})
			p.open = true
			seg = seg[n:]
		}
		if nl {
			p.open = false
		}
		text = rest
	}
}

// runeCut is how many bytes of s, at most n, end on a rune boundary.
func runeCut(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	n = max(0, n)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

func (p *logPane) Draw(screen tcell.Screen) {
	th := p.a.th
	t := " Log "
	if p.back > 0 {
		t = " Log (scrolled: G follows) "
	}
	setBoxChrome(p.Box, th, t, p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	p.height = h
	if w <= 0 || h <= 0 {
		return
	}
	p.back = max(0, min(p.back, len(p.lines)-1))
	// Lines wrap: at 80 columns a stop line with its absolute path is
	// longer than the pane, and its end (pc, thread) matters. Fill the
	// pane from the bottom up with the last lines' rows.
	var rows []logLine
	for i := len(p.lines) - 1 - p.back; i >= 0 && len(rows) < h; i-- {
		l := p.lines[i]
		wrapped := wrapRunes(expandTabs(l.text), w)
		for j := len(wrapped) - 1; j >= 0 && len(rows) < h; j-- {
			rows = append(rows, logLine{wrapped[j], l.role})
		}
	}
	for k := range rows {
		r := rows[len(rows)-1-k]
		printText(screen, x, y+k, w, r.text, th.Style(r.role))
	}
}

// wrapRunes cuts s into pieces of at most w runes (one piece for "").
func wrapRunes(s string, w int) []string {
	r := []rune(s)
	if len(r) <= w || w <= 0 {
		return []string{s}
	}
	var out []string
	for len(r) > w {
		out = append(out, string(r[:w]))
		r = r[w:]
	}
	return append(out, string(r))
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

func (p *logPane) move(act action) bool {
	h := max(1, p.height)
	switch act {
	case actUp:
		p.back++
	case actDown:
		p.back--
	case actPageUp:
		p.back += h
	case actPageDown:
		p.back -= h
	case actHalfPageUp:
		p.back += h / 2
	case actHalfPageDown:
		p.back -= h / 2
	case actTop:
		p.back = len(p.lines)
	case actBottom:
		p.back = 0
	default:
		return false
	}
	p.back = max(0, min(p.back, len(p.lines)-1))
	return true
}

func (p *logPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(wheelHandler(p, p.move))
}
