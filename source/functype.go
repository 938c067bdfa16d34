package source

import (
	"debug/dwarf"
	"fmt"
)

// FuncType is the type of the function whose code holds pc (a file
// address): its result and parameter types, from its subprogram entry
// (DW_AT_type, the DW_TAG_formal_parameter children, and
// DW_TAG_unspecified_parameters for C's "..."). gdb's whatis of a
// function's name answers with it: int (int, int). A function without a
// result has a VoidType result.
func (b *Binary) FuncType(pc uint64) (ft *dwarf.FuncType, err error) {
	if b.dwarf == nil {
		return nil, fmt.Errorf("no debug info")
	}
	u := b.lines.unitAt(pc)
	if u == nil {
		return nil, fmt.Errorf("no debug info for pc %#x", pc)
	}
	x := &b.vars
	x.mu.Lock()
	sp, err := func() (sp *subprogram, err error) {
		defer func() {
			if r := recover(); r != nil {
				sp, err = nil, fmt.Errorf("corrupt DWARF for pc %#x (%v)", pc, r)
			}
		}()
		return b.subprogramAtLocked(u, pc)
	}()
	x.mu.Unlock()
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			ft, err = nil, fmt.Errorf("corrupt DWARF for the function at %#x (%v)", pc, r)
		}
	}()
	r := b.dwarf.Reader()
	r.Seek(sp.off)
	e, err := r.Next()
	if err != nil || e == nil {
		return nil, fmt.Errorf("reading the function at %#x: %v", pc, err)
	}
	ft = &dwarf.FuncType{ReturnType: &dwarf.VoidType{}}
	if off, ok := e.Val(dwarf.AttrType).(dwarf.Offset); ok {
		if ft.ReturnType, err = b.readType(off); err != nil {
			return nil, err
		}
	}
	if !e.Children {
		return ft, nil
	}
	for {
		c, err := r.Next()
		if err != nil {
			return nil, err
		}
		if c == nil || c.Tag == 0 {
			return ft, nil
		}
		switch c.Tag {
		case dwarf.TagFormalParameter:
			if off, ok := c.Val(dwarf.AttrType).(dwarf.Offset); ok {
				t, err := b.readType(off)
				if err != nil {
					return nil, err
				}
				ft.ParamType = append(ft.ParamType, t)
			}
		case dwarf.TagUnspecifiedParameters:
			ft.ParamType = append(ft.ParamType, &dwarf.DotDotDotType{})
		}
		if c.Children {
			r.SkipChildren()
		}
	}
}
