package debugger

import (
	"debug/dwarf"
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// builtins are the functions of Go's universe an expression may call:
// they read values and call nothing in the program.
var builtins map[string]func(*evalCtx, *ast.CallExpr) (*value, error)

func init() {
	builtins = map[string]func(*evalCtx, *ast.CallExpr) (*value, error){
		"len":     (*evalCtx).lenCap,
		"cap":     (*evalCtx).lenCap,
		"real":    (*evalCtx).realImag,
		"imag":    (*evalCtx).realImag,
		"complex": (*evalCtx).complexOf,
		"min":     (*evalCtx).minMax,
		"max":     (*evalCtx).minMax,
	}
}

// args evaluates a builtin's arguments, which must be n (any number
// from 1 when n < 0).
func (c *evalCtx) args(x *ast.CallExpr, n int) ([]*value, error) {
	name := exprString(x.Fun)
	if (n >= 0 && len(x.Args) != n) || len(x.Args) == 0 {
		return nil, fmt.Errorf("wrong number of arguments to %s: %d", name, len(x.Args))
	}
	vs := make([]*value, len(x.Args))
	for i, a := range x.Args {
		v, err := c.expr(a)
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return vs, nil
}

// lenCap is len(x) and cap(x), a constant as in Go (it compares with any
// integer type).
func (c *evalCtx) lenCap(x *ast.CallExpr) (*value, error) {
	vs, err := c.args(x, 1)
	if err != nil {
		return nil, err
	}
	v, fn, what := vs[0], exprString(x.Fun), exprString(x.Args[0])
	// A pointer to an array has the array's length.
	if classify(v.typ) == kPtr && classify(resolve(v.typ).(*dwarf.PtrType).Type) == kArray {
		v = c.e.at(0, resolve(v.typ).(*dwarf.PtrType).Type)
	}
	var n int64
	switch k := c.kindOf(v.typ); {
	case (c.isString(v) || k == kString) && fn == "len":
		_, n, err = c.str(v, what)
	case k == kSlice:
		_, l, cp, _, e2 := c.e.sliceOf(v)
		n, err = l, e2
		if fn == "cap" {
			n = cp
		}
	case k == kArray:
		n = resolve(v.typ).(*dwarf.ArrayType).Count
	case k == kMap && fn == "len":
		_, _, n, err = c.e.mapOf(v, 0)
	case k == kChan:
		var l, cp uint64
		_, l, cp, _, err = c.e.chanOf(v)
		n = int64(l)
		if fn == "cap" {
			n = int64(cp)
		}
	default:
		return nil, fmt.Errorf("invalid argument %s (type %s) for %s", what, c.typeOf(v), fn)
	}
	if err != nil {
		return nil, err
	}
	return litNum(num{k: kInt, i: n, untyped: true}, tInt), nil
}

func (c *evalCtx) realImag(x *ast.CallExpr) (*value, error) {
	vs, err := c.args(x, 1)
	if err != nil {
		return nil, err
	}
	fn, what := exprString(x.Fun), exprString(x.Args[0])
	n, err := c.numOf(vs[0], what)
	if err != nil || n.k == kBool {
		return nil, fmt.Errorf("invalid argument %s (type %s) to %s", what, c.typeOf(vs[0]), fn)
	}
	r := num{k: kFloat, f: n.float(), untyped: n.untyped}
	if fn == "imag" {
		r.f = 0
		if n.k == kComplex {
			r.f = n.im
		}
	}
	var t dwarf.Type = tFloat
	if classify(vs[0].typ) == kComplex && typeSize(vs[0].typ) == 8 {
		t = basicTypes["float32"]
	}
	v := fromNum(r, t)
	if r.untyped {
		v.lit = &computed{n: &r}
	}
	return v, nil
}

func (c *evalCtx) complexOf(x *ast.CallExpr) (*value, error) {
	vs, err := c.args(x, 2)
	if err != nil {
		return nil, err
	}
	var parts [2]num
	for i, v := range vs {
		n, err := c.numOf(v, exprString(x.Args[i]))
		if err != nil || (n.k != kInt && n.k != kUint && n.k != kFloat) {
			return nil, fmt.Errorf("invalid argument %d %s (type %s) to complex", i+1, exprString(x.Args[i]), c.typeOf(v))
		}
		parts[i] = n
	}
	r := num{k: kComplex, f: parts[0].float(), im: parts[1].float(), untyped: parts[0].untyped && parts[1].untyped}
	v := fromNum(r, tComplex128)
	if r.untyped {
		v.lit = &computed{n: &r}
	}
	return v, nil
}

// minMax is min(a, b, ...) and max(...) of numbers or of strings.
func (c *evalCtx) minMax(x *ast.CallExpr) (*value, error) {
	vs, err := c.args(x, -1)
	if err != nil {
		return nil, err
	}
	op := "<"
	if exprString(x.Fun) == "max" {
		op = ">"
	}
	best := vs[0]
	for i, v := range vs[1:] {
		cmp := &ast.BinaryExpr{X: x.Args[i+1], Y: x.Args[0]} // for the messages
		better, err := c.better(v, best, op, cmp)
		if err != nil {
			return nil, err
		}
		if better {
			best = v
		}
	}
	return best, nil
}

func (c *evalCtx) better(v, best *value, op string, x *ast.BinaryExpr) (bool, error) {
	wx, wy := exprString(x.X), exprString(x.Y)
	if c.isString(v) || c.isString(best) {
		s, _, err := c.str(v, wx)
		if err != nil {
			return false, err
		}
		t, _, err := c.str(best, wy)
		if err != nil {
			return false, err
		}
		return (op == "<" && s < t) || (op == ">" && s > t), nil
	}
	if c.e.bin.IsGo() && !untyped(v) && !untyped(best) && c.typeOf(v) != c.typeOf(best) {
		return false, fmt.Errorf("mismatched types %q and %q", c.typeOf(v), c.typeOf(best))
	}
	for _, w := range []*value{v, best} {
		if k := classify(w.typ); k != kInt && k != kUint && k != kFloat && k != kCChar && !isConst(w) {
			return false, fmt.Errorf("invalid argument: %s cannot be ordered", strings.TrimSpace(c.typeOf(w)))
		}
	}
	if op == "<" {
		return c.compare(token.LSS, v, best, wx, wy)
	}
	return c.compare(token.GTR, v, best, wx, wy)
}

// chanField is a field of the runtime's channel header (ch.qcount,
// ch.closed, ...), as Delve shows them; ch.buf is a pointer to the
// buffer as an array of the channel's capacity.
func (c *evalCtx) chanField(v *value, what, name string) (*value, error) {
	pt, ok := resolve(v.typ).(*dwarf.PtrType)
	if !ok || pt.Type == nil {
		return nil, fmt.Errorf("%s (type %s) has no member %s", what, c.typeOf(v), name)
	}
	f := fieldByName(pt.Type, name)
	if f == nil {
		return nil, fmt.Errorf("%s (type %s) has no member %s", what, c.typeOf(v), name)
	}
	p, err := c.e.word(v, 0)
	if err != nil {
		return nil, err
	}
	if p == 0 {
		return nil, fmt.Errorf("nil pointer dereference")
	}
	fv := c.e.at(p+uint64(f.ByteOffset), f.Type)
	if name != "buf" {
		return fv, nil
	}
	tn := c.e.typeName(v.typ)
	for _, pre := range []string{"chan ", "<-chan ", "chan<- "} {
		if strings.HasPrefix(tn, pre) {
			tn = tn[len(pre):]
			break
		}
	}
	elem, err := c.lookupType(tn)
	if err != nil {
		return fv, nil
	}
	_, _, capacity, _, err := c.e.chanOf(v)
	if err != nil {
		return nil, err
	}
	n := int64(capacity)
	at := &dwarf.ArrayType{CommonType: dwarf.CommonType{ByteSize: n * typeSize(elem), Name: fmt.Sprintf("[%d]%s", n, c.e.typeName(elem))}, Type: elem, Count: n}
	bp := &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "*" + at.Name}, Type: at}
	buf, err := c.e.word(fv, 0)
	if err != nil {
		return nil, err
	}
	return fromNum(num{k: kUint, u: buf}, bp), nil
}
