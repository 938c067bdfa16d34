package debugger

import (
	"debug/dwarf"
	"fmt"
	"sort"
	"strings"
)

// children lists the parts of a value for a tree view (Children).
func (e *engine) children(expr string, frame int) Reply {
	fc, err := e.frameOf(frame)
	if err != nil {
		return Reply{Err: err}
	}
	v, err := e.newEvalCtx(fc).eval(expr)
	if err != nil {
		return Reply{Err: err}
	}
	kids, err := e.parts(expr, v, true)
	if err != nil {
		return Reply{Err: err}
	}
	return Reply{Values: kids}
}

// parts of v; sub is false for an interface's dynamic value, whose parts
// have no expression of their own unless they are fields.
func (e *engine) parts(expr string, v *value, sub bool) ([]Value, error) {
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
		for i := int64(0); i < n && i < maxElems; i++ {
			var p *value
			if addr != 0 {
				p = e.at(addr+uint64(i*typeSize(elem)), elem)
			} else {
				p = e.part(v, i*typeSize(elem), elem)
			}
			out = append(out, kid(fmt.Sprintf("[%d]", i), fmt.Sprintf("%s[%d]", paren, i), p))
		}
	case kMap:
		_, ents, _, err := e.mapOf(v, maxElems)
		if err != nil {
			return nil, err
		}
		for _, en := range ents {
			key := e.format(en.key)
			out = append(out, kid(key, paren+"["+key+"]", en.val))
		}
		sort.SliceStable(out, func(i, j int) bool { return lessKey(out[i].Name, out[j].Name) })
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
			return e.parts(expr, d, false)
		}
		dv := e.describeValue("data", d)
		dv.Expr = ""
		out = append(out, dv)
	}
	return out, nil
}
