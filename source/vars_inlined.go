package source

import (
	"debug/dwarf"
	"fmt"
)

// Functions inlined into others (optimised builds: Go without -N -l, gcc
// -O2) have a DW_TAG_inlined_subroutine inside the function they were
// inlined into: its pc ranges are the inlined code, its variables (named
// through DW_AT_abstract_origin, as the abstract function declares them)
// have locations relative to the enclosing function's frame. At a pc of
// that code, the variables in scope are the inlined function's.

// inlinedSub is one inlined call's code and variables.
type inlinedSub struct {
	name     string
	ranges   [][2]uint64
	callLine int
	callFile int // DW_AT_call_file: an index in the unit's file table
	parent   int // the inlined call this one is nested in, -1 for none
	vars     []rawVar
}

// maxInlineDepth bounds nested inlining (a corrupt file could nest
// forever); real programs nest a few levels.
const maxInlineDepth = 64

// readInlined reads the inlined subroutine e and everything nested in it
// into fd.inlined, leaving r after e's children.
func (b *Binary) readInlined(r *dwarf.Reader, e *dwarf.Entry, fd *funcDIE, depth, parent int) error {
	in := inlinedSub{parent: parent, callFile: -1}
	in.name, _, _ = b.origin(e)
	if l, ok := e.Val(dwarf.AttrCallLine).(int64); ok {
		in.callLine = int(l)
	}
	if f, ok := e.Val(dwarf.AttrCallFile).(int64); ok {
		in.callFile = int(f)
	}
	if rs, err := b.dwarf.Ranges(e); err == nil {
		for _, x := range rs {
			in.ranges = append(in.ranges, [2]uint64{x[0], x[1]})
		}
	}
	i := len(fd.inlined)
	fd.inlined = append(fd.inlined, in)
	if !e.Children {
		return nil
	}
	if depth >= maxInlineDepth {
		r.SkipChildren()
		return nil
	}
	var blocks [][][2]uint64
	level := 1 // how deep in e's subtree r is
	for level > 0 {
		c, err := r.Next()
		if err != nil {
			return fmt.Errorf("reading inlined %s: %v", in.name, err)
		}
		if c == nil {
			return nil
		}
		switch c.Tag {
		case 0:
			level--
			if level >= 1 && len(blocks) >= level {
				blocks = blocks[:level-1]
			}
			continue
		case dwarf.TagLexDwarfBlock:
			var rs [][2]uint64
			if got, err := b.dwarf.Ranges(c); err == nil {
				for _, x := range got {
					rs = append(rs, [2]uint64{x[0], x[1]})
				}
			}
			if c.Children {
				blocks = append(blocks, rs)
				level++
			}
			continue
		case dwarf.TagVariable, dwarf.TagFormalParameter:
			if rv, ok := b.rawVarOf(c, blocks); ok {
				fd.inlined[i].vars = append(fd.inlined[i].vars, rv)
			}
		case dwarf.TagInlinedSubroutine:
			if err := b.readInlined(r, c, fd, depth+1, i); err != nil {
				return err
			}
			continue
		}
		if c.Children {
			r.SkipChildren()
		}
	}
	return nil
}
