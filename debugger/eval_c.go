package debugger

import (
	"debug/dwarf"
	"fmt"
	"go/ast"
	"go/token"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"tdb/source"
)

// C's meaning of expressions, in frames of C code (eval_cparse.go parses
// them): C's types for literals and results (int, long, unsigned long,
// char, double), the usual arithmetic conversions, pointer arithmetic
// scaled by the pointee's size, arrays and functions decaying to
// pointers, comparisons and ! giving int 1 or 0, enumerators, functions
// and registers as values, casts and sizeof. Where gdb and C differ gdb
// wins: sizeof is an int, indexing is not bounds-checked.

func cBase(name string, size int64, signed bool) dwarf.Type {
	bt := dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: size, Name: name}}
	if signed {
		return &dwarf.IntType{BasicType: bt}
	}
	return &dwarf.UintType{BasicType: bt}
}

var (
	cInt    = cBase("int", 4, true)
	cUint   = cBase("unsigned int", 4, false)
	cLong   = cBase("long", 8, true)
	cULong  = cBase("unsigned long", 8, false)
	cChar   = &dwarf.CharType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 1, Name: "char"}}}
	cDouble = &dwarf.FloatType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "double"}}}
	cFloatT = &dwarf.FloatType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 4, Name: "float"}}}
	cVoid   = &dwarf.VoidType{CommonType: dwarf.CommonType{Name: "void"}}
	// gdb's types of registers: code and stack pointers, and the
	// general registers as int64_t, their 32-bit halves as int32_t.
	cCodePtr = cPtrTo(&dwarf.FuncType{CommonType: dwarf.CommonType{ByteSize: 1}, ReturnType: cVoid, ParamType: []dwarf.Type{}})
	cVoidPtr = cPtrTo(cVoid)
	cInt64   = cBase("int64_t", 8, true)
	cInt32   = cBase("int32_t", 4, true)
)

// gdb spells a code pointer's type "void (*)()", with no void in the
// parentheses.
func init() { cCodePtr.(*dwarf.PtrType).Name = "void (*)()" }

// cPtrTo is the type pointer to t, named as gdb spells it.
func cPtrTo(t dwarf.Type) dwarf.Type {
	pt := &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8}, Type: t}
	pt.Name = cDecl(pt, "", 0, 0, 0)
	return pt
}

// cKeywordTypes are C's base types spelled with keywords, by their
// words sorted, and gdb's name and size for each.
var cKeywordTypes = map[string]struct {
	name   string
	size   int64
	signed bool
	kind   byte // 'i' integer, 'c' char, 'f' float, 'b' _Bool, 'v' void
}{
	"char": {"char", 1, true, 'c'}, "char signed": {"signed char", 1, true, 'c'}, "char unsigned": {"unsigned char", 1, false, 'c'},
	"short": {"short", 2, true, 'i'}, "int short": {"short", 2, true, 'i'}, "short signed": {"short", 2, true, 'i'}, "int short signed": {"short", 2, true, 'i'},
	"short unsigned": {"unsigned short", 2, false, 'i'}, "int short unsigned": {"unsigned short", 2, false, 'i'},
	"int": {"int", 4, true, 'i'}, "signed": {"int", 4, true, 'i'}, "int signed": {"int", 4, true, 'i'},
	"unsigned": {"unsigned int", 4, false, 'i'}, "int unsigned": {"unsigned int", 4, false, 'i'},
	"long": {"long", 8, true, 'i'}, "int long": {"long", 8, true, 'i'}, "long signed": {"long", 8, true, 'i'}, "int long signed": {"long", 8, true, 'i'},
	"long unsigned": {"unsigned long", 8, false, 'i'}, "int long unsigned": {"unsigned long", 8, false, 'i'},
	"long long": {"long long", 8, true, 'i'}, "int long long": {"long long", 8, true, 'i'}, "long long signed": {"long long", 8, true, 'i'},
	"long long unsigned": {"unsigned long long", 8, false, 'i'}, "int long long unsigned": {"unsigned long long", 8, false, 'i'},
	"float": {"float", 4, true, 'f'}, "double": {"double", 8, true, 'f'}, "double long": {"long double", 16, true, 'f'},
	"_Bool": {"_Bool", 1, false, 'b'}, "void": {"void", 1, false, 'v'},
}

// isCFrame: the frame's code is C (its unit's language is not Go).
func (e *engine) isCFrame(fc *frameCtx) bool {
	if fc == nil {
		return !e.bin.IsGo()
	}
	name, goCode := e.bin.UnitAt(fc.lookupPC(e.bias))
	if name == "" {
		return !e.bin.IsGo()
	}
	return !goCode
}

// cIsType: name is a typedef, not a variable, function or enumerator
// (which decides whether (name)x is a cast).
func (c *evalCtx) cIsType(name string) bool {
	if c.isVariable(name) {
		return false
	}
	if _, err := c.global(name); err == nil {
		return false
	}
	_, err := c.e.bin.LookupTypedef(name)
	return err == nil
}

// cType is the type a cast or sizeof names.
func (c *evalCtx) cType(tn cTypeName) (dwarf.Type, error) {
	words := strings.Fields(tn.Base)
	var t dwarf.Type
	switch {
	case len(words) == 2 && (words[0] == "struct" || words[0] == "union" || words[0] == "enum"):
		t = c.cTagged(words[0], words[1])
		if t == nil {
			return nil, fmt.Errorf("No %s type named %s.", words[0], words[1])
		}
	default:
		key := append([]string(nil), words...)
		sort.Strings(key)
		if k, ok := cKeywordTypes[strings.Join(key, " ")]; ok {
			switch k.kind {
			case 'v':
				t = cVoid
			case 'c':
				if k.signed {
					t = &dwarf.CharType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 1, Name: k.name}}}
				} else {
					t = &dwarf.UcharType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 1, Name: k.name}}}
				}
			case 'f':
				t = &dwarf.FloatType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: k.size, Name: k.name}}}
			case 'b':
				t = &dwarf.BoolType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 1, Name: k.name}}}
			default:
				t = cBase(k.name, k.size, k.signed)
			}
			break
		}
		if len(words) == 1 {
			if lt, err := c.e.bin.LookupTypedef(words[0]); err == nil {
				t = lt
				break
			}
			if lt, err := c.e.bin.LookupType(words[0]); err == nil {
				t = lt
				break
			}
		}
		return nil, fmt.Errorf("No symbol %q in current context.", tn.Base)
	}
	for i := 0; i < tn.Ptr; i++ {
		t = cPtrTo(t)
	}
	if tn.FuncPtr {
		ft := &dwarf.FuncType{CommonType: dwarf.CommonType{ByteSize: 1}, ReturnType: t, ParamType: []dwarf.Type{}}
		for _, p := range tn.Params {
			if p.Base == "..." {
				ft.ParamType = append(ft.ParamType, &dwarf.DotDotDotType{})
				continue
			}
			pt, err := c.cType(p)
			if err != nil {
				return nil, err
			}
			ft.ParamType = append(ft.ParamType, pt)
		}
		t = ft
	}
	for i := len(tn.Arrays) - 1; i >= 0; i-- {
		n := tn.Arrays[i]
		if typeSize(t) > 0 && n > (1<<40)/typeSize(t) {
			return nil, fmt.Errorf("array type %s is too large", tn)
		}
		at := &dwarf.ArrayType{CommonType: dwarf.CommonType{ByteSize: n * typeSize(t)}, Type: t, Count: n}
		at.Name = cDecl(at, "", 0, 0, 0)
		t = at
	}
	for i := 0; i < tn.Group; i++ {
		t = cPtrTo(t)
	}
	return t, nil
}

// cTagged is struct NAME, union NAME or enum NAME.
func (c *evalCtx) cTagged(kw, name string) dwarf.Type {
	t, err := c.e.bin.LookupType(name)
	for i := 0; err == nil && i < 10; i++ {
		switch tt := t.(type) {
		case *dwarf.StructType:
			if tt.Kind == kw || (kw == "struct" && tt.Kind == "class") {
				return t
			}
			return nil
		case *dwarf.EnumType:
			if kw == "enum" {
				return t
			}
			return nil
		case *dwarf.TypedefType:
			// typedef struct rec rec: the tag is behind the typedef.
			t = tt.Type
		default:
			return nil
		}
	}
	return nil
}

// cNode evaluates the nodes only C's syntax makes.
func (c *evalCtx) cNode(x ast.Expr) (*value, error) {
	switch x := x.(type) {
	case *cCast:
		t, err := c.cType(x.T)
		if err != nil {
			return nil, err
		}
		v, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		return c.cConvert(v, t)
	case *cSizeof:
		var t dwarf.Type
		if x.T != nil {
			var err error
			if t, err = c.cType(*x.T); err != nil {
				return nil, err
			}
		} else {
			v, err := c.expr(x.X)
			if err != nil {
				return nil, err
			}
			t = v.typ
			if v.lit != nil && v.lit.s != nil {
				return cIntValue(int64(len(*v.lit.s)+1), cInt), nil
			}
		}
		if _, ok := resolve(t).(*dwarf.VoidType); ok {
			return cIntValue(1, cInt), nil
		}
		return cIntValue(typeSize(t), cInt), nil
	case *cCond:
		v, err := c.expr(x.C)
		if err != nil {
			return nil, err
		}
		b, err := c.cTruth(v, x.C)
		if err != nil {
			return nil, err
		}
		if b {
			return c.expr(x.A)
		}
		return c.expr(x.B)
	case *cScope:
		return c.scoped(x)
	case *cArtificial:
		v, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		nv, err := c.expr(x.N)
		if err != nil {
			return nil, err
		}
		n, err := c.numOf(nv, exprString(x.N))
		if err != nil {
			return nil, err
		}
		if n.int() <= 0 {
			return nil, fmt.Errorf("Only values in memory can be extended with '@'.")
		}
		if n.int()*max(typeSize(v.typ), 1) > maxLoad {
			return nil, fmt.Errorf("%s@%d: more than %d bytes", exprString(x.X), n.int(), maxLoad)
		}
		if v.addr == 0 {
			return nil, fmt.Errorf("Only values in memory can be extended with '@'.")
		}
		at := &dwarf.ArrayType{CommonType: dwarf.CommonType{ByteSize: n.int() * typeSize(v.typ)}, Type: v.typ, Count: n.int()}
		at.Name = cDecl(at, "", 0, 0, 0)
		return c.e.at(v.addr, at), nil
	}
	return nil, fmt.Errorf("%s: expressions of this kind are not supported", exprString(x))
}

func cIntValue(i int64, t dwarf.Type) *value {
	return fromNum(num{k: kInt, i: i, u: uint64(i)}, t)
}

// cExpr evaluates the nodes whose meaning differs in C; ok false leaves
// x to the common evaluator.
func (c *evalCtx) cExpr(x ast.Expr) (v *value, ok bool, err error) {
	switch x := x.(type) {
	case *ast.BasicLit:
		v, err := c.cLiteral(x)
		return v, true, err
	case *ast.UnaryExpr:
		v, err := c.cUnary(x)
		return v, true, err
	case *ast.BinaryExpr:
		v, err := c.cBinary(x)
		return v, true, err
	case *ast.StarExpr:
		v, err := c.expr(x.X)
		if err != nil {
			return nil, true, err
		}
		switch classify(v.typ) {
		case kFunc:
			return v, true, nil // *add is add
		case kArray:
			at := resolve(v.typ).(*dwarf.ArrayType)
			return c.e.part(v, 0, at.Type), true, nil
		}
		if n, err := c.numOf(v, ""); err == nil && classify(v.typ) == kPtr && n.u == 0 {
			return nil, true, fmt.Errorf("Cannot access memory at address 0x0")
		}
		v, err = c.deref(v, exprString(x.X))
		return v, true, err
	case *ast.IndexExpr:
		v, err := c.cIndex(x)
		return v, true, err
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && strings.HasPrefix(id.Name, "$_") {
			v, err := c.convenience(id.Name, x)
			return v, true, err
		}
		// tdb's builtins (len, cap) unless the program has a function
		// or variable of that name.
		// So are Go's conversions, uint8(c), which tdb took in C
		// frames before it read C.
		if id, ok := x.Fun.(*ast.Ident); ok && !c.isVariable(id.Name) {
			if _, isFunc := c.cFunc(id.Name); !isFunc {
				if _, isBuiltin := builtins[id.Name]; isBuiltin {
					return nil, false, nil
				}
				if _, _, err := c.typeExpr(x.Fun); err == nil {
					return nil, false, nil
				}
			}
		}
		return nil, true, fmt.Errorf("%s: gdb would call %s in the program; tdb does not call the program's functions", exprString(x), exprString(x.Fun))
	}
	return nil, false, nil
}

// cLiteral: C's literals and their types. An integer is an int when it
// fits, else a long (unsigned when only that fits, or its suffix says);
// a character is a char; a floating constant a double (float with f).
func (c *evalCtx) cLiteral(x *ast.BasicLit) (*value, error) {
	switch x.Kind {
	case token.CHAR:
		s, err := unquoteC(x.Value)
		if err != nil || len(s) != 1 {
			return nil, fmt.Errorf("bad character constant %s", x.Value)
		}
		return fromNum(num{k: kInt, i: int64(int8(s[0]))}, cChar), nil
	case token.STRING:
		s, err := strconv.Unquote(x.Value)
		if err != nil {
			return nil, err
		}
		return &value{lit: &computed{s: &s}, reg: -1}, nil
	}
	lit := strings.ToLower(x.Value)
	isHex := strings.HasPrefix(lit, "0x")
	if !isHex && strings.ContainsAny(lit, ".e") || isHex && strings.Contains(lit, "p") {
		t := cDouble
		if strings.HasSuffix(lit, "f") {
			t, lit = cFloatT, strings.TrimSuffix(lit, "f")
		} else {
			lit = strings.TrimSuffix(lit, "l")
		}
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			return nil, fmt.Errorf("Invalid number %q.", x.Value)
		}
		return fromNum(num{k: kFloat, f: f}, t), nil
	}
	unsigned, long := false, false
	for len(lit) > 0 {
		switch lit[len(lit)-1] {
		case 'u':
			unsigned = true
		case 'l':
			long = true
		default:
			goto digits
		}
		lit = lit[:len(lit)-1]
	}
digits:
	base := 10
	switch {
	case isHex:
		base, lit = 16, lit[2:]
	case strings.HasPrefix(lit, "0b"):
		base, lit = 2, lit[2:]
	case len(lit) > 1 && lit[0] == '0':
		base, lit = 8, lit[1:]
	}
	u, err := strconv.ParseUint(lit, base, 64)
	if err != nil {
		return nil, fmt.Errorf("Invalid number %q.", x.Value)
	}
	var t dwarf.Type
	switch {
	case !long && !unsigned && u <= math.MaxInt32:
		t = cInt
	case !long && (unsigned || base != 10) && u <= math.MaxUint32:
		t = cUint
	case !unsigned && u <= math.MaxInt64:
		t = cLong
	default:
		t = cULong
	}
	return fromNum(num{k: kUint, u: u, i: int64(u)}, t), nil
}

// cArith is a value's number for C arithmetic: its kind and the type
// the integer promotions give it (char, short, _Bool and enums become
// int).
func (c *evalCtx) cArith(v *value, x ast.Expr) (num, dwarf.Type, error) {
	if v.lit != nil && v.lit.s != nil {
		return num{}, nil, fmt.Errorf("Argument to arithmetic operation not a number or boolean.")
	}
	n, err := c.numOfX(v, x)
	if err != nil {
		return n, nil, err
	}
	n.untyped = false
	t := v.typ
	switch k := classify(t); k {
	case kFloat:
		if typeSize(t) < 4 {
			t = cDouble
		}
		return n, t, nil
	case kBool:
		n = num{k: kInt, i: b2i(n.b)}
		return n, cInt, nil
	case kCChar, kInt, kUint:
		if k == kUint {
			n.i = int64(n.u)
		} else {
			n.u = uint64(n.i)
		}
		if _, ok := resolve(t).(*dwarf.UcharType); ok && k == kCChar {
			n = num{k: kInt, i: int64(uint8(n.i)), u: uint64(uint8(n.i))}
		}
		_, isEnum := resolve(t).(*dwarf.EnumType)
		if typeSize(t) < 4 || isEnum {
			return num{k: kInt, i: n.i, u: n.u}, cInt, nil
		}
		return n, t, nil
	case kPtr, kUnsafePtr:
		return num{k: kUint, u: n.u, i: int64(n.u)}, t, nil
	}
	return n, nil, fmt.Errorf("Argument to arithmetic operation not a number or boolean.")
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// numOfX is numOf naming the expression x only in its error: spelling
// every operand of a long expression would make evaluating it
// quadratic in its length. x may be nil.
func (c *evalCtx) numOfX(v *value, x ast.Expr) (num, error) {
	n, err := c.numOf(v, "")
	if err != nil {
		what := "the value"
		if x != nil {
			what = exprString(x)
		}
		_, err = c.numOf(v, what)
	}
	return n, err
}

// cCommon is the type of a binary operation's result by C's (and gdb's)
// usual arithmetic conversions, operands already promoted.
func cCommon(a, b dwarf.Type) dwarf.Type {
	ka, kb := classify(a), classify(b)
	if ka == kFloat || kb == kFloat {
		if ka == kFloat && kb == kFloat && typeSize(a) >= typeSize(b) {
			return a
		}
		if ka == kFloat && kb != kFloat {
			return a
		}
		if kb == kFloat && ka != kFloat {
			return b
		}
		return b
	}
	sa, sb := typeSize(a), typeSize(b)
	unsigned := false
	size := max(sa, sb)
	switch {
	case sa > sb:
		unsigned = ka == kUint
	case sb > sa:
		unsigned = kb == kUint
	default:
		unsigned = ka == kUint || kb == kUint
	}
	if size <= 4 {
		if unsigned {
			return cUint
		}
		return cInt
	}
	if unsigned {
		return cULong
	}
	return cLong
}

// cFit is i truncated to integer type t, as C's conversions do.
func cFit(i uint64, t dwarf.Type) num {
	size := typeSize(t)
	if size <= 0 || size > 8 {
		size = 8
	}
	if size < 8 {
		i &= 1<<(8*uint(size)) - 1
	}
	if classify(t) == kUint || classify(t) == kPtr || classify(t) == kUnsafePtr {
		return num{k: kUint, u: i, i: int64(i)}
	}
	if _, ok := resolve(t).(*dwarf.UcharType); ok {
		return num{k: kUint, u: i, i: int64(i)}
	}
	if size < 8 && i&(1<<(8*uint(size)-1)) != 0 {
		i |= ^uint64(0) << (8 * uint(size))
	}
	return num{k: kInt, i: int64(i), u: i}
}

func cIntResult(i uint64, t dwarf.Type) *value {
	return fromNum(cFit(i, t), t)
}

func cBool(b bool) *value { return cIntValue(b2i(b), cInt) }

// cTruth: v is not zero (C's condition).
func (c *evalCtx) cTruth(v *value, x ast.Expr) (bool, error) {
	if d, ok := c.cDecay(v); ok {
		v = d
	}
	n, err := c.numOfX(v, x)
	if err != nil {
		return false, err
	}
	switch n.k {
	case kBool:
		return n.b, nil
	case kFloat, kComplex:
		return n.f != 0, nil
	case kUint:
		return n.u != 0, nil
	}
	return n.i != 0, nil
}

// cDecay is an array as the pointer to its first element, a function as
// the pointer to it.
func (c *evalCtx) cDecay(v *value) (*value, bool) {
	switch classify(v.typ) {
	case kArray:
		if v.addr == 0 {
			return nil, false
		}
		at := resolve(v.typ).(*dwarf.ArrayType)
		return c.pointerTo(v.addr, at.Type), true
	case kFunc:
		if v.addr == 0 {
			return nil, false
		}
		return c.pointerTo(v.addr, v.typ), true
	}
	return nil, false
}

// pointerTo is a pointer value of type t * holding addr.
func (c *evalCtx) pointerTo(addr uint64, t dwarf.Type) *value {
	r := fromNum(num{k: kUint, u: addr}, cPtrTo(t))
	r.onlyAddr = true
	return r
}

// pointee is what a pointer type points to, and its size for pointer
// arithmetic (void and functions count 1, as gdb).
func pointee(t dwarf.Type) (dwarf.Type, int64) {
	pt, ok := resolve(t).(*dwarf.PtrType)
	if !ok || pt.Type == nil {
		return cVoid, 1
	}
	switch resolve(pt.Type).(type) {
	case *dwarf.VoidType, *dwarf.FuncType:
		return pt.Type, 1
	}
	if n := typeSize(pt.Type); n > 0 {
		return pt.Type, n
	}
	return pt.Type, 1
}

func (c *evalCtx) cUnary(x *ast.UnaryExpr) (*value, error) {
	what := exprString(x.X)
	if x.Op == token.AND {
		// &p->f, &p[i] are arithmetic on p and read nothing there:
		// &((struct rec *)0)->col is the field's offset, as in C.
		if a, t, ok := c.cAddrOf(x.X); ok {
			return c.pointerTo(a, t), nil
		}
	}
	v, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	if x.Op == token.AND {
		if v.bits != nil && v.bits.unit != 0 {
			// gdb 13 answers &s.bitfield with the unit holding it.
			return c.pointerTo(v.bits.unit, v.typ), nil
		}
		if v.addr == 0 || isConst(v) {
			if v.reg >= 0 {
				return nil, fmt.Errorf("Address requested for identifier %q which is in register $%s", what, source.DwarfRegName(v.reg))
			}
			return nil, fmt.Errorf("Attempt to take address of value not located in memory.")
		}
		return c.pointerTo(v.addr, v.typ), nil
	}
	if x.Op == token.NOT {
		b, err := c.cTruth(v, x.X)
		if err != nil {
			return nil, err
		}
		return cBool(!b), nil
	}
	n, t, err := c.cArith(v, x.X)
	if err != nil {
		return nil, err
	}
	if k := classify(t); k == kPtr || k == kUnsafePtr {
		return nil, fmt.Errorf("Argument to arithmetic operation not a number or boolean.")
	}
	switch x.Op {
	case token.ADD:
		return fromNum(n, t), nil
	case token.SUB:
		if n.k == kFloat {
			n.f = -n.f
			return fromNum(n, t), nil
		}
		return cIntResult(-n.u, t), nil
	case token.XOR:
		if n.k == kFloat {
			return nil, fmt.Errorf("Argument to complement operation not an integer, boolean.")
		}
		return cIntResult(^n.u, t), nil
	}
	return nil, fmt.Errorf("operator %s is not supported", x.Op)
}

func (c *evalCtx) cBinary(x *ast.BinaryExpr) (*value, error) {
	if x.Op == token.LAND || x.Op == token.LOR {
		a, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		p, err := c.cTruth(a, x.X)
		if err != nil {
			return nil, err
		}
		if (x.Op == token.LAND && !p) || (x.Op == token.LOR && p) {
			return cBool(p), nil
		}
		b, err := c.expr(x.Y)
		if err != nil {
			return nil, err
		}
		q, err := c.cTruth(b, x.Y)
		if err != nil {
			return nil, err
		}
		return cBool(q), nil
	}
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	b, err := c.expr(x.Y)
	if err != nil {
		return nil, err
	}
	if d, ok := c.cDecay(a); ok {
		a = d
	}
	if d, ok := c.cDecay(b); ok {
		b = d
	}
	// Strings compare by content, as gdb's $_streq would; "a" == "a".
	if c.isString(a) && c.isString(b) && (x.Op == token.EQL || x.Op == token.NEQ) {
		s, _, err := c.str(a, "")
		if err != nil {
			return nil, err
		}
		t, _, err := c.str(b, "")
		if err != nil {
			return nil, err
		}
		return cBool((s == t) == (x.Op == token.EQL)), nil
	}
	p, ta, err := c.cArith(a, x.X)
	if err != nil {
		return nil, err
	}
	q, tb, err := c.cArith(b, x.Y)
	if err != nil {
		return nil, err
	}
	pa, pb := isPtrKind(ta), isPtrKind(tb)
	switch {
	case pa && pb && x.Op == token.SUB:
		_, sa := pointee(ta)
		_, sb := pointee(tb)
		if sa != sb {
			return nil, fmt.Errorf("First argument of `-' is a pointer and second argument is neither\nan integer nor a pointer of the same type.")
		}
		return cIntValue((int64(p.u)-int64(q.u))/sa, cLong), nil
	case (pa || pb) && (x.Op == token.ADD || x.Op == token.SUB) && !(pa && pb):
		ptr, n, pt := p, q, ta
		if pb {
			if x.Op == token.SUB {
				return nil, fmt.Errorf("Argument to arithmetic operation not a number or boolean.")
			}
			ptr, n, pt = q, p, tb
		}
		if n.k == kFloat {
			return nil, fmt.Errorf("Argument to arithmetic operation not a number or boolean.")
		}
		_, size := pointee(pt)
		off := n.int() * size
		if x.Op == token.SUB {
			off = -off
		}
		r := fromNum(num{k: kUint, u: ptr.u + uint64(off)}, pt)
		r.onlyAddr = true
		return r, nil
	case (pa || pb) && isCmpOp(x.Op):
		return cBool(cmpResult(x.Op, cmpU(p.u, q.u))), nil
	case pa || pb:
		return nil, fmt.Errorf("Argument to arithmetic operation not a number or boolean.")
	}
	t := cCommon(ta, tb)
	if x.Op == token.SHL || x.Op == token.SHR {
		t = cCommon(ta, ta)
	}
	if classify(t) == kFloat {
		f, g := p.float(), q.float()
		switch x.Op {
		case token.ADD:
			return fromNum(num{k: kFloat, f: f + g}, t), nil
		case token.SUB:
			return fromNum(num{k: kFloat, f: f - g}, t), nil
		case token.MUL:
			return fromNum(num{k: kFloat, f: f * g}, t), nil
		case token.QUO:
			return fromNum(num{k: kFloat, f: f / g}, t), nil
		}
		if isCmpOp(x.Op) {
			cmp := 0
			if f < g {
				cmp = -1
			} else if f > g {
				cmp = 1
			}
			return cBool(cmpResult(x.Op, cmp)), nil
		}
		return nil, fmt.Errorf("Integer only operation %s.", x.Op)
	}
	// Operands converted to the common type, then C's operation on its
	// bits; the result wraps to the type's width.
	ca, cb := cFit(p.u, t), cFit(q.u, t)
	if p.k == kFloat {
		ca = cFit(uint64(int64(p.f)), t)
	}
	if q.k == kFloat {
		cb = cFit(uint64(int64(q.f)), t)
	}
	unsigned := classify(t) == kUint
	if isCmpOp(x.Op) {
		if unsigned {
			return cBool(cmpResult(x.Op, cmpU(ca.u, cb.u))), nil
		}
		cmp := 0
		if ca.i < cb.i {
			cmp = -1
		} else if ca.i > cb.i {
			cmp = 1
		}
		return cBool(cmpResult(x.Op, cmp)), nil
	}
	var r uint64
	switch x.Op {
	case token.ADD:
		r = ca.u + cb.u
	case token.SUB:
		r = ca.u - cb.u
	case token.MUL:
		r = ca.u * cb.u
	case token.QUO, token.REM:
		if cb.u == 0 {
			return nil, fmt.Errorf("Division by zero")
		}
		switch {
		case unsigned && x.Op == token.QUO:
			r = ca.u / cb.u
		case unsigned:
			r = ca.u % cb.u
		case x.Op == token.QUO:
			r = uint64(ca.i / cb.i)
		default:
			r = uint64(ca.i % cb.i)
		}
	case token.AND:
		r = ca.u & cb.u
	case token.OR:
		r = ca.u | cb.u
	case token.XOR:
		r = ca.u ^ cb.u
	case token.SHL:
		r = ca.u << (q.u & 63)
	case token.SHR:
		if unsigned {
			r = ca.u >> (q.u & 63)
		} else {
			r = uint64(ca.i >> (q.u & 63))
		}
	default:
		return nil, fmt.Errorf("operator %s is not supported", x.Op)
	}
	return cIntResult(r, t), nil
}

func isPtrKind(t dwarf.Type) bool {
	k := classify(t)
	return k == kPtr || k == kUnsafePtr
}

func isCmpOp(op token.Token) bool {
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return true
	}
	return false
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpResult(op token.Token, cmp int) bool {
	switch op {
	case token.EQL:
		return cmp == 0
	case token.NEQ:
		return cmp != 0
	case token.LSS:
		return cmp < 0
	case token.LEQ:
		return cmp <= 0
	case token.GTR:
		return cmp > 0
	}
	return cmp >= 0
}

// cAddrOf is the address of p->f... or p[i] computed from the pointer p
// without reading what it points to; ok false for other expressions.
func (c *evalCtx) cAddrOf(x ast.Expr) (uint64, dwarf.Type, bool) {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	switch x := x.(type) {
	case *ast.SelectorExpr:
		base, bt, ok := c.cAddrOf(x.X)
		if !ok {
			v, err := c.expr(x.X)
			if err != nil || !isPtrKind(v.typ) {
				return 0, nil, false
			}
			a, err := c.e.word(v, 0)
			if err != nil {
				return 0, nil, false
			}
			base, bt = a, resolve(v.typ).(*dwarf.PtrType).Type
		}
		st, ok := resolve(bt).(*dwarf.StructType)
		if !ok {
			return 0, nil, false
		}
		for _, f := range st.Field {
			if f.Name == x.Sel.Name && f.BitSize == 0 {
				return base + uint64(f.ByteOffset), f.Type, true
			}
		}
	case *ast.IndexExpr:
		v, err := c.expr(x.X)
		if err != nil || !isPtrKind(v.typ) {
			return 0, nil, false
		}
		a, err := c.e.word(v, 0)
		if err != nil {
			return 0, nil, false
		}
		iv, err := c.expr(x.Index)
		if err != nil {
			return 0, nil, false
		}
		n, it, err := c.cArith(iv, nil)
		if err != nil || classify(it) == kFloat || isPtrKind(it) {
			return 0, nil, false
		}
		el, size := pointee(v.typ)
		return a + uint64(n.int()*size), el, true
	}
	return 0, nil, false
}

// cIndex is a[i] as C reads it: *(a + i) for a pointer, the element at
// i for an array (not bounds-checked: gdb reads past a [0] or [1]
// trailing array).
func (c *evalCtx) cIndex(x *ast.IndexExpr) (*value, error) {
	v, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	iv, err := c.expr(x.Index)
	if err != nil {
		return nil, err
	}
	n, it, err := c.cArith(iv, x.Index)
	if err != nil || classify(it) == kFloat || isPtrKind(it) {
		return nil, fmt.Errorf("Argument to arithmetic operation not a number or boolean.")
	}
	i := n.int()
	if v.lit != nil && v.lit.s != nil {
		// "ab"[1]: a string literal is an array of char, its NUL too.
		s := *v.lit.s + "\x00"
		if i < 0 || i >= int64(len(s)) {
			return nil, fmt.Errorf("no such vector element")
		}
		return fromNum(num{k: kInt, i: int64(int8(s[i]))}, cChar), nil
	}
	switch classify(v.typ) {
	case kArray:
		at := resolve(v.typ).(*dwarf.ArrayType)
		size := typeSize(at.Type)
		if i >= 0 && (i < at.Count || v.addr == 0) {
			if i >= at.Count {
				return nil, fmt.Errorf("no such vector element")
			}
			return c.e.part(v, i*size, at.Type), nil
		}
		return c.e.at(v.addr+uint64(i*size), at.Type), nil
	case kPtr, kUnsafePtr:
		a, err := c.e.word(v, 0)
		if err != nil {
			return nil, err
		}
		el, size := pointee(v.typ)
		if _, ok := resolve(el).(*dwarf.VoidType); ok {
			return nil, fmt.Errorf("Attempt to take contents of a non-pointer value.")
		}
		return c.e.at(a+uint64(i*size), el), nil
	}
	if k := classify(v.typ); k == kSlice || k == kString {
		return c.index(x) // a slice tdb made of a C array (arr[1:][2])
	}
	return nil, fmt.Errorf("cannot subscript %s, something of type `%s'", exprString(x.X), c.e.typeName(v.typ))
}

// cConvert is the cast (t)v.
func (c *evalCtx) cConvert(v *value, t dwarf.Type) (*value, error) {
	if d, ok := c.cDecay(v); ok && classify(t) != kArray {
		v = d
	}
	kt := classify(t)
	if _, ok := resolve(t).(*dwarf.VoidType); ok {
		return &value{typ: t, reg: -1, buf: []byte{}}, nil
	}
	switch kt {
	case kStruct, kArray:
		if typeSize(v.typ) == typeSize(t) && !isConst(v) {
			return c.retype(v, t), nil
		}
		return nil, fmt.Errorf("Invalid cast.")
	}
	n, vt, err := c.cArith(v, nil)
	if err != nil {
		return nil, fmt.Errorf("Invalid cast.")
	}
	switch kt {
	case kFloat:
		f := n.float()
		if classify(vt) == kUint {
			f = float64(n.u)
		}
		return fromNum(num{k: kFloat, f: f}, t), nil
	case kBool:
		return fromNum(num{k: kBool, b: n.u != 0 || (n.k == kFloat && n.f != 0)}, t), nil
	case kInt, kUint, kCChar, kPtr, kUnsafePtr, kFunc:
		u := n.u
		if n.k == kFloat {
			u = uint64(int64(n.f))
			if n.f >= 1<<63 {
				u = uint64(n.f)
			}
		}
		r := fromNum(cFit(u, t), t)
		if kt == kPtr || kt == kUnsafePtr {
			r.onlyAddr = true
		}
		return r, nil
	}
	return nil, fmt.Errorf("Invalid cast.")
}

// cIdent is what a name means in C beyond the frame's variables and the
// globals: an enumerator, a function.
func (c *evalCtx) cIdent(name string) (*value, bool) {
	if t, val, ok := c.e.bin.Enumerator(name); ok {
		return fromNum(num{k: kInt, i: val, u: uint64(val)}, t), true
	}
	if v, ok := c.cFunc(name); ok {
		return v, true
	}
	return nil, false
}

// cFunc is the function named name as a C value: of its function type,
// located at its entry, so &f and f decay to a pointer to it.
func (c *evalCtx) cFunc(name string) (*value, bool) {
	entry, ok := c.e.bin.Symbol(name)
	if !ok {
		return nil, false
	}
	f := c.e.bin.FuncAt(entry)
	if f == nil || f.Name != name || f.Entry != entry {
		return nil, false
	}
	ft, err := c.e.bin.FuncType(entry)
	if err != nil || ft == nil {
		ft = &dwarf.FuncType{CommonType: dwarf.CommonType{ByteSize: 1}, ReturnType: cInt}
	}
	return &value{typ: ft, addr: entry + c.e.bias, reg: -1}, true
}

// register is $name: a machine register of the frame, typed as gdb
// types it.
func (c *evalCtx) register(name string) (*value, error) {
	r := strings.TrimPrefix(name, "$")
	if g, ok := map[string]string{"pc": "rip", "sp": "rsp", "fp": "rbp"}[r]; ok {
		r = g
	}
	t := cInt64
	if n, ok := source.DwarfRegNumber(r); ok {
		v, ok := c.e.reg(c.fc, n)
		if !ok {
			return nil, fmt.Errorf("register %s is not known in frame %d", name, c.fc.index)
		}
		switch r {
		case "rip":
			t = cCodePtr
		case "rsp", "rbp":
			t = cVoidPtr
		}
		out := fromNum(num{k: kUint, u: v, i: int64(v)}, t)
		out.onlyAddr = true
		if c.fc.index == 0 && n < 16 {
			out.reg = n // set var $rax = 5 writes it
		}
		return out, nil
	}
	// The 32-bit halves: eax, r8d.
	half := map[string]string{"eax": "rax", "edx": "rdx", "ecx": "rcx", "ebx": "rbx", "esi": "rsi", "edi": "rdi", "ebp": "rbp", "esp": "rsp"}
	full, ok := half[r]
	if !ok && strings.HasPrefix(r, "r") && strings.HasSuffix(r, "d") {
		full, ok = strings.TrimSuffix(r, "d"), true
	}
	if n, isReg := source.DwarfRegNumber(full); ok && isReg {
		v, ok := c.e.reg(c.fc, n)
		if !ok {
			return nil, fmt.Errorf("register %s is not known in frame %d", name, c.fc.index)
		}
		return cIntResult(v, cInt32), nil
	}
	// gdb: an unknown $name is a convenience variable, void.
	return nil, fmt.Errorf("no register %s", name)
}

// scoped is gdb's FUNC::var (a static local of FUNC, or FUNC's variable
// in its frame) and 'file.c'::var (a file's static or global).
func (c *evalCtx) scoped(x *cScope) (*value, error) {
	if x.File != "" {
		g, err := c.e.bin.GlobalIn(x.File, x.Name)
		if err != nil {
			// 'prog.c'::add: a function (static functions of one
			// name in two files are not told apart).
			if v, ok := c.cFunc(x.Name); ok {
				return v, nil
			}
			return nil, fmt.Errorf("No symbol %q in file %s.", x.Name, x.File)
		}
		return c.globalValue(g)
	}
	// The function's own frame, when it is the selected one.
	if c.fc != nil && c.fc.fn == x.Func {
		if v, err := c.ident(x.Name); err == nil {
			return v, nil
		}
	}
	fs, err := c.e.bin.LookupFunc(x.Func)
	if err != nil || len(fs) == 0 {
		// FILE::var with a bare file name: gdb takes prog.c::x too.
		if g, err := c.e.bin.GlobalIn(x.Func, x.Name); err == nil {
			return c.globalValue(g)
		}
		return nil, fmt.Errorf("No symbol %q in current context.", x.Func)
	}
	fv, err := c.e.bin.VariablesInFrame(fs[0].Entry, 0, 0)
	if err == nil {
		for _, v := range fv.Vars {
			if v.Name != x.Name {
				continue
			}
			if len(v.Loc) > 0 && v.Loc[0] == 0x03 { // DW_OP_addr: a static
				return c.globalValue(v)
			}
			// A local: in the innermost frame of FUNC on the stack,
			// as gdb finds it.
			if st := c.e.state; st != nil {
				for i, f := range st.Frames {
					if f.Function != x.Func {
						continue
					}
					fc, err := c.e.frameOf(i)
					if err != nil {
						return nil, err
					}
					return c.e.newEvalCtx(fc).ident(x.Name)
				}
			}
			return nil, fmt.Errorf("No frame is currently executing in block %s.", x.Func)
		}
	}
	return nil, fmt.Errorf("No symbol %q in function %q.", x.Name, x.Func)
}

// globalValue is a variable at a static address (DW_OP_addr), relocated
// by the load bias of a PIE program.
func (c *evalCtx) globalValue(g source.Variable) (*value, error) {
	ps, err := source.EvalLocation(g.Loc, source.LocContext{})
	if err != nil || len(ps) != 1 || ps[0].Kind != source.PieceMemory {
		return nil, fmt.Errorf("%s has no address", g.Name)
	}
	return c.e.at(ps[0].Addr+c.e.bias, g.Type), nil
}

// examineAddress is the address x EXPR examines, as gdb takes it: a
// pointer's or an integer's value, an array's or a function's location.
func (c *evalCtx) examineAddress(v *value) (uint64, error) {
	switch classify(v.typ) {
	case kArray, kFunc:
		if v.addr != 0 {
			return v.addr, nil
		}
	case kStruct:
		if v.addr != 0 {
			return v.addr, nil
		}
		return 0, fmt.Errorf("the value is not in memory")
	}
	if v.lit != nil && v.lit.s != nil {
		return 0, fmt.Errorf("a string literal has no address")
	}
	n, err := c.numOf(v, "")
	if err != nil {
		return 0, err
	}
	switch n.k {
	case kUint:
		return n.u, nil
	case kInt:
		return uint64(n.i), nil
	case kBool:
		return uint64(b2i(n.b)), nil
	}
	return 0, fmt.Errorf("Invalid number as an address")
}

// cFuncText is a C function as a value, as gdb prints it:
// {int (int, int)} 0x555555555139 <add>. ok is false for Go's func
// values (a pointer to a closure).
func (e *engine) cFuncText(v *value) (string, bool) {
	if e.bin.IsGo() || v.addr == 0 || v.buf != nil {
		return "", false
	}
	s := fmt.Sprintf("{%s} %#x", cDecl(v.typ, "", 0, 0, 0), v.addr)
	if fn := e.bin.FuncAt(v.addr - e.bias); fn != nil {
		if off := v.addr - e.bias - fn.Entry; off > 0 {
			s += fmt.Sprintf(" <%s+%d>", fn.Name, off)
		} else {
			s += " <" + fn.Name + ">"
		}
	}
	return s, true
}

// convenience is one of gdb's convenience functions that read the
// program and call nothing in it, for conditions on C strings:
// $_streq(s, "x"), $_strlen(s), $_memeq(a, b, n), $_regex(s, "re").
func (c *evalCtx) convenience(name string, x *ast.CallExpr) (*value, error) {
	want := map[string]int{"$_streq": 2, "$_strlen": 1, "$_memeq": 3, "$_regex": 2}
	n, ok := want[name]
	if !ok {
		return nil, fmt.Errorf("%s is not one of the convenience functions tdb has ($_streq, $_strlen, $_memeq, $_regex)", name)
	}
	if len(x.Args) != n {
		return nil, fmt.Errorf("%s takes %d arguments", name, n)
	}
	args := make([]*value, n)
	for i, a := range x.Args {
		v, err := c.expr(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	switch name {
	case "$_streq", "$_regex":
		a, err := c.cText(args[0], x.Args[0])
		if err != nil {
			return nil, err
		}
		b, err := c.cText(args[1], x.Args[1])
		if err != nil {
			return nil, err
		}
		if name == "$_streq" {
			return cBool(a == b), nil
		}
		// gdb's is Python's re.match: anchored at the start.
		re, err := regexp.Compile("^(?:" + b + ")")
		if err != nil {
			return nil, fmt.Errorf("$_regex: %v", err)
		}
		return cBool(re.MatchString(a)), nil
	case "$_strlen":
		a, err := c.cText(args[0], x.Args[0])
		if err != nil {
			return nil, err
		}
		return cIntValue(int64(len(a)), cInt), nil
	}
	// $_memeq
	size, _, err := c.cArith(args[2], x.Args[2])
	if err != nil || size.int() < 0 || size.int() > maxLoad {
		return nil, fmt.Errorf("$_memeq: the length must be a number from 0 to %d", maxLoad)
	}
	var bufs [2][]byte
	for i := 0; i < 2; i++ {
		if l := args[i].lit; l != nil && l.s != nil {
			// A literal's bytes, its NUL after them, as gdb copies
			// it into the program.
			b := make([]byte, size.int())
			copy(b, *l.s+"\x00")
			bufs[i] = b
			continue
		}
		a, err := c.examineAddress(args[i])
		if err != nil {
			return nil, fmt.Errorf("$_memeq: %s: %v", exprString(x.Args[i]), err)
		}
		bufs[i] = make([]byte, size.int())
		if err := c.e.readMem(a, bufs[i]); err != nil {
			return nil, err
		}
	}
	return cBool(string(bufs[0]) == string(bufs[1])), nil
}

// cText is the C string v holds or points to: a literal, a char array
// up to its NUL, or the NUL-terminated bytes a pointer points to (at
// most maxLoad of them).
func (c *evalCtx) cText(v *value, x ast.Expr) (string, error) {
	if v.lit != nil && v.lit.s != nil {
		return *v.lit.s, nil
	}
	if classify(v.typ) == kArray {
		b, err := c.e.bytes(v)
		if err != nil {
			return "", err
		}
		if i := strings.IndexByte(string(b), 0); i >= 0 {
			b = b[:i]
		}
		return string(b), nil
	}
	if !isPtrKind(v.typ) {
		return "", fmt.Errorf("%s is not a string", exprString(x))
	}
	a, err := c.e.word(v, 0)
	if err != nil {
		return "", err
	}
	if a == 0 {
		return "", fmt.Errorf("Cannot access memory at address 0x0")
	}
	var out []byte
	chunk := make([]byte, 256)
	for len(out) < maxLoad {
		// A chunk may cross into an unmapped page: read less.
		n := len(chunk)
		for n > 0 && c.e.readMem(a, chunk[:n]) != nil {
			n /= 2
		}
		if n == 0 {
			if len(out) == 0 {
				return "", fmt.Errorf("Cannot access memory at address %#x", a)
			}
			break
		}
		if i := strings.IndexByte(string(chunk[:n]), 0); i >= 0 {
			return string(append(out, chunk[:i]...)), nil
		}
		out = append(out, chunk[:n]...)
		a += uint64(n)
	}
	return string(out), nil
}
