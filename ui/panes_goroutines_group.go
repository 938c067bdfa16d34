package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// maxPaneGroups bounds the groups one request fetches for the pane: more
// distinct locations than this are a list, not a summary.
const maxPaneGroups = 1000

// groupRow is one row of the pane's group list; an entry of parallel
// stacks spans several (its count, then its frames). group indexes
// goroutinesPane.groups.
type groupRow struct {
	text  string
	group int
	head  bool // the entry's first row
}

// groupKinds is what the o key cycles through: none, then Delve's
// locations and the wait reason. Parallel stacks have a key of their own.
var groupKinds = []string{"", debugger.GroupUserLoc, debugger.GroupCurLoc, debugger.GroupGoLoc, debugger.GroupStartLoc, debugger.GroupWait}

// showingGroups: the pane lists groups, not goroutines.
func (p *goroutinesPane) showingGroups() bool { return p.group != "" && p.opened == "" }

// cycleGroup moves to the next grouping (o), back to none after wait.
func (p *goroutinesPane) cycleGroup() {
	next := groupKinds[0]
	for i, k := range groupKinds {
		if k == p.group {
			next = groupKinds[(i+1)%len(groupKinds)]
		}
	}
	p.setGroup(next)
}

// toggleStacks shows parallel stacks (P), or the plain list again.
func (p *goroutinesPane) toggleStacks() {
	if p.group == debugger.GroupStack {
		p.setGroup("")
		return
	}
	p.setGroup(debugger.GroupStack)
}

func (p *goroutinesPane) setGroup(kind string) {
	p.group, p.opened, p.groups, p.rows = kind, "", nil, nil
	p.reset()
}

// openGroup lists the members of group i (Enter on a group).
func (p *goroutinesPane) openGroup(i int) {
	if i < 0 || i >= len(p.groups) {
		return
	}
	p.groupCursor, p.groupTop = p.cursor, p.top
	p.opened, p.openedTitle = p.groups[i].Key, p.groupTitle(p.groups[i])
	if j := strings.Index(p.openedTitle, " "); j > 0 && p.group != debugger.GroupWait {
		// The function alone: the title has a narrow column's room.
		p.openedTitle = p.openedTitle[:j]
	}
	p.reset()
}

// back leaves an opened group for the group list (Esc, Backspace); false
// when no group is open.
func (p *goroutinesPane) back() bool {
	if p.opened == "" {
		return false
	}
	p.opened = ""
	p.reset()
	p.cursor, p.top = p.groupCursor, p.groupTop
	return true
}

// reset empties the pane and asks again from the first page.
func (p *goroutinesPane) reset() {
	p.list, p.cursor, p.top, p.start, p.total = nil, 0, 0, 0, 0
	p.msg = "(listing...)"
	if p.a.state != nil && p.a.run == stateStopped {
		p.fetch(0)
	}
}

// groupsArrived takes a page of groups into rows.
func (p *goroutinesPane) groupsArrived(rep debugger.Reply) {
	p.groups, p.total, p.grouped = rep.Groups, rep.Total, rep.Grouped
	p.rows = p.rows[:0]
	for i, g := range p.groups {
		if p.group == debugger.GroupStack {
			p.rows = append(p.rows, groupRow{text: fmt.Sprintf("%d × goroutine %d… [%s]", g.Count, g.Sample.ID, sampleStatus(g.Sample)), group: i, head: true})
			for _, f := range g.Stack {
				s := "    " + console.FuncName(f.Function)
				if f.File != "" {
					s += fmt.Sprintf(" %s:%d", baseName(f.File), f.Line)
				}
				p.rows = append(p.rows, groupRow{text: s, group: i})
			}
			continue
		}
		p.rows = append(p.rows, groupRow{text: fmt.Sprintf("%6d %s", g.Count, p.groupTitle(g)), group: i, head: true})
	}
	p.msg = ""
	if len(p.rows) == 0 {
		p.msg = "(no goroutines)"
	}
	p.cursor = max(0, min(p.cursor, len(p.rows)-1))
}

// groupTitle is a group's key made short: "main.park many.go:22" for a
// location ("FILE:LINE in FUNC"), the key itself otherwise.
func (p *goroutinesPane) groupTitle(g debugger.GoroutineGroup) string {
	switch p.group {
	case debugger.GroupWait:
		return g.Key
	case debugger.GroupStack:
		top := "?"
		for _, f := range g.Stack {
			if !strings.HasPrefix(f.Function, "runtime.") {
				top = console.FuncName(f.Function)
				break
			}
		}
		return top + " stack"
	}
	i := strings.LastIndex(g.Key, " in ")
	if i < 0 {
		return g.Key
	}
	return g.Key[i+4:] + " " + baseName(g.Key[:i])
}

func sampleStatus(g debugger.Goroutine) string {
	if g.WaitReason != "" {
		return g.Status + ": " + g.WaitReason
	}
	return g.Status
}

// groupsDrawTitle is the pane's title while it shows groups, "Groups by
// userloc (2 of 301)", or an opened group, "Group 1-200/300 main.park
// main.go:28": the counts first, for a narrow column cuts the end.
func (p *goroutinesPane) groupsDrawTitle() string {
	if p.opened != "" {
		t := " Group "
		if p.total > 0 {
			t += fmt.Sprintf("%d-%d/%d ", p.start+1, p.start+len(p.list), p.total)
		}
		return t + p.openedTitle + " "
	}
	t := " Groups by " + p.group + " "
	if p.group == debugger.GroupStack {
		t = " Parallel stacks "
	}
	if p.total > 0 {
		t += fmt.Sprintf("(%d of %d) ", p.total, p.grouped)
	}
	return t
}

// drawGroups draws the group rows; the entry under the cursor is
// highlighted whole.
func (p *goroutinesPane) drawGroups(screen tcell.Screen, x, y, w, h int) {
	th := p.a.th
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+h {
		p.top = p.cursor - h + 1
	}
	cur := -1
	if p.cursor >= 0 && p.cursor < len(p.rows) {
		cur = p.rows[p.cursor].group
	}
	for row := 0; row < h && p.top+row < len(p.rows); row++ {
		r := p.rows[p.top+row]
		s := th.Style(theme.Text)
		if !r.head {
			s = th.Style(theme.Dim)
		}
		if r.group == cur && p.HasFocus() {
			s = th.OnLine(s, theme.Cursor).Reverse(th.Mono)
			fillRow(screen, x, y+row, w, s)
		}
		text := r.text
		if p.left < len(text) {
			text = text[p.left:]
		} else {
			text = ""
		}
		printCut(screen, x, y+row, w, text, s, p.a.gl.ellipsis)
	}
}

// moveGroups is move while the pane shows groups: the cursor goes from
// entry to entry (a stack entry's rows move as one), Enter opens one.
func (p *goroutinesPane) moveGroups(act action) bool {
	_, _, _, h := p.GetInnerRect()
	n := len(p.rows)
	switch act {
	case actSelectOrEnter:
		if p.cursor >= 0 && p.cursor < n {
			p.openGroup(p.rows[p.cursor].group)
		}
		return true
	case actLeft:
		p.left = max(0, p.left-8)
		return true
	case actRight:
		p.left += 8
		return true
	case actUp, actDown:
		// To the head of the entry before or after.
		g := 0
		if p.cursor < n {
			g = p.rows[p.cursor].group
		}
		if act == actUp {
			g--
		} else {
			g++
		}
		for i, r := range p.rows {
			if r.group == g && r.head {
				p.cursor = i
			}
		}
		return true
	}
	c, moved := cursorMove(act, p.cursor, n, h)
	if !moved {
		return false
	}
	p.cursor = max(0, min(c, n-1))
	return true
}
