package ui

import (
	"strconv"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
)

// varsPane is a tree of values, one `name = value` row each: the Locals
// pane (args and locals of the selected frame) and the Watch pane (the
// display expressions) are both one. Values are fetched off the UI
// goroutine after each stop; the replies are applied through post, and a
// reply for an older stop or frame is dropped (gen). Owned by the UI
// goroutine.
type varsPane struct {
	*tview.Box
	a     *App
	name  string // "Locals" or "Watch"
	roots func() []debugger.Request

	nodes       []*varNode
	cursor, top int
	left        int
	gen         int    // bumped by each refresh; stale replies are dropped
	key         string // the stop and frame the nodes are for
	msg         string // shown when there are no rows ("(not stopped)", errors)

	// Values at the previous stop, by function and expression, for the
	// changed-value highlight; cur is this stop's.
	prev, cur map[string]string
	prevStop  int
	open      map[string]bool // expanded expressions, kept across stops
}

// varNode is one row of the tree.
type varNode struct {
	v        debugger.Value
	depth    int
	expanded bool
	kids     []*varNode
	loading  bool
}

func newVarsPane(a *App, name string, roots func() []debugger.Request) *varsPane {
	p := &varsPane{Box: tview.NewBox(), a: a, name: name, roots: roots,
		prev: map[string]string{}, cur: map[string]string{}, open: map[string]bool{}, prevStop: -1}
	p.SetBorder(true)
	return p
}

func (p *varsPane) title() string { return p.name }

// stopKey names the stop and selected frame the pane shows.
func (p *varsPane) stopKey() (string, bool) {
	st := p.a.state
	if st == nil || p.a.run != stateStopped {
		return "", false
	}
	f, _ := p.a.selectedFrame()
	return strings.Join([]string{strconv.Itoa(st.Seq), strconv.Itoa(st.SelectedFrame), f.Function, strconv.Itoa(int(st.Goroutine))}, "/"), true
}

// refresh fetches the root values again if the stop or frame changed (or
// force). Called after each Stopped event and when the pane is shown.
func (p *varsPane) refresh(force bool) {
	key, ok := p.stopKey()
	if !ok {
		p.nodes, p.key, p.msg = nil, "", "(not stopped)"
		return
	}
	if key == p.key && !force {
		return
	}
	st := p.a.state
	if st.Seq != p.prevStop {
		// A new stop: this stop's values become the baseline.
		if len(p.cur) > 0 {
			p.prev = p.cur
		}
		p.cur = map[string]string{}
		p.prevStop = st.Seq
	}
	p.key = key
	p.gen++
	gen := p.gen
	fn := ""
	if f, ok := p.a.selectedFrame(); ok {
		fn = f.Function
	}
	reqs := p.roots()
	// After a stepout or a step off a function's end, the Locals pane of
	// the frame returned to begins with what the callee returned: rows
	// of their own, not expandable (the engine gives them no Expr: their
	// names are the callee's, not expressions of this frame).
	var returned []debugger.Value
	if p == p.a.locals && st.SelectedFrame == 0 {
		for _, v := range st.Returned {
			v.Name = "returned " + v.Name
			returned = append(returned, v)
		}
	}
	if p == p.a.locals {
		// At a panic the stop's note has the panic's value (rtstop.go):
		// it heads the Locals pane of every frame, as Delve prints
		// runtime.curg._panic.arg at the stop.
		returned = append(returned, panicRow(st)...)
	}
	// Sent from a worker: Send can block while the engine's queue is
	// full, and the screen must not.
	p.a.goSafe(func() {
		vals := returned
		var errs []string
		for _, r := range reqs {
			rep := <-p.a.eng.Send(r)
			if e, ok := r.(debugger.Eval); ok && (rep.Err != nil || len(rep.Values) == 0) {
				// A watch that cannot be evaluated here keeps its row,
				// saying why.
				msg := "no value"
				if rep.Err != nil {
					msg = rep.Err.Error()
				}
				vals = append(vals, debugger.Value{Name: e.Expr, Err: msg})
				continue
			}
			if rep.Err != nil {
				errs = append(errs, rep.Err.Error())
				continue
			}
			vals = append(vals, rep.Values...)
		}
		p.a.post(func() {
			if gen != p.gen {
				return
			}
			p.setRoots(fn, vals, errs)
		})
	})
}

// setRoots replaces the rows, re-expanding what was expanded.
func (p *varsPane) setRoots(fn string, vals []debugger.Value, errs []string) {
	p.nodes = nil
	p.msg = ""
	if len(vals) == 0 {
		p.msg = "(none)"
		if p == p.a.watch {
			p.msg = "(none: w adds a watch)"
		}
		if len(errs) > 0 {
			p.msg = "error: " + errs[0]
		}
	}
	for _, v := range vals {
		n := &varNode{v: v}
		p.nodes = append(p.nodes, n)
		p.note(fn, n)
		if v.Kids && p.open[p.openKey(fn, v)] {
			p.expand(n)
		}
	}
	p.cursor = max(0, min(p.cursor, len(p.visible())-1))
}

func (p *varsPane) openKey(fn string, v debugger.Value) string {
	if v.Expr != "" {
		return fn + "\x00" + v.Expr
	}
	return fn + "\x00" + v.Name
}

// note records n's value for the next stop's comparison.
func (p *varsPane) note(fn string, n *varNode) { p.cur[p.openKey(fn, n.v)] = n.v.Value }

// changed reports whether n's value differs from the previous stop's.
func (p *varsPane) changed(n *varNode) bool {
	f, _ := p.a.selectedFrame()
	old, ok := p.prev[p.openKey(f.Function, n.v)]
	return ok && old != n.v.Value
}

// expand fetches n's children.
func (p *varsPane) expand(n *varNode) {
	if !n.v.Kids || n.v.Expr == "" || n.loading {
		return
	}
	f, _ := p.a.selectedFrame()
	fn := f.Function
	n.expanded, n.loading = true, true
	p.open[p.openKey(fn, n.v)] = true
	gen := p.gen
	expr := n.v.Expr
	p.a.goSafe(func() {
		rep := <-p.a.eng.Send(debugger.Children{Expr: expr, Frame: debugger.SelectedFrame})
		p.a.post(func() {
			if gen != p.gen {
				return
			}
			n.loading = false
			n.kids = nil
			if rep.Err != nil {
				n.kids = []*varNode{{v: debugger.Value{Name: "error", Err: rep.Err.Error()}, depth: n.depth + 1}}
				return
			}
			for _, v := range rep.Values {
				k := &varNode{v: v, depth: n.depth + 1}
				n.kids = append(n.kids, k)
				p.note(fn, k)
				if v.Kids && p.open[p.openKey(fn, v)] {
					p.expand(k)
				}
			}
		})
	})
}

// collapse hides n's children.
func (p *varsPane) collapse(n *varNode) {
	f, _ := p.a.selectedFrame()
	n.expanded = false
	delete(p.open, p.openKey(f.Function, n.v))
}

// visible lists the rows in order: roots and the children of expanded
// nodes.
func (p *varsPane) visible() []*varNode {
	var out []*varNode
	var walk func(ns []*varNode)
	walk = func(ns []*varNode) {
		for _, n := range ns {
			out = append(out, n)
			if n.expanded {
				walk(n.kids)
			}
		}
	}
	walk(p.nodes)
	return out
}

// rowText is `name = value` with the tree's indent and marker.
func (p *varsPane) rowText(n *varNode) string {
	mark := "  "
	switch {
	case n.expanded && p.a.gl.ascii:
		mark = "- "
	case n.expanded:
		mark = "▾ "
	case n.v.Kids && n.v.Expr != "" && p.a.gl.ascii:
		mark = "+ "
	case n.v.Kids && n.v.Expr != "":
		mark = "▸ "
	}
	val := n.v.Value
	if n.v.Err != "" {
		val = "(error: " + n.v.Err + ")"
	}
	if n.loading {
		val += " ..."
	}
	return strings.Repeat("  ", n.depth) + mark + n.v.Name + " = " + val
}

func (p *varsPane) Draw(screen tcell.Screen) {
	th := p.a.th
	setBoxChrome(p.Box, th, " "+p.name+" ", p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	rows := p.visible()
	if p.a.state == nil {
		rows = nil // exited or detached: the values are gone
		p.msg = "(not stopped)"
	}
	if len(rows) == 0 {
		msg := p.msg
		if msg == "" {
			msg = "(not stopped)"
		}
		printCut(screen, x, y, w, msg, th.Style(theme.Dim), p.a.gl.ellipsis)
		return
	}
	p.cursor = max(0, min(p.cursor, len(rows)-1))
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+h {
		p.top = p.cursor - h + 1
	}
	p.top = max(0, min(p.top, len(rows)-1))
	for row := 0; row < h && p.top+row < len(rows); row++ {
		n := rows[p.top+row]
		s := th.Style(theme.Text)
		switch {
		case n.v.Err != "":
			s = th.Style(theme.Error)
		case p.changed(n):
			s = th.Style(theme.Changed)
		}
		if p.top+row == p.cursor && p.HasFocus() {
			s = th.OnLine(s, theme.Cursor).Reverse(th.Mono)
			fillRow(screen, x, y+row, w, s)
		}
		text := p.rowText(n)
		if p.left < len(text) {
			text = text[p.left:]
		} else {
			text = ""
		}
		printCut(screen, x, y+row, w, text, s, p.a.gl.ellipsis)
	}
}

func (p *varsPane) move(act action) bool {
	rows := p.visible()
	_, _, _, h := p.GetInnerRect()
	c := p.cursor
	var cur *varNode
	if c >= 0 && c < len(rows) {
		cur = rows[c]
	}
	c, moved := cursorMove(act, c, len(rows), h)
	if !moved {
		switch act {
		case actSelectOrEnter, actToggleBP:
			if cur != nil {
				if cur.expanded {
					p.collapse(cur)
				} else {
					p.expand(cur)
				}
			}
		case actRemoveWatch:
			if p != p.a.watch || cur == nil {
				return true
			}
			// The root the cursor is under is display number i.
			root := -1
			for _, r := range rows[:c+1] {
				if r.depth == 0 {
					root++
				}
			}
			if root >= 0 {
				p.a.runCommand("display -d " + strconv.Itoa(root))
			}
			return true
		case actRight:
			switch {
			case cur != nil && cur.v.Kids && !cur.expanded:
				p.expand(cur)
			default:
				p.left += 8
			}
			return true
		case actLeft:
			switch {
			case cur != nil && cur.expanded:
				p.collapse(cur)
			case p.left > 0:
				p.left = max(0, p.left-8)
			default:
				// On a child: go to its parent, as file trees do.
				for i := c - 1; cur != nil && i >= 0; i-- {
					if rows[i].depth < cur.depth {
						c = i
						break
					}
				}
			}
		default:
			return false
		}
	}
	p.cursor = max(0, min(c, len(rows)-1))
	return true
}

func (p *varsPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	wheel := wheelHandler(p, p.move)
	return p.WrapMouseHandler(func(act tview.MouseAction, ev *tcell.EventMouse, setFocus func(tview.Primitive)) (bool, tview.Primitive) {
		if act == tview.MouseLeftClick {
			mx, my := ev.Position()
			if !p.InRect(mx, my) {
				return false, nil
			}
			setFocus(p)
			_, y, _, _ := p.GetInnerRect()
			if i := p.top + my - y; my >= y && i < len(p.visible()) {
				p.cursor = i
			}
			return true, nil
		}
		return wheel(act, ev, setFocus)
	})
}

// panicRow is the Locals pane's "panic = VALUE" row at a panic stop, from
// the stop's note ("panic: 42"); none elsewhere.
func panicRow(st *debugger.State) []debugger.Value {
	if st.Reason.Kind != "panic" {
		return nil
	}
	for _, l := range strings.Split(st.Note, "\n") {
		if v, ok := strings.CutPrefix(l, "panic: "); ok {
			return []debugger.Value{{Name: "panic", Value: v}}
		}
	}
	return nil
}
