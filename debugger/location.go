package debugger

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"tdb/source"
)

// location is a resolved LOC: run-time addresses and where they are.
type location struct {
	addrs    []uint64
	function string
	file     string
	line     int
	notes    []string
	lib      bool // in a shared library: placed again at each load (solib.go)
}

// resolveLoc turns a LOC (FILE:LINE, LINE, FUNC, FILE:FUNC, *0xADDR) into addresses.
func (e *engine) resolveLoc(loc string) (location, error) {
	loc = strings.TrimSpace(loc)
	if loc == "" {
		return location{}, fmt.Errorf("no location given: use FILE:LINE, LINE, FUNC, FILE:FUNC or *ADDR")
	}
	if strings.HasPrefix(loc, "*") {
		a, err := strconv.ParseUint(strings.TrimSpace(loc[1:]), 0, 64)
		if err != nil {
			return location{}, fmt.Errorf("bad address %q: use *0x4beaa4", loc[1:])
		}
		return e.describe(location{addrs: []uint64{a}}), nil
	}
	if i := strings.LastIndexByte(loc, ':'); i > 0 {
		file, ls := loc[:i], loc[i+1:]
		n, err := strconv.Atoi(ls)
		if errors.Is(err, strconv.ErrRange) {
			return location{}, fmt.Errorf("line %s is out of range in %q", ls, loc)
		}
		if err != nil && ls != "" && !strings.ContainsAny(ls[:1], "0123456789+-") {
			return e.resolveFileFunc(file, ls) // location_func.go
		}
		if err != nil || n <= 0 {
			return location{}, fmt.Errorf("bad line number %q in %q", ls, loc)
		}
		full, err := e.bin.FindFile(file)
		if err != nil {
			if l, ok := e.lookupLibLine(file, n); ok { // solib_lines.go
				return l, nil
			}
			return location{}, err
		}
		return e.resolveLine(full, n)
	}
	if n, err := strconv.Atoi(loc); err == nil {
		if n <= 0 {
			return location{}, fmt.Errorf("bad line number %d", n)
		}
		file := e.currentFile()
		if file == "" {
			// Before the program runs (stopped in the loader): the
			// file of main, as gdb's default source file.
			file = e.mainFile()
		}
		if file == "" {
			return location{}, fmt.Errorf("no current source file: give FILE:%d", n)
		}
		return e.resolveLine(file, n)
	}
	fns, err := e.bin.LookupFunc(loc)
	if c, ok := strings.CutPrefix(loc, "C."); err != nil && ok {
		// Go code calls C's foo as C.foo, and Delve takes that spelling
		// for the C function foo of a cgo program.
		if cf, cerr := e.bin.LookupFunc(c); cerr == nil {
			fns, err = cf, nil
		}
	}
	inl := e.bin.InlinedCalls(loc)
	if err != nil && len(inl) == 0 {
		if l, ok := e.lookupLibFunc(loc); ok { // solib.go
			return l, nil
		}
		return location{}, err
	}
	return e.resolveFunc(loc, fns, inl) // location_func.go
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
