package debugger

import (
	"debug/dwarf"
	"fmt"
	"sort"
	"strings"
)

// children lists the parts of a value for a tree view (Children).
func (e *engine) children(r Children) Reply {
	expr := r.Expr
	fc, err := e.frameOf(r.Frame)
	if err != nil {
		return Reply{Err: err}
	}
	v, err := e.newEvalCtx(fc).eval(expr)
	if err != nil {
		return Reply{Err: err}
	}
	if r.Start < 0 || r.Count < 0 {
		return Reply{Err: fmt.Errorf("a page of %s: start %d count %d", expr, r.Start, r.Count)}
	}
	kids, err := e.parts(expr, v, true, r.Start, r.Count)
	if err != nil {
		return Reply{Err: err}
	}
	return Reply{Values: kids}
}

// length is the number of elements of an array or slice, or of entries
// of a map; 0 when it cannot be read.
func (e *engine) length(v *value, k kind) int64 {
	switch k {
	case kArray:
		return resolve(v.typ).(*dwarf.ArrayType).Count
	case kSlice:
		if _, l, _, _, err := e.sliceOf(v); err == nil {
			return l
		}
	case kMap:
		if _, _, n, err := e.mapOf(v, 0); err == nil {
			return n
		}
	}
	return 0
}

// parts of v; sub is false for an interface's dynamic value, whose parts
// have no expression of their own unless they are fields. start and count
// (0: maxElems) page through an array, slice or map (Children).
func (e *engine) parts(expr string, v *value, sub bool, start, count int) ([]Value, error) {
	paged := start > 0 || count > 0
	if count <= 0 {
		count = maxElems
	}
	paren := expr
	if strings.ContainsAny(expr, " *&+-/%<>=!|") {
		paren = "(" + expr + ")"
	}
	kid := func(label, x string, p *value) Value {
		d := e.describeVar(label, p)
		d.Expr = x
		if !sub && !strings.HasPrefix(x, paren+".") {
			d.Expr = ""
		}
		return d
	}
	out := []Value{}
	switch k := classify(v.typ); k {
	case kStruct:
		for _, f := range e.completeStruct(resolve(v.typ).(*dwarf.StructType)).Field {
			out = append(out, kid(f.Name, paren+"."+f.Name, e.member(v, f)))
		}
	case kPtr:
		a, err := e.word(v, 0)
		if err != nil {
			return nil, err
		}
		if a != 0 {
			out = append(out, kid("*", "*"+paren, e.at(a, resolve(v.typ).(*dwarf.PtrType).Type)))
		}
	case kArray, kSlice:
		var addr uint64
		var n int64
		var elem dwarf.Type
		if k == kArray {
			at := resolve(v.typ).(*dwarf.ArrayType)
			n, elem, addr = at.Count, at.Type, v.addr
		} else {
			data, l, _, el, err := e.sliceOf(v)
			if err != nil {
				return nil, err
			}
			n, elem, addr = l, el, data
		}
		for i := int64(start); i < n && i < int64(start+count); i++ {
			var p *value
			if addr != 0 {
				p = e.at(addr+uint64(i*typeSize(elem)), elem)
			} else {
				p = e.part(v, i*typeSize(elem), elem)
			}
			out = append(out, kid(fmt.Sprintf("[%d]", i), fmt.Sprintf("%s[%d]", paren, i), p))
		}
	case kMap:
		_, ents, _, err := e.mapOf(v, start+count)
		if err != nil {
			return nil, err
		}
		for _, en := range ents[min(start, len(ents)):] {
			key := e.format(en.key)
			out = append(out, kid(key, paren+"["+key+"]", en.val))
		}
		if !paged {
			// One page, the whole map or its first entries: by key, as
			// print shows them. Pages keep the map's order.
			sort.SliceStable(out, func(i, j int) bool { return lessKey(out[i].Name, out[j].Name) })
		}
	case kFunc:
		caps, err := e.captured(v)
		if err != nil {
			return nil, err
		}
		for _, c := range caps {
			out = append(out, kid(c.name, paren+"."+c.name, c.val))
		}
	case kEface, kIface:
		d, err := e.dynamic(v, k)
		if err != nil || d == nil {
			return out, err
		}
		if classify(d.typ) == kStruct {
			return e.parts(expr, d, false, start, count)
		}
		dv := e.describeValue("data", d)
		dv.Expr = ""
		out = append(out, dv)
	}
	return out, nil
}
