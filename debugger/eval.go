package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"math"
	"strconv"
	"strings"

	"tdb/source"
)

// evalCtx evaluates expressions in one frame. Expressions use Go's syntax
// (go/parser parses them) with Delve's meaning: variables, constants,
// functions and methods as values, pkg.Name (a package by its name or its
// quoted path), a.b (promoted fields, a channel's header fields), s[i],
// s[a:b:c], m[k] (any comparable key, struct literals included), m[a:b],
// *p, &x, x.(T) and x.(data), conversions T(x) (eval_types.go), the
// builtins len, cap, real, imag, complex, min and max (eval_builtin.go),
// arithmetic, comparisons and && || ! with Go's typing rules, and Delve's
// error messages. Nothing calls the program's functions.
type evalCtx struct {
	e     *engine
	fc    *frameCtx
	fv    *source.FuncVars
	fvErr error
	// parsed caches parsed expressions (a breakpoint's conditions); nil
	// parses every time.
	parsed map[string]ast.Expr
	// isC: the frame is C code; expressions have C's syntax and meaning
	// (eval_c.go).
	isC bool
}

func (e *engine) newEvalCtx(fc *frameCtx) *evalCtx {
	c := &evalCtx{e: e, fc: fc, isC: e.isCFrame(fc)}
	c.fv, c.fvErr = e.frameVars(fc)
	return c
}

// eval parses and evaluates expr. A bug of the evaluator's, or DWARF it
// did not expect, fails the expression, not the session.
func (c *evalCtx) eval(expr string) (v *value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("cannot evaluate %s: %v", expr, r)
		}
	}()
	if strings.TrimSpace(expr) == "" {
		return nil, fmt.Errorf("no expression")
	}
	if x, ok := c.parsed[expr]; ok {
		return c.expr(x)
	}
	x, err := c.parse(expr)
	if err != nil {
		return nil, err
	}
	if c.parsed != nil {
		c.parsed[expr] = x
	}
	return c.expr(x)
}

// parse reads expr with the frame's language: C's syntax in C code,
// Go's elsewhere. A Go frame takes C's -> (Go's . goes through pointers
// anyway) and gdb's registers ($rsp + 8), which Go's syntax has not.
func (c *evalCtx) parse(expr string) (ast.Expr, error) {
	if c.isC {
		x, err := parseC(expr, c.cIsType)
		if _, ok := err.(sideEffectErr); ok {
			return nil, err
		}
		if err != nil {
			return nil, fmt.Errorf("cannot parse %q: %v", expr, err)
		}
		return x, nil
	}
	x, err := parser.ParseExpr(strings.ReplaceAll(expr, "->", "."))
	if err != nil {
		if strings.Contains(expr, "$") {
			if cx, cerr := parseC(expr, nil); cerr == nil {
				return cx, nil
			}
		}
		return nil, fmt.Errorf("cannot parse %q: %v", expr, strings.TrimPrefix(err.Error(), "1:"))
	}
	return x, nil
}

// Synthetic types of computed values and literals.
var (
	tInt   = &dwarf.IntType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "int"}}}
	tUint  = &dwarf.UintType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "uint"}}}
	tFloat = &dwarf.FloatType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "float64"}}}
	tBool  = &dwarf.BoolType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 1, Name: "bool"}}}

	tComplex128 = &dwarf.ComplexType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 16, Name: "complex128"}}}
)

// basicTypes are the casts expressions may use.
var basicTypes = map[string]dwarf.Type{}

func init() {
	for _, n := range []struct {
		name   string
		size   int64
		signed bool
	}{{"int", 8, true}, {"int8", 1, true}, {"int16", 2, true}, {"int32", 4, true}, {"int64", 8, true}, {"rune", 4, true},
		{"uint", 8, false}, {"uint8", 1, false}, {"byte", 1, false}, {"uint16", 2, false}, {"uint32", 4, false}, {"uint64", 8, false}, {"uintptr", 8, false}} {
		bt := dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: n.size, Name: n.name}}
		if n.signed {
			basicTypes[n.name] = &dwarf.IntType{BasicType: bt}
		} else {
			basicTypes[n.name] = &dwarf.UintType{BasicType: bt}
		}
	}
	basicTypes["float64"] = tFloat
	basicTypes["float32"] = &dwarf.FloatType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 4, Name: "float32"}}}
	basicTypes["bool"] = tBool
	basicTypes["complex128"] = tComplex128
	basicTypes["complex64"] = &dwarf.ComplexType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "complex64"}}}
}

// num is a number (or bool) taken out of a value for arithmetic.
type num struct {
	k       kind // kInt, kUint, kFloat, kComplex, kBool
	i       int64
	u       uint64
	f       float64 // a float, or a complex's real part
	im      float64 // a complex's imaginary part
	b       bool
	untyped bool // a literal: takes the other operand's type
}

func (n num) float() float64 {
	switch n.k { // a complex's real part is in f
	case kInt:
		return float64(n.i)
	case kUint:
		return float64(n.u)
	}
	return n.f
}

func (n num) int() int64 {
	switch n.k {
	case kUint:
		return int64(n.u)
	case kFloat, kComplex:
		return int64(n.f)
	}
	return n.i
}

// computed: literals and results carry their number, string or nil here.
type computed struct {
	n     *num
	s     *string
	isNil bool
	// text: a value shown as this text, which has no bytes to compute
	// with (m[64:], entries of a map).
	text *string
}

func (c *evalCtx) numOf(v *value, what string) (num, error) {
	if v.lit != nil && v.lit.n != nil {
		return *v.lit.n, nil
	}
	if v.lit != nil && v.lit.isNil {
		return num{k: kUint, untyped: true}, nil
	}
	e := c.e
	switch k := classify(v.typ); k {
	case kBool:
		b, err := e.bytes(v)
		if err != nil || len(b) == 0 {
			return num{}, fmt.Errorf("%s: cannot read it", what)
		}
		return num{k: kBool, b: b[0] != 0}, nil
	case kInt, kCChar:
		i, _, err := e.intOf(v, true)
		return num{k: kInt, i: i}, err
	case kUint:
		_, u, err := e.intOf(v, false)
		return num{k: kUint, u: u}, err
	case kFloat:
		f, err := e.floatOf(v)
		return num{k: kFloat, f: f}, err
	case kComplex:
		half := typeSize(v.typ) / 2
		ft := basicTypes["float64"]
		if half == 4 {
			ft = basicTypes["float32"]
		}
		re, err := e.floatOf(e.part(v, 0, ft))
		if err != nil {
			return num{}, err
		}
		im, err := e.floatOf(e.part(v, half, ft))
		return num{k: kComplex, f: re, im: im}, err
	case kPtr, kUnsafePtr, kMap, kChan, kFunc, kEface, kIface, kSlice:
		// Pointer-like values compare by their first word (nil checks:
		// p != nil, err == nil, s == nil).
		w, err := e.word(v, 0)
		return num{k: kUint, u: w}, err
	}
	return num{}, fmt.Errorf("%s is a %s, not a number", what, e.typeName(v.typ))
}

// fromNum makes a value of type t holding n.
func fromNum(n num, t dwarf.Type) *value {
	if t == nil {
		switch n.k {
		case kBool:
			t = tBool
		case kFloat:
			t = tFloat
		case kComplex:
			t = tComplex128
		case kUint:
			t = tUint
		default:
			t = tInt
		}
	}
	size := typeSize(t)
	b := make([]byte, 16)
	switch classify(t) {
	case kComplex:
		if size == 8 {
			binary.LittleEndian.PutUint32(b, math.Float32bits(float32(n.f)))
			binary.LittleEndian.PutUint32(b[4:], math.Float32bits(float32(n.im)))
		} else {
			binary.LittleEndian.PutUint64(b, math.Float64bits(n.f))
			binary.LittleEndian.PutUint64(b[8:], math.Float64bits(n.im))
		}
		return &value{typ: t, buf: b[:size], reg: -1}
	case kFloat:
		if size == 4 {
			binary.LittleEndian.PutUint32(b, math.Float32bits(float32(n.float())))
		} else {
			binary.LittleEndian.PutUint64(b, math.Float64bits(n.float()))
		}
	case kBool:
		if n.b {
			b[0] = 1
		}
	default:
		switch n.k {
		case kFloat, kComplex:
			binary.LittleEndian.PutUint64(b, uint64(int64(n.f)))
		case kUint:
			binary.LittleEndian.PutUint64(b, n.u)
		case kBool:
			if n.b {
				b[0] = 1
			}
		default:
			binary.LittleEndian.PutUint64(b, uint64(n.i))
		}
	}
	if size > 8 || size <= 0 {
		size = 8
	}
	return &value{typ: t, buf: b[:size], reg: -1}
}

func (c *evalCtx) expr(x ast.Expr) (*value, error) {
	switch x.(type) {
	case *cCast, *cSizeof, *cCond, *cScope, *cArtificial:
		return c.cNode(x)
	}
	if c.isC {
		if v, ok, err := c.cExpr(x); ok {
			return v, err
		}
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return c.expr(x.X)
	case *ast.BasicLit:
		return c.literal(x)
	case *ast.Ident:
		return c.ident(x.Name)
	case *ast.SelectorExpr:
		return c.selector(x)
	case *ast.IndexExpr:
		return c.index(x)
	case *ast.SliceExpr:
		return c.slice(x)
	case *ast.StarExpr:
		v, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		return c.deref(v, exprString(x.X))
	case *ast.UnaryExpr:
		return c.unary(x)
	case *ast.BinaryExpr:
		return c.binary(x)
	case *ast.CallExpr:
		return c.call(x)
	case *ast.TypeAssertExpr:
		return c.typeAssert(x)
	case *ast.CompositeLit:
		return c.compositeLit(x)
	}
	return nil, fmt.Errorf("%s: expressions of this kind are not supported", exprString(x))
}

// exprString is x as messages name it. It is called at every level of an
// expression (each operand, each selector's base is named in case an
// error needs it), so it must not cost the size of x: a 16,000-term sum
// (a 112 KB line) took 8 s and 1.7 GB, a chain of 20,000 fields 10 s.
// It writes at most maxExprNodes nodes, then "…": a message names at
// most that much of an operand.
func exprString(x ast.Expr) string {
	b := exprWriter{budget: maxExprNodes}
	writeExpr(&b, x)
	return b.String()
}

const maxExprNodes = 64

// exprWriter is exprString's output and what is left of its budget.
type exprWriter struct {
	strings.Builder
	budget int
	cut    bool // the budget ran out and "…" was written
}

func writeExpr(b *exprWriter, x ast.Expr) {
	if b.budget <= 0 {
		if !b.cut {
			b.WriteString("…")
			b.cut = true
		}
		return
	}
	b.budget--
	switch x := x.(type) {
	case *ast.Ident:
		b.WriteString(x.Name)
	case *ast.BasicLit:
		b.WriteString(x.Value)
	case *ast.SelectorExpr:
		writeExpr(b, x.X)
		b.WriteString("." + x.Sel.Name)
	case *ast.IndexExpr:
		writeExpr(b, x.X)
		b.WriteString("[")
		writeExpr(b, x.Index)
		b.WriteString("]")
	case *ast.SliceExpr:
		writeExpr(b, x.X)
		b.WriteString("[")
		for i, y := range []ast.Expr{x.Low, x.High, x.Max} {
			if i == 2 && !x.Slice3 {
				break
			}
			if i > 0 {
				b.WriteString(":")
			}
			if y != nil {
				writeExpr(b, y)
			}
		}
		b.WriteString("]")
	case *ast.StarExpr:
		b.WriteString("*")
		writeExpr(b, x.X)
	case *ast.UnaryExpr:
		b.WriteString(x.Op.String())
		writeExpr(b, x.X)
	case *ast.BinaryExpr:
		writeExpr(b, x.X)
		if b.cut {
			return
		}
		b.WriteString(" " + x.Op.String() + " ")
		writeExpr(b, x.Y)
	case *ast.ParenExpr:
		b.WriteString("(")
		writeExpr(b, x.X)
		b.WriteString(")")
	case *ast.CallExpr:
		writeExpr(b, x.Fun)
		b.WriteString("(")
		for i, a := range x.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteString(")")
	case *ast.TypeAssertExpr:
		writeExpr(b, x.X)
		b.WriteString(".(")
		writeExpr(b, x.Type)
		b.WriteString(")")
	case *ast.CompositeLit:
		writeExpr(b, x.Type)
		b.WriteString("{")
		for i, a := range x.Elts {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteString("}")
	case *ast.KeyValueExpr:
		writeExpr(b, x.Key)
		b.WriteString(": ")
		writeExpr(b, x.Value)
	case *cCast:
		b.WriteString("(" + x.T.String() + ")")
		writeExpr(b, x.X)
	case *cSizeof:
		if x.T != nil {
			b.WriteString("sizeof(" + x.T.String() + ")")
			return
		}
		b.WriteString("sizeof ")
		writeExpr(b, x.X)
	case *cCond:
		writeExpr(b, x.C)
		b.WriteString(" ? ")
		writeExpr(b, x.A)
		b.WriteString(" : ")
		writeExpr(b, x.B)
	case *cScope:
		if x.File != "" {
			b.WriteString("'" + x.File + "'::" + x.Name)
			return
		}
		b.WriteString(x.Func + "::" + x.Name)
	case *cArtificial:
		writeExpr(b, x.X)
		b.WriteString("@")
		writeExpr(b, x.N)
	default:
		if s, ok := typeString(x); ok {
			b.WriteString(s)
			return
		}
		b.WriteString("?")
	}
}

func (c *evalCtx) literal(x *ast.BasicLit) (*value, error) {
	cv := constant.MakeFromLiteral(x.Value, x.Kind, 0)
	switch cv.Kind() {
	case constant.Int:
		if i, ok := constant.Int64Val(cv); ok {
			return litNum(num{k: kInt, i: i, untyped: true}, tInt), nil
		}
		if u, ok := constant.Uint64Val(cv); ok {
			return litNum(num{k: kUint, u: u, untyped: true}, tUint), nil
		}
		return nil, fmt.Errorf("%s: number too large", x.Value)
	case constant.Float:
		f, _ := constant.Float64Val(cv)
		return litNum(num{k: kFloat, f: f, untyped: true}, tFloat), nil
	case constant.String:
		s := constant.StringVal(cv)
		return &value{lit: &computed{s: &s}, reg: -1}, nil
	case constant.Complex:
		re, _ := constant.Float64Val(constant.Real(cv))
		im, _ := constant.Float64Val(constant.Imag(cv))
		return litNum(num{k: kComplex, f: re, im: im, untyped: true}, tComplex128), nil
	}
	return nil, fmt.Errorf("%s: unsupported literal", x.Value)
}

// ident finds a variable of the frame, then a package variable of the
// frame's package, then a global of that name.
func (c *evalCtx) ident(name string) (*value, error) {
	switch name {
	case "true", "false":
		return litNum(num{k: kBool, b: name == "true", untyped: true}, tBool), nil
	case "nil":
		return &value{lit: &computed{isNil: true}, reg: -1}, nil
	}
	if strings.HasPrefix(name, "$") {
		return c.register(name)
	}
	if c.fv != nil {
		var found *source.Variable
		for i := range c.fv.Vars {
			// The one of the deepest block, the last of those: the
			// innermost declaration.
			if n := c.fv.Vars[i].Name; (n == name || n == "&"+name) && (found == nil || c.fv.Vars[i].Block >= found.Block) {
				found = &c.fv.Vars[i]
			}
		}
		if found != nil {
			_, v, err := c.e.userVariable(c.fc, c.fv.FrameBase, *found)
			return v, err
		}
	}
	if c.isC {
		// The frame's own file's static first, then any unit's global.
		if unit, _ := c.e.bin.UnitAt(c.fc.lookupPC(c.e.bias)); unit != "" {
			if g, err := c.e.bin.UnitGlobal(unit, name); err == nil {
				if v, err := c.globalValue(g); err == nil {
					return v, nil
				}
			}
		}
		if v, err := c.global(name); err == nil {
			return v, nil
		}
		if v, ok := c.cIdent(name); ok {
			return v, nil
		}
		if v, known := c.e.libGlobal(name); v != nil {
			return v, nil
		} else if known {
			return nil, fmt.Errorf("'%s' has unknown type; cast it to its declared type", name)
		}
		return nil, c.noVariable(name)
	}
	if v, err := c.global(pkgOf(c.fc.fn) + "." + name); err == nil {
		return v, nil
	}
	if v, err := c.global(name); err == nil {
		return v, nil
	}
	// A function as a value (fn == nil, or to print where it points).
	if v, ok := c.funcValue(pkgOf(c.fc.fn) + "." + name); ok {
		return v, nil
	}
	if v, ok := c.funcValue(name); ok {
		return v, nil
	}
	if v, ok := c.constant(pkgOf(c.fc.fn) + "." + name); ok {
		return v, nil
	}
	return nil, c.noVariable(name)
}

// noVariable is the error for a name that is nothing in the frame.
func (c *evalCtx) noVariable(name string) error {
	fn := c.fc.fn
	if fn == "" {
		fn = fmt.Sprintf("frame %d", c.fc.index)
	}
	if c.fv != nil && c.fv.Inlined {
		// The variables looked in are the inlined function's.
		fn = fmt.Sprintf("%s (inlined into %s)", c.fv.Function, fn)
	}
	if c.fvErr != nil {
		return fmt.Errorf("no variable %q in %s (%v)", name, fn, c.fvErr)
	}
	return fmt.Errorf("no variable %q in %s", name, fn)
}

func (c *evalCtx) global(name string) (*value, error) {
	g, err := c.e.bin.Global(name)
	if err != nil {
		return nil, err
	}
	ps, err := source.EvalLocation(g.Loc, source.LocContext{})
	if err != nil || len(ps) != 1 || ps[0].Kind != source.PieceMemory {
		return nil, fmt.Errorf("global %s has no address", name)
	}
	return c.e.at(ps[0].Addr+c.e.bias, g.Type), nil
}

// pkgOf is the package of a function name: "main" for "main.(*T).m",
// "example.com/x/y" for "example.com/x/y.F".
func pkgOf(fn string) string {
	slash := strings.LastIndex(fn, "/")
	if i := strings.Index(fn[slash+1:], "."); i >= 0 {
		return fn[:slash+1+i]
	}
	return fn
}

func (c *evalCtx) selector(x *ast.SelectorExpr) (*value, error) {
	// pkg.Var and pkg.Func, when pkg is not a variable of the frame (a
	// local variable hides a package of its name).
	if id, ok := x.X.(*ast.Ident); ok && !c.isVariable(id.Name) {
		if v, ok := c.pkgMember(id.Name, x.Sel.Name); ok {
			return v, nil
		}
	}
	// "path/to/pkg".Name: a package by (the end of) its import path.
	if l, ok := x.X.(*ast.BasicLit); ok && l.Kind == token.STRING {
		path, _ := strconv.Unquote(l.Value)
		if v, ok := c.pkgMember(path, x.Sel.Name); ok {
			return v, nil
		}
		return nil, fmt.Errorf("no package %s with a variable or function %s", l.Value, x.Sel.Name)
	}
	v, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	what := exprString(x.X)
	if v.lit != nil && v.lit.isNil {
		return nil, fmt.Errorf("nil (type nil) is not a struct")
	}
	// Fields of pointers to structs, through any number of pointers.
	for i := 0; i < 8 && classify(v.typ) == kPtr; i++ {
		p := v
		if v, err = c.deref(v, what); err != nil {
			// Delve judges the member before the nil pointer.
			if pt := resolve(p.typ).(*dwarf.PtrType); !c.mayHaveMember(pt.Type, x.Sel.Name) {
				return nil, fmt.Errorf("%s has no member %s", what, x.Sel.Name)
			} else if c.isC && err == errCNull {
				return nil, c.nullMember(pt.Type, x.Sel.Name)
			}
			return nil, err
		}
	}
	if k := classify(v.typ); k == kEface || k == kIface {
		d, err := c.e.dynamic(v, k)
		if err != nil {
			return nil, err
		}
		if d == nil {
			return nil, fmt.Errorf("%s is nil", what)
		}
		v = d
		for i := 0; i < 8 && classify(v.typ) == kPtr; i++ {
			if v, err = c.deref(v, what); err != nil {
				return nil, err
			}
		}
	}
	if classify(v.typ) == kChan {
		return c.chanField(v, what, x.Sel.Name)
	}
	if k := classify(v.typ); k == kStruct || k == kFunc {
		f, err := c.e.field(v, x.Sel.Name, what)
		if err == nil {
			return f, nil
		}
		if m, ok := c.method(v, x.Sel.Name); ok {
			return m, nil
		}
		if k == kFunc || strings.Contains(err.Error(), "ambiguous") {
			return nil, err
		}
		// Delve names the type only when it is no struct.
		return nil, fmt.Errorf("%s has no member %s", what, x.Sel.Name)
	} else if m, ok := c.method(v, x.Sel.Name); ok {
		return m, nil
	}
	return nil, fmt.Errorf("%s (type %s) has no member %s", what, c.typeOf(v), x.Sel.Name)
}

// mayHaveMember: a value of type t may have the field or method name (a
// struct with that field or with embedded fields, or a named type with
// that method); decided from types alone, for a nil pointer.
func (c *evalCtx) mayHaveMember(t dwarf.Type, name string) bool {
	if st, ok := resolve(t).(*dwarf.StructType); ok && classify(t) == kStruct {
		for _, f := range st.Field {
			if f.Name == name || embedded(f) {
				return true
			}
		}
	}
	_, ok := c.method(&value{typ: t, reg: -1}, name)
	return ok
}

// pkgMember is pkg.name, a package variable or function, pkg being the
// package's full path or its name (maps for internal/runtime/maps, dirio
// for directory dir.io).
func (c *evalCtx) pkgMember(pkg, name string) (*value, bool) {
	for _, p := range append([]string{pkg}, c.e.bin.PackagePaths(pkg)...) {
		p = source.SymbolPrefix(p)
		if v, err := c.global(p + "." + name); err == nil {
			return v, true
		}
		if v, ok := c.funcValue(p + "." + name); ok {
			return v, true
		}
		if v, ok := c.constant(p + "." + name); ok {
			return v, true
		}
	}
	return nil, false
}

// constant is the Go constant named name, typed as it was declared
// (bitZero BitFieldType = 1 << iota).
func (c *evalCtx) constant(name string) (*value, bool) {
	t, cv, err := c.e.bin.LookupConstant(name)
	if err != nil {
		return nil, false
	}
	n, text := num{k: kInt, i: cv}, strconv.FormatInt(cv, 10)
	switch classify(t) {
	case kInt, kUint, kCChar:
	case kBool:
		n, text = num{k: kBool, b: cv != 0}, strconv.FormatBool(cv != 0)
	default:
		return nil, false
	}
	// A constant shows as its value, as Delve shows it (bitZero is 1,
	// where a variable holding it is "bitZero (1)"), and combines as a
	// constant of its type.
	v := fromNum(n, t)
	v.lit = &computed{n: &n, text: &text}
	return v, true
}

func (c *evalCtx) deref(v *value, what string) (*value, error) {
	if v.lit != nil && v.lit.isNil {
		return nil, fmt.Errorf("nil can not be dereferenced")
	}
	if classify(v.typ) != kPtr {
		return nil, fmt.Errorf("expression %q (%s) can not be dereferenced", what, c.typeOf(v))
	}
	a, err := c.e.word(v, 0)
	if err != nil {
		return nil, err
	}
	if a == 0 {
		if c.isC {
			return nil, errCNull
		}
		return nil, fmt.Errorf("nil pointer dereference")
	}
	return c.e.at(a, resolve(v.typ).(*dwarf.PtrType).Type), nil
}

// errCNull is gdb's answer to *p where p is NULL.
var errCNull = errors.New("Cannot access memory at address 0x0")

// nullMember is gdb's answer to p->f where p is NULL: it reads f at
// address 0 plus f's offset, and fails there.
func (c *evalCtx) nullMember(t dwarf.Type, name string) error {
	const base = 1 << 62 // a place for the struct that is not 0 (0: not in memory)
	f, err := c.e.field(&value{typ: t, addr: base, reg: -1}, name, name)
	if err != nil {
		return errCNull
	}
	a := f.addr
	if f.bits != nil {
		a = f.bits.addr
	}
	if a < base {
		return errCNull
	}
	return fmt.Errorf("Cannot access memory at address %#x", a-base)
}

func (c *evalCtx) index(x *ast.IndexExpr) (*value, error) {
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
	iv, err := c.expr(x.Index)
	if err != nil {
		return nil, err
	}
	k := c.kindOf(v.typ)
	if v.lit != nil && v.lit.s != nil {
		k = kString
	}
	if k == kMap {
		return c.mapIndex(v, iv, what, exprString(x.Index))
	}
	if untyped(iv) {
		if n, err := c.numOf(iv, ""); iv.lit.s != nil || err != nil || !fits(n, 8, true) {
			return nil, fmt.Errorf("can not convert constant %s to int", exprString(x.Index))
		}
	}
	n, err := c.numOf(iv, exprString(x.Index))
	if err != nil {
		return nil, err
	}
	if n.k == kFloat || n.k == kBool || n.k == kComplex {
		return nil, fmt.Errorf("index %s is not an integer", exprString(x.Index))
	}
	i := n.int()
	bounds := func(l int64) error {
		if i < 0 || i >= l {
			return fmt.Errorf("index out of bounds")
		}
		return nil
	}
	switch k {
	case kArray:
		at := resolve(v.typ).(*dwarf.ArrayType)
		if err := bounds(at.Count); err != nil {
			return nil, err
		}
		return c.e.part(v, i*typeSize(at.Type), at.Type), nil
	case kSlice:
		data, l, _, elem, err := c.e.sliceOf(v)
		if err != nil {
			return nil, err
		}
		if err := bounds(l); err != nil {
			return nil, err
		}
		return c.e.at(data+uint64(i*typeSize(elem)), elem), nil
	case kString:
		s, l, err := c.str(v, what)
		if err != nil {
			return nil, err
		}
		if err := bounds(l); err != nil {
			return nil, err
		}
		if i >= int64(len(s)) {
			return nil, fmt.Errorf("index %d: beyond the part of %s tdb reads", i, what)
		}
		return fromNum(num{k: kUint, u: uint64(s[i])}, basicTypes["uint8"]), nil
	}
	return nil, fmt.Errorf("expression %q (%s) does not support indexing", what, c.typeOf(v))
}

func (c *evalCtx) mapIndex(m, key *value, what, kexpr string) (*value, error) {
	isNil, ents, n, err := c.e.mapOf(m, 1<<20)
	if err != nil {
		return nil, err
	}
	if isNil {
		return nil, fmt.Errorf("key not found")
	}
	if len(ents) > 0 && untyped(key) {
		// A constant key must be of the map's key kind.
		kk := c.kindOf(ents[0].key.typ)
		isNum := func(k kind) bool { return k == kInt || k == kUint || k == kFloat || k == kCChar || k == kComplex }
		if (key.lit.s != nil && kk != kString && kk != kEface && kk != kIface) ||
			(key.lit.n != nil && !isNum(kk) && kk != kEface && kk != kIface) {
			return nil, fmt.Errorf("can not convert %s constant to %s", kexpr, c.e.typeName(ents[0].key.typ))
		}
	}
	for _, en := range ents {
		eq, err := c.valuesEqual(en.key, key, kexpr)
		if err != nil {
			return nil, err
		}
		if eq {
			return en.val, nil
		}
	}
	if int64(len(ents)) < n {
		return nil, fmt.Errorf("key %s not found in the %d entries of %s read", kexpr, len(ents), what)
	}
	return nil, fmt.Errorf("key not found")
}

// str returns the text of a string value (computed or in the target).
func (c *evalCtx) str(v *value, what string) (string, int64, error) {
	if v.lit != nil && v.lit.s != nil {
		return *v.lit.s, int64(len(*v.lit.s)), nil
	}
	if c.kindOf(v.typ) != kString {
		return "", 0, fmt.Errorf("%s is a %s, not a string", what, c.e.typeName(v.typ))
	}
	return c.e.stringOf(v, 1<<20)
}

// isConst: v is a constant (a number, string or nil literal, or a result
// computed from constants only), which takes the type of what it meets.
func isConst(v *value) bool {
	return v.lit != nil && (v.lit.n != nil || v.lit.s != nil || v.lit.isNil)
}

// untyped: v is a constant without a type of its own (a literal, nil,
// len(x)), which takes the type of what it meets; a declared constant
// (bitZero BitFieldType) has its type.
func untyped(v *value) bool {
	return v.lit != nil && (v.lit.s != nil || v.lit.isNil || (v.lit.n != nil && v.lit.n.untyped))
}

// isString: v is a string, a constant one or of a named string type.
func (c *evalCtx) isString(v *value) bool {
	if v.lit != nil {
		return v.lit.s != nil
	}
	return c.kindOf(v.typ) == kString
}

func (c *evalCtx) unary(x *ast.UnaryExpr) (*value, error) {
	what := exprString(x.X)
	if x.Op == token.AND {
		v, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		if v.addr == 0 || isConst(v) {
			return nil, fmt.Errorf("can not take address of %q", what)
		}
		pt := &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "*" + c.e.typeName(v.typ)}, Type: v.typ}
		r := fromNum(num{k: kUint, u: v.addr}, pt)
		r.onlyAddr = true // Delve shows &x as (*T)(0x...)
		return r, nil
	}
	v, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	if v.lit != nil && v.lit.isNil {
		return nil, fmt.Errorf("operator %s can not be applied to %q", x.Op, what)
	}
	invalid := fmt.Errorf("invalid unary operation %s%s", x.Op, c.e.format(v))
	if c.isString(v) {
		return nil, invalid
	}
	n, err := c.numOf(v, what)
	if err != nil {
		return nil, err
	}
	t := v.typ
	switch x.Op {
	case token.NOT:
		if n.k != kBool {
			return nil, invalid
		}
		n.b = !n.b
	case token.SUB:
		switch n.k {
		case kInt:
			n.i = -n.i
		case kUint:
			n.u = -n.u
		case kFloat:
			n.f = -n.f
		case kComplex:
			n.f, n.im = -n.f, -n.im
		default:
			return nil, invalid
		}
	case token.ADD:
	case token.XOR:
		n.i, n.u = ^n.i, ^n.u
	default:
		return nil, fmt.Errorf("operator %s is not supported", x.Op)
	}
	r := fromNum(n, t)
	if n.untyped {
		r.lit = &computed{n: &n}
	}
	return r, nil
}

// binary evaluates x: the logical operators, then with both operands
// evaluated nil comparisons, comparisons, string concatenation and
// arithmetic, each in a method of its own.
func (c *evalCtx) binary(x *ast.BinaryExpr) (*value, error) {
	if x.Op == token.LAND || x.Op == token.LOR {
		return c.logical(x)
	}
	wx, wy := exprString(x.X), exprString(x.Y)
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	b, err := c.expr(x.Y)
	if err != nil {
		return nil, err
	}
	if a.lit != nil && a.lit.isNil || b.lit != nil && b.lit.isNil {
		return c.withNil(x.Op, a, b, wx, wy)
	}
	// Go's operands have one type; a constant takes the other's. (C's
	// operands convert implicitly, and its type names vary: int, long.)
	if c.e.bin.IsGo() && !untyped(a) && !untyped(b) {
		if ta, tb := c.typeOf(a), c.typeOf(b); ta != tb && x.Op != token.SHL && x.Op != token.SHR {
			return nil, fmt.Errorf("mismatched types %q and %q", ta, tb)
		}
	}
	if isComparison(x.Op) {
		return c.comparison(x.Op, a, b, wx, wy)
	}
	if x.Op == token.ADD && c.isString(a) && c.isString(b) {
		return c.concat(a, b, wx, wy)
	}
	return c.arithmetic(x, a, b, wx, wy)
}

func isComparison(op token.Token) bool {
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return true
	}
	return false
}

func boolValue(b bool) *value { return fromNum(num{k: kBool, b: b}, tBool) }

// logical is && and ||, which evaluate their right operand only when
// the left does not decide.
func (c *evalCtx) logical(x *ast.BinaryExpr) (*value, error) {
	a, err := c.boolOf(x.X)
	if err != nil {
		return nil, err
	}
	if (x.Op == token.LAND && !a) || (x.Op == token.LOR && a) {
		return boolValue(a), nil
	}
	b, err := c.boolOf(x.Y)
	if err != nil {
		return nil, err
	}
	return boolValue(b), nil
}

// withNil is an operation with a nil operand: only == and != on the
// kinds that can be nil, with Delve's errors for the rest.
func (c *evalCtx) withNil(op token.Token, a, b *value, wx, wy string) (*value, error) {
	aNil, bNil := a.lit != nil && a.lit.isNil, b.lit != nil && b.lit.isNil
	if !isComparison(op) {
		return nil, fmt.Errorf("operator %s can not be applied to \"nil\"", op)
	}
	other := a
	if aNil {
		other = b
	}
	switch classify(other.typ) {
	case kPtr, kUnsafePtr, kMap, kChan, kFunc, kEface, kIface, kSlice:
		if !isConst(other) && (op == token.EQL || op == token.NEQ) {
			r, err := c.compare(op, a, b, wx, wy)
			if err != nil {
				return nil, err
			}
			return boolValue(r), nil
		}
	}
	if aNil && bNil && (op == token.EQL || op == token.NEQ) {
		return boolValue(op == token.EQL), nil
	}
	if aNil && bNil {
		return nil, fmt.Errorf("operator %s not defined on nil", op)
	}
	return nil, fmt.Errorf("can not compare %s to nil", c.typeOf(other))
}

// comparison is ==, !=, <, <=, >, >= on strings, on values compared
// whole (structs, arrays, interfaces, complex numbers: == and != only)
// and on numbers and pointers.
func (c *evalCtx) comparison(op token.Token, a, b *value, wx, wy string) (*value, error) {
	if c.isString(a) || c.isString(b) {
		r, err := c.stringsCmp(op, a, b, wx, wy) // bounded.go
		if err != nil {
			return nil, err
		}
		return boolValue(r), nil
	}
	ka, kb := classify(a.typ), classify(b.typ)
	for _, k := range []kind{ka, kb} {
		switch k {
		case kFunc, kMap, kChan, kSlice:
			return nil, fmt.Errorf("can not compare %s variables", kindWord(k))
		}
	}
	var r bool
	var err error
	switch {
	case ka == kStruct || kb == kStruct || ka == kArray || kb == kArray || ka == kEface || kb == kEface || ka == kIface || kb == kIface || ka == kComplex || kb == kComplex:
		if op != token.EQL && op != token.NEQ {
			return nil, fmt.Errorf("invalid comparison %s %s %s", c.e.format(a), op, c.e.format(b))
		}
		eq, err := c.valuesEqual(a, b, wx)
		if err != nil {
			return nil, err
		}
		r = eq == (op == token.EQL)
	default:
		if r, err = c.compare(op, a, b, wx, wy); err != nil {
			return nil, err
		}
	}
	return boolValue(r), nil
}

// concat is + on two strings.
func (c *evalCtx) concat(a, b *value, wx, wy string) (*value, error) {
	s, _, err := c.str(a, wx)
	if err != nil {
		return nil, err
	}
	t, _, err := c.str(b, wy)
	if err != nil {
		return nil, err
	}
	r := s + t
	return &value{lit: &computed{s: &r}, reg: -1}, nil
}

// constantsFit checks that a constant operand fits the other's type.
func (c *evalCtx) constantsFit(a, b *value, wx, wy string) error {
	for _, o := range []struct {
		c, v *value
		w    string
	}{{a, b, wx}, {b, a, wy}} {
		if untyped(o.c) && !untyped(o.v) {
			switch k := classify(o.v.typ); k {
			case kInt, kUint, kCChar, kPtr, kUnsafePtr:
				// 1.5 is no integer; 2.0 is.
				if n := o.c.lit.n; n != nil && ((n.k == kFloat && n.f != math.Trunc(n.f)) || (n.k == kComplex && (n.im != 0 || n.f != math.Trunc(n.f)))) {
					return fmt.Errorf("can not convert %s constant to %s", o.w, c.typeOf(o.v))
				}
			case kFloat, kComplex:
			default:
				return fmt.Errorf("can not convert %s constant to %s", o.w, c.typeOf(o.v))
			}
		}
	}
	return nil
}

// arithmetic is the numeric operators: the result takes the typed
// operand's type (the left one's for a shift) and the widest kind.
func (c *evalCtx) arithmetic(x *ast.BinaryExpr, a, b *value, wx, wy string) (*value, error) {
	if err := c.constantsFit(a, b, wx, wy); err != nil {
		return nil, err
	}
	p, err := c.numOf(a, wx)
	if err != nil {
		return nil, err
	}
	q, err := c.numOf(b, wy)
	if err != nil {
		return nil, err
	}
	// An integral float constant meeting an integer is that integer
	// (i + 2.0 is an int).
	p, q = intConst(p, q), intConst(q, p)
	isShift := x.Op == token.SHL || x.Op == token.SHR
	if isShift {
		if q.k != kInt && q.k != kUint {
			return nil, fmt.Errorf("shift count type %s, must be unsigned integer", c.typeOf(b))
		}
		if q.k == kInt && q.i < 0 {
			return nil, fmt.Errorf("shift count must not be negative")
		}
	}
	t := a.typ
	if p.untyped && !q.untyped && !isShift {
		t = b.typ
	}
	k := widest(p, q)
	if isShift {
		k = p.k
		if k == kBool {
			k = kInt
		}
	}
	if p.k == kBool || q.k == kBool {
		return nil, fmt.Errorf("invalid binary operation %s %s %s", c.e.format(a), x.Op, c.e.format(b))
	}
	r := num{k: k, untyped: p.untyped && q.untyped}
	switch k {
	case kComplex:
		if !complexOp(x.Op, p, q, &r) {
			return nil, fmt.Errorf("%s: operator %s is not defined on complex numbers", exprString(x), x.Op)
		}
		if classify(t) != kComplex {
			t = tComplex128
		}
	case kFloat:
		if !floatOp(x.Op, p, q, &r) {
			return nil, fmt.Errorf("invalid binary operation %s %s %s", c.e.format(a), x.Op, c.e.format(b))
		}
		if classify(t) != kFloat {
			t = tFloat
		}
	default:
		if err := intOp(x.Op, k, p, q, &r); err != nil {
			return nil, err
		}
		if ck := classify(t); ck != kInt && ck != kUint && ck != kCChar {
			t = tInt
		}
	}
	out := fromNum(r, t)
	if r.untyped {
		out.lit = &computed{n: &r}
	}
	return out, nil
}

// complexOp sets r to p op q; false for an operator complex numbers lack.
func complexOp(op token.Token, p, q num, r *num) bool {
	z, w := complex(p.float(), p.im), complex(q.float(), q.im)
	var v complex128
	switch op {
	case token.ADD:
		v = z + w
	case token.SUB:
		v = z - w
	case token.MUL:
		v = z * w
	case token.QUO:
		v = z / w
	default:
		return false
	}
	r.f, r.im = real(v), imag(v)
	return true
}

// floatOp sets r to p op q; false for an operator floats lack.
func floatOp(op token.Token, p, q num, r *num) bool {
	f, g := p.float(), q.float()
	switch op {
	case token.ADD:
		r.f = f + g
	case token.SUB:
		r.f = f - g
	case token.MUL:
		r.f = f * g
	case token.QUO:
		r.f = f / g
	default:
		return false
	}
	return true
}

// intOp sets r to p op q in 64 bits, unsigned when k is kUint.
func intOp(op token.Token, k kind, p, q num, r *num) error {
	i, j := p.int(), q.int()
	if (op == token.QUO || op == token.REM) && j == 0 {
		return fmt.Errorf("runtime error: integer divide by zero")
	}
	var v int64
	switch op {
	case token.ADD:
		v = i + j
	case token.SUB:
		v = i - j
	case token.MUL:
		v = i * j
	case token.QUO:
		v = i / j
		if k == kUint {
			v = int64(uint64(i) / uint64(j))
		}
	case token.REM:
		v = i % j
		if k == kUint {
			v = int64(uint64(i) % uint64(j))
		}
	case token.AND:
		v = i & j
	case token.OR:
		v = i | j
	case token.XOR:
		v = i ^ j
	case token.AND_NOT:
		v = i &^ j
	case token.SHL:
		v = i << uint(j)
	case token.SHR:
		v = i >> uint(j)
		if k == kUint {
			v = int64(uint64(i) >> uint(j))
		}
	default:
		return fmt.Errorf("operator %s is not supported", op)
	}
	r.i, r.u = v, uint64(v)
	return nil
}

// intConst is n as an integer constant when it is an untyped float
// constant and other a typed integer.
func intConst(n, other num) num {
	if n.untyped && n.k == kFloat && !other.untyped && (other.k == kInt || other.k == kUint) && n.f == math.Trunc(n.f) {
		return num{k: kInt, i: int64(n.f), untyped: true}
	}
	return n
}

// kindWord is the kind's name in Delve's "can not compare" message.
func kindWord(k kind) string {
	switch k {
	case kFunc:
		return "func"
	case kMap:
		return "map"
	case kChan:
		return "chan"
	}
	return "slice"
}

func widest(p, q num) kind {
	if p.k == kComplex || q.k == kComplex {
		return kComplex
	}
	if p.k == kFloat || q.k == kFloat {
		return kFloat
	}
	if p.k == kUint && !p.untyped || q.k == kUint && !q.untyped {
		return kUint
	}
	return kInt
}

func (c *evalCtx) compare(op token.Token, a, b *value, wx, wy string) (bool, error) {
	p, err := c.numOf(a, wx)
	if err != nil {
		return false, err
	}
	q, err := c.numOf(b, wy)
	if err != nil {
		return false, err
	}
	if p.k == kBool || q.k == kBool {
		switch {
		case p.k == q.k && op == token.EQL:
			return p.b == q.b, nil
		case p.k == q.k && op == token.NEQ:
			return p.b != q.b, nil
		}
		return false, fmt.Errorf("invalid comparison %s %s %s", c.e.format(a), op, c.e.format(b))
	}
	var cmp int
	switch widest(p, q) {
	case kFloat:
		f, g := p.float(), q.float()
		cmp = map[bool]int{true: -1, false: 0}[f < g] + map[bool]int{true: 1, false: 0}[f > g]
	case kUint:
		f, g := uint64(p.int()), uint64(q.int())
		if p.k == kUint {
			f = p.u
		}
		if q.k == kUint {
			g = q.u
		}
		cmp = map[bool]int{true: -1, false: 0}[f < g] + map[bool]int{true: 1, false: 0}[f > g]
	default:
		f, g := p.int(), q.int()
		cmp = map[bool]int{true: -1, false: 0}[f < g] + map[bool]int{true: 1, false: 0}[f > g]
	}
	if ok, isCmp := cmpHolds(op, cmp); isCmp {
		return ok, nil
	}
	return false, fmt.Errorf("operator %s is not a comparison", op)
}

func (c *evalCtx) boolOf(x ast.Expr) (bool, error) {
	v, err := c.expr(x)
	if err != nil {
		return false, err
	}
	n, err := c.numOf(v, exprString(x))
	if err != nil {
		return false, err
	}
	if n.k != kBool {
		return false, fmt.Errorf("expression %q should be boolean not %s", exprString(x), c.typeOf(v))
	}
	return n.b, nil
}

func (c *evalCtx) call(x *ast.CallExpr) (*value, error) {
	// A builtin first: len(s) in a condition is evaluated at every hit,
	// and no type is named len.
	if id, ok := x.Fun.(*ast.Ident); ok {
		if f, ok := builtins[id.Name]; ok && !c.isVariable(id.Name) {
			return f(c, x)
		}
	}
	// T(x): a conversion.
	if t, name, err := c.typeExpr(x.Fun); err == nil {
		if len(x.Args) != 1 {
			return nil, fmt.Errorf("%s: a conversion takes one argument", exprString(x))
		}
		v, err := c.expr(x.Args[0])
		if err != nil {
			return nil, err
		}
		return c.convert(v, t, name, x.Args[0])
	}
	if name, ok := typeString(x.Fun); ok && len(x.Args) == 1 && isTypeSyntax(x.Fun) {
		return nil, fmt.Errorf("can not convert %q to %s", exprString(x.Args[0]), name)
	}
	return nil, fmt.Errorf("function calls not allowed without using 'call'")
}

// isTypeSyntax: x can only be a type ([]T, map[K]V, chan T, ...), not a
// function.
func isTypeSyntax(x ast.Expr) bool {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	switch x.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.InterfaceType, *ast.StructType, *ast.FuncType:
		return true
	}
	return false
}

// litNum is an untyped constant: it takes the type of the other operand.
func litNum(n num, t dwarf.Type) *value {
	v := fromNum(n, t)
	v.lit = &computed{n: &n}
	return v
}

// cmpHolds says whether comparison op holds for a three-way result cmp
// (-1, 0, 1); isCmp is false for an operator that is not a comparison.
func cmpHolds(op token.Token, cmp int) (holds, isCmp bool) {
	switch op {
	case token.EQL:
		return cmp == 0, true
	case token.NEQ:
		return cmp != 0, true
	case token.LSS:
		return cmp < 0, true
	case token.LEQ:
		return cmp <= 0, true
	case token.GTR:
		return cmp > 0, true
	case token.GEQ:
		return cmp >= 0, true
	}
	return false, false
}
