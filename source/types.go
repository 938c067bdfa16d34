package source

import (
	"debug/dwarf"
	"fmt"
	"strings"
	"sync"
)

// typeCache finds named types in DWARF. The engine needs a few offsets of
// runtime structures (runtime.g's goid, atomicstatus, stack) at every stop,
// so answers are cached; the search starts with the runtime's unit, where
// those types live. dwarf.Data's type reader is not safe for concurrent
// use, so every lookup holds mu.
type typeCache struct {
	mu      sync.Mutex
	offsets map[string]int64 // "type\x00field.path" -> offset
	types   map[string]dwarf.Type
}

// FieldOffset returns the byte offset of fieldPath (dot-separated, e.g.
// "stack.hi") within the type named typeName (e.g. "runtime.g").
func (b *Binary) FieldOffset(typeName, fieldPath string) (int64, error) {
	if b.dwarf == nil {
		return 0, fmt.Errorf("no type %s: the binary has no DWARF debug info", typeName)
	}
	c := &b.types
	c.mu.Lock()
	defer c.mu.Unlock()
	key := typeName + "\x00" + fieldPath
	if off, ok := c.offsets[key]; ok {
		return off, nil
	}
	t, err := b.lookupTypeLocked(typeName)
	if err != nil {
		return 0, err
	}
	var off int64
	for _, name := range strings.Split(fieldPath, ".") {
		st, ok := underlying(t).(*dwarf.StructType)
		if !ok {
			return 0, fmt.Errorf("%s.%s: %s is not a struct", typeName, fieldPath, t)
		}
		var f *dwarf.StructField
		for _, sf := range st.Field {
			if sf.Name == name {
				f = sf
				break
			}
		}
		if f == nil {
			return 0, fmt.Errorf("type %s has no field %s", typeName, fieldPath)
		}
		off += f.ByteOffset
		t = f.Type
	}
	if c.offsets == nil {
		c.offsets = map[string]int64{}
	}
	c.offsets[key] = off
	return off, nil
}

// underlying follows typedefs and qualifiers.
func underlying(t dwarf.Type) dwarf.Type {
	for i := 0; i < 100; i++ { // bounded: hostile DWARF can loop
		switch tt := t.(type) {
		case *dwarf.TypedefType:
			t = tt.Type
		case *dwarf.QualType:
			t = tt.Type
		default:
			return t
		}
	}
	return t
}

// lookupTypeLocked finds the type named name, searching the unit of its
// package first (the runtime's for "runtime.g"), then every unit.
func (b *Binary) lookupTypeLocked(name string) (t dwarf.Type, err error) {
	c := &b.types
	if t, ok := c.types[name]; ok {
		return t, nil
	}
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("type %s: corrupt DWARF (%v)", name, r)
		}
	}()
	pkg := ""
	if i := strings.LastIndex(name, "."); i > 0 {
		pkg = name[:i]
	}
	units := b.lines.units
	var first []int
	for i, u := range units {
		if n, _ := u.entry.Val(dwarf.AttrName).(string); pkg != "" && n == pkg {
			first = append(first, i)
		}
	}
	for i := range units {
		first = append(first, i)
	}
	tried := map[int]bool{}
	for _, i := range first {
		if tried[i] {
			continue
		}
		tried[i] = true
		off, ok, err := findTypeInUnit(b.dwarf, units[i].entry, name)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		t, err := b.dwarf.Type(off)
		if err != nil {
			return nil, err
		}
		if c.types == nil {
			c.types = map[string]dwarf.Type{}
		}
		c.types[name] = t
		return t, nil
	}
	return nil, fmt.Errorf("no type %s in the binary's DWARF", name)
}

// findTypeInUnit scans the top-level DIEs of one unit for a complete type
// declaration named name.
func findTypeInUnit(d *dwarf.Data, cu *dwarf.Entry, name string) (dwarf.Offset, bool, error) {
	r := d.Reader()
	r.Seek(cu.Offset)
	if _, err := r.Next(); err != nil { // the unit itself
		return 0, false, err
	}
	for {
		e, err := r.Next()
		if err != nil {
			return 0, false, err
		}
		if e == nil || e.Tag == 0 {
			return 0, false, nil // end of the unit's children
		}
		switch e.Tag {
		case dwarf.TagStructType, dwarf.TagTypedef, dwarf.TagUnionType, dwarf.TagBaseType,
			dwarf.TagPointerType, dwarf.TagEnumerationType, dwarf.TagClassType:
			if n, _ := e.Val(dwarf.AttrName).(string); n == name {
				if decl, _ := e.Val(dwarf.AttrDeclaration).(bool); !decl {
					return e.Offset, true, nil
				}
			}
		}
		if e.Children {
			r.SkipChildren()
		}
	}
}
