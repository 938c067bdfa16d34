package source

import (
	"debug/dwarf"
	"fmt"
)

// LookupConstant finds the Go constant named name ("main.bitZero"), which
// the compiler describes (DW_TAG_constant) when the program uses it: its
// type and value.
func (b *Binary) LookupConstant(name string) (dwarf.Type, int64, error) {
	x := b.goTypeIndex()
	off, ok := x.constOffs[name]
	if !ok {
		return nil, 0, fmt.Errorf("no constant %s", name)
	}
	r := b.dwarf.Reader()
	r.Seek(off)
	e, err := r.Next()
	if err != nil || e == nil || e.Tag != dwarf.TagConstant {
		return nil, 0, fmt.Errorf("no constant %s", name)
	}
	v, ok := e.Val(dwarf.AttrConstValue).(int64)
	if !ok {
		return nil, 0, fmt.Errorf("constant %s has no integer value", name)
	}
	toff, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
	if !ok {
		return nil, 0, fmt.Errorf("constant %s has no type", name)
	}
	t, err := b.typeAt(toff)
	if err != nil {
		return nil, 0, err
	}
	return t, v, nil
}
