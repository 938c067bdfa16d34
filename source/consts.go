package source

import (
	"debug/dwarf"
	"fmt"
)

// Constant is a Go constant the compiler described (DW_TAG_constant, for
// constants of the program's own packages that the program uses): its
// type and value.
type Constant struct {
	Type  dwarf.Type
	Value int64
}

// LookupConstant finds the constant named name ("main.bitZero").
func (b *Binary) LookupConstant(name string) (Constant, error) {
	x := b.goTypeIndex()
	info, ok := x.byName[name]
	if !ok {
		return Constant{}, fmt.Errorf("no constant %s", name)
	}
	r := b.dwarf.Reader()
	r.Seek(info.off)
	e, err := r.Next()
	if err != nil || e == nil || e.Tag != dwarf.TagConstant {
		return Constant{}, fmt.Errorf("no constant %s", name)
	}
	v, ok := e.Val(dwarf.AttrConstValue).(int64)
	if !ok {
		return Constant{}, fmt.Errorf("constant %s has no integer value", name)
	}
	toff, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
	if !ok {
		return Constant{}, fmt.Errorf("constant %s has no type", name)
	}
	t, err := b.typeAt(toff)
	if err != nil {
		return Constant{}, err
	}
	return Constant{Type: t, Value: v}, nil
}
