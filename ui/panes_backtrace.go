package ui

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// backtracePane lists the frames of the stopped thread, one a row
// ("#1 main.main main.go:25"). Moving the selection selects the frame in
// the engine; the Stopped event that follows moves the Source pane. Owned
// by the UI goroutine.
type backtracePane struct {
	*tview.Box
	a           *App
	cursor, top int
	left        int
}

func newBacktracePane(a *App) *backtracePane {
	p := &backtracePane{Box: tview.NewBox(), a: a}
	p.SetBorder(true)
	return p
}

func (p *backtracePane) title() string { return "Backtrace" }

// follow puts the cursor on the selected frame.
func (p *backtracePane) follow(st *debugger.State) { p.cursor = st.SelectedFrame }

func frameRow(f debugger.Frame) string {
	s := fmt.Sprintf("#%-2d %s", f.Index, console.FuncName(f.Function))
	if f.File != "" {
		s += fmt.Sprintf(" %s:%d", baseName(f.File), f.Line)
	} else {
		s += fmt.Sprintf(" %#x", f.PC)
	}
	if f.Inlined {
		// Its code is the caller's (the next row, same pc): say so,
		// as Delve's DAP server does.
		s += " (inlined)"
	}
	return s
}

func (p *backtracePane) frames() []debugger.Frame {
	if p.a.state == nil || p.a.run != stateStopped {
		return nil
	}
	return p.a.state.Frames
}

func (p *backtracePane) Draw(screen tcell.Screen) {
	th := p.a.th
	setBoxChrome(p.Box, th, " Backtrace ", p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	frames := p.frames()
	if w <= 0 || h <= 0 {
		return
	}
	if len(frames) == 0 {
		msg := "(not stopped)"
		printCut(screen, x, y, w, msg, th.Style(theme.Dim), p.a.gl.ellipsis)
		return
	}
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+h {
		p.top = p.cursor - h + 1
	}
	sel := p.a.state.SelectedFrame
	for row := 0; row < h && p.top+row < len(frames); row++ {
		i := p.top + row
		s := th.Style(theme.Text)
		switch {
		case i == p.cursor && p.HasFocus():
			s = th.OnLine(s, theme.Cursor).Reverse(th.Mono)
		case i == sel && sel > 0:
			s = th.OnLine(s, theme.FrameLine)
		case i == 0:
			s = th.OnLine(s, theme.ExecLine)
		}
		if i == sel || i == p.cursor && p.HasFocus() || i == 0 {
			fillRow(screen, x, y+row, w, s)
		}
		text := frameRow(frames[i])
		if p.left < len(text) {
			text = text[p.left:]
		} else {
			text = ""
		}
		printCut(screen, x, y+row, w, text, s, p.a.gl.ellipsis)
	}
}

func (p *backtracePane) move(act action) bool {
	n := len(p.frames())
	_, _, _, h := p.GetInnerRect()
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
		default:
			return false
		}
	}
	if n == 0 {
		return true
	}
	p.cursor = max(0, min(c, n-1))
	p.a.selectFrame(p.cursor)
	return true
}

// MouseHandler: a click selects the frame under it, the wheel moves.
func (p *backtracePane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	wheel := wheelHandler(p, p.move)
	return p.WrapMouseHandler(func(act tview.MouseAction, ev *tcell.EventMouse, setFocus func(tview.Primitive)) (bool, tview.Primitive) {
		if act == tview.MouseLeftClick {
			mx, my := ev.Position()
			if !p.InRect(mx, my) {
				return false, nil
			}
			setFocus(p)
			_, y, _, _ := p.GetInnerRect()
			if i := p.top + my - y; my >= y && i < len(p.frames()) {
				p.cursor = i
				p.a.selectFrame(i)
			}
			return true, nil
		}
		return wheel(act, ev, setFocus)
	})
}
