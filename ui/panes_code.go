package ui

import (
	"tdb/theme"
	"tdb/ui/console"
)

// The source's place and the Memory pane as commands and keys arrange
// them (issue 15): `layout` and D choose source, split or asm (gdb's TUI
// layouts); `memory EXPR` and X show the Memory pane in the side slot.

// toggleAtCursor is b (Space, F9): a breakpoint on the cursor's line in
// the Source pane, on its instruction in the Disassembly pane.
func (a *App) toggleAtCursor() {
	if a.asm.HasFocus() {
		a.asm.toggleAtCursor()
		return
	}
	a.src.toggleAtCursor()
}

// printIdentifierKey is p (K): the Source pane's cursor line has the
// identifiers; an instruction has none.
func (a *App) printIdentifierKey() {
	if a.asm.HasFocus() {
		a.log.add("p prints the identifiers of the Source pane's cursor line: Tab goes there", theme.Dim)
		return
	}
	a.printIdentifier()
}

// setLayout applies `layout NAME`: source, split, asm, or next and prev
// in that cycle (D is next, as gdb's C-x 2 goes to the next layout).
func (a *App) setLayout(name string) {
	c := a.layout.code
	switch name {
	case "source":
		c = codeSource
	case "split":
		c = codeSplit
	case "asm":
		c = codeAsm
	case "next":
		c = (c + 1) % 3
	case "prev":
		c = (c + 2) % 3
	}
	a.unzoom()
	srcFocus, asmFocus := a.src.HasFocus(), a.asm.HasFocus()
	a.layout.setCode(c)
	// The focus stays in the code, on the pane that is left.
	switch {
	case c == codeAsm && srcFocus:
		a.app.SetFocus(a.asm)
	case c == codeSource && asmFocus:
		a.app.SetFocus(a.src)
	}
	a.asm.follow()
	a.saveLayout()
	if a.layout.code != codeSource && a.layout.w > 0 && a.layout.w < 100 && !a.asm.tipped {
		// Once: in 80 columns an instruction with its bytes is cut.
		a.asm.tipped = true
		a.log.add("tip: z zooms the focused pane, l scrolls it right; D again (or layout source) gives the source its place back", theme.Dim)
	}
}

// memoryKey is X: the Memory pane in the side slot, asking for an
// expression the first time.
func (a *App) memoryKey() {
	a.showSide(a.mem)
	if a.mem.expr == "" {
		a.cmd.open(":")
		a.cmd.field.SetText("memory ")
		return
	}
	a.mem.refresh()
}

// showMemory is `memory [-raw] [EXPR]`.
func (a *App) showMemory(expr string, raw bool) {
	a.showSide(a.mem)
	a.mem.show(expr, raw)
}

// screenViews is the console's way to the panes (console.Screen): the
// command runs on a worker, so each call goes to the UI goroutine.
type screenViews struct{ a *App }

func (s screenViews) Layout(name string) { s.a.post(func() { s.a.setLayout(name) }) }
func (s screenViews) Memory(expr string, raw bool) {
	s.a.post(func() { s.a.showMemory(expr, raw) })
}

var _ console.Screen = screenViews{}
