package source

import (
	"debug/dwarf"
	"encoding/binary"
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
	// globals are the package-level variables by name ("main.global"):
	// a C definition (with a location, or DW_AT_specification naming
	// its declaration) rather than an extern declaration.
	globals map[string]dwarf.Offset
	// unitGlobals are each unit's variables by unit name, then by name:
	// a C file's statics, for 'file.c'::var and the frame's own unit.
	unitGlobals map[string]map[string]dwarf.Offset
	// declared marks the entries of globals that are only extern
	// declarations, which a definition replaces.
	declared map[dwarf.Offset]bool
	// typedefs are C's typedef names, which a struct tag of the same
	// name (typedef struct node node) hides in byName.
	typedefs map[string]dwarf.Offset
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
		x.unitGlobals = map[string]map[string]dwarf.Offset{}
		x.declared = map[dwarf.Offset]bool{}
		x.typedefs = map[string]dwarf.Offset{}
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
	unit := ""
	// declNames are the names of extern declarations, which a
	// definition elsewhere in the unit refers to (DW_AT_specification)
	// without a name of its own.
	declNames := map[dwarf.Offset]string{}
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
			unit, _ = e.Val(dwarf.AttrName).(string)
			continue
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		if e.Tag == dwarf.TagVariable {
			x.indexVariable(e, name, unit, declNames)
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
			if _, ok := x.typedefs[name]; !ok && e.Tag == dwarf.TagTypedef {
				x.typedefs[name] = e.Offset
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

// LookupTypedef finds the C typedef named name (uint_t, node in
// typedef struct node node), not a struct, union or enum of that tag.
func (b *Binary) LookupTypedef(name string) (dwarf.Type, error) {
	off, ok := b.goTypeIndex().typedefs[name]
	if !ok {
		return nil, fmt.Errorf("no typedef %s in the binary's DWARF", name)
	}
	return b.typeAt(off)
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
	return b.globalAt(e, name)
}

// globalAt is the variable of entry e. A C definition of an extern
// declaration may carry only its location and point to the declaration
// (DW_AT_specification) for the type and line.
func (b *Binary) globalAt(e *dwarf.Entry, name string) (v Variable, err error) {
	v.Name = name
	v.Loc, _ = e.Val(dwarf.AttrLocation).([]byte)
	if _, ok := e.Val(dwarf.AttrType).(dwarf.Offset); !ok {
		if spec, ok := e.Val(dwarf.AttrSpecification).(dwarf.Offset); ok {
			r := b.dwarf.Reader()
			r.Seek(spec)
			if d, err := r.Next(); err == nil && d != nil {
				if _, ok := d.Val(dwarf.AttrType).(dwarf.Offset); ok {
					e = d // v.Loc stays the definition's
				}
			}
		}
	}
	if l, ok := e.Val(dwarf.AttrDeclLine).(int64); ok {
		v.DeclLine = int(l)
	}
	if decl, _ := e.Val(dwarf.AttrDeclaration).(bool); decl && len(v.Loc) == 0 {
		// An extern the program only declares (stdio.h's stdout): it
		// lives where the ELF symbol says, the program's own copy
		// (R_X86_64_COPY), as gdb finds it with the declared type.
		if a, ok := b.syms[name]; ok && a != 0 {
			v.Loc = binary.LittleEndian.AppendUint64([]byte{0x03}, a) // DW_OP_addr
		}
	}
	toff, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
	if !ok {
		return Variable{}, fmt.Errorf("global %s has no type", name)
	}
	v.Type, err = b.typeAt(toff)
	return v, err
}

// indexVariable records a top-level variable entry: a definition wins
// over an extern declaration (DW_AT_declaration, no location) of the
// same name, which may come first, from a unit that only uses it.
func (x *goTypeIndex) indexVariable(e *dwarf.Entry, name, unit string, declNames map[dwarf.Offset]string) {
	if decl, _ := e.Val(dwarf.AttrDeclaration).(bool); decl {
		if name != "" {
			declNames[e.Offset] = name
			if _, ok := x.globals[name]; !ok {
				x.globals[name] = e.Offset
				x.declared[e.Offset] = true
			}
		}
		return
	}
	if name == "" {
		spec, ok := e.Val(dwarf.AttrSpecification).(dwarf.Offset)
		if !ok {
			return
		}
		if name = declNames[spec]; name == "" {
			return
		}
	}
	if old, ok := x.globals[name]; !ok || x.declared[old] {
		x.globals[name] = e.Offset
		delete(x.declared, old)
	}
	m := x.unitGlobals[unit]
	if m == nil {
		m = map[string]dwarf.Offset{}
		x.unitGlobals[unit] = m
	}
	if _, ok := m[name]; !ok {
		m[name] = e.Offset
	}
}

// GlobalIn is the variable named name defined in the unit whose source
// file is file ("prog.c", or a path ending in it): a C file's static,
// as gdb's 'prog.c'::name names it.
func (b *Binary) GlobalIn(file, name string) (v Variable, err error) {
	return b.globalIn(file, name, false)
}

// UnitGlobal is GlobalIn for the unit named exactly unit (UnitAt's
// name): a frame's own file's static, looked up in constant time, as a
// condition does at every hit.
func (b *Binary) UnitGlobal(unit, name string) (v Variable, err error) {
	return b.globalIn(unit, name, true)
}

func (b *Binary) globalIn(file, name string, exact bool) (v Variable, err error) {
	x := b.goTypeIndex()
	off, found := x.unitGlobals[file][name]
	for unit, m := range x.unitGlobals {
		if found || exact {
			break
		}
		if unit == file || strings.HasSuffix(unit, "/"+file) {
			if o, ok := m[name]; ok {
				off, found = o, true
				break
			}
		}
	}
	if !found {
		return Variable{}, fmt.Errorf("no variable %s in %s", name, file)
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
	return b.globalAt(e, name)
}
