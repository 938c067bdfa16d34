package debugger

// pastPrologue moves a line breakpoint of a C program that lands on a
// function's first instruction (its opening line, or a comment or blank
// line above it, which moves down to it) after the prologue, as gdb
// does: before the prologue has run the arguments are read from a frame
// not yet built, and print garbage. gdb 13 on csignals: break at the
// blank line above check, at its name's line and at its brace all stop
// at the assert, line 30, with x = 1. Go keeps the address: Delve's
// answer, and Go's prologue is the stack check, not the frame.
func (e *engine) pastPrologue(pcs []uint64, line int) ([]uint64, int) {
	if e.bin.IsGo() {
		return pcs, line
	}
	out := make([]uint64, 0, len(pcs))
	moved := line
	for _, pc := range pcs {
		fn := e.bin.FuncAt(pc)
		if fn == nil || fn.Entry != pc {
			out = append(out, pc)
			continue
		}
		a := e.funcBreakAddr(fn)
		if _, n, ok := e.bin.PCToLine(a); ok && a != pc {
			pc, moved = a, n
		}
		out = append(out, pc)
	}
	if len(pcs) == 1 {
		line = moved
	}
	return out, line
}

// mainFile is the source file of the program's main function (main.main
// in Go), "" if it has none.
func (e *engine) mainFile() string {
	name := "main"
	if e.bin.IsGo() {
		name = "main.main"
	}
	fns, err := e.bin.LookupFunc(name)
	if err != nil || len(fns) == 0 {
		return ""
	}
	if f, _, ok := e.bin.PCToLine(fns[0].Entry); ok {
		return f
	}
	return ""
}
