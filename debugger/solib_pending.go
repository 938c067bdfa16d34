package debugger

import (
	"fmt"

	"tdb/source"
)

// A function name nothing defines is most often a typo (`break mian`):
// gdb in batch mode answers no to "Make breakpoint pending on future
// shared library load?" and fails with `Function "mian" not defined.`.
// tdb keeps a breakpoint pending without being asked only when a library
// the program names in DT_NEEDED, loaded or not yet, exports the name
// (`break puts` before libc is loaded); for a library dlopen loads later,
// the user asks with SetBreakpoint.Pending (`break -pending NAME`).

// neededDefines reports whether a library of the program's DT_NEEDED
// exports name.
func (e *engine) neededDefines(name string) bool {
	for _, p := range e.bin.NeededLibraries() {
		if source.DefinesFunction(p, name) {
			return true
		}
	}
	return false
}

// typoError is the error for a function no object defines.
func typoError(name string, why error) error {
	return fmt.Errorf("%w: no library the program needs defines it (break -pending %s keeps it for a library loaded later)", why, name)
}
