package ui

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
)

// mechPane is the Mechanics pane (key M, issue 15): each ptrace operation
// on its own row with what it means on the row below, grouped under the
// command that caused it (a typed command, a key's command, a gutter
// click). In mechanics step mode its last rows are the operation the
// engine waits before; Space performs it. Owned by the UI goroutine.
type mechPane struct {
	*tview.Box
	a    *App
	rows []mechRow
	// cmd is the command running now; header the one whose header row
	// was written last: a header is written when its first operation
	// comes, so commands without any (print x) leave no empty group.
	cmd, header string
	// waiting is the operation the engine is paused before, nil if none.
	waiting *debugger.Mechanics
	top     int
	follow  bool // the view stays on the newest rows
	shown   int  // rows as last drawn, wrapped to the pane's width
}

type mechRow struct {
	text string
	role theme.Role
}

// maxMechRows bounds the pane: a continue over a hot breakpoint makes
// thousands of operations a second.
const maxMechRows = 20000

func newMechPane(a *App) *mechPane {
	p := &mechPane{Box: tview.NewBox(), a: a, follow: true}
	p.SetBorder(true)
	return p
}

func (p *mechPane) title() string { return "Mechanics" }

// command starts the group of line's operations.
func (p *mechPane) command(line string) { p.cmd = line }

// add takes in one event: an operation performed, or (Pending) the one the
// engine waits before.
func (p *mechPane) add(ev debugger.Mechanics) {
	if ev.Pending {
		p.waiting = &ev
		return
	}
	p.waiting = nil
	if p.cmd != p.header || len(p.rows) == 0 {
		p.header = p.cmd
		h := p.cmd
		if h == "" {
			h = "(tdb on its own)"
		}
		p.rows = append(p.rows, mechRow{"▸ " + h, theme.Command})
	}
	p.rows = append(p.rows, mechRow{"  " + ev.Text, theme.Mechanics})
	if ev.Explain != "" {
		p.rows = append(p.rows, mechRow{"      " + ev.Explain, theme.Text})
	}
	if n := len(p.rows) - maxMechRows; n > 0 {
		p.rows = append(p.rows[:0:0], p.rows[n:]...)
		p.top = max(0, p.top-n)
	}
}

// lines is every row the pane shows, the waiting operation's last.
func (p *mechPane) lines() []mechRow {
	if p.waiting == nil {
		return p.rows
	}
	rows := append(p.rows[:len(p.rows):len(p.rows)],
		mechRow{"▶ next: " + p.waiting.Text + "   (Space performs it)", theme.Warning})
	if p.waiting.Explain != "" {
		rows = append(rows, mechRow{"      " + p.waiting.Explain, theme.Warning})
	}
	return rows
}

// Text is the pane's rows as text, for tests and the Log's copy.
func (p *mechPane) Text() string {
	var b strings.Builder
	for _, r := range p.lines() {
		b.WriteString(r.text)
		b.WriteByte('\n')
	}
	return b.String()
}

func (p *mechPane) Draw(screen tcell.Screen) {
	th := p.a.th
	setBoxChrome(p.Box, th, " "+p.title()+" ", p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	rows := wrapRows(p.lines(), w)
	p.shown = len(rows)
	if len(rows) == 0 {
		printCut(screen, x, y, w, "(mechanics on shows each ptrace operation here; mechanics step goes one at a time)", th.Style(theme.Dim), p.a.gl.ellipsis)
		return
	}
	if p.follow {
		p.top = max(0, len(rows)-h)
	}
	p.top = max(0, min(p.top, len(rows)-1))
	for row := 0; row < h && p.top+row < len(rows); row++ {
		r := rows[p.top+row]
		printCut(screen, x, y+row, w, r.text, th.Style(r.role), p.a.gl.ellipsis)
	}
}

func (p *mechPane) move(act action) bool {
	// The ends need no count of the rows: a pane not drawn yet (a
	// lesson's M then g) knows none.
	switch act {
	case actTop:
		p.top, p.follow = 0, false
		return true
	case actBottom:
		p.follow = true
		return true
	}
	_, _, _, h := p.GetInnerRect()
	n := p.shown
	c, moved := cursorMove(act, p.top, n, h)
	if !moved {
		return false
	}
	p.top = max(0, min(c, n-1))
	p.follow = p.top >= n-h
	return true
}

func (p *mechPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(wheelHandler(p, p.move))
}

// mechanicsNext performs the operation the engine waits before (Space
// while it waits). It reports whether there was one.
func (a *App) mechanicsNext() bool {
	if a.mech.waiting == nil {
		return false
	}
	if s, ok := a.session().(interface{ MechanicsNext() bool }); ok && s.MechanicsNext() {
		return true
	}
	return false
}

// mechStepping reports whether the session is in mechanics step mode.
func (a *App) mechStepping() bool {
	s, ok := a.session().(interface{ MechanicsStepping() bool })
	return ok && s.MechanicsStepping()
}

// session is the engine under the history's view (run.go's wire).
func (a *App) session() any {
	var eng any = a.eng
	if v, ok := eng.(viewEngine); ok {
		eng = v.engine
	}
	return eng
}

// isSpace reports whether ev is the Space bar, unmodified.
func isSpace(ev *tcell.EventKey) bool {
	return ev.Key() == tcell.KeyRune && ev.Rune() == ' ' && ev.Modifiers() == 0
}

// wrapRows folds rows wider than w at spaces, the rest of a row indented
// under its start: an explanation cut at a narrow pane's edge says
// nothing to a class.
func wrapRows(rows []mechRow, w int) []mechRow {
	var out []mechRow
	for _, r := range rows {
		text := []rune(r.text)
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		indent += 2
		if indent > w/2 {
			indent = 0
		}
		for len(text) > w && w > indent+8 {
			cut := w
			for cut > indent+8 && text[cut] != ' ' {
				cut--
			}
			if text[cut] != ' ' {
				cut = w
			}
			out = append(out, mechRow{string(text[:cut]), r.role})
			rest := strings.TrimLeft(string(text[cut:]), " ")
			text = []rune(strings.Repeat(" ", indent) + rest)
		}
		out = append(out, mechRow{string(text), r.role})
	}
	return out
}
