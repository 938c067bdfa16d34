package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/source"
	"tdb/theme"
	"tdb/ui/console"
)

// tabWidth is how wide a tab is drawn: Go source is tab-indented, and 4
// keeps nested code readable in 80 columns.
const tabWidth = 4

// sourcePane shows the source of the selected frame, or the disassembly of
// its function when there is no source. It draws only the visible rows
// straight onto the screen (a 10,000-line file costs what its visible rows
// cost). Owned by the UI goroutine.
type sourcePane struct {
	*tview.Box
	a *App

	path    string       // the file shown, as the binary records it
	file    *source.File // nil: no source (see noSource)
	noSrc   string       // why there is no source, for the title
	disasm  []debugger.Instruction
	disPC   uint64 // pc the disassembly was asked for
	disFunc string

	top, cursor, left int // first visible row, cursor row, first visible column (0-based)
	reveal            int // row to bring into view at the next draw (-1: none)
	rows              int // visible rows at the last draw

	search    string
	searching bool
	told      bool // the Log has said once how search and step share n

	bpIdx bpIndex // gutter marks of a.bps
}

func newSourcePane(a *App) *sourcePane {
	p := &sourcePane{Box: tview.NewBox(), a: a, reveal: -1}
	p.SetBorder(true)
	return p
}

func (p *sourcePane) title() string { return "Source" }

// inDisasm reports whether the pane shows disassembly.
func (p *sourcePane) inDisasm() bool { return p.file == nil && len(p.disasm) > 0 }

// count is the number of rows the pane's content has.
func (p *sourcePane) count() int {
	if p.file != nil {
		return len(p.file.Lines)
	}
	return len(p.disasm)
}

// follow moves the pane and its cursor to the selected frame of st: the
// execution line after a stop, the caller's line after a frame change.
func (p *sourcePane) follow(st *debugger.State) {
	if f, ok := p.a.selectedFrame(); ok {
		p.showFrame(f)
	}
	p.a.asm.follow() // panes_asm.go: the same frame's instructions
}

// showFrame shows f's line, or its function's disassembly.
func (p *sourcePane) showFrame(f debugger.Frame) {
	if f.File != "" {
		file, err := p.a.files.Get(p.a.sourcePath(f.File))
		if err == nil {
			p.showFile(f.File, file, f.Line)
			return
		}
		var nf *source.ErrNoFile
		if errors.As(err, &nf) {
			p.noSrc = baseName(f.File) + " not found"
		} else {
			p.noSrc = err.Error()
		}
	} else {
		p.noSrc = "" // the title says "Disassembly" already
	}
	p.showDisasm(f)
}

func (p *sourcePane) showFile(path string, f *source.File, line int) {
	if p.file != f {
		p.left = 0
	}
	p.path, p.file, p.disasm = path, f, nil
	p.gotoRow(line - 1)
}

// gotoRow puts the cursor on row i and brings it into view with context.
func (p *sourcePane) gotoRow(i int) {
	if n := p.count(); i >= n {
		i = n - 1
	}
	if i < 0 {
		i = 0
	}
	p.cursor = i
	p.reveal = i
}

// showDisasm asks the engine for the function's instructions, unless it
// has them already; they arrive through post.
func (p *sourcePane) showDisasm(f debugger.Frame) {
	p.file, p.path = nil, ""
	if len(p.disasm) > 0 && p.disFunc == f.Function {
		p.disPC = f.PC
		p.gotoPC()
		return
	}
	p.disasm, p.disFunc, p.disPC = nil, f.Function, f.PC
	a := p.a
	ch := a.eng.Send(debugger.Disassemble{})
	a.goSafe(func() {
		rep := <-ch
		a.post(func() {
			if p.file != nil || p.disFunc != f.Function {
				return // moved on meanwhile
			}
			if rep.Err != nil {
				p.noSrc += " (" + rep.Err.Error() + ")"
				return
			}
			p.disasm = rep.Instructions
			p.gotoPC()
		})
	})
}

func (p *sourcePane) gotoPC() {
	for i, in := range p.disasm {
		if in.Addr == p.disPC {
			p.gotoRow(i)
			return
		}
	}
}

// execRow returns the row of the execution point in what the pane shows
// (-1 if elsewhere), and the row of the selected caller frame (-1 if none
// or elsewhere).
func (p *sourcePane) execRow() (exec, frame int) {
	exec, frame = -1, -1
	st := p.a.state
	if st == nil || p.a.run != stateStopped || len(st.Frames) == 0 {
		return
	}
	at := func(f debugger.Frame) int {
		if p.file != nil {
			if f.File == p.path && f.Line > 0 {
				return f.Line - 1
			}
			return -1
		}
		for i, in := range p.disasm {
			if in.Addr == f.PC {
				return i
			}
		}
		return -1
	}
	exec = at(st.Frames[0])
	if st.SelectedFrame > 0 && st.SelectedFrame < len(st.Frames) {
		frame = at(st.Frames[st.SelectedFrame])
	}
	return
}

// bpMark returns the breakpoint glyph and role for a source line or an
// address, or 0. It is a map lookup: the index is rebuilt only when the
// breakpoint list or the shown file changes, so a frame costs the same
// with 10,000 breakpoints as with one.
func (p *sourcePane) bpMark(line int, addr uint64) (rune, theme.Role) {
	idx := &p.bpIdx
	idx.update(p.a.bps, p.path)
	var k bpKind
	if p.file != nil {
		k = idx.lines[line]
	} else {
		k = idx.addrs[addr]
	}
	switch k {
	case bpCond:
		return p.a.gl.bpCond, theme.BreakpointCond
	case bpOn:
		return p.a.gl.bp, theme.Breakpoint
	case bpOff:
		return p.a.gl.bpOff, theme.BreakpointOff
	}
	return 0, 0
}

// bpKind is how a gutter mark looks; a higher kind wins when several
// breakpoints share a line.
type bpKind uint8

const (
	bpNone bpKind = iota
	bpOff
	bpOn
	bpCond // enabled with a condition
)

// bpIndex maps the shown file's lines, and addresses, to their gutter
// mark. Owned by the UI goroutine.
type bpIndex struct {
	bps    []debugger.Breakpoint // the list it was built from (by identity)
	path   string
	lines  map[int]bpKind
	addrs  map[uint64]bpKind
	builds int // how many times it was built: tests check it is not per frame
}

// update rebuilds the index if bps (a new slice whenever the list
// changes: snapshots are immutable) or path differ from the last build.
func (x *bpIndex) update(bps []debugger.Breakpoint, path string) {
	same := len(bps) == len(x.bps) && (len(bps) == 0 || &bps[0] == &x.bps[0])
	if x.lines != nil && path == x.path && (same || sameMarks(bps, x.bps)) {
		// Each stop brings a new list, usually with the same
		// breakpoints (only hit counts move): comparing is cheaper
		// than building maps of 10,000 entries again.
		x.bps = bps
		return
	}
	x.bps, x.path, x.builds = bps, path, x.builds+1
	// A file's marks go by line, the disassembly's (no path) by address:
	// only one of the two is ever looked up.
	if path != "" {
		x.lines, x.addrs = make(map[int]bpKind, len(bps)), nil
	} else {
		x.lines, x.addrs = map[int]bpKind{}, make(map[uint64]bpKind, len(bps))
	}
	for _, bp := range bps {
		k := bpOff
		switch {
		case bp.Enabled && (bp.Cond != "" || bp.HitCond != ""):
			k = bpCond
		case bp.Enabled:
			k = bpOn
		}
		if path != "" {
			if bp.Line > 0 && sameFile(bp.File, path) {
				x.lines[bp.Line] = max(x.lines[bp.Line], k)
			}
			continue
		}
		for _, a := range bp.Addrs {
			x.addrs[a] = max(x.addrs[a], k)
		}
	}
}

// sameMarks reports whether a and b put the same marks in the gutter.
func sameMarks(a, b []debugger.Breakpoint) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		p, q := &a[i], &b[i]
		if p.ID != q.ID || p.Line != q.Line || p.File != q.File || p.Enabled != q.Enabled ||
			(p.Cond == "") != (q.Cond == "") || (p.HitCond == "") != (q.HitCond == "") || !slices.Equal(p.Addrs, q.Addrs) {
			return false
		}
	}
	return true
}

// sameFile compares a breakpoint's file with the shown one: both are as
// the binary records them, but a user may have given a base name.
func sameFile(bpFile, shown string) bool {
	if bpFile == shown {
		return true
	}
	return !strings.HasPrefix(bpFile, "/") && baseName(bpFile) == baseName(shown)
}

func (p *sourcePane) gutterWidth() int {
	if p.file == nil {
		return 3
	}
	return 3 + max(3, len(fmt.Sprint(len(p.file.Lines)))) + 1
}

// Draw draws the visible rows.
func (p *sourcePane) Draw(screen tcell.Screen) {
	a := p.a
	p.setChrome()
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	p.rows = h
	p.scrollInto(h)
	n := p.count()
	if n == 0 {
		msg := p.noSrc
		if msg == "" {
			msg = "no source yet"
		}
		printCut(screen, x+1, y, w-1, msg, a.th.Style(theme.Dim), a.gl.ellipsis)
		return
	}
	exec, frame := p.execRow()
	gw := p.gutterWidth()
	var spans [][]source.Span
	if p.file != nil {
		spans = a.hl.spans(p.file)
	}
	focused := p.HasFocus()
	for row := 0; row < h; row++ {
		i := p.top + row
		if i >= n {
			break
		}
		lineRole, style := a.rowLook(i, exec, frame, p.cursor, focused)
		// The box cleared the pane to the background already: only a
		// highlighted line needs its own fill. (Every cell written costs
		// tcell an allocation; a frame of 250x70 writes 17,500.)
		if lineRole >= 0 {
			fillRow(screen, x, y+row, w, style(a.th.Style(theme.Text)))
		}
		// Gutter: mark, arrow, number.
		var addr uint64
		if p.file == nil {
			addr = p.disasm[i].Addr
		}
		if m, r := p.bpMark(i+1, addr); m != 0 {
			screen.SetContent(x, y+row, m, nil, style(a.th.Style(r)))
		}
		switch i {
		case exec:
			printText(screen, x+1, y+row, 2, a.gl.arrow, style(a.th.Style(theme.Arrow)))
		case frame:
			printText(screen, x+1, y+row, 2, a.gl.frame, style(a.th.Style(theme.Arrow)))
		}
		if p.file != nil {
			ns := style(a.th.Style(theme.Dim))
			if i == p.cursor && focused {
				ns = ns.Reverse(true)
			}
			drawNumber(screen, x+3, y+row, gw-4, i+1, ns)
			var ls []source.Span
			if spans != nil {
				ls = spans[i]
			}
			p.drawCode(screen, x+gw, y+row, w-gw, p.file.Lines[i], ls, style)
		} else {
			in := p.disasm[i]
			ns := style(a.th.Style(theme.Dim))
			if i == p.cursor && focused {
				ns = ns.Reverse(true)
			}
			txt := fmt.Sprintf("%#x", in.Addr)
			printText(screen, x+gw, y+row, w-gw, txt, ns)
			p.drawCode(screen, x+gw+len(txt)+2, y+row, w-gw-len(txt)-2, in.Text, nil, style)
		}
	}
}

// drawNumber draws n right-aligned in w cells, blanks before it, without
// allocating: it runs for every row of every frame.
func drawNumber(screen tcell.Screen, x, y, w, n int, style tcell.Style) {
	for c := w - 1; c >= 0; c-- {
		r := ' '
		if n > 0 || c == w-1 {
			r = rune('0' + n%10)
			n /= 10
		}
		screen.SetContent(x+c, y, r, nil, style)
	}
}

// setChrome sets the border and the title: the file, and whether it is
// newer than the binary.
func (p *sourcePane) setChrome() {
	a := p.a
	var t string
	switch {
	case p.file != nil:
		t = " " + baseName(p.path) + " "
		if a.sourceIsNewer(p.file) {
			t += "[warning: source newer than binary] "
		}
	case p.inDisasm():
		t = " Disassembly: " + console.FuncName(p.disFunc) + " "
		if p.noSrc != "" {
			t += "(" + p.noSrc + ") "
		}
	default:
		t = " Source "
	}
	if p.searching {
		t += "/" + p.search + " "
	}
	setBoxChrome(p.Box, a.th, t, p.HasFocus())
}

// scrollInto applies a pending reveal (with context: a third of the pane
// above the line when it has to scroll) and keeps the cursor visible.
func (p *sourcePane) scrollInto(h int) {
	n := p.count()
	if p.reveal >= 0 {
		ctx := min(3, h/4)
		if p.reveal < p.top+ctx || p.reveal >= p.top+h-ctx {
			p.top = p.reveal - h/3
		}
		p.reveal = -1
	} else {
		if p.cursor < p.top {
			p.top = p.cursor
		}
		if p.cursor >= p.top+h {
			p.top = p.cursor - h + 1
		}
	}
	if p.top > n-h {
		p.top = n - h
	}
	if p.top < 0 {
		p.top = 0
	}
}

// drawCode draws one line of code from column p.left, tabs expanded, each
// byte in the style of its token, search matches marked.
func (p *sourcePane) drawCode(screen tcell.Screen, x, y, w int, line string, spans []source.Span, style func(tcell.Style) tcell.Style) {
	if w <= 0 {
		return
	}
	th := p.a.th
	var matches [][2]int
	if p.search != "" {
		matches = findAll(line, p.search)
	}
	col, si, mi := 0, 0, 0
	for bi, r := range line {
		for si < len(spans) && spans[si].End <= bi {
			si++
		}
		kind := source.TokText
		if si < len(spans) && spans[si].Start <= bi {
			kind = spans[si].Kind
		}
		s := style(th.Code(kind))
		for mi < len(matches) && matches[mi][1] <= bi {
			mi++
		}
		if mi < len(matches) && matches[mi][0] <= bi {
			s = th.Style(theme.Match)
		}
		width := 1
		if r == '\t' {
			width = tabWidth - col%tabWidth
			r = ' '
		} else if r < ' ' || r == 0x7f {
			r = '?' // a control character must not reach the terminal
		}
		for k := 0; k < width; k++ {
			if c := col - p.left; c >= 0 && c < w {
				screen.SetContent(x+c, y, r, nil, s)
			}
			col++
		}
		if col-p.left >= w {
			// Code goes on past the edge: its last cell says so, as
			// every pane's cut text does (presenter mode, issue 15).
			if rest := line[bi+utf8.RuneLen(r):]; strings.TrimSpace(rest) != "" {
				screen.SetContent(x+w-1, y, p.a.gl.ellipsis, nil, style(th.Style(theme.Dim)))
			}
			break
		}
	}
	if p.left > 0 && col > p.left && w > 1 {
		// Scrolled right: the line's start is off the left edge.
		_, st, _ := screen.Get(x, y)
		screen.SetContent(x, y, p.a.gl.ellipsis, nil, st)
	}
}

// findAll returns the byte ranges of pattern in line: case-insensitive
// unless pattern has an upper-case letter (smart case, as in vim).
func findAll(line, pattern string) [][2]int {
	if pattern == "" {
		return nil
	}
	if strings.ToLower(pattern) == pattern {
		line = strings.ToLower(line)
	}
	var out [][2]int
	for off := 0; ; {
		i := strings.Index(line[off:], pattern)
		if i < 0 {
			return out
		}
		out = append(out, [2]int{off + i, off + i + len(pattern)})
		off += i + len(pattern)
	}
}

// searchFrom moves the cursor to the next row (dir 1) or previous row (dir
// -1) containing the search, wrapping; it reports whether there is one.
func (p *sourcePane) searchFrom(start, dir int) bool {
	n := p.count()
	for k := 0; k < n; k++ {
		i := ((start+dir*k)%n + n) % n
		var text string
		if p.file != nil {
			text = p.file.Lines[i]
		} else {
			text = p.disasm[i].Text
		}
		if len(findAll(text, p.search)) > 0 {
			p.gotoRow(i)
			return true
		}
	}
	return false
}

func (p *sourcePane) move(act action) bool {
	h := max(1, p.rows)
	n := p.count()
	switch act {
	case actUp:
		p.cursor--
	case actDown:
		p.cursor++
	case actPageUp:
		p.cursor -= h
		p.top -= h
	case actPageDown:
		p.cursor += h
		p.top += h
	case actHalfPageUp:
		p.cursor -= h / 2
		p.top -= h / 2
	case actHalfPageDown:
		p.cursor += h / 2
		p.top += h / 2
	case actTop:
		p.cursor = 0
	case actBottom:
		p.cursor = n - 1
	case actLeft:
		p.left = max(0, p.left-8)
	case actRight:
		p.left += 8
	default:
		return false
	}
	p.cursor = max(0, min(p.cursor, n-1))
	p.top = max(0, p.top)
	return true
}

// cursorLoc returns the file and line (or the address) under the cursor.
func (p *sourcePane) cursorLoc() (file string, line int, addr uint64) {
	if p.file != nil {
		return p.path, p.cursor + 1, 0
	}
	if p.cursor < len(p.disasm) {
		return "", 0, p.disasm[p.cursor].Addr
	}
	return "", 0, 0
}

// toggleAtCursor toggles a breakpoint on the cursor's line or instruction.
func (p *sourcePane) toggleAtCursor() {
	file, line, addr := p.cursorLoc()
	switch {
	case file != "":
		p.a.toggleBreakpointAt(file, line)
	case addr != 0:
		p.a.toggleBreakpointAddr(addr)
	}
}

// MouseHandler: gutterMouse's.
func (p *sourcePane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(gutterMouse(p))
}

// rowsView is gutterMouse's view of the pane.
func (p *sourcePane) rowsView() (top, cursor *int, height, count, gutter int) {
	return &p.top, &p.cursor, p.rows, p.count(), p.gutterWidth()
}

// guttered is a pane of rows with a cursor and a breakpoint gutter: the
// Source and Disassembly panes.
type guttered interface {
	tview.Primitive
	InRect(x, y int) bool
	GetInnerRect() (int, int, int, int)
	rowsView() (top, cursor *int, height, count, gutter int)
	toggleAtCursor()
}

// rowLook is how row i of a guttered pane is drawn: its line role (the
// execution line, the selected frame's line, the focused cursor's, or -1
// for none) and the style function that lays that role on a cell's style.
func (a *App) rowLook(i, exec, frame, cursor int, focused bool) (theme.Role, func(tcell.Style) tcell.Style) {
	role := theme.Role(-1)
	switch {
	case i == exec:
		role = theme.ExecLine
	case i == frame:
		role = theme.FrameLine
	case i == cursor && focused:
		role = theme.Cursor
	}
	return role, func(s tcell.Style) tcell.Style {
		if role < 0 {
			return s
		}
		return a.th.OnLine(s, role)
	}
}

// gutterMouse is a guttered pane's mouse: the wheel scrolls three rows,
// a click moves the cursor, a click in the gutter toggles a breakpoint.
func gutterMouse(p guttered) func(tview.MouseAction, *tcell.EventMouse, func(tview.Primitive)) (bool, tview.Primitive) {
	return func(act tview.MouseAction, ev *tcell.EventMouse, setFocus func(tview.Primitive)) (bool, tview.Primitive) {
		mx, my := ev.Position()
		if !p.InRect(mx, my) {
			return false, nil
		}
		top, cursor, height, count, gutter := p.rowsView()
		switch act {
		case tview.MouseScrollUp:
			*top = max(0, *top-3)
			*cursor = min(*cursor, *top+max(1, height)-1)
			return true, nil
		case tview.MouseScrollDown:
			*top = min(*top+3, max(0, count-height))
			*cursor = max(*cursor, *top)
			return true, nil
		case tview.MouseLeftClick:
			setFocus(p)
			x, y, _, _ := p.GetInnerRect()
			i := *top + my - y
			if my < y || i >= count {
				return true, nil
			}
			*cursor = i
			if mx < x+gutter {
				p.toggleAtCursor()
			}
			return true, nil
		}
		return false, nil
	}
}
