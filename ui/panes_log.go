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
	// short is text with its /abs/paths/FILE:LINE as FILE:LINE, which
	// presenter mode shows; "" when it has none.
	short string
}

// shown is the text of l as the pane draws it.
func (p *logPane) shown(l logLine) string {
	if l.short != "" && p.a.pres.on {
		return l.short
	}
	return l.text
}

// logPane shows tdb's messages, the program's output and the mechanics,
// newest at the bottom. It follows the end unless the user scrolled up.
// It is a pager: scrolling goes by screen rows (a long line wraps into
// several), the top shows a full page, and / searches it when it has the
// focus. Owned by the UI goroutine.
type logPane struct {
	*tview.Box
	a      *App
	lines  []logLine
	open   bool // the last line is program output still being written
	strip  ansiStripper
	back   int // screen rows scrolled up from the end; 0 follows
	height int
	width  int // the inner width at the last draw: rows are counted at it

	search string // the Log's search; "" when none
	hit    int    // the line the search found, -1 for none
}

func newLogPane(a *App) *logPane {
	p := &logPane{Box: tview.NewBox(), a: a, hit: -1}
	p.SetBorder(true)
	return p
}

func (p *logPane) title() string { return "Log" }

// add appends one message line (several if it has newlines).
func (p *logPane) add(text string, role theme.Role) {
	p.open = false
	if p.a.share != nil {
		p.a.share.Log(text, int(role))
	}
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		p.push(logLine{text: l, role: role, short: shortPaths(l)})
	}
}

func (p *logPane) push(l logLine) {
	p.lines = append(p.lines, l)
	if len(p.lines) > maxLogLines {
		// Drop a chunk at a time so trimming is not paid per line.
		drop := len(p.lines) - maxLogLines + maxLogLines/10
		p.lines = append(p.lines[:0], p.lines[drop:]...)
		if p.hit -= drop; p.hit < 0 {
			p.hit = -1
		}
	}
	if p.back > 0 {
		p.back += p.rowsOf(p.shown(l)) // stay on the lines the user is reading
	}
}

// addOutput appends the program's output: partial lines are shown as they
// come and completed by later chunks; a carriage return rewrites the line
// (progress bars).
func (p *logPane) addOutput(b []byte) {
	if p.a.share != nil {
		p.a.share.Output(b)
	}
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
			p.push(logLine{text: seg[:n], role: theme.Output})
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
	if p.search != "" {
		t = " Log /" + p.search + " (n older, N newer, Esc ends) "
	}
	setBoxChrome(p.Box, th, t, p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	p.height, p.width = h, w
	p.back = max(0, min(p.back, p.maxBack()))
	// Lines wrap: at 80 columns a stop line with its absolute path is
	// longer than the pane, and its end (pc, thread) matters. Fill the
	// pane from the bottom up, back rows above the end.
	var rows []logLine
	skip := p.back
	for i := len(p.lines) - 1; i >= 0 && len(rows) < h; i-- {
		l := p.lines[i]
		if n := p.rowsOf(p.shown(l)); skip >= n {
			skip -= n
			continue
		}
		role := l.role
		if i == p.hit {
			role = theme.Match
		}
		wrapped := wrapRunes(expandTabs(p.shown(l)), w)
		for j := len(wrapped) - 1 - skip; j >= 0 && len(rows) < h; j-- {
			rows = append(rows, logLine{text: wrapped[j], role: role})
		}
		skip = 0
	}
	for k := range rows {
		r := rows[len(rows)-1-k]
		if r.role == theme.Match {
			fillRow(screen, x, y+k, w, th.Style(theme.Match))
		}
		printText(screen, x, y+k, w, r.text, th.Style(r.role))
	}
}

// rowsOf is how many screen rows a line takes at the last drawn width.
func (p *logPane) rowsOf(text string) int {
	if p.width <= 0 {
		return 1
	}
	n := utf8.RuneCountInString(text)
	if strings.Contains(text, "\t") {
		n = utf8.RuneCountInString(expandTabs(text))
	}
	return max(1, (n+p.width-1)/p.width)
}

// rowsAfter is how many rows the lines after line i take.
func (p *logPane) rowsAfter(i int) int {
	n := 0
	for _, l := range p.lines[i+1:] {
		n += p.rowsOf(p.shown(l))
	}
	return n
}

// maxBack is how far up the Log scrolls: the top shows a full page.
func (p *logPane) maxBack() int {
	return max(0, p.rowsAfter(-1)-max(1, p.height))
}

// find moves the search to the next line up (dir -1) or down (dir 1) from
// the last match (or, for a new search, from the bottom of the view)
// that contains the search, wrapping, and scrolls it into view; it
// reports whether there is one.
func (p *logPane) find(dir int) bool {
	n := len(p.lines)
	if p.search == "" || n == 0 {
		return false
	}
	start := p.hit
	if start < 0 {
		start = n // above the newest line: the first step up is the newest
		if dir > 0 {
			start = -1
		}
	}
	for k := 1; k <= n; k++ {
		i := ((start+dir*k)%n + n) % n
		if len(findAll(p.lines[i].text, p.search)) > 0 {
			p.hit = i
			// The line at the bottom of the view, unless all of it and
			// what follows fit already.
			p.back = max(0, min(p.rowsAfter(i), p.maxBack()))
			return true
		}
	}
	return false
}

// endSearch drops the Log's search.
func (p *logPane) endSearch() { p.search, p.hit = "", -1 }

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
		p.back = p.maxBack()
	case actBottom:
		p.back = 0
	default:
		return false
	}
	p.back = max(0, min(p.back, p.maxBack()))
	return true
}

func (p *logPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(wheelHandler(p, p.move))
}
