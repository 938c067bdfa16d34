package debugger

import (
	"fmt"
	"sort"
	"strings"

	"tdb/source"
)

// resolveFunc resolves `break FUNC`: one breakpoint with an address in
// every piece of code that is FUNC, as Delve sets it:
//   - the compiled function, after its prologue;
//   - every copy the compiler inlined (an optimised build, or
//     -gcflags=all=-N): the copy's first instruction;
//   - every instantiation of a generic function (main.Max[go.shape.int],
//     main.Max[go.shape.string], ...): "main.Max" means them all.
//
// fns are the compiled functions LookupFunc found for loc, inl the inlined
// copies by function name. Names that differ only by the instantiation
// are one function; several functions match only when the exact name
// (loc, or main.loc) is none of them: then loc is ambiguous.
func (e *engine) resolveFunc(loc string, fns []*source.Function, inl map[string][]uint64) (location, error) {
	bases := map[string][]string{} // generic base name -> full names
	add := func(n string) {
		b := genericBase(n)
		for _, x := range bases[b] {
			if x == n {
				return
			}
		}
		bases[b] = append(bases[b], n)
	}
	for _, f := range fns {
		add(f.Name)
	}
	for n := range inl {
		add(n)
	}
	if len(bases) > 1 {
		for _, n := range []string{loc, "main." + loc} {
			if ns, ok := bases[genericBase(n)]; ok {
				bases = map[string][]string{genericBase(n): ns}
				break
			}
		}
	}
	if len(bases) > 1 {
		var names []string
		for _, ns := range bases {
			names = append(names, ns...)
		}
		sort.Strings(names)
		if len(names) > 8 {
			names = append(names[:8], fmt.Sprintf("and %d more", len(names)-8))
		}
		return location{}, fmt.Errorf("function %q is ambiguous: %s", loc, strings.Join(names, ", "))
	}
	want := map[string]bool{}
	for _, ns := range bases {
		for _, n := range ns {
			want[n] = true
		}
	}
	seen := map[uint64]bool{}
	var addrs []uint64
	for _, f := range fns {
		if want[f.Name] {
			if a := e.funcBreakAddr(f) + e.bias; !seen[a] {
				seen[a] = true
				addrs = append(addrs, a)
			}
		}
	}
	for n, pcs := range inl {
		if want[n] {
			for _, pc := range pcs {
				if a := pc + e.bias; !seen[a] {
					seen[a] = true
					addrs = append(addrs, a)
				}
			}
		}
	}
	if len(addrs) == 0 {
		return location{}, fmt.Errorf("no function %q", loc)
	}
	sort.Slice(addrs, func(i, j int) bool { return addrs[i] < addrs[j] })
	l := e.describe(location{addrs: addrs})
	if g := e.genericName(addrs); g != "" {
		// Several instantiations: the breakpoint is on the generic
		// function, as Delve names it.
		l.function = g
	}
	return l, nil
}

// genericBase: see source.GenericBase.
func genericBase(n string) string { return source.GenericBase(n) }

// genericName is the generic function whose instantiations hold addrs,
// when nothing else does: a line of a generic function is in each
// instantiation, and the breakpoint is on the generic function, as Delve
// names it (TestGenericsBreakpoint): main.testfn, main.(*Set).Add; ""
// otherwise.
func (e *engine) genericName(addrs []uint64) string {
	if len(addrs) == 0 {
		return ""
	}
	base, first := "", ""
	for _, a := range addrs {
		fn := e.bin.FuncAt(a - e.bias)
		if fn == nil {
			return ""
		}
		b := genericBase(fn.Name)
		switch {
		case base == "":
			base, first = b, fn.Name
		case b != base:
			return ""
		}
	}
	if base == first {
		return "" // not generic: one function (several inlined copies, say)
	}
	return base
}

// resolveFileFunc resolves gdb's FILE:FUNC: the function of that name
// defined in that file, which tells apart static functions of one name in
// several files (break b.c:helper).
func (e *engine) resolveFileFunc(file, name string) (location, error) {
	fns, _ := e.bin.LookupFunc(name) // none: FuncsInFile says so, after the file
	fns, err := FuncsInFile(e.bin, file, name, fns)
	if err != nil {
		return location{}, err
	}
	return e.resolveFunc(name, fns, nil)
}

// FuncsInFile keeps the functions of fns whose entry is in file (as
// FindFile finds it: a base name, a path's tail or the whole path).
func FuncsInFile(b *source.Binary, file, name string, fns []*source.Function) ([]*source.Function, error) {
	full, err := b.FindFile(file)
	if err != nil {
		return nil, err
	}
	var in []*source.Function
	for _, f := range fns {
		if f.File == full {
			in = append(in, f)
		}
	}
	if len(in) == 0 {
		return nil, fmt.Errorf("Function %q not defined in %q.", name, file) // gdb's words
	}
	return in, nil
}
