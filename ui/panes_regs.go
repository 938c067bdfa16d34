package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/theme"
	"tdb/ui/console"
)

// regColumn is the width of one register cell: an 8-character name and a
// zero-padded 64-bit value, so the pane never shifts as values change.
const regColumn = 8 + 1 + 18

// regsPane shows the registers of the current stop, those changed since
// the previous stop highlighted, eflags decoded on a row of its own. Owned
// by the UI goroutine.
type regsPane struct {
	*tview.Box
	a    *App
	top  int
	rows int
}

func newRegsPane(a *App) *regsPane {
	p := &regsPane{Box: tview.NewBox(), a: a}
	p.SetBorder(true)
	return p
}

func (p *regsPane) title() string { return "Registers" }

type regCell struct {
	text    string
	changed bool
	dim     bool
}

// cells lays the registers out as fixed-width cells.
func (p *regsPane) cells() []regCell {
	st := p.a.state
	if st == nil {
		return nil
	}
	var out []regCell
	for _, r := range st.Registers {
		out = append(out, regCell{text: fmt.Sprintf("%-8s 0x%016x", r.Name, r.Value), changed: p.a.changed(r.Name, r.Value)})
		if r.Name == "eflags" {
			out = append(out, regCell{text: fmt.Sprintf("%-8s [%s]", "", strings.Join(console.EflagsNames(r.Value), " ")), dim: true})
		}
	}
	return out
}

func (p *regsPane) Draw(screen tcell.Screen) {
	th := p.a.th
	t := " Registers "
	if st := p.a.state; st != nil && st.SelectedFrame > 0 {
		// The engine reports the stopped thread's registers, which are
		// frame #0's whatever frame is selected: say so.
		t = " Registers (frame #0) "
	}
	setBoxChrome(p.Box, th, t, p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	cells := p.cells()
	if w <= 0 || h <= 0 || len(cells) == 0 {
		return
	}
	ncols := max(1, (w+2)/(regColumn+2))
	nrows := (len(cells) + ncols - 1) / ncols
	p.rows = nrows
	p.top = max(0, min(p.top, nrows-h))
	for i, c := range cells {
		col, row := i/nrows, i%nrows-p.top
		if row < 0 || row >= h {
			continue
		}
		s := th.Style(theme.Text)
		switch {
		case c.changed:
			s = th.Style(theme.Changed)
		case c.dim:
			s = th.Style(theme.Dim)
		}
		cx := x + col*(regColumn+2)
		printCut(screen, cx, y+row, min(regColumn, x+w-cx), c.text, s, p.a.gl.ellipsis)
	}
}

func (p *regsPane) move(act action) bool {
	_, _, _, h := p.GetInnerRect()
	switch act {
	case actUp:
		p.top--
	case actDown:
		p.top++
	case actPageUp, actHalfPageUp:
		p.top -= max(1, h/2)
	case actPageDown, actHalfPageDown:
		p.top += max(1, h/2)
	case actTop:
		p.top = 0
	case actBottom:
		p.top = p.rows
	default:
		return false
	}
	p.top = max(0, min(p.top, p.rows-1))
	return true
}

func (p *regsPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(wheelHandler(p, p.move))
}

// wheelHandler is the mouse behaviour of the list panes: a click focuses,
// the wheel moves.
func wheelHandler(p tview.Primitive, move func(action) bool) func(tview.MouseAction, *tcell.EventMouse, func(tview.Primitive)) (bool, tview.Primitive) {
	return func(act tview.MouseAction, ev *tcell.EventMouse, setFocus func(tview.Primitive)) (bool, tview.Primitive) {
		mx, my := ev.Position()
		if bx, by, bw, bh := p.GetRect(); mx < bx || my < by || mx >= bx+bw || my >= by+bh {
			return false, nil
		}
		switch act {
		case tview.MouseLeftClick:
			setFocus(p)
			return true, nil
		case tview.MouseScrollUp:
			move(actUp)
			return true, nil
		case tview.MouseScrollDown:
			move(actDown)
			return true, nil
		}
		return false, nil
	}
}
