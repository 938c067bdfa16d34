package debugger

import (
	"fmt"
	"sort"
	"strings"

	"tdb/source"
)

// resolveInlinedFunc resolves `break FUNC` when FUNC was inlined somewhere
// (an optimised build, or -gcflags=all=-N): one breakpoint with an
// address in every inlined copy (the copy's first instruction, as Delve
// puts it) and after the prologue of the compiled function if there is
// one. fns are the compiled functions LookupFunc found, inl the inlined
// copies by function name. ok is false when nothing was inlined: the
// caller resolves the compiled function as before.
func (e *engine) resolveInlinedFunc(loc string, fns []*source.Function, inl map[string][]uint64) (location, bool, error) {
	if len(inl) == 0 {
		return location{}, false, nil
	}
	names := map[string]bool{}
	for _, f := range fns {
		names[f.Name] = true
	}
	for n := range inl {
		names[n] = true
	}
	if len(names) > 1 {
		// As for compiled functions: an exact name wins.
		for _, n := range []string{loc, "main." + loc} {
			if names[n] {
				names = map[string]bool{n: true}
				break
			}
		}
	}
	if len(names) > 1 {
		var list []string
		for n := range names {
			list = append(list, n)
		}
		sort.Strings(list)
		if len(list) > 8 {
			list = append(list[:8], fmt.Sprintf("and %d more", len(list)-8))
		}
		return location{}, true, fmt.Errorf("function %q is ambiguous: %s", loc, strings.Join(list, ", "))
	}
	var name string
	for n := range names {
		name = n
	}
	var addrs []uint64
	for _, f := range fns {
		if f.Name == name {
			addrs = append(addrs, e.funcBreakAddr(f)+e.bias)
		}
	}
	for _, pc := range inl[name] {
		addrs = append(addrs, pc+e.bias)
	}
	if len(addrs) == 0 {
		return location{}, false, nil
	}
	sort.Slice(addrs, func(i, j int) bool { return addrs[i] < addrs[j] })
	l := e.describe(location{addrs: addrs})
	return l, true, nil
}
