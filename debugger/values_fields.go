package debugger

import (
	"debug/dwarf"
	"fmt"
	"strings"

	"tdb/source"
)

// field finds the field name of the struct value v, directly or promoted
// from an embedded struct or pointer to struct at any depth, as Go's
// selector rules do: the shallowest depth wins, two at that depth are
// ambiguous, and an embedded interface promotes nothing here (its methods
// are not fields). what names v in errors.
func (e *engine) field(v *value, name, what string) (*value, error) {
	if classify(v.typ) == kFunc {
		// A closure's captured variables read as its fields (Delve's
		// acc.scale).
		caps, err := e.captured(v)
		if err != nil {
			return nil, err
		}
		for _, c := range caps {
			if c.name == name {
				return c.val, nil
			}
		}
		return nil, fmt.Errorf("%s (type %s) captured no variable %s", what, e.typeName(v.typ), name)
	}
	level := []*value{v}
	for depth := 0; depth < 16 && len(level) > 0; depth++ {
		var found []*value
		var next []*value
		for _, s := range level {
			st, ok := resolve(s.typ).(*dwarf.StructType)
			if !ok {
				continue
			}
			st = e.completeStruct(st)
			for _, f := range st.Field {
				fv := e.member(s, f)
				if f.Name == name {
					found = append(found, fv)
					continue
				}
				if !embedded(f) {
					continue
				}
				switch classify(f.Type) {
				case kStruct:
					next = append(next, fv)
				case kPtr:
					pt := resolve(f.Type).(*dwarf.PtrType)
					if classify(pt.Type) != kStruct {
						continue
					}
					a, err := e.word(fv, 0)
					if err != nil || a == 0 {
						continue // a nil embedded pointer has no fields to give
					}
					next = append(next, e.at(a, pt.Type))
				}
			}
		}
		switch len(found) {
		case 0:
			level = next
		case 1:
			return found[0], nil
		default:
			return nil, fmt.Errorf("%s: ambiguous selector %s (%d fields at the same depth)", what, name, len(found))
		}
	}
	return nil, fmt.Errorf("%s (type %s) has no field %s", what, e.typeName(v.typ), name)
}

// embedded tells an embedded field: Go names it after its type without
// the package and the type arguments (Mid for main.Mid, Inner for
// *main.Inner, Box for main.Box[int]). debug/dwarf drops the compiler's
// DW_AT_go_embedded_field, so the name is the test; a field named like
// its type's base name (Inner Inner) is taken for an embedded one. In C,
// the members of an anonymous struct or union are the outer one's.
func embedded(f *dwarf.StructField) bool {
	if f.Name == "" {
		return true // C11's anonymous struct or union member
	}
	tn := strings.TrimPrefix(goTypeName(f.Type), "*")
	if i := strings.IndexByte(tn, '['); i >= 0 {
		tn = tn[:i]
	}
	if i := strings.LastIndexByte(tn, '.'); i >= 0 {
		tn = tn[i+1:]
	}
	return tn == f.Name
}

// capturedVar is a variable a closure captured, as the closure holds it.
type capturedVar struct {
	name string
	val  *value
}

// captured lists the variables the closure v (a func value) captured: a
// func value points to a funcval, the code pointer followed by the
// captured variables at the offsets DW_AT_go_closure_offset gives; one
// captured by reference ("&a") is a pointer to it.
func (e *engine) captured(v *value) ([]capturedVar, error) {
	p, err := e.word(v, 0)
	if err != nil || p == 0 {
		return nil, err
	}
	pc, err := e.read8(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read the closure at %#x", p)
	}
	vars, err := e.bin.Captured(pc - e.bias)
	if err != nil {
		return nil, nil // no debug info for the function: nothing to show
	}
	var out []capturedVar
	for _, cv := range vars {
		val := e.at(p+uint64(cv.ClosureOffset), cv.Type)
		name, byRef := strings.CutPrefix(cv.Name, "&")
		if pt, ok := resolve(cv.Type).(*dwarf.PtrType); ok && byRef {
			if a, err := e.word(val, 0); err == nil && a != 0 {
				val = e.at(a, pt.Type)
			}
		}
		out = append(out, capturedVar{name, val})
	}
	return out, nil
}

// bitRef is where a C bitfield lies: size bits from bit off of the
// little-endian bytes at addr (0: not in memory).
type bitRef struct {
	addr      uint64
	off, size int64
	// unit is the address gdb gives &s.bitfield: the start of the
	// aligned unit of the field's type that holds its first bit.
	unit uint64
}

// member is the field f of the struct value s. A bitfield is read by its
// bit offset and size (DW_AT_data_bit_offset in DWARF 5, DW_AT_bit_offset
// from the storage unit's top bit in DWARF 4) into a value of the field's
// type, sign-extended when that type is signed, as gdb reads it: the
// bytes at the field's offset hold its neighbours too.
func (e *engine) member(s *value, f *dwarf.StructField) *value {
	if f.BitSize <= 0 {
		return e.part(s, f.ByteOffset, f.Type)
	}
	pos := f.ByteOffset*8 + f.DataBitOffset
	if f.BitOffset != 0 || (f.ByteSize > 0 && f.DataBitOffset == 0) {
		unit := f.ByteSize
		if unit == 0 {
			unit = typeSize(f.Type)
		}
		pos = f.ByteOffset*8 + unit*8 - f.BitOffset - f.BitSize
	}
	size := typeSize(f.Type)
	out := &value{typ: f.Type, reg: -1}
	if pos < 0 || f.BitSize > 64 || size <= 0 || size > 8 {
		return out
	}
	first, shift := pos/8, pos%8
	n := (shift + f.BitSize + 7) / 8
	raw := e.part(s, first, &dwarf.UnspecifiedType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: n}}})
	out.bits = &bitRef{addr: raw.addr, off: shift, size: f.BitSize}
	if s.addr != 0 {
		out.bits.unit = s.addr + uint64((pos-pos%(size*8))/8)
	}
	b, err := e.bytes(raw)
	if err != nil || int64(len(b)) < n {
		out.addr = raw.addr // unreadable: printing says where
		return out
	}
	out.buf = bitfieldValue(b, out.bits, f.Type)
	return out
}

// bitfieldValue decodes the bitfield br from raw, the bytes at br.addr,
// into the bytes of a value of its type t.
func bitfieldValue(raw []byte, br *bitRef, t dwarf.Type) []byte {
	x := bitsOf(raw, br.off, br.size)
	if signedType(t) && br.size < 64 && x&(1<<(br.size-1)) != 0 {
		x |= ^uint64(0) << br.size
	}
	buf := make([]byte, typeSize(t))
	for i := range buf {
		buf[i] = byte(x >> (8 * i))
	}
	return buf
}

// bitsOf is the size bits from bit shift of the little-endian bytes b.
func bitsOf(b []byte, shift, size int64) uint64 {
	var x uint64
	for i := int64(0); i < int64(len(b)); i++ {
		if s := 8*i - shift; s >= 0 {
			x |= uint64(b[i]) << s
		} else {
			x |= uint64(b[i]) >> -s
		}
	}
	if size < 64 {
		x &= 1<<size - 1
	}
	return x
}

// setBits writes x into the size bits from bit shift of b, leaving the
// other bits as they are.
func setBits(b []byte, shift, size int64, x uint64) {
	for i := int64(0); i < size; i++ {
		bit := shift + i
		if x>>i&1 != 0 {
			b[bit/8] |= 1 << (bit % 8)
		} else {
			b[bit/8] &^= 1 << (bit % 8)
		}
	}
}

// signedType says whether integers of type t are signed, as gdb takes
// them: an enum is unsigned unless one of its values is negative.
func signedType(t dwarf.Type) bool {
	switch u := resolve(t).(type) {
	case *dwarf.IntType, *dwarf.CharType:
		return true
	case *dwarf.EnumType:
		for _, v := range u.Val {
			if v.Val < 0 {
				return true
			}
		}
	}
	return false
}

// vlaType is the type of the C variable-length array v (int a[n]) in
// frame fc: its bound evaluated there, as gdb does (v's type has no
// count); v's own type when the bound cannot be read.
func (e *engine) vlaType(fc *frameCtx, frameBase []byte, v source.Variable) dwarf.Type {
	at, ok := v.Type.(*dwarf.ArrayType)
	if !ok {
		return v.Type
	}
	ps, err := source.EvalLocation(v.Bound, e.locContext(fc, frameBase))
	if err != nil || len(ps) != 1 || ps[0].Kind != source.PieceMemory {
		return v.Type
	}
	// The expression computes the bound itself (DW_OP_fbreg -48;
	// DW_OP_deref), which reads as a location's address.
	n := int64(ps[0].Addr)
	if !v.BoundIsCount {
		n++
	}
	es := typeSize(at.Type)
	if n < 0 || es <= 0 || n > maxLoad {
		return v.Type
	}
	c := *at
	c.Count, c.ByteSize = n, n*es
	return &c
}
