package ui

import (
	"github.com/rivo/tview"
)

// layout arranges the panes. Sizes depend only on the terminal's size,
// never on content, so nothing moves between stops:
//
//	+---------------------------+-----------+
//	| Source                    | Registers | <- or Locals, Watch,
//	|                           +-----------+    Goroutines (the side
//	|                           |           |    slot); the column can
//	|                           |           |    be hidden
//	|                           | Backtrace |
//	+---------------------------+-----------+
//	| Log                                   |
//	+---------------------------------------+
//	:command line
//	status bar
type layout struct {
	a      *App
	root   *tview.Flex
	top    *tview.Flex
	right  *tview.Flex
	w, h   int
	zoomed pane // nil: normal layout

	side    pane // the view in the right column's upper slot
	rightOn bool // the right column is shown

	// code is what the source's place shows (`layout`, key D): the
	// source, the Disassembly pane, or both in split.
	code  codeLayout
	split *tview.Flex
	// splitSide: split puts the two side by side (wide terminals), else
	// the disassembly under the source, as gdb's TUI stacks them.
	splitSide bool

	// The user's adjustments (< >, + -), in columns and rows, added to
	// the sizes the terminal's size gives.
	rightAdj, logAdj int
}

// codeLayout is gdb's `layout src|split|asm`.
type codeLayout int

const (
	codeSource codeLayout = iota
	codeSplit
	codeAsm
)

var codeNames = [...]string{"source", "split", "asm"}

func (c codeLayout) String() string { return codeNames[c] }

// splitSideWidth: from this many columns, split puts source and
// disassembly side by side; below, each would be too narrow for a line of
// code or an instruction with its bytes.
const splitSideWidth = 160

func newLayout(a *App) *layout {
	l := &layout{a: a, side: a.regs, rightOn: true}
	l.split = tview.NewFlex()
	l.right = tview.NewFlex().SetDirection(tview.FlexRow)
	l.top = tview.NewFlex()
	l.root = tview.NewFlex().SetDirection(tview.FlexRow)
	l.buildTop()
	l.build()
	return l
}

// buildTop fills the source row: the source and, when shown, the right
// column with the side view over the backtrace. It also sets the focus
// order, which follows what is on the screen.
func (l *layout) buildTop() {
	a := l.a
	l.right.Clear()
	l.right.AddItem(l.side, 0, 3, false).AddItem(a.bt, 0, 2, false)
	l.top.Clear()
	var code []pane
	switch l.code {
	case codeSource:
		l.top.AddItem(a.src, 0, 1, true)
		code = []pane{a.src}
	case codeAsm:
		l.top.AddItem(a.asm, 0, 1, true)
		code = []pane{a.asm}
	case codeSplit:
		l.split.Clear()
		l.split.SetDirection(tview.FlexRow)
		if l.splitSide {
			l.split.SetDirection(tview.FlexColumn)
		}
		l.split.AddItem(a.src, 0, 1, true).AddItem(a.asm, 0, 1, false)
		l.top.AddItem(l.split, 0, 1, true)
		code = []pane{a.src, a.asm}
	}
	if l.rightOn {
		l.top.AddItem(l.right, l.rightWidth(), 0, false)
		a.panes = append(code, l.side, a.bt, a.log)
	} else {
		a.panes = append(code, a.log)
	}
}

// setCode shows the source, the disassembly or both in the source's place.
func (l *layout) setCode(c codeLayout) {
	l.code = c
	l.buildTop()
}

// setSide puts p in the side slot.
func (l *layout) setSide(p pane) {
	l.side = p
	l.buildTop()
}

// showRight shows or hides the right column.
func (l *layout) showRight(on bool) {
	l.rightOn = on
	l.buildTop()
}

// build fills root for the normal or the zoomed layout.
func (l *layout) build() {
	a := l.a
	l.root.Clear()
	if l.zoomed != nil {
		l.root.AddItem(l.zoomed, 0, 1, true)
	} else {
		l.root.AddItem(l.top, 0, 1, true)
		if b := a.pres.lesson; b != nil && b.shown {
			l.root.AddItem(b.banner, b.banner.height(l.w), 0, false)
		}
		l.root.AddItem(a.log, l.logHeight(), 0, false)
	}
	l.root.AddItem(a.cmd.field, 1, 0, false).AddItem(a.bar, 1, 0, false)
}

// rightWidth: one register column up to 150 columns (wider from 100 on,
// for the backtrace's file names), two beyond; below 80 columns the
// column narrows with the terminal, the source keeping five eighths (a
// register row is then cut, marked, until > widens the column). Then the user's adjustment, keeping at
// least 12 columns on either side.
func (l *layout) rightWidth() int {
	base := min(regColumn+2, l.w*3/8)
	switch {
	case l.w >= 150:
		base = 2*regColumn + 2 + 2
	case l.w >= 100:
		base = max(regColumn+2, l.w*3/10)
	}
	return clampAdj(base, l.rightAdj, 12, l.w-12)
}

// clampAdj is base plus the user's adj, kept within [lo, hi]; base alone
// when the terminal is too small for any choice.
func clampAdj(base, adj, lo, hi int) int {
	if adj == 0 || hi < lo {
		return base
	}
	return max(lo, min(base+adj, hi))
}

// logHeight: a quarter of the screen, between 6 (4 lines) and 16 rows,
// then the user's adjustment, leaving the source at least 6 rows.
func (l *layout) logHeight() int {
	if l.a.pres.on {
		// Presenter mode: a third, up to 20 rows: the stop lines and the
		// tour's output are what a class reads.
		return clampAdj(max(8, min(20, l.h/3)), l.logAdj, 3, l.h-8)
	}
	return clampAdj(max(6, min(16, l.h/4)), l.logAdj, 3, l.h-8)
}

// relayout applies a change of the sizes' inputs other than the
// terminal's (presenter mode, a lesson's banner).
func (l *layout) relayout() {
	l.build()
	if l.rightOn {
		l.top.ResizeItem(l.right, l.rightWidth(), 0)
	}
}

// adjust widens the right column by dw columns and the Log by dh rows
// (negative: narrower, shorter), within what the terminal allows: an
// adjustment past a limit is not stored, so the way back is as long.
func (l *layout) adjust(dw, dh int) {
	w0, h0 := l.rightWidth(), l.logHeight()
	l.rightAdj += dw
	l.logAdj += dh
	if l.rightWidth() == w0 {
		l.rightAdj -= dw
	}
	if l.logHeight() == h0 {
		l.logAdj -= dh
	}
	if l.rightOn {
		l.top.ResizeItem(l.right, l.rightWidth(), 0)
	}
	if l.zoomed == nil {
		l.root.ResizeItem(l.a.log, l.logHeight(), 0)
	}
}

// resize is called before each draw; it changes the layout only when the
// terminal's size changed.
func (l *layout) resize(w, h int) {
	if w == l.w && h == l.h {
		return
	}
	l.w, l.h = w, h
	if side := w >= splitSideWidth; side != l.splitSide {
		l.splitSide = side
		if l.code == codeSplit {
			l.buildTop()
		}
	}
	if l.rightOn {
		l.top.ResizeItem(l.right, l.rightWidth(), 0)
	}
	if l.zoomed == nil {
		l.root.ResizeItem(l.a.log, l.logHeight(), 0)
		if b := l.a.pres.lesson; b != nil && b.shown {
			l.root.ResizeItem(b.banner, b.banner.height(w), 0)
		}
	}
}

// zoom shows p alone, or everything again when p is already zoomed.
func (l *layout) zoom(p pane) {
	if l.zoomed != nil {
		l.zoomed = nil
	} else {
		l.zoomed = p
	}
	// Detaching a pane from its flex and back keeps its state: panes are
	// plain primitives.
	l.build()
	l.a.app.SetFocus(p)
}
