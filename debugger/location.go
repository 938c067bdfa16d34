package debugger

import (
	"fmt"
	"path/filepath"
	"strings"

	"tdb/source"
)

// location is a resolved Loc: run-time addresses and where they are.
type location struct {
	addrs    []uint64
	function string
	file     string
	line     int
	notes    []string
	lib      bool // in a shared library: placed again at each load (solib.go)
}

// resolveLoc turns a parsed LOC (location_parse.go) into addresses.
func (e *engine) resolveLoc(loc Loc) (location, error) {
	if (loc.Kind == LocFileLine || loc.Kind == LocLine) && loc.Line < 1 {
		return location{}, fmt.Errorf("line %d: lines start at 1", loc.Line)
	}
	switch loc.Kind {
	case LocAddr:
		return e.describe(location{addrs: []uint64{loc.Addr}}), nil
	case LocFileFunc:
		return e.resolveFileFunc(loc.File, loc.Func) // location_func.go
	case LocFileLine:
		full, err := e.bin.FindFile(loc.File)
		if err != nil {
			if l, ok := e.lookupLibLine(loc.File, loc.Line); ok { // solib_lines.go
				return l, nil
			}
			return location{}, err
		}
		return e.resolveLine(full, loc.Line)
	case LocLine:
		file := e.currentFile()
		if file == "" {
			// Before the program runs (stopped in the loader): the
			// file of main, as gdb's default source file.
			file = e.mainFile()
		}
		if file == "" {
			return location{}, fmt.Errorf("no current source file: give FILE:%d", loc.Line)
		}
		return e.resolveLine(file, loc.Line)
	case LocFunc:
		return e.resolveFuncName(loc.Func)
	}
	return location{}, fmt.Errorf("no location given: use FILE:LINE, LINE, FUNC, FILE:FUNC or *ADDR")
}

// resolveFuncName resolves FUNC: the program's functions of that name,
// their inlined copies, or a loaded library's.
func (e *engine) resolveFuncName(name string) (location, error) {
	fns, err := e.bin.LookupFunc(name)
	if c, ok := strings.CutPrefix(name, "C."); err != nil && ok {
		// Go code calls C's foo as C.foo, and Delve takes that spelling
		// for the C function foo of a cgo program.
		if cf, cerr := e.bin.LookupFunc(c); cerr == nil {
			fns, err = cf, nil
		}
	}
	inl := e.bin.InlinedCalls(name)
	if err != nil && len(inl) == 0 {
		if l, ok := e.lookupLibFunc(name); ok { // solib.go
			return l, nil
		}
		return location{}, err
	}
	return e.resolveFunc(name, fns, inl) // location_func.go
}

func (e *engine) resolveLine(file string, line int) (location, error) {
	pcs, got, err := e.bin.ResolveLine(file, line)
	if err != nil {
		return location{}, err
	}
	hasCode := got == line
	pcs, got = e.pastPrologue(pcs, got) // location_prologue.go
	l := location{file: file, line: got}
	for _, pc := range pcs {
		l.addrs = append(l.addrs, pc+e.bias)
	}
	if len(l.addrs) == 0 {
		return location{}, fmt.Errorf("no code at %s:%d", filepath.Base(file), line)
	}
	if got != line && hasCode {
		l.notes = append(l.notes, fmt.Sprintf("line %d starts a function: using line %d, after its prologue", line, got))
	} else if got != line {
		l.notes = append(l.notes, fmt.Sprintf("line %d has no code: using line %d", line, got))
	}
	l = e.describe(l)
	l.file, l.line = file, got
	if g := e.genericName(l.addrs); g != "" {
		l.function = g // location_func.go
	}
	return l, nil
}

// describe fills in the function, file and line of l's first address.
func (e *engine) describe(l location) location {
	a := l.addrs[0] - e.bias
	if fn := e.bin.FuncAt(a); fn != nil {
		l.function = fn.Name
	}
	if f, n, ok := e.bin.PCToLine(a); ok {
		l.file, l.line = f, n
	}
	return l
}

// funcBreakAddr is where a breakpoint on fn goes: after the prologue. For
// Go that is the prologue_end row; a breakpoint at a Go function's entry
// would be hit again by stack growth and preemption, which re-run the
// entry. gcc marks no prologue end at -O0: there, as gdb does, use the
// first row of the function's second line.
func (e *engine) funcBreakAddr(fn *source.Function) uint64 {
	if pe := e.bin.PrologueEnd(fn); pe != fn.Entry {
		return pe
	}
	rows := e.bin.LineEntries(fn)
	if len(rows) > 1 && !e.bin.IsGo() {
		for _, r := range rows[1:] {
			if r.Line != rows[0].Line && r.PC > fn.Entry {
				return r.PC
			}
		}
	}
	return fn.Entry
}

// currentFile is the selected frame's file.
func (e *engine) currentFile() string {
	if e.state == nil {
		return ""
	}
	if i := e.state.SelectedFrame; i >= 0 && i < len(e.state.Frames) && e.state.Frames[i].File != "" {
		return e.state.Frames[i].File
	}
	return e.state.File
}
