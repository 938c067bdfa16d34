package source

import (
	"debug/dwarf"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Go's compiler annotates type entries with attributes of its own: the
// reflect kind, the address of the runtime type descriptor (what an
// interface value points to), and a map's or channel's key and element
// types.
const (
	attrGoKind          dwarf.Attr = 0x2900
	attrGoKey           dwarf.Attr = 0x2901
	attrGoElem          dwarf.Attr = 0x2902
	attrGoRuntimeType   dwarf.Attr = 0x2904
	attrGoDictIndex     dwarf.Attr = 0x2906
	attrGoClosureOffset dwarf.Attr = 0x2907
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
	// maps are the key and element type names of map types by the
	// map type's name ("net/http.Header" -> "string", "[]string").
	maps map[string][2]string
	// consts are the named constants of each type, by the type's name
	// (DW_TAG_constant), sorted by value.
	consts map[string][]Constant
	// constOffs are the constants' entries by full name ("main.bitZero").
	constOffs map[string]dwarf.Offset
	// funcNames are the names of function types (DW_TAG_subroutine_type),
	// which debug/dwarf drops, by offset.
	funcNames map[dwarf.Offset]string
}

// Constant is a named constant of a Go type: constTwo of main.ConstType.
type Constant struct {
	Name  string // without the type's package: constTwo
	Value int64
}

type goTypeInfo struct {
	off  dwarf.Offset
	kind int
}

// Go names a slice type "[]T" and its string type "string", and the
// engine knows them by those names. A named slice or string (type Menu
// []Item, type String string) is a struct with the same fields under its
// own name, and only DW_AT_go_kind tells it from a struct: its Kind
// (debug/dwarf's "struct", "union" or "class") is set to KindSlice or
// KindString when the index is built, before any type is handed out.
const (
	KindSlice  = "slice"
	KindString = "string"
)

func (b *Binary) goTypeIndex() *goTypeIndex {
	x := &b.goTypes
	x.once.Do(func() {
		x.byName = map[string]goTypeInfo{}
		x.byRT = map[uint64]dwarf.Offset{}
		x.globals = map[string]dwarf.Offset{}
		x.maps = map[string][2]string{}
		x.consts = map[string][]Constant{}
		x.constOffs = map[string]dwarf.Offset{}
		x.funcNames = map[dwarf.Offset]string{}
		if b.dwarf == nil {
			x.err = fmt.Errorf("the binary has no DWARF debug info")
			return
		}
		defer func() {
			if r := recover(); r != nil {
				x.err = fmt.Errorf("corrupt DWARF (%v)", r)
			}
		}()
		named, mapElems, consts := x.scan(b.dwarf)
		b.annotateNamed(named)
		for name, ke := range mapElems {
			x.maps[name] = [2]string{b.dieName(ke[0]), b.dieName(ke[1])}
		}
		for off, cs := range consts {
			tn := b.dieName(off)
			if tn == "" {
				continue
			}
			pkg := tn[:strings.LastIndexByte(tn, '.')+1]
			for i := range cs {
				cs[i].Name = strings.TrimPrefix(cs[i].Name, pkg)
			}
			sort.SliceStable(cs, func(i, j int) bool { return cs[i].Value < cs[j].Value })
			x.consts[tn] = append(x.consts[tn], cs...)
		}
	})
	return x
}

// scan indexes the top-level entries of every unit. It returns the named
// slices and strings (by offset, with their kind) for annotateNamed, the
// key and element type offsets of named maps, and the named constants by
// the offset of their type.
func (x *goTypeIndex) scan(d *dwarf.Data) (named map[dwarf.Offset]int, mapElems map[string][2]dwarf.Offset, consts map[dwarf.Offset][]Constant) {
	named = map[dwarf.Offset]int{}
	mapElems = map[string][2]dwarf.Offset{}
	consts = map[dwarf.Offset][]Constant{}
	r := d.Reader()
	nulls := 0
	// C's globals: an extern declaration (no location) in every unit
	// that includes the header, and in the defining unit a DIE without a
	// name that points at its declaration (DW_AT_specification) and has
	// the address. The one with an address wins, wherever it comes.
	varNames := map[dwarf.Offset]string{}
	rank := map[string]int{}
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
		if e.Tag == dwarf.TagVariable {
			if name != "" {
				varNames[e.Offset] = name
			} else if spec, ok := e.Val(dwarf.AttrSpecification).(dwarf.Offset); ok {
				name = varNames[spec]
			}
			if k := varRank(e); name != "" {
				if old, ok := rank[name]; !ok || k > old {
					x.globals[name], rank[name] = e.Offset, k
				}
			}
			name, _ = e.Val(dwarf.AttrName).(string)
		}
		if e.Tag == dwarf.TagConstant && name != "" {
			x.constOffs[name] = e.Offset // consts.go
		}
		if e.Tag == dwarf.TagConstant {
			t, okT := e.Val(dwarf.AttrType).(dwarf.Offset)
			v, okV := e.Val(dwarf.AttrConstValue).(int64)
			if name != "" && okT && okV {
				consts[t] = append(consts[t], Constant{Name: name, Value: v})
			}
		}
		if name != "" && e.Tag != dwarf.TagSubprogram && e.Tag != dwarf.TagVariable && e.Tag != dwarf.TagConstant {
			if e.Tag == dwarf.TagSubroutineType {
				x.funcNames[e.Offset] = name
			}
			info := goTypeInfo{off: e.Offset, kind: -1}
			if k, ok := e.Val(attrGoKind).(int64); ok {
				info.kind = int(k)
			}
			// Prefer a complete declaration carrying the Go kind.
			if old, ok := x.byName[name]; !ok || (old.kind < 0 && info.kind >= 0) {
				x.byName[name] = info
			}
			switch {
			case e.Tag == dwarf.TagStructType && info.kind == GoKindSlice && !strings.HasPrefix(name, "[]"),
				e.Tag == dwarf.TagStructType && info.kind == GoKindString && name != "string":
				named[e.Offset] = info.kind
			case info.kind == GoKindMap && !strings.HasPrefix(name, "map["):
				k, _ := e.Val(attrGoKey).(dwarf.Offset)
				v, _ := e.Val(attrGoElem).(dwarf.Offset)
				mapElems[name] = [2]dwarf.Offset{k, v}
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
}

// annotateNamed marks the named slices and strings (see KindSlice). The
// types are dwarf.Data's own, cached by offset, so every later reference
// to them, as a variable's type or a field's, sees the mark.
func (b *Binary) annotateNamed(named map[dwarf.Offset]int) {
	for off, kind := range named {
		t, err := b.readType(off)
		if err != nil {
			continue
		}
		if st, ok := t.(*dwarf.StructType); ok {
			st.Kind = KindSlice
			if kind == GoKindString {
				st.Kind = KindString
			}
		}
	}
}

// dieName is the name of the entry at off ("" if it has none).
func (b *Binary) dieName(off dwarf.Offset) string {
	if off == 0 {
		return ""
	}
	r := b.dwarf.Reader()
	r.Seek(off)
	e, err := r.Next()
	if err != nil || e == nil {
		return ""
	}
	n, _ := e.Val(dwarf.AttrName).(string)
	return n
}

// Constants returns the named constants of the type named typeName,
// sorted by value (nil when it has none).
func (b *Binary) Constants(typeName string) []Constant {
	return b.goTypeIndex().consts[typeName]
}

// MapKeyElem returns the key and element type names of the named map
// type name (type Header map[string][]string): its name does not say them.
func (b *Binary) MapKeyElem(name string) (key, elem string, ok bool) {
	ke, ok := b.goTypeIndex().maps[name]
	return ke[0], ke[1], ok && ke[0] != "" && ke[1] != ""
}

// varRank orders the DIEs of variables of one name for Global: a fixed
// address (DW_OP_addr: a global, a static) first, then another location
// (a local, on the stack), then none (a declaration).
func varRank(e *dwarf.Entry) int {
	loc, _ := e.Val(dwarf.AttrLocation).([]byte)
	switch {
	case len(loc) > 0 && loc[0] == 0x03: // DW_OP_addr
		return 2
	case len(loc) > 0:
		return 1
	}
	return 0
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
	t, err := b.typeAt(off)
	if name, ok := x.funcNames[off]; ok && err == nil {
		// debug/dwarf drops a function type's name: keep it as the
		// Go compiler's typedefs of function types do.
		t = &dwarf.TypedefType{CommonType: dwarf.CommonType{ByteSize: t.Size(), Name: name}, Type: t}
	}
	return t, err
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
	if spec, isDef := e.Val(dwarf.AttrSpecification).(dwarf.Offset); !ok && isDef {
		// A C definition: the type is its declaration's.
		r.Seek(spec)
		if d, err := r.Next(); err == nil && d != nil {
			toff, ok = d.Val(dwarf.AttrType).(dwarf.Offset)
		}
	}
	if !ok {
		return Variable{}, fmt.Errorf("global %s has no type", name)
	}
	v.Type, err = b.typeAt(toff)
	return v, err
}
