package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// asmPane is the Disassembly pane (issue 15; `layout split|asm`, key D):
// the selected frame's function as gdb's `disassemble /rs` prints it, each
// source line above its instructions, every instruction with its address,
// offset and raw bytes; the execution mark on frame 0's instruction, the
// selected caller's return address marked as the Source pane marks its
// line, breakpoints in the gutter. The instructions are the engine's
// Disassemble (the same that `disassemble` prints), asked once per
// function: stepping inside it only moves the mark. Owned by the UI
// goroutine.
type asmPane struct {
	*tview.Box
	a *App

	insts []debugger.Instruction
	rows  []asmRow
	at    map[uint64]int // instruction address -> its row
	fn    string

	pc    uint64 // the pc of the frame shown
	asked uint64 // a Disassemble on its way for this pc, 0 if none
	err   string

	top, cursor, left int
	reveal            int // row to bring into view at the next draw (-1: none)
	height            int // visible rows at the last draw

	bpIdx  bpIndex
	tipped bool // the Log said how to see a cut row
}

// asmRow is one row: an instruction (inst >= 0) or a source line or file
// name above instructions (inst < 0, text).
type asmRow struct {
	inst int
	text string
}

func newAsmPane(a *App) *asmPane {
	p := &asmPane{Box: tview.NewBox(), a: a, reveal: -1}
	p.SetBorder(true)
	return p
}

func (p *asmPane) title() string { return "Disassembly" }

// shown reports whether the layout puts the pane on the screen: a hidden
// pane asks the engine nothing.
func (p *asmPane) shown() bool { return p.a.layout.code != codeSource }

// follow shows the selected frame's instruction, after a stop or a frame
// change.
func (p *asmPane) follow() {
	if !p.shown() || p.a.state == nil {
		return
	}
	if f, ok := p.a.selectedFrame(); ok && f.PC != 0 {
		p.showPC(f.PC)
	}
}

// showPC marks pc's instruction, asking for its function when the pane
// does not hold it; the answer comes through post.
func (p *asmPane) showPC(pc uint64) {
	p.pc = pc
	if i, ok := p.at[pc]; ok {
		p.cursor, p.reveal = i, i
		return
	}
	if p.asked == pc {
		return
	}
	p.asked = pc
	a := p.a
	ch := a.eng.Send(debugger.Disassemble{At: pc})
	a.goSafe(func() {
		rep := <-ch
		a.post(func() {
			if p.asked != pc {
				return // another frame was asked for meanwhile
			}
			p.asked = 0
			if rep.Err != nil {
				p.err = rep.Err.Error()
				p.set(nil)
				return
			}
			p.err = ""
			p.set(rep.Instructions)
			if i, ok := p.at[p.pc]; ok {
				p.cursor, p.reveal = i, i
			}
		})
	})
}

// set builds the rows of ins: a file name where the file changes, a
// source line where the line changes (as disassemble /s), then the
// instructions.
func (p *asmPane) set(ins []debugger.Instruction) {
	p.insts, p.rows, p.at = ins, nil, map[uint64]int{}
	p.fn, p.top, p.left = "", 0, 0
	if len(ins) > 0 {
		p.fn = ins[0].Function
	}
	width := 0
	for _, in := range ins {
		width = max(width, len(in.Bytes))
	}
	width = min(width, 15)*3 - 1
	offWidth := 0
	if len(ins) > 0 {
		last := ins[len(ins)-1]
		offWidth = len(fmt.Sprintf("<+%d>", last.Addr-ins[0].Addr))
	}
	lastFile, lastLine := "", 0
	for i, in := range ins {
		if in.File != "" && (in.File != lastFile || in.Line != lastLine) {
			if in.File != lastFile {
				p.rows = append(p.rows, asmRow{inst: -1, text: baseName(in.File) + ":"})
			}
			p.rows = append(p.rows, asmRow{inst: -1, text: p.sourceRow(in.File, in.Line)})
			lastFile, lastLine = in.File, in.Line
		}
		p.at[in.Addr] = len(p.rows)
		p.rows = append(p.rows, asmRow{inst: i, text: asmText(in, ins[0].Addr, offWidth, width)})
	}
	p.cursor = max(0, min(p.cursor, len(p.rows)-1))
}

// sourceRow is a source line as disassemble /s prints it: its number, a
// tab, the text (tabs shown as four spaces).
func (p *asmPane) sourceRow(file string, line int) string {
	text := ""
	if f, err := p.a.files.Get(p.a.sourcePath(file)); err == nil && line > 0 && line <= len(f.Lines) {
		text = strings.ReplaceAll(f.Lines[line-1], "\t", "    ")
	}
	return fmt.Sprintf("%-6d %s", line, text)
}

// asmText is an instruction's row after the gutter, as disassemble /r
// prints it: address, offset in the function, bytes, instruction.
func asmText(in debugger.Instruction, entry uint64, offWidth, width int) string {
	hex := make([]string, len(in.Bytes))
	for i, c := range in.Bytes {
		hex[i] = fmt.Sprintf("%02x", c)
	}
	off := fmt.Sprintf("<+%d>", in.Addr-entry)
	return fmt.Sprintf("%#x %-*s  %-*s  %s", in.Addr, offWidth, off, width, strings.Join(hex, " "), in.Text)
}

// Text is the pane's rows as drawn, without the gutter's marks (tests).
func (p *asmPane) Text() string {
	var b strings.Builder
	for _, r := range p.rows {
		b.WriteString(r.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// marks returns the rows of frame 0's pc and of the selected caller's pc
// (-1: not in the pane).
func (p *asmPane) marks() (exec, frame int) {
	exec, frame = -1, -1
	st := p.a.state
	if st == nil || p.a.run != stateStopped || len(st.Frames) == 0 {
		return
	}
	if i, ok := p.at[st.Frames[0].PC]; ok {
		exec = i
	}
	if sf := st.SelectedFrame; sf > 0 && sf < len(st.Frames) {
		if i, ok := p.at[st.Frames[sf].PC]; ok {
			frame = i
		}
	}
	return
}

func (p *asmPane) Draw(screen tcell.Screen) {
	a := p.a
	t := " Disassembly "
	if p.fn != "" {
		t = " Disassembly: " + console.FuncName(p.fn) + " "
	}
	setBoxChrome(p.Box, a.th, t, p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	p.height = h
	if len(p.rows) == 0 {
		msg := "(the selected frame's instructions show here when the program stops)"
		if p.err != "" {
			msg = p.err
		}
		printCut(screen, x+1, y, w-1, msg, a.th.Style(theme.Dim), a.gl.ellipsis)
		return
	}
	p.scrollInto(h)
	exec, frame := p.marks()
	focused := p.HasFocus()
	for row := 0; row < h && p.top+row < len(p.rows); row++ {
		i := p.top + row
		r := p.rows[i]
		lineRole, style := a.rowLook(i, exec, frame, p.cursor, focused)
		if lineRole >= 0 {
			fillRow(screen, x, y+row, w, style(a.th.Style(theme.Text)))
		}
		role := theme.Dim
		if r.inst >= 0 {
			role = theme.Text
			if m, mr := p.bpMarkAt(p.insts[r.inst].Addr); m != 0 {
				screen.SetContent(x, y+row, m, nil, style(a.th.Style(mr)))
			}
			switch i {
			case exec:
				printText(screen, x+1, y+row, 2, a.gl.arrow, style(a.th.Style(theme.Arrow)))
			case frame:
				printText(screen, x+1, y+row, 2, a.gl.frame, style(a.th.Style(theme.Arrow)))
			}
		}
		text := r.text
		if rs := []rune(text); p.left < len(rs) {
			text = string(rs[p.left:])
		} else {
			text = ""
		}
		printCut(screen, x+3, y+row, w-3, text, style(a.th.Style(role)), a.gl.ellipsis)
	}
}

// bpMarkAt is the gutter mark of a breakpoint on addr, or 0.
func (p *asmPane) bpMarkAt(addr uint64) (rune, theme.Role) {
	p.bpIdx.update(p.a.bps, "")
	switch p.bpIdx.addrs[addr] {
	case bpCond:
		return p.a.gl.bpCond, theme.BreakpointCond
	case bpOn:
		return p.a.gl.bp, theme.Breakpoint
	case bpOff:
		return p.a.gl.bpOff, theme.BreakpointOff
	}
	return 0, 0
}

// scrollInto applies a pending reveal (a third of the pane of context
// above the row when it has to scroll) and keeps the cursor visible.
func (p *asmPane) scrollInto(h int) {
	n := len(p.rows)
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
	p.top = max(0, min(p.top, n-h))
}

func (p *asmPane) move(act action) bool {
	n := len(p.rows)
	switch act {
	case actLeft:
		p.left = max(0, p.left-8)
		return true
	case actRight:
		p.left += 8
		return true
	}
	c, moved := cursorMove(act, p.cursor, n, max(1, p.height))
	if !moved {
		return false
	}
	p.cursor = max(0, min(c, n-1))
	return true
}

// cursorAddr is the instruction under the cursor; on a source row, the
// first instruction of its line.
func (p *asmPane) cursorAddr() uint64 {
	for i := p.cursor; i >= 0 && i < len(p.rows); i++ {
		if r := p.rows[i]; r.inst >= 0 {
			return p.insts[r.inst].Addr
		}
	}
	return 0
}

// toggleAtCursor toggles a breakpoint on the cursor's instruction.
func (p *asmPane) toggleAtCursor() {
	if addr := p.cursorAddr(); addr != 0 {
		p.a.toggleBreakpointAddr(addr)
	}
}

// MouseHandler: gutterMouse's.
func (p *asmPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(gutterMouse(p))
}

// rowsView is gutterMouse's view of the pane.
func (p *asmPane) rowsView() (top, cursor *int, height, count, gutter int) {
	return &p.top, &p.cursor, p.height, len(p.rows), 3
}
