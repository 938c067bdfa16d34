package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"tdb/source"
)

// value is a typed piece of the target's data: in memory at addr, or
// already loaded in buf (registers, computed results). Only the ptrace
// goroutine uses values.
type value struct {
	typ  dwarf.Type
	addr uint64    // 0: not in memory
	reg  int       // >= 0: wholly in this DWARF register of frame 0
	buf  []byte    // loaded contents (nil: read from addr on demand)
	tid  int       // the thread whose register reg is
	lit  *computed // literals and results of expressions without bytes of their own
	// onlyAddr: a pointer made by the expression (&x, (*T)(addr)) is
	// shown by its address, as Delve does, not by what it points to.
	onlyAddr bool
	// trustLen: a slice made by s[1:70], bounds given as numbers, is
	// shown whole, as Delve does, not cut at 64 elements (eval_slice.go).
	trustLen bool
	// bits: a C bitfield, its value decoded into buf; where it lies, for
	// set (values_fields.go).
	bits *bitRef
}

// maxLoad bounds one value read from the target: a [1<<30]byte array is
// shown by its first elements, not read whole.
const maxLoad = 1 << 16

// kind is how a value is decoded and shown.
type kind int

const (
	kInvalid kind = iota
	kBool
	kInt
	kUint
	kFloat
	kComplex
	kString
	kSlice
	kArray
	kStruct
	kPtr
	kUnsafePtr
	kMap
	kChan
	kFunc
	kEface
	kIface
	kCChar // C char, signed or not
)

// resolve follows typedefs and qualifiers.
func resolve(t dwarf.Type) dwarf.Type {
	for i := 0; i < 50 && t != nil; i++ {
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

func classify(t dwarf.Type) kind {
	if t == nil {
		return kInvalid
	}
	name := t.Common().Name
	switch {
	case strings.HasPrefix(name, "map["):
		return kMap
	case strings.HasPrefix(name, "chan ") || strings.HasPrefix(name, "<-chan ") || strings.HasPrefix(name, "chan<- "):
		return kChan
	}
	switch u := resolve(t).(type) {
	case *dwarf.BoolType:
		return kBool
	case *dwarf.CharType, *dwarf.UcharType:
		if u.Size() == 1 && !strings.Contains(name, "int") {
			return kCChar
		}
		if _, ok := u.(*dwarf.CharType); ok {
			return kInt
		}
		return kUint
	case *dwarf.IntType, *dwarf.EnumType:
		return kInt
	case *dwarf.UintType, *dwarf.AddrType:
		return kUint
	case *dwarf.FloatType:
		return kFloat
	case *dwarf.ComplexType:
		return kComplex
	case *dwarf.StructType:
		switch {
		case u.Kind == source.KindSlice:
			return kSlice
		case u.Kind == source.KindString:
			return kString
		case u.StructName == "runtime.eface":
			return kEface
		case u.StructName == "runtime.iface":
			return kIface
		case u.StructName == "string":
			return kString
		case strings.HasPrefix(u.StructName, "[]"):
			return kSlice
		}
		return kStruct
	case *dwarf.ArrayType:
		return kArray
	case *dwarf.PtrType:
		// A named map or channel (type Header map[string][]string) is a
		// typedef of the pointer to the runtime's header, a struct the
		// compiler names map<K,V> or hchan<T>.
		if st, ok := u.Type.(*dwarf.StructType); ok {
			switch {
			case strings.HasPrefix(st.StructName, "map<"):
				return kMap
			case strings.HasPrefix(st.StructName, "hchan<"):
				return kChan
			}
		}
		if u.Type == nil {
			return kUnsafePtr
		}
		if _, ok := u.Type.(*dwarf.VoidType); ok {
			return kUnsafePtr
		}
		return kPtr
	case *dwarf.FuncType:
		return kFunc
	}
	return kInvalid
}

// typeName is the type as the user knows it: Go's own names, C's
// "struct point".
func (e *engine) typeName(t dwarf.Type) string {
	if t == nil {
		return "untyped"
	}
	if e.bin.IsGo() {
		return goTypeName(t)
	}
	if _, ok := t.(*dwarf.StructType); ok || t.Common().Name == "" {
		return t.String()
	}
	return t.Common().Name
}

// goTypeName is a Go type in Go's syntax. debug/dwarf keeps the names of
// typedefs, structs and basic types but not of pointers and arrays, whose
// String() is C's ("[5]struct string"): those are built from their parts.
func goTypeName(t dwarf.Type) string {
	for i := 0; i < 50 && t != nil; i++ {
		switch tt := t.(type) {
		case *dwarf.StructType:
			if tt.StructName != "" {
				return tt.StructName
			}
			return t.String()
		case *dwarf.PtrType:
			if _, ok := tt.Type.(*dwarf.VoidType); ok || tt.Type == nil {
				return "unsafe.Pointer"
			}
			return "*" + goTypeName(tt.Type)
		case *dwarf.ArrayType:
			n := tt.Count
			if n < 0 {
				n = 0
			}
			return "[" + strconv.FormatInt(n, 10) + "]" + goTypeName(tt.Type)
		case *dwarf.QualType:
			t = tt.Type
			continue
		}
		if n := t.Common().Name; n != "" {
			return n
		}
		return t.String()
	}
	return "?"
}

// bytes returns the value's contents (at most maxLoad bytes).
func (e *engine) bytes(v *value) ([]byte, error) {
	if v.buf != nil {
		return v.buf, nil
	}
	n := typeSize(v.typ)
	if n > maxLoad {
		n = maxLoad
	}
	if v.addr == 0 {
		return nil, fmt.Errorf("no memory for a value of type %s", e.typeName(v.typ))
	}
	b := make([]byte, n)
	if err := e.readMem(v.addr, b); err != nil {
		return nil, fmt.Errorf("cannot read memory at %#x", v.addr)
	}
	e.unpatch(v.addr, b)
	v.buf = b
	return b, nil
}

// part is the sub-value at offset off of v, of type t.
func (e *engine) part(v *value, off int64, t dwarf.Type) *value {
	p := &value{typ: t, reg: -1}
	if v.addr != 0 {
		p.addr = v.addr + uint64(off)
	}
	if v.buf != nil && off >= 0 && off+typeSize(t) <= int64(len(v.buf)) {
		p.buf = v.buf[off : off+typeSize(t)]
	}
	return p
}

func (e *engine) at(addr uint64, t dwarf.Type) *value { return &value{typ: t, addr: addr, reg: -1} }

// word reads the 8-byte word at offset off of v.
func (e *engine) word(v *value, off int64) (uint64, error) {
	b, err := e.bytes(v)
	if err != nil {
		return 0, err
	}
	if off < 0 || off+8 > int64(len(b)) {
		return 0, fmt.Errorf("value of type %s too short", e.typeName(v.typ))
	}
	return binary.LittleEndian.Uint64(b[off:]), nil
}

// fieldByName finds a struct field.
func fieldByName(t dwarf.Type, name string) *dwarf.StructField {
	st, ok := resolve(t).(*dwarf.StructType)
	if !ok {
		return nil
	}
	for _, f := range st.Field {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// intOf decodes an integer of the value's size.
func (e *engine) intOf(v *value, signed bool) (int64, uint64, error) {
	b, err := e.bytes(v)
	if err != nil {
		return 0, 0, err
	}
	var u uint64
	switch len(b) {
	case 1:
		u = uint64(b[0])
		if signed {
			return int64(int8(b[0])), u, nil
		}
	case 2:
		u = uint64(binary.LittleEndian.Uint16(b))
		if signed {
			return int64(int16(u)), u, nil
		}
	case 4:
		u = uint64(binary.LittleEndian.Uint32(b))
		if signed {
			return int64(int32(u)), u, nil
		}
	case 8:
		u = binary.LittleEndian.Uint64(b)
	default:
		return 0, 0, fmt.Errorf("integer of %d bytes", len(b))
	}
	return int64(u), u, nil
}

func (e *engine) floatOf(v *value) (float64, error) {
	b, err := e.bytes(v)
	if err != nil {
		return 0, err
	}
	switch len(b) {
	case 4:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b))), nil
	case 8:
		return math.Float64frombits(binary.LittleEndian.Uint64(b)), nil
	case 2, 10, 16:
		// C's long double, _Float128, _Float16: their value, to a
		// double's precision (comparisons, arithmetic).
		if v.typ == nil {
			break
		}
		ff := floatFormatOf(len(b), resolve(v.typ).Common().Name)
		if s := gdbFloatAs(b, ff); strings.Contains(s, "nan") || strings.HasSuffix(s, "inf") {
			f, _ := strconv.ParseFloat(strings.SplitN(s, "(", 2)[0], 64)
			return f, nil
		}
		f, _ := floatValueAs(b, ff).Float64()
		return f, nil
	}
	return 0, fmt.Errorf("float of %d bytes", len(b))
}

// stringOf reads a Go string's bytes, at most max of them, and its length.
func (e *engine) stringOf(v *value, max int) (string, int64, error) {
	p, err := e.word(v, 0)
	if err != nil {
		return "", 0, err
	}
	n, err := e.word(v, 8)
	if err != nil {
		return "", 0, err
	}
	l := int64(n)
	if l < 0 || l > 1<<40 {
		return "", 0, fmt.Errorf("corrupt string (len %d)", l)
	}
	k := l
	if k > int64(max) {
		k = int64(max)
	}
	if k == 0 {
		return "", l, nil
	}
	b := make([]byte, k)
	if err := e.readMem(p, b); err != nil {
		return "", l, fmt.Errorf("cannot read string data at %#x", p)
	}
	return string(b), l, nil
}

// sliceOf reads a Go slice header.
func (e *engine) sliceOf(v *value) (data uint64, n, c int64, elem dwarf.Type, err error) {
	f := fieldByName(v.typ, "array")
	if f == nil {
		return 0, 0, 0, nil, fmt.Errorf("%s: not a slice", e.typeName(v.typ))
	}
	pt, ok := resolve(f.Type).(*dwarf.PtrType)
	if !ok {
		return 0, 0, 0, nil, fmt.Errorf("%s: not a slice", e.typeName(v.typ))
	}
	data, err = e.word(v, 0)
	if err != nil {
		return
	}
	l, err := e.word(v, 8)
	if err != nil {
		return
	}
	cp, err := e.word(v, 16)
	return data, int64(l), int64(cp), pt.Type, err
}

// dynamic returns the value inside an interface (nil, nil for a nil
// interface): its dynamic type comes from the runtime type descriptor,
// matched to DWARF by DW_AT_go_runtime_type.
func (e *engine) dynamic(v *value, k kind) (*value, error) {
	tw, err := e.word(v, 0)
	if err != nil {
		return nil, err
	}
	data, err := e.word(v, 8)
	if err != nil {
		return nil, err
	}
	if tw == 0 {
		return nil, nil
	}
	rt := tw
	if k == kIface {
		// itab: Inter, Type, ...
		if rt, err = e.read8(tw + 8); err != nil {
			return nil, fmt.Errorf("cannot read the itab at %#x", tw)
		}
	}
	dt, err := e.bin.TypeOfRuntimeType(rt - e.bias)
	if err != nil {
		return nil, err
	}
	if directIface(dt) {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, data)
		return &value{typ: dt, buf: b[:min(8, typeSize(dt))], reg: -1}, nil
	}
	return e.at(data, dt), nil
}

// directIface: pointer-shaped values are stored in the interface's data
// word itself, everything else behind a pointer.
func directIface(t dwarf.Type) bool {
	switch classify(t) {
	case kPtr, kUnsafePtr, kMap, kChan, kFunc:
		return true
	case kStruct:
		st := resolve(t).(*dwarf.StructType)
		if len(st.Field) == 1 && typeSize(t) == 8 {
			return directIface(st.Field[0].Type)
		}
	case kArray:
		at := resolve(t).(*dwarf.ArrayType)
		return at.Count == 1 && directIface(at.Type)
	}
	return false
}

// funcName names the function a Go func value points to.
func (e *engine) funcName(v *value) (string, error) {
	p, err := e.word(v, 0)
	if err != nil || p == 0 {
		return "", err
	}
	pc, err := e.read8(p)
	if err != nil {
		return "", fmt.Errorf("cannot read the closure at %#x", p)
	}
	if fn := e.bin.FuncAt(pc - e.bias); fn != nil {
		return fn.Name, nil
	}
	return fmt.Sprintf("%#x", pc), nil
}

// chanOf reads a channel's length, capacity and closed flag.
func (e *engine) chanOf(v *value) (nilChan bool, n, c uint64, closed bool, err error) {
	p, err := e.word(v, 0)
	if err != nil || p == 0 {
		return true, 0, 0, false, err
	}
	ht := resolve(v.typ)
	pt, ok := ht.(*dwarf.PtrType)
	if !ok {
		return false, 0, 0, false, fmt.Errorf("%s: not a channel", e.typeName(v.typ))
	}
	get := func(name string, size int) uint64 {
		f := fieldByName(pt.Type, name)
		if f == nil {
			return 0
		}
		b := make([]byte, size)
		if e.readMem(p+uint64(f.ByteOffset), b) != nil {
			return 0
		}
		for len(b) < 8 {
			b = append(b, 0)
		}
		return binary.LittleEndian.Uint64(b)
	}
	return false, get("qcount", 8), get("dataqsiz", 8), get("closed", 4) != 0, nil
}

// mapEntry is one key and element of a map.
type mapEntry struct{ key, val *value }

// mapOf reads a Go map (Swiss tables, Go 1.24+): a Map header, and either
// one group (small maps, dirLen 0) or a directory of tables of groups. A
// group is a control word (one byte per slot: high bit clear means full)
// and 8 slots of {key, elem}. At most max entries are returned; n counts
// them all.
func (e *engine) mapOf(v *value, max int) (nilMap bool, entries []mapEntry, n int64, err error) {
	p, err := e.word(v, 0)
	if err != nil || p == 0 {
		return true, nil, 0, err
	}
	k, el, ok := mapKeyElem(v.typ.Common().Name)
	for t := v.typ; !ok && t != nil; {
		// A named map: its name does not say the key and element;
		// DW_AT_go_key and DW_AT_go_elem on it do. A named type
		// may be named again (type H http.Header).
		k, el, ok = e.bin.MapKeyElem(t.Common().Name)
		td, isTd := t.(*dwarf.TypedefType)
		if !isTd {
			break
		}
		t = td.Type
		if !ok {
			k, el, ok = mapKeyElem(t.Common().Name)
		}
	}
	if !ok {
		return false, nil, 0, fmt.Errorf("%s: cannot tell the key and element types", e.typeName(v.typ))
	}
	gt, err := e.bin.LookupType("noalg.map.group[" + k + "]" + el)
	if err != nil {
		return false, nil, 0, fmt.Errorf("map %s: no group type in DWARF (%v)", e.typeName(v.typ), err)
	}
	off := func(typ, field string) uint64 {
		o, ferr := e.bin.FieldOffset(typ, field)
		if ferr != nil && err == nil {
			err = ferr
		}
		return uint64(o)
	}
	const m = "internal/runtime/maps.Map"
	usedOff, dirPtrOff, dirLenOff := off(m, "used"), off(m, "dirPtr"), off(m, "dirLen")
	groupsOff := off("internal/runtime/maps.table", "groups")
	dataOff := off("internal/runtime/maps.groupsReference", "data")
	maskOff := off("internal/runtime/maps.groupsReference", "lengthMask")
	if err != nil {
		return false, nil, 0, fmt.Errorf("map %s: %v (only Go 1.24+ maps are understood)", e.typeName(v.typ), err)
	}
	used, err := e.read8(p + usedOff)
	if err != nil {
		return false, nil, 0, fmt.Errorf("cannot read the map at %#x", p)
	}
	dirPtr, _ := e.read8(p + dirPtrOff)
	dirLen, _ := e.read8(p + dirLenOff)
	slots := fieldByName(gt, "slots")
	if slots == nil {
		return false, nil, 0, fmt.Errorf("map %s: group type without slots", e.typeName(v.typ))
	}
	sa, ok := resolve(slots.Type).(*dwarf.ArrayType)
	if !ok {
		return false, nil, 0, fmt.Errorf("map %s: odd group type", e.typeName(v.typ))
	}
	kf, vf := fieldByName(sa.Type, "key"), fieldByName(sa.Type, "elem")
	if kf == nil || vf == nil {
		return false, nil, 0, fmt.Errorf("map %s: odd slot type", e.typeName(v.typ))
	}
	// Keys and elements over 128 bytes are stored in the slot by
	// pointer (the compiler's indirect key/elem): the slot's field is
	// then *K where the map says K.
	indirect := func(f *dwarf.StructField, name string) bool {
		return classify(f.Type) == kPtr && goTypeName(f.Type) == "*"+name
	}
	kInd, vInd := indirect(kf, k), indirect(vf, el)
	slotPart := func(addr uint64, f *dwarf.StructField, ind bool) *value {
		if !ind {
			return e.at(addr, f.Type)
		}
		p, err := e.read8(addr)
		if err != nil || p == 0 {
			return e.at(addr, f.Type)
		}
		return e.at(p, resolve(f.Type).(*dwarf.PtrType).Type)
	}
	slotSize := typeSize(sa.Type)
	gsize := uint64(typeSize(gt))
	// Stop reading once max entries are in: the count comes from used,
	// so printing a map of a million entries reads a few groups.
	full := func() bool { return len(entries) >= max }
	group := func(g uint64) {
		ctrl, err := e.read8(g)
		if err != nil {
			return
		}
		for i := 0; i < 8; i++ {
			if byte(ctrl>>(8*i))&0x80 != 0 {
				continue // empty or deleted
			}
			n++
			if len(entries) < max {
				s := g + uint64(slots.ByteOffset) + uint64(int64(i)*slotSize)
				entries = append(entries, mapEntry{slotPart(s+uint64(kf.ByteOffset), kf, kInd), slotPart(s+uint64(vf.ByteOffset), vf, vInd)})
			}
		}
	}
	switch {
	case dirPtr == 0 || max <= 0:
	case dirLen == 0:
		group(dirPtr)
	default:
		seen := map[uint64]bool{}
		for i := uint64(0); i < dirLen && i < 1<<20 && !full(); i++ {
			tab, err := e.read8(dirPtr + 8*i)
			if err != nil || tab == 0 || seen[tab] {
				continue
			}
			seen[tab] = true
			data, err1 := e.read8(tab + groupsOff + dataOff)
			mask, err2 := e.read8(tab + groupsOff + maskOff)
			if err1 != nil || err2 != nil || mask > 1<<24 {
				continue
			}
			for gi := uint64(0); gi <= mask && !full(); gi++ {
				group(data + gi*gsize)
			}
		}
	}
	if full() || max <= 0 || int64(used) > n {
		n = int64(used)
	}
	return false, entries, n, nil
}

// mapKeyElem splits "map[K]V" into K and V.
func mapKeyElem(name string) (string, string, bool) {
	if !strings.HasPrefix(name, "map[") {
		return "", "", false
	}
	depth := 0
	for i := 3; i < len(name); i++ {
		switch name[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return name[4:i], name[i+1:], true
			}
		}
	}
	return "", "", false
}
