package ui

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/theme"
	"tdb/ui/console"
)

// stopsPane is the History pane: the stops the console recorded, one
// "#N REASON FUNC FILE:LINE" a row, newest last; Enter shows the stop
// under the cursor (history N). The list is the history's, read when the
// pane is drawn after a stop: only the visible rows are formatted, so
// 10,000 stops cost nothing until scrolled to. Owned by the UI goroutine.
type stopsPane struct {
	*tview.Box
	a           *App
	recs        []*console.StopRecord
	cursor, top int
	left        int
	follow      bool // the cursor stays on the newest stop (or the one shown)
}

func newStopsPane(a *App) *stopsPane {
	p := &stopsPane{Box: tview.NewBox(), a: a, follow: true}
	p.SetBorder(true)
	return p
}

func (p *stopsPane) title() string { return "History" }

// refresh reads the list again; the cursor goes to the stop shown, or to
// the newest one when it was there.
func (p *stopsPane) refresh() {
	h := p.a.historian()
	if h == nil {
		p.recs = nil
		return
	}
	p.recs = h.Stops().Records()
	if n := p.a.viewing(); n > 0 {
		for i, r := range p.recs {
			if r.N == n {
				p.cursor = i
			}
		}
		return
	}
	if p.follow {
		p.cursor = max(0, len(p.recs)-1)
	}
}

func (p *stopsPane) Draw(screen tcell.Screen) {
	th := p.a.th
	setBoxChrome(p.Box, th, " "+p.title()+" ", p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	if len(p.recs) == 0 {
		printCut(screen, x, y, w, "(no stops yet)", th.Style(theme.Dim), p.a.gl.ellipsis)
		return
	}
	p.cursor = max(0, min(p.cursor, len(p.recs)-1))
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+h {
		p.top = p.cursor - h + 1
	}
	shown := p.a.viewing()
	for row := 0; row < h && p.top+row < len(p.recs); row++ {
		r := p.recs[p.top+row]
		s := th.Style(theme.Text)
		if r.N == shown {
			s = th.OnLine(s, theme.FrameLine)
			fillRow(screen, x, y+row, w, s)
		}
		if p.top+row == p.cursor && p.HasFocus() {
			s = th.OnLine(s, theme.Cursor).Reverse(th.Mono)
			fillRow(screen, x, y+row, w, s)
		}
		text := stopRow(r)
		if p.left < len(text) {
			text = text[p.left:]
		} else {
			text = ""
		}
		printCut(screen, x, y+row, w, text, s, p.a.gl.ellipsis)
	}
}

// stopRow is the pane's row: the history list's line with the file's base
// name, which is what a narrow pane has room for.
func stopRow(r *console.StopRecord) string {
	st := r.State
	where := st.Function
	if where == "" {
		where = fmt.Sprintf("%#x", st.PC)
	}
	if st.File != "" {
		where += fmt.Sprintf(" %s:%d", baseName(st.File), st.Line)
	}
	return fmt.Sprintf("#%d %s %s", r.N, st.Reason, where)
}

func (p *stopsPane) move(act action) bool {
	_, _, _, h := p.GetInnerRect()
	n := len(p.recs)
	c, moved := cursorMove(act, p.cursor, n, h)
	if !moved {
		switch act {
		case actLeft:
			p.left = max(0, p.left-8)
			return true
		case actRight:
			p.left += 8
			return true
		case actSelectOrEnter:
			if c >= 0 && c < n {
				p.a.runCommand(fmt.Sprintf("history %d", p.recs[c].N))
			}
			return true
		default:
			return false
		}
	}
	p.cursor = max(0, min(c, n-1))
	p.follow = p.cursor == n-1
	return true
}

func (p *stopsPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(wheelHandler(p, p.move))
}
