package ui

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// goroutinePage is how many goroutines one request fetches: a program
// with 10,000 goroutines is listed a page at a time.
const goroutinePage = 200

// goroutinesPane lists the goroutines of the stopped program, a page at a
// time: the program's own, or with the runtime's too (the a key). Enter
// switches to the goroutine under the cursor, and the Stopped event that
// follows moves the backtrace and source. Owned by the UI goroutine.
type goroutinesPane struct {
	*tview.Box
	a           *App
	list        []debugger.Goroutine
	start       int // index of list[0] among all
	total       int
	cursor, top int // cursor indexes list
	left        int
	gen         int
	seq         int // the stop the list is for (-1: none)
	msg         string
	// all lists the runtime's goroutines too, as `goroutines -a` does.
	all bool
	// filter keeps the goroutines whose status, wait reason or locations
	// contain it. The engine filters and pages: with 10,000 goroutines
	// the pane holds one page, and a frame draws only its visible rows.
	filter string
	// group is the grouping shown ("": none; o cycles Delve's locations
	// and the wait reason, P shows parallel stacks); groups and rows
	// hold its page, grouped the goroutines in them. opened is the key
	// of the group whose goroutines are listed (Enter; Esc goes back to
	// the cursor it had, groupCursor and groupTop).
	group                 string
	groups                []debugger.GoroutineGroup
	rows                  []groupRow
	grouped               int
	opened, openedTitle   string
	groupCursor, groupTop int
}

func newGoroutinesPane(a *App) *goroutinesPane {
	p := &goroutinesPane{Box: tview.NewBox(), a: a, seq: -1}
	p.SetBorder(true)
	return p
}

func (p *goroutinesPane) title() string { return "Goroutines" }

// refresh fetches the page again after a new stop (or when force).
func (p *goroutinesPane) refresh(force bool) {
	st := p.a.state
	if st == nil || p.a.run != stateStopped {
		p.list, p.seq, p.msg = nil, -1, "(not stopped)"
		return
	}
	if st.Seq == p.seq && !force {
		return
	}
	p.seq = st.Seq
	p.fetch(p.start)
}

// fetch asks for the page starting at start.
func (p *goroutinesPane) fetch(start int) {
	p.gen++
	gen, filter := p.gen, p.filter
	req := debugger.ListGoroutines{All: p.all, Filter: filter, Start: start, Count: goroutinePage, Group: p.group, InGroup: p.opened}
	groups := p.showingGroups()
	if groups {
		req.Start, req.Count = 0, maxPaneGroups
	}
	p.a.goSafe(func() {
		rep := <-p.a.eng.Send(req)
		p.a.post(func() {
			if gen != p.gen {
				return
			}
			if rep.Err != nil {
				p.list, p.rows, p.msg = nil, nil, "error: "+rep.Err.Error()
				return
			}
			if groups {
				p.groupsArrived(rep)
				return
			}
			p.list, p.start, p.total, p.msg = rep.Goroutines, start, rep.Total, ""
			if len(p.list) == 0 {
				p.msg = "(no goroutines)"
				if filter != "" {
					p.msg = fmt.Sprintf("(no goroutine matches %q: / then Esc shows all)", filter)
				}
			}
			p.cursor = max(0, min(p.cursor, len(p.list)-1))
			// Put the cursor on the selected goroutine when it is here.
			if st := p.a.state; st != nil {
				for i, g := range p.list {
					if g.ID == st.Goroutine {
						p.cursor = i
					}
				}
			}
		})
	})
}

// goroutineRow is "* 7 waiting (chan receive) main.worker w.go:12".
func goroutineRow(g debugger.Goroutine, selected bool) string {
	mark := "  "
	if selected {
		mark = "* "
	}
	status := g.Status
	if g.WaitReason != "" {
		status += " (" + g.WaitReason + ")"
	}
	loc := g.User
	if loc.Function == "" {
		loc = g.Current
	}
	s := fmt.Sprintf("%s%d %s %s", mark, g.ID, status, console.FuncName(loc.Function))
	if loc.File != "" {
		s += fmt.Sprintf(" %s:%d", baseName(loc.File), loc.Line)
	}
	return s
}

// setFilter lists the goroutines matching f ("" for all) from the first.
func (p *goroutinesPane) setFilter(f string) {
	if f == p.filter {
		return
	}
	p.filter, p.cursor, p.top, p.start, p.total = f, 0, 0, 0, 0
	p.list, p.msg = nil, "(listing...)" // until the engine answers
	if p.a.state != nil && p.a.run == stateStopped {
		p.fetch(0)
	}
}

func (p *goroutinesPane) Draw(screen tcell.Screen) {
	th := p.a.th
	t := " Goroutines "
	if p.group != "" {
		t = p.groupsDrawTitle()
	} else if p.total > 0 {
		t = fmt.Sprintf(" Goroutines %d-%d/%d ", p.start+1, p.start+len(p.list), p.total)
	}
	if p.all {
		t += "(all) "
	}
	if p.filter != "" {
		t += "/" + p.filter + " "
	}
	setBoxChrome(p.Box, th, t, p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	if p.showingGroups() && len(p.rows) > 0 && p.a.run == stateStopped {
		p.drawGroups(screen, x, y, w, h)
		return
	}
	if p.showingGroups() || len(p.list) == 0 || p.a.run != stateStopped {
		msg := p.msg
		if msg == "" || p.a.run != stateStopped {
			msg = "(not stopped)"
		}
		printCut(screen, x, y, w, msg, th.Style(theme.Dim), p.a.gl.ellipsis)
		return
	}
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+h {
		p.top = p.cursor - h + 1
	}
	var cur int64
	if st := p.a.state; st != nil {
		cur = st.Goroutine
	}
	for row := 0; row < h && p.top+row < len(p.list); row++ {
		g := p.list[p.top+row]
		s := th.Style(theme.Text)
		if g.ID == cur {
			s = th.OnLine(s, theme.FrameLine)
			fillRow(screen, x, y+row, w, s)
		}
		if p.top+row == p.cursor && p.HasFocus() {
			s = th.OnLine(s, theme.Cursor).Reverse(th.Mono)
			fillRow(screen, x, y+row, w, s)
		}
		text := goroutineRow(g, g.ID == cur)
		if p.left < len(text) {
			text = text[p.left:]
		} else {
			text = ""
		}
		printCut(screen, x, y+row, w, text, s, p.a.gl.ellipsis)
	}
}

func (p *goroutinesPane) move(act action) bool {
	switch act {
	case actGorGroup:
		p.cycleGroup()
		return true
	case actGorStacks:
		p.toggleStacks()
		return true
	case actGorBack:
		return p.back()
	}
	if p.showingGroups() {
		if act == actGorAll {
			p.toggleAll()
			return true
		}
		return p.moveGroups(act)
	}
	_, _, _, h := p.GetInnerRect()
	n := len(p.list)
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
				p.a.switchGoroutine(p.list[c].ID)
			}
			return true
		case actGorAll:
			p.toggleAll()
			return true
		default:
			return false
		}
	}
	// Past either end of the page: the next or previous page.
	switch {
	case c >= n && p.start+n < p.total:
		p.cursor = 0
		p.fetch(p.start + n)
		return true
	case c < 0 && p.start > 0:
		p.cursor = goroutinePage - 1
		p.fetch(max(0, p.start-goroutinePage))
		return true
	}
	p.cursor = max(0, min(c, n-1))
	return true
}

func (p *goroutinesPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(wheelHandler(p, p.move))
}

// toggleAll lists the runtime's goroutines too, or no more, from the
// first page (the cursor goes to the selected goroutine if it is there).
func (p *goroutinesPane) toggleAll() {
	p.all = !p.all
	p.opened = ""
	p.reset()
}

// switchGoroutine asks the engine to select goroutine id; its Stopped
// event moves the panes.
func (a *App) switchGoroutine(id int64) {
	if a.run != stateStopped {
		return
	}
	a.goSafe(func() {
		if rep := <-a.eng.Send(debugger.SwitchGoroutine{ID: id}); rep.Err != nil {
			a.post(func() { a.log.add("error: "+rep.Err.Error(), theme.Error) })
		}
	})
}
