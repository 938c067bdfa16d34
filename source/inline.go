package source

import (
	"debug/dwarf"
	"sort"
	"strings"
)

// Inlining. An optimised Go build (a plain `go build`, or -gcflags=all=-N
// without -l) replaces small calls by the callee's code. DWARF describes
// each such copy as a DW_TAG_inlined_subroutine inside the function it was
// inlined into: its pc ranges, the abstract function it is a copy of
// (DW_AT_abstract_origin) and where the call was (DW_AT_call_file,
// DW_AT_call_line). The line table gives the inlined code its own file
// and lines, so a pc there "is" in two functions at once: the inlined one
// at the pc's line and the caller at the call line. The backtrace shows
// both, Delve's way; a breakpoint on the inlined function goes on every
// copy.

// InlinedFrame is one inlined call whose code holds a pc.
type InlinedFrame struct {
	Function string // the inlined function
	// CallFile and CallLine are the call the compiler replaced: where the
	// caller (the next frame out) is.
	CallFile string
	CallLine int
}

// producerFlags reads how a unit was compiled from its DW_AT_producer. Go
// writes "Go cmd/compile go1.26.8; -N -l regabi": the flags after the
// semicolon are those that differ from the defaults, so -N means not
// optimised and -l means no inlining; without the semicolon the unit was
// built with neither flag (optimised, inlined). This is what Delve reads
// (Function.Optimized in pkg/proc/bininfo.go): "optimised" there means
// optimised or inlined, since either makes lines and values inexact. gcc
// writes its options ("GNU C17 11.4.0 -mtune=generic -g -O2").
func producerFlags(goCode bool, cu *dwarf.Entry) (optimized, noInline bool) {
	p, _ := cu.Val(dwarf.AttrProducer).(string)
	if goCode {
		i := strings.IndexByte(p, ';')
		if i < 0 {
			return p != "", false
		}
		flags := strings.Fields(p[i+1:])
		n, l := false, false
		for _, f := range flags {
			n = n || f == "-N"
			l = l || f == "-l"
		}
		return !n || !l, l
	}
	for _, f := range strings.Fields(p) {
		if strings.HasPrefix(f, "-O") && f != "-O0" {
			optimized = true
		}
	}
	return optimized, false
}

// Optimized reports whether the code at pc was compiled with optimisations
// or inlining (a Go unit built without -N -l, a C one with -O1 and up):
// its lines and variables may not follow the source.
func (b *Binary) Optimized(pc uint64) bool {
	if b.dwarf == nil {
		return false
	}
	u := b.lines.unitAt(pc)
	return u != nil && u.optimized
}

// UnitAt names the compilation unit holding pc (for Go, its package
// path; for C, its main source file) and says whether it is Go code; ""
// when no unit holds pc.
func (b *Binary) UnitAt(pc uint64) (name string, goCode bool) {
	if b.dwarf == nil {
		return "", false
	}
	if u := b.lines.unitAt(pc); u != nil {
		n, _ := u.entry.Val(dwarf.AttrName).(string)
		return n, u.goCode
	}
	return "", false
}

// fileAt is entry i of the unit's file table, as DW_AT_call_file and
// DW_AT_decl_file number them ("" if there is none).
func (u *lineUnit) fileAt(d *dwarf.Data, i int) string {
	u.tableOnce.Do(func() {
		defer func() {
			if recover() != nil {
				u.fileTable = nil
			}
		}()
		if u.badHeader {
			return
		}
		lr, err := d.LineReader(u.entry)
		if err != nil || lr == nil {
			return
		}
		for _, f := range lr.Files() {
			n := ""
			if f != nil {
				n = f.Name
			}
			u.fileTable = append(u.fileTable, n)
		}
	})
	if i < 0 || i >= len(u.fileTable) {
		return ""
	}
	return u.fileTable[i]
}

// InlineStack returns the inlined calls whose code holds pc, innermost
// first: nil when pc is in no inlined call (always, in a -N -l build).
// The function holding pc is the caller of the last one. It reads the
// function's DWARF once, then answers from the cache.
func (b *Binary) InlineStack(pc uint64) []InlinedFrame {
	subs, u := b.inlinedCallsAt(pc)
	if len(subs) == 0 {
		return nil
	}
	out := make([]InlinedFrame, 0, len(subs))
	for _, in := range subs {
		out = append(out, InlinedFrame{Function: in.name, CallFile: u.fileAt(b.dwarf, in.callFile), CallLine: in.callLine})
	}
	return out
}

// inlinedCallsAt is the chain of inlined calls holding pc, innermost first.
func (b *Binary) inlinedCallsAt(pc uint64) ([]*inlinedSub, *lineUnit) {
	if b.dwarf == nil {
		return nil, nil
	}
	u := b.lines.unitAt(pc)
	if u == nil || u.noInline {
		return nil, nil
	}
	fd, err := b.funcDIEAt(u, pc)
	if err != nil || len(fd.inlined) == 0 {
		return nil, nil
	}
	var out []*inlinedSub
	i := fd.inlinedIndexAt(pc)
	// Follow the nesting of the entries, not their ranges: Go may give
	// an outer call ranges that do not cover a call nested in it (Delve's
	// TestIssue1795).
	for n := 0; i >= 0 && n < maxInlineDepth; n++ {
		out = append(out, &fd.inlined[i])
		i = fd.inlined[i].parent
	}
	return out, u
}

// InlinedRanges says which pcs of the function holding pc a `next` from
// one of the frames at pc may stop at, as Delve decides
// (removeInlinedCalls): depth 0 is the innermost inlined call holding pc
// (the one InlineStack(pc)[0] describes), 1 the one around it, and so on;
// depth len(InlineStack(pc)) is the function itself. own(p) is true when
// the innermost inlined call holding p is that frame's call, or when p is
// in no inlined call (the function's own code is always a place to stop:
// the code after the inlined call).
func (b *Binary) InlinedRanges(pc uint64, depth int) (own func(uint64) bool, ok bool) {
	u := b.lines.unitAt(pc)
	if b.dwarf == nil || u == nil {
		return nil, false
	}
	if u.noInline {
		return func(uint64) bool { return true }, true
	}
	fd, err := b.funcDIEAt(u, pc)
	if err != nil {
		return nil, false
	}
	chain := []int{}
	for i, n := fd.inlinedIndexAt(pc), 0; i >= 0 && n < maxInlineDepth; n++ {
		chain = append(chain, i)
		i = fd.inlined[i].parent
	}
	if depth < 0 || depth > len(chain) {
		return nil, false
	}
	self := -1 // the function itself
	if depth < len(chain) {
		self = chain[depth]
	}
	return func(p uint64) bool {
		in := fd.inlinedIndexAt(p)
		return in < 0 || in == self
	}, true
}

// inlinedCallID names the innermost inlined call holding pc within its
// function (-1: the function's own code), to tell the copies of one
// inlined line apart.
func (b *Binary) inlinedCallID(pc uint64) int {
	u := b.lines.unitAt(pc)
	if b.dwarf == nil || u == nil || u.noInline {
		return -1
	}
	fd, err := b.funcDIEAt(u, pc)
	if err != nil {
		return -1
	}
	return fd.inlinedIndexAt(pc)
}

// inlinedIndexAt is the index of the innermost inlined call whose code
// holds pc, or -1. Nested calls come after their parent and siblings do
// not overlap, so it is the last one that holds pc.
func (fd *funcDIE) inlinedIndexAt(pc uint64) int {
	for i := len(fd.inlined) - 1; i >= 0; i-- {
		if inRanges(fd.inlined[i].ranges, pc) {
			return i
		}
	}
	return -1
}

// InlinedCalls returns the first pc of every inlined copy of the functions
// matching name as LookupFunc matches it (the exact name, or a name ending
// in "."+name or "/"+name), by function name, each sorted.
//
// Each unit's inlined calls are read the first time they are asked for: a
// pass over its DIEs (units compiled with -l have none and are skipped).
// Asking for a function of package main reads main's units only, since no
// other package can import main, so none can inline its functions; any
// other name reads every unit once (about 60 ms on a 13 MB optimised
// binary, in parallel).
func (b *Binary) InlinedCalls(name string) map[string][]uint64 {
	if name == "" {
		return nil
	}
	if b.dwarf == nil || b.lines.d == nil {
		// No DWARF: the Go runtime's own inline trees, where each
		// inlined call is its call site (pclntab_inline.go).
		return matchInlined(b.pclnInlinedCalls(), name)
	}
	var units []*lineUnit
	for _, u := range b.lines.units {
		if u.noInline {
			continue
		}
		if strings.HasPrefix(name, "main.") {
			if n, _ := u.entry.Val(dwarf.AttrName).(string); n != "main" {
				continue
			}
		}
		units = append(units, u)
	}
	forUnits(units, func(u *lineUnit) {
		u.inlOnce.Do(func() { u.inl = b.unitInlineCalls(u) })
	})
	all := map[string][]uint64{}
	for _, u := range units {
		for n, pcs := range u.inl {
			all[n] = append(all[n], pcs...)
		}
	}
	return matchInlined(all, name)
}

// matchInlined picks the functions of calls that name means, as LookupFunc
// matches names, each with its pcs sorted.
func matchInlined(calls map[string][]uint64, name string) map[string][]uint64 {
	out := map[string][]uint64{}
	if pcs, ok := calls[name]; ok {
		out[name] = pcs // the exact name wins, as in LookupFunc
	} else {
		for n, pcs := range calls {
			base := GenericBase(n)
			if base == name || strings.HasSuffix(base, "."+name) || strings.HasSuffix(base, "/"+name) {
				out[n] = pcs
			}
		}
	}
	for n, pcs := range out {
		pcs = append([]uint64(nil), pcs...)
		sort.Slice(pcs, func(i, j int) bool { return pcs[i] < pcs[j] })
		out[n] = pcs
	}
	return out
}

// unitInlineCalls walks one unit's DIEs for inlined subroutines. Go puts
// the abstract function an inlined call refers to in the same unit, before
// its uses: a map of the unit's abstract names answers most origins
// without a seek.
func (b *Binary) unitInlineCalls(u *lineUnit) (out map[string][]uint64) {
	defer func() {
		// debug/dwarf is not hardened against hostile input.
		if recover() != nil {
			out = nil
		}
	}()
	out = map[string][]uint64{}
	names := map[dwarf.Offset]string{}
	r := b.dwarf.Reader()
	r.Seek(u.entry.Offset)
	if _, err := r.Next(); err != nil {
		return out
	}
	depth := 1
	nulls := 0
	for depth > 0 {
		e, err := r.Next()
		if err != nil || e == nil {
			return out
		}
		if e.Tag == 0 {
			if nulls++; nulls > 1<<12 {
				return out
			}
			depth--
			continue
		}
		nulls = 0
		switch e.Tag {
		case dwarf.TagSubprogram:
			if n, ok := e.Val(dwarf.AttrName).(string); ok {
				names[e.Offset] = n
			}
		case dwarf.TagInlinedSubroutine:
			off, _ := e.Val(dwarf.AttrAbstractOrigin).(dwarf.Offset)
			n, ok := names[off]
			if !ok {
				n, _, _ = b.origin(e)
			}
			if n == "" {
				break
			}
			// The copy's lowest pc. gcc also lists empty ranges (at its
			// DW_AT_entry_pc, say), which hold no code of the copy.
			if rs, err := b.dwarf.Ranges(e); err == nil {
				lo, ok := uint64(0), false
				for _, x := range rs {
					if x[1] > x[0] && (!ok || x[0] < lo) {
						lo, ok = x[0], true
					}
				}
				if ok {
					out[n] = append(out[n], lo)
				}
			}
		}
		if e.Children {
			switch e.Tag {
			case dwarf.TagSubprogram, dwarf.TagInlinedSubroutine, dwarf.TagLexDwarfBlock:
				depth++
			default:
				r.SkipChildren()
			}
		}
	}
	return out
}

// GenericBase is a function's name without the type arguments of its
// instantiation, as Delve names generic functions:
// "main.Max[go.shape.int]" is main.Max, "main.(*Set[go.shape.string]).Add"
// main.(*Set).Add, and "main.Each[go.shape.int]-range1" (the body of a
// range-over-func loop) main.Each-range1.
func GenericBase(n string) string {
	if strings.IndexByte(n, '[') < 0 {
		return n
	}
	var out strings.Builder
	depth := 0
	for i := 0; i < len(n); i++ {
		switch c := n[i]; {
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			out.WriteByte(c)
		}
	}
	if depth != 0 {
		return n // unbalanced: not a type argument list
	}
	return out.String()
}
