package source

import (
	"debug/dwarf"
	"errors"
	"fmt"
	"sync"
)

// Go's compiler annotates type entries with attributes of its own: the
// reflect kind, the address of the runtime type descriptor (what an
// interface value points to), and a map's or channel's key and element
// types.
const (
	attrGoKind        dwarf.Attr = 0x2900
	attrGoKey         dwarf.Attr = 0x2901
	attrGoElem        dwarf.Attr = 0x2902
	attrGoRuntimeType dwarf.Attr = 0x2904
)

// Go reflect kinds, as DW_AT_go_kind records them.
const (
	GoKindInvalid = iota
	GoKindBool
	GoKindInt
	GoKindInt8
	GoKindInt16
	GoKindInt32
	GoKindInt64
	GoKindUint
	GoKindUint8
	GoKindUint16
	GoKindUint32
	GoKindUint64
	GoKindUintptr
	GoKindFloat32
	GoKindFloat64
	GoKindComplex64
	GoKindComplex128
	GoKindArray
	GoKindChan
	GoKindFunc
	GoKindInterface
	GoKindMap
	GoKindPointer
	GoKindSlice
	GoKindString
	GoKindStruct
	GoKindUnsafePointer
)

// goTypeIndex maps Go type names and runtime type addresses to DWARF
// entries. It is built on first use by one pass over the top-level entries
// of every unit (Go emits every type at the top level).
type goTypeIndex struct {
	once   sync.Once
	err    error
	byName map[string]goTypeInfo
	byRT   map[uint64]dwarf.Offset
	// globals are the package-level variables by name ("main.global").
	globals map[string]dwarf.Offset
}

type goTypeInfo struct {
	off  dwarf.Offset
	kind int
}

func (b *Binary) goTypeIndex() *goTypeIndex {
	x := &b.goTypes
	x.once.Do(func() {
		x.byName = map[string]goTypeInfo{}
		x.byRT = map[uint64]dwarf.Offset{}
		x.globals = map[string]dwarf.Offset{}
		if b.dwarf == nil {
			x.err = fmt.Errorf("the binary has no DWARF debug info")
			return
		}
		defer func() {
			if r := recover(); r != nil {
				x.err = fmt.Errorf("corrupt DWARF (%v)", r)
			}
		}()
		r := b.dwarf.Reader()
		nulls := 0
		for {
			e, err := r.Next()
			if err != nil {
				x.err = err
				return
			}
			if e == nil {
				return
			}
			// debug/dwarf hands out a null entry without moving on
			// when an abbreviation code runs off the end of its unit
			// (an unterminated LEB128): count them rather than loop
			// forever, keeping what was indexed so far. Real padding
			// is a few null entries.
			if e.Tag == 0 {
				if nulls++; nulls > 1<<12 {
					x.err = errors.New(".debug_info: an entry runs past the end of its unit")
					return
				}
				continue
			}
			nulls = 0
			if e.Tag == dwarf.TagCompileUnit {
				continue
			}
			name, _ := e.Val(dwarf.AttrName).(string)
			if e.Tag == dwarf.TagVariable && name != "" {
				if _, ok := x.globals[name]; !ok {
					x.globals[name] = e.Offset
				}
			}
			if name != "" && e.Tag != dwarf.TagSubprogram && e.Tag != dwarf.TagVariable {
				info := goTypeInfo{off: e.Offset, kind: -1}
				if k, ok := e.Val(attrGoKind).(int64); ok {
					info.kind = int(k)
				}
				// Prefer a complete declaration carrying the Go kind.
				if old, ok := x.byName[name]; !ok || (old.kind < 0 && info.kind >= 0) {
					x.byName[name] = info
				}
				switch rt := e.Val(attrGoRuntimeType).(type) {
				case uint64:
					if rt != 0 {
						if _, ok := x.byRT[rt]; !ok {
							x.byRT[rt] = e.Offset
						}
					}
				case int64:
					if rt != 0 {
						if _, ok := x.byRT[uint64(rt)]; !ok {
							x.byRT[uint64(rt)] = e.Offset
						}
					}
				}
			}
			if e.Children {
				r.SkipChildren()
			}
		}
	})
	return x
}

// GoKind returns the reflect kind the Go compiler recorded for the type
// named name (GoKindInvalid and false when it recorded none).
func (b *Binary) GoKind(name string) (int, bool) {
	x := b.goTypeIndex()
	info, ok := x.byName[name]
	if !ok || info.kind < 0 {
		return GoKindInvalid, false
	}
	return info.kind, true
}

// LookupType finds the type named name (e.g. "main.point", "int",
// "noalg.map.group[string]int").
func (b *Binary) LookupType(name string) (dwarf.Type, error) {
	x := b.goTypeIndex()
	if x.err != nil && len(x.byName) == 0 {
		return nil, x.err
	}
	info, ok := x.byName[name]
	if !ok {
		return nil, fmt.Errorf("no type %s in the binary's DWARF", name)
	}
	return b.typeAt(info.off)
}

// TypeOfRuntimeType finds the DWARF type whose runtime type descriptor is
// at addr (a link-time address): the dynamic type of an interface value.
func (b *Binary) TypeOfRuntimeType(addr uint64) (dwarf.Type, error) {
	x := b.goTypeIndex()
	// The compiler records the descriptor's offset from the start of
	// the type data (runtime.types); older linkers wrote the address.
	off, ok := dwarf.Offset(0), false
	for _, name := range []string{"runtime.types", "type:*"} {
		if base, found := b.Symbol(name); found && addr >= base {
			if off, ok = x.byRT[addr-base]; ok {
				break
			}
		}
	}
	if !ok {
		off, ok = x.byRT[addr]
	}
	if !ok {
		return nil, fmt.Errorf("no DWARF type for the runtime type at %#x", addr)
	}
	return b.typeAt(off)
}

// Global returns the package-level variable named name ("main.global", or
// "global" in C): its type and location expression (DW_OP_addr, a
// link-time address).
func (b *Binary) Global(name string) (v Variable, err error) {
	x := b.goTypeIndex()
	off, ok := x.globals[name]
	if !ok {
		return Variable{}, fmt.Errorf("no global variable %s", name)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("global %s: corrupt DWARF (%v)", name, r)
		}
	}()
	r := b.dwarf.Reader()
	r.Seek(off)
	e, err := r.Next()
	if err != nil || e == nil {
		return Variable{}, fmt.Errorf("global %s: %v", name, err)
	}
	v.Name = name
	v.Loc, _ = e.Val(dwarf.AttrLocation).([]byte)
	if l, ok := e.Val(dwarf.AttrDeclLine).(int64); ok {
		v.DeclLine = int(l)
	}
	toff, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
	if !ok {
		return Variable{}, fmt.Errorf("global %s has no type", name)
	}
	v.Type, err = b.typeAt(toff)
	return v, err
}
