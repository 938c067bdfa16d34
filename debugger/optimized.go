package debugger

import (
	"fmt"
	"path/filepath"
	"strings"
)

// optimizedWarning is the line the first stop in a package's optimised
// code adds to the stop's note: in code compiled without -N -l (a plain
// `go build`, what a server runs; C compiled with -O1 and up) lines jump
// back and forth, a `next` may land where the source says it cannot, and
// variables are often optimised out. Delve prints "Warning: debugging
// optimized function" at every such stop; once per package (or C file) is
// enough to explain what follows. The runtime and the standard library's
// internal packages are always compiled with optimisations, whatever the
// flags: no warning there.
func (e *engine) optimizedWarning(st *State) string {
	if st == nil || len(st.Frames) == 0 {
		return ""
	}
	pc := st.PC - e.bias
	if !e.bin.Optimized(pc) {
		return ""
	}
	unit, goCode := e.bin.UnitAt(pc)
	if unit == "" || (goCode && (unit == "runtime" || strings.HasPrefix(unit, "runtime/") || strings.HasPrefix(unit, "internal/"))) {
		return ""
	}
	if e.warnedOpt[unit] {
		return ""
	}
	if e.warnedOpt == nil {
		e.warnedOpt = map[string]bool{}
	}
	e.warnedOpt[unit] = true
	how := fmt.Sprintf("package %s was built without -gcflags='all=-N -l'", unit)
	if !goCode {
		how = filepath.Base(unit) + " was compiled with optimisation"
	}
	return fmt.Sprintf("warning: %s is optimised code (%s): lines, steps and values may be inexact", st.Function, how)
}
