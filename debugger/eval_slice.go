package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// slice evaluates s[low:high] and s[low:high:max] with Go's rules: of a
// slice (bounded by its capacity), of an array or a pointer to one (which
// must be in memory: the result points into it) and of a string (two
// indexes only). The result is a new header over the program's memory,
// nothing is copied, so a slice of a long slice shows its elements from
// low on, with the usual truncation.
func (c *evalCtx) slice(x *ast.SliceExpr) (*value, error) {
	v, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	what := exprString(x.X)
	if classify(v.typ) == kPtr {
		if pt := resolve(v.typ).(*dwarf.PtrType); classify(pt.Type) == kArray {
			if v, err = c.deref(v, what); err != nil {
				return nil, err
			}
		}
	}
	k := c.kindOf(v.typ)
	if v.lit != nil && v.lit.s != nil {
		k = kString
	}
	if k == kString && x.Slice3 {
		return nil, fmt.Errorf("%s: a string cannot be sliced with 3 indexes", exprString(x))
	}
	// What the indexes are checked against: the length for strings, the
	// capacity for slices and arrays (Go allows high up to cap).
	var data uint64
	var length, capacity int64
	var elem dwarf.Type
	switch k {
	case kSlice:
		if data, length, capacity, elem, err = c.e.sliceOf(v); err != nil {
			return nil, err
		}
	case kArray:
		at := resolve(v.typ).(*dwarf.ArrayType)
		if v.addr == 0 {
			return nil, fmt.Errorf("%s is not in memory: it cannot be sliced", what)
		}
		data, length, capacity, elem = v.addr, at.Count, at.Count, at.Type
	case kString:
		if v.lit == nil {
			p, err := c.e.word(v, 0)
			if err != nil {
				return nil, err
			}
			data = p
		}
		if _, length, err = c.str(v, what); err != nil {
			return nil, err
		}
		capacity = length
	case kMap:
		return c.mapSlice(v, x)
	default:
		return nil, fmt.Errorf("can not slice %q (type %s)", what, c.typeOf(v))
	}
	low, err := c.sliceIndex(x.Low, 0)
	if err != nil {
		return nil, err
	}
	high, err := c.sliceIndex(x.High, length)
	if err != nil {
		return nil, err
	}
	top, err := c.sliceIndex(x.Max, capacity)
	if err != nil {
		return nil, err
	}
	if low < 0 || low > high || high > top || top > capacity {
		return nil, fmt.Errorf("index out of bounds")
	}
	if k == kString {
		if v.lit != nil {
			s := (*v.lit.s)[low:high]
			return &value{lit: &computed{s: &s}, reg: -1}, nil
		}
		return c.header(v.typ, data+uint64(low), high-low), nil
	}
	st := v.typ
	if k == kArray {
		st = c.sliceType(elem)
	}
	h := c.header(st, data+uint64(low*typeSize(elem)), high-low)
	binary.LittleEndian.PutUint64(h.buf[16:], uint64(top-low))
	// Bounds written as numbers ask for those elements: Delve shows
	// them all (s[:70] shows 70), where s or s[i:j] shows 64.
	h.trustLen = isNumberLit(x.High) && (x.Low == nil || isNumberLit(x.Low))
	return h, nil
}

// sliceIndex evaluates one index of a slice expression; def when absent.
func (c *evalCtx) sliceIndex(x ast.Expr, def int64) (int64, error) {
	if x == nil {
		return def, nil
	}
	v, err := c.expr(x)
	if err != nil {
		return 0, err
	}
	n, err := c.numOf(v, exprString(x))
	if err != nil {
		return 0, err
	}
	if n.k == kFloat || n.k == kBool {
		return 0, fmt.Errorf("index %s is not an integer", exprString(x))
	}
	return n.int(), nil
}

// header is a computed string or slice header of type t (data, len, and
// for slices a cap the caller sets), laid out as Go lays them out.
func (c *evalCtx) header(t dwarf.Type, data uint64, n int64) *value {
	size := typeSize(t)
	if size < 16 {
		size = 16
	}
	b := make([]byte, size)
	binary.LittleEndian.PutUint64(b, data)
	binary.LittleEndian.PutUint64(b[8:], uint64(n))
	return &value{typ: t, buf: b, reg: -1}
}

// sliceType is the type []elem: the program's own when it has one, else
// one made here with the layout of Go's slice headers (array, len, cap).
func (c *evalCtx) sliceType(elem dwarf.Type) dwarf.Type {
	name := "[]" + c.e.typeName(elem)
	if t, err := c.e.bin.LookupType(name); err == nil && classify(t) == kSlice && typeSize(t) == 24 {
		return t
	}
	ptr := &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "*" + c.e.typeName(elem)}, Type: elem}
	// A named typedef of the header, so that a C program's slice is shown
	// as []int, not as a struct.
	return &dwarf.TypedefType{CommonType: dwarf.CommonType{ByteSize: 24, Name: name}, Type: &dwarf.StructType{
		CommonType: dwarf.CommonType{ByteSize: 24, Name: name},
		StructName: name,
		Kind:       "struct",
		Field: []*dwarf.StructField{
			{Name: "array", Type: ptr, ByteOffset: 0},
			{Name: "len", Type: tInt, ByteOffset: 8},
			{Name: "cap", Type: tInt, ByteOffset: 16},
		},
	}}
}

// mapSlice is Delve's m[low:high]: the map's entries from the low-th to
// the high-th in the order they are stored, which is how the entries past
// the first 64 a map is shown with can be seen (m[64:]). It is a value to
// show, not a map to compute with.
func (c *evalCtx) mapSlice(v *value, x *ast.SliceExpr) (*value, error) {
	if x.Slice3 {
		return nil, fmt.Errorf("can not slice %q with 3 indexes", exprString(x.X))
	}
	isNil, _, n, err := c.e.mapOf(v, 0)
	if err != nil {
		return nil, err
	}
	low, err := c.sliceIndex(x.Low, 0)
	if err != nil {
		return nil, err
	}
	high, err := c.sliceIndex(x.High, n)
	if err != nil {
		return nil, err
	}
	if low < 0 || low > high || high > n {
		return nil, fmt.Errorf("map index out of bounds")
	}
	tn := c.e.typeName(v.typ)
	text := tn + " nil"
	if !isNil {
		_, ents, _, err := c.e.mapOf(v, int(high))
		if err != nil {
			return nil, err
		}
		if int64(len(ents)) < high {
			high = int64(len(ents))
		}
		ents = ents[min(low, high):high]
		shown := ents[:min(len(ents), maxElems)]
		p := &printer{e: c.e}
		var kvs [][2]string
		for _, en := range shown {
			kvs = append(kvs, [2]string{p.fmt(en.key, false, 1), p.fmt(en.val, false, 1)})
		}
		// Sorted as the formatter sorts a map's entries.
		sort.Slice(kvs, func(i, j int) bool { return lessKey(kvs[i][0], kvs[j][0]) })
		var b strings.Builder
		b.WriteString(tn + " [")
		for _, kv := range kvs {
			b.WriteString(kv[0] + ": " + kv[1] + ", ")
		}
		if len(ents) > len(shown) {
			fmt.Fprintf(&b, "...+%d more", len(ents)-len(shown))
		}
		b.WriteString("]")
		text = b.String()
	}
	return &value{typ: v.typ, lit: &computed{text: &text}, reg: -1}, nil
}

func isNumberLit(x ast.Expr) bool {
	l, ok := x.(*ast.BasicLit)
	return ok && l.Kind == token.INT
}
