package debugger

import "fmt"

// FILE:LINE in a shared library built with -g: the loaded libraries'
// DWARF is searched when the program has no such file, in load order, and
// a breakpoint asked for before its library is loaded (break -pending, or
// a library of DT_NEEDED not loaded yet at the entry stop) is resolved
// when it is.

// lookupLibLine resolves FILE:LINE in the first loaded library with
// DWARF that has the file.
func (e *engine) lookupLibLine(file string, line int) (location, bool) {
	for _, l := range e.solibLoadOrder() {
		if l.bin == nil || !l.bin.HasDWARF() {
			continue
		}
		full, err := l.bin.FindFile(file)
		if err != nil {
			continue
		}
		// Resolved as in the program (past a function's prologue,
		// notes), with the library's binary lent.
		restore := e.lend(l)
		loc, err := e.resolveLine(full, line)
		restore()
		if err != nil {
			continue
		}
		loc.lib = true
		if fn := l.bin.FuncAt(loc.addrs[0] - l.bias); fn != nil {
			loc.function = fn.Name
		}
		return loc, true
	}
	return location{}, false
}

// lookupLibLoc resolves a pending breakpoint's LOC in the loaded
// libraries: a function, or FILE:LINE.
func (e *engine) lookupLibLoc(loc Loc) (location, bool) {
	switch loc.Kind {
	case LocFileLine:
		return e.lookupLibLine(loc.File, loc.Line)
	case LocFunc:
		return e.lookupLibFunc(loc.Func)
	}
	return location{}, false
}

// pendingLine: FILE:LINE of no loaded object, kept for a library loaded
// later when asked for (explicit), as a function is.
func (e *engine) pendingLine(loc Loc, explicit bool, why error) error {
	if !explicit {
		return fmt.Errorf("%w (break -pending %s keeps it for a library loaded later)", why, loc)
	}
	return nil
}
