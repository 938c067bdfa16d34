package debugger

import (
	"fmt"
	"strings"
)

// optimizedWarning is the line the first stop in a package's optimised
// code adds to the stop's note: in code compiled without -N -l (a plain
// `go build`, what a server runs) lines jump back and forth, a `next` may
// land where the source says it cannot, and variables are often
// optimised out. Delve prints "Warning: debugging optimized function" at
// every such stop; once per package is enough to explain what follows.
// The runtime and the standard library's internal packages are always
// compiled with optimisations, whatever the flags: no warning there.
func (e *engine) optimizedWarning(st *State) string {
	if st == nil || len(st.Frames) == 0 {
		return ""
	}
	pc := st.PC - e.bias
	if !e.bin.Optimized(pc) {
		return ""
	}
	pkg := e.bin.PackageAt(pc)
	if pkg == "" || pkg == "runtime" || strings.HasPrefix(pkg, "runtime/") || strings.HasPrefix(pkg, "internal/") {
		return ""
	}
	if e.warnedOpt[pkg] {
		return ""
	}
	if e.warnedOpt == nil {
		e.warnedOpt = map[string]bool{}
	}
	e.warnedOpt[pkg] = true
	return fmt.Sprintf("warning: %s is optimized code (package %s was built without -gcflags='all=-N -l'): lines, steps and values may be inexact", st.Function, pkg)
}
