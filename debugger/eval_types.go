package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"math"
	"strconv"
	"strings"

	"tdb/source"
)

// Types in expressions: conversions T(x), type assertions x.(T) and
// composite literals T{...} name a type with Go's syntax; it is found in
// the program's DWARF by the name Go gives it there ("[]uint8", not
// "[]byte"), or made here when the program has none (a pointer or array
// of a type it has).

// errNotType: the expression does not name a type (it may be a variable
// or a function).
var errNotType = errors.New("not a type")

// typeString is the DWARF name of the type expression x.
func typeString(x ast.Expr) (string, bool) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return typeString(x.X)
	case *ast.Ident:
		switch x.Name {
		case "byte":
			return "uint8", true
		case "rune":
			return "int32", true
		}
		return x.Name, true
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name + "." + x.Sel.Name, true
		}
		// "path/to/pkg".T
		if l, ok := x.X.(*ast.BasicLit); ok && l.Kind == token.STRING {
			if p, err := strconv.Unquote(l.Value); err == nil {
				return p + "." + x.Sel.Name, true
			}
		}
	case *ast.BasicLit:
		// A type by its DWARF name, quoted: (*"interface {}")(p),
		// (*"struct { main.i int }")(p).
		if x.Kind == token.STRING {
			if s, err := strconv.Unquote(x.Value); err == nil {
				return s, true
			}
		}
	case *ast.StarExpr:
		if s, ok := typeString(x.X); ok {
			return "*" + s, true
		}
	case *ast.ArrayType:
		elem, ok := typeString(x.Elt)
		if !ok {
			return "", false
		}
		if x.Len == nil {
			return "[]" + elem, true
		}
		if l, ok := x.Len.(*ast.BasicLit); ok && l.Kind == token.INT {
			return "[" + l.Value + "]" + elem, true
		}
	case *ast.MapType:
		k, ok1 := typeString(x.Key)
		v, ok2 := typeString(x.Value)
		if ok1 && ok2 {
			return "map[" + k + "]" + v, true
		}
	case *ast.ChanType:
		if el, ok := typeString(x.Value); ok {
			return "chan " + el, true
		}
	case *ast.InterfaceType:
		if len(x.Methods.List) == 0 {
			return "interface {}", true
		}
	case *ast.StructType:
		if len(x.Fields.List) == 0 {
			return "struct {}", true
		}
	}
	return "", false
}

// typeExpr resolves x as a type; errNotType when x is a variable, a
// function or no type the program has.
func (c *evalCtx) typeExpr(x ast.Expr) (dwarf.Type, string, error) {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	name, ok := typeString(x)
	if !ok {
		return nil, "", errNotType
	}
	switch x := x.(type) {
	case *ast.Ident:
		if c.isVariable(x.Name) {
			return nil, "", errNotType
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && c.isVariable(id.Name) {
			return nil, "", errNotType
		}
	}
	t, err := c.lookupType(name)
	if err != nil {
		return nil, name, errNotType
	}
	return t, name, nil
}

// isVariable: name is a variable of the frame.
func (c *evalCtx) isVariable(name string) bool {
	if c.fv == nil {
		return false
	}
	for i := range c.fv.Vars {
		if n := c.fv.Vars[i].Name; n == name || n == "&"+name {
			return true
		}
	}
	return false
}

// lookupType finds the type Go names name: a basic type, one of the
// program's (its own package's without the package name), or a pointer,
// slice or array made of one.
func (c *evalCtx) lookupType(name string) (dwarf.Type, error) {
	if t, ok := basicTypes[name]; ok {
		return t, nil
	}
	if t, err := c.e.bin.LookupType(name); err == nil {
		return t, nil
	}
	switch {
	case name == "string":
		return tString, nil
	case name == "unsafe.Pointer":
		return tUnsafePointer, nil
	case strings.HasPrefix(name, "*"):
		el, err := c.lookupType(name[1:])
		if err != nil {
			return nil, err
		}
		return &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8, Name: name}, Type: el}, nil
	case strings.HasPrefix(name, "[]"):
		el, err := c.lookupType(name[2:])
		if err != nil {
			return nil, err
		}
		return c.sliceType(el), nil
	case strings.HasPrefix(name, "["):
		i := strings.IndexByte(name, ']')
		n, err := strconv.ParseInt(name[1:max(i, 1)], 0, 64)
		if i < 0 || err != nil || n < 0 {
			return nil, fmt.Errorf("no type %s", name)
		}
		el, err := c.lookupType(name[i+1:])
		if err != nil {
			return nil, err
		}
		return &dwarf.ArrayType{CommonType: dwarf.CommonType{ByteSize: n * typeSize(el), Name: name}, Type: el, Count: n}, nil
	case !strings.Contains(name, ".") && c.e.bin.IsGo():
		return c.e.bin.LookupType(pkgOf(c.fc.fn) + "." + name)
	case c.e.bin.IsGo() && !strings.ContainsAny(name, "[]{}() *"):
		// pkg.T with pkg the package's name, not its path
		// (maps.Map for internal/runtime/maps.Map).
		i := strings.LastIndexByte(name, '.')
		for _, p := range c.e.bin.PackagePaths(name[:i]) {
			if t, err := c.e.bin.LookupType(source.SymbolPrefix(p) + name[i:]); err == nil {
				return t, nil
			}
		}
	}
	return nil, fmt.Errorf("no type %s", name)
}

// Types expressions make when the program has none of its own.
var (
	tString = &dwarf.StructType{CommonType: dwarf.CommonType{ByteSize: 16, Name: "string"}, StructName: "string", Kind: "struct",
		Field: []*dwarf.StructField{
			{Name: "str", Type: &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "*uint8"}, Type: basicTypes["uint8"]}},
			{Name: "len", Type: tInt, ByteOffset: 8},
		}}
	tUnsafePointer = &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "unsafe.Pointer"}}
	tFuncValue     = &dwarf.FuncType{CommonType: dwarf.CommonType{ByteSize: 8, Name: "func()"}}
)

// convert is the conversion T(x), with Go's rules for the kinds a
// debugger meets: numbers (truncated or extended as Go does), strings
// from and to []byte and []rune, pointers from and to uintptr and
// unsafe.Pointer, and any type to one of the same kind and size (named
// types and their underlying types).
func (c *evalCtx) convert(v *value, t dwarf.Type, tname string, arg ast.Expr) (*value, error) {
	what := exprString(arg)
	converr := fmt.Errorf("can not convert %q to %s", what, tname)
	tk, vk := c.kindOf(t), c.kindOf(v.typ)
	if c.isString(v) {
		vk = kString
	}
	if v.lit != nil && v.lit.isNil {
		switch tk {
		case kPtr, kUnsafePtr, kSlice, kMap, kChan, kFunc, kEface, kIface:
			return &value{typ: t, buf: make([]byte, typeSize(t)), reg: -1}, nil
		}
		return nil, converr
	}
	switch tk {
	case kString:
		switch vk {
		case kString:
			s, _, err := c.str(v, what)
			if err != nil {
				return nil, err
			}
			return &value{lit: &computed{s: &s}, reg: -1}, nil
		case kSlice, kArray:
			s, err := c.textOf(v, vk, what)
			if err != nil {
				return nil, converr
			}
			return &value{lit: &computed{s: &s}, reg: -1}, nil
		case kInt, kUint, kCChar:
			n, err := c.numOf(v, what)
			if err != nil {
				return nil, err
			}
			s := string(rune(n.int()))
			return &value{lit: &computed{s: &s}, reg: -1}, nil
		}
		return nil, converr
	case kSlice:
		_, _, _, elem, err := c.e.sliceOf(&value{typ: t, buf: make([]byte, 24), reg: -1})
		if err != nil {
			return nil, converr
		}
		switch vk {
		case kString:
			s, _, err := c.str(v, what)
			if err != nil {
				return nil, err
			}
			var b []byte
			n := int64(len(s))
			switch typeSize(elem) {
			case 1:
				b = []byte(s)
			case 4:
				rs := []rune(s)
				n = int64(len(rs))
				b = make([]byte, 4*len(rs))
				for i, r := range rs {
					binary.LittleEndian.PutUint32(b[4*i:], uint32(r))
				}
			default:
				return nil, converr
			}
			h := c.header(t, c.e.scratchAlloc(b), n)
			binary.LittleEndian.PutUint64(h.buf[16:], uint64(n))
			return h, nil
		case kSlice:
			_, _, _, velem, err := c.e.sliceOf(v)
			if err != nil || typeSize(velem) != typeSize(elem) {
				return nil, converr
			}
			return c.retype(v, t), nil
		}
		return nil, converr
	case kInt, kUint, kFloat, kBool, kCChar, kComplex:
		switch vk {
		case kInt, kUint, kFloat, kBool, kCChar, kComplex, kPtr, kUnsafePtr:
		default:
			return nil, converr
		}
		n, err := c.numOf(v, what)
		if err != nil {
			return nil, err
		}
		if (n.k == kBool) != (tk == kBool) {
			return nil, converr
		}
		if (vk == kPtr || vk == kUnsafePtr) && tk != kUint {
			return nil, converr
		}
		// A constant must fit: byte(300) is no byte (a variable is
		// truncated, as Go does at run time).
		if untyped(v) && (tk == kInt || tk == kUint) && !fits(n, typeSize(t), tk == kInt) {
			return nil, fmt.Errorf("can not convert %s constant to %s", what, tname)
		}
		return fromNum(n, t), nil
	case kPtr, kUnsafePtr:
		switch vk {
		case kPtr, kUnsafePtr, kUint, kInt:
		default:
			return nil, converr
		}
		n, err := c.numOf(v, what)
		if err != nil {
			return nil, err
		}
		r := fromNum(num{k: kUint, u: uint64(n.int())}, t)
		// Delve shows a pointer a conversion makes by its address,
		// without reading what it points to.
		r.onlyAddr = tk == kPtr
		return r, nil
	}
	if vk == tk && typeSize(v.typ) == typeSize(t) {
		return c.retype(v, t), nil
	}
	return nil, converr
}

// retype is v seen as type t (same size and layout).
func (c *evalCtx) retype(v *value, t dwarf.Type) *value {
	return &value{typ: t, addr: v.addr, reg: v.reg, buf: v.buf, tid: v.tid}
}

// textOf is the string made of a []byte, []rune, [N]byte or [N]rune.
func (c *evalCtx) textOf(v *value, k kind, what string) (string, error) {
	var data uint64
	var n int64
	var elem dwarf.Type
	if k == kSlice {
		var err error
		if data, n, _, elem, err = c.e.sliceOf(v); err != nil {
			return "", err
		}
	} else {
		at := resolve(v.typ).(*dwarf.ArrayType)
		data, n, elem = v.addr, at.Count, at.Type
	}
	es := typeSize(elem)
	if ek := classify(elem); (ek != kInt && ek != kUint && ek != kCChar) || (es != 1 && es != 4) {
		return "", fmt.Errorf("%s is not made of bytes or runes", what)
	}
	if n > 1<<20 {
		n = 1 << 20
	}
	b := make([]byte, n*es)
	if n > 0 {
		if data == 0 && v.buf != nil && k == kArray {
			copy(b, v.buf)
		} else if err := c.e.readMem(data, b); err != nil {
			return "", err
		}
	}
	if es == 1 {
		return string(b), nil
	}
	var sb strings.Builder
	for i := int64(0); i < n; i++ {
		sb.WriteRune(rune(int32(binary.LittleEndian.Uint32(b[4*i:]))))
	}
	return sb.String(), nil
}

// typeAssert is x.(T): the value inside interface x when its dynamic type
// is T, with Go's panic message as the error when it is not. x.(data) is
// Delve's spelling of the value inside, whatever its type.
func (c *evalCtx) typeAssert(x *ast.TypeAssertExpr) (*value, error) {
	v, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	what := exprString(x.X)
	k := classify(v.typ)
	if k != kEface && k != kIface {
		return nil, fmt.Errorf("%s (type %s) is not an interface", what, c.e.typeName(v.typ))
	}
	d, err := c.e.dynamic(v, k)
	if err != nil {
		return nil, err
	}
	static := c.e.typeName(v.typ)
	if id, ok := x.Type.(*ast.Ident); ok && id.Name == "data" {
		if d == nil {
			return nil, fmt.Errorf("interface conversion: %s is nil", static)
		}
		return d, nil
	}
	want, ok := typeString(x.Type)
	if !ok {
		return nil, fmt.Errorf("%s: not a type", exprString(x.Type))
	}
	// T names a type of the frame's package without the package's name
	// (x.(point) for x.(main.point)).
	if t, _, err := c.typeExpr(x.Type); err == nil {
		want = c.e.typeName(t)
		if pt, ok := resolve(t).(*dwarf.PtrType); ok && pt.Type != nil {
			want = "*" + c.e.typeName(pt.Type)
		}
	}
	if d == nil {
		return nil, fmt.Errorf("interface conversion: %s is nil, not %s", static, want)
	}
	if got := c.e.typeName(d.typ); got != want {
		return nil, fmt.Errorf("interface conversion: %s is %s, not %s", static, got, want)
	}
	return d, nil
}

// compositeLit is a struct literal T{a, b} or T{F: a}: map keys in
// expressions (m[main.point{1, 2}]). Its bytes are made here; a string
// field's text goes to scratch memory.
func (c *evalCtx) compositeLit(x *ast.CompositeLit) (*value, error) {
	if x.Type == nil {
		return nil, fmt.Errorf("%s: a composite literal needs its type", exprString(x))
	}
	t, name, err := c.typeExpr(x.Type)
	if err != nil {
		return nil, fmt.Errorf("%s: no type %s", exprString(x), name)
	}
	st, ok := resolve(t).(*dwarf.StructType)
	if !ok || classify(t) != kStruct {
		return nil, fmt.Errorf("%s: only struct literals are supported", exprString(x))
	}
	buf := make([]byte, typeSize(t))
	for i, el := range x.Elts {
		var f *dwarf.StructField
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			id, _ := kv.Key.(*ast.Ident)
			if id != nil {
				f = fieldByName(t, id.Name)
			}
			el = kv.Value
		} else if i < len(st.Field) {
			f = st.Field[i]
		}
		if f == nil {
			return nil, fmt.Errorf("%s: no field for %s", exprString(x), exprString(el))
		}
		ev, err := c.expr(el)
		if err != nil {
			return nil, err
		}
		fb, err := c.fieldBytes(ev, f.Type, el)
		if err != nil {
			return nil, err
		}
		copy(buf[f.ByteOffset:], fb)
	}
	return &value{typ: t, buf: buf, reg: -1}, nil
}

// fieldBytes is v converted to type t, as bytes.
func (c *evalCtx) fieldBytes(v *value, t dwarf.Type, x ast.Expr) ([]byte, error) {
	if c.kindOf(t) == kString && c.isString(v) {
		s, _, err := c.str(v, exprString(x))
		if err != nil {
			return nil, err
		}
		b := make([]byte, 16)
		binary.LittleEndian.PutUint64(b, c.e.scratchAlloc([]byte(s)))
		binary.LittleEndian.PutUint64(b[8:], uint64(len(s)))
		return b, nil
	}
	cv, err := c.convert(v, t, c.e.typeName(t), x)
	if err != nil {
		return nil, err
	}
	b, err := c.e.bytes(cv)
	if err != nil {
		return nil, err
	}
	if int64(len(b)) != typeSize(t) {
		return nil, fmt.Errorf("%s: cannot be a field of type %s", exprString(x), c.e.typeName(t))
	}
	return b, nil
}

// funcValue is the function named name as a value: a pointer to a word
// holding its entry, the layout of a Go func value.
func (c *evalCtx) funcValue(name string) (*value, bool) {
	// The symbol table answers exactly and in constant time (conditions
	// on breakpoints ask for names that are no functions at every hit).
	entry, ok := c.e.bin.Symbol(name)
	if !ok {
		return nil, false
	}
	if f := c.e.bin.FuncAt(entry); f == nil || f.Name != name || f.Entry != entry {
		return nil, false
	}
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, entry+c.e.bias)
	return fromNum(num{k: kUint, u: c.e.scratchAlloc(b)}, tFuncValue), true
}

// method is the method value v.name: Delve shows it by the function's
// name, with a value or a pointer receiver.
func (c *evalCtx) method(v *value, name string) (*value, bool) {
	tn := c.e.typeName(v.typ)
	i := strings.LastIndexByte(tn, '.')
	if i <= 0 || strings.ContainsAny(tn, "*[]{} ") {
		return nil, false
	}
	pkg, base := tn[:i], tn[i+1:]
	for _, fn := range []string{pkg + "." + base + "." + name, pkg + ".(*" + base + ")." + name} {
		if f, ok := c.funcValue(fn); ok {
			return f, true
		}
	}
	return nil, false
}

// valuesEqual is Go's == on comparable values: field by field for
// structs, element by element for arrays, by content for strings, by the
// value inside for an interface compared with a plain value.
func (c *evalCtx) valuesEqual(a, b *value, what string) (bool, error) {
	ka, kb := classify(a.typ), classify(b.typ)
	if c.isString(a) || c.isString(b) {
		if !c.isString(a) || !c.isString(b) {
			if ka == kEface || ka == kIface {
				return c.ifaceEqual(a, ka, b, what)
			}
			if kb == kEface || kb == kIface {
				return c.ifaceEqual(b, kb, a, what)
			}
		}
		return c.stringsEqual(a, b, what) // bounded.go
	}
	isNil := func(v *value) bool { return v.lit != nil && v.lit.isNil }
	if (ka == kEface || ka == kIface) && kb != kEface && kb != kIface && !isNil(b) {
		return c.ifaceEqual(a, ka, b, what)
	}
	if (kb == kEface || kb == kIface) && ka != kEface && ka != kIface && !isNil(a) {
		return c.ifaceEqual(b, kb, a, what)
	}
	if (ka == kEface || ka == kIface) && (kb == kEface || kb == kIface) {
		for _, off := range []int64{0, 8} {
			x, err := c.e.word(a, off)
			if err != nil {
				return false, err
			}
			y, err := c.e.word(b, off)
			if err != nil || x != y {
				return false, err
			}
		}
		return true, nil
	}
	switch {
	case ka == kStruct && kb == kStruct:
		if typeSize(a.typ) != typeSize(b.typ) {
			return false, nil
		}
		for _, f := range resolve(a.typ).(*dwarf.StructType).Field {
			eq, err := c.valuesEqual(c.e.part(a, f.ByteOffset, f.Type), c.e.part(b, f.ByteOffset, f.Type), what)
			if err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case ka == kArray && kb == kArray:
		at, bt := resolve(a.typ).(*dwarf.ArrayType), resolve(b.typ).(*dwarf.ArrayType)
		if at.Count != bt.Count {
			return false, nil
		}
		es := typeSize(at.Type)
		for i := int64(0); i < at.Count; i++ {
			eq, err := c.valuesEqual(c.e.part(a, i*es, at.Type), c.e.part(b, i*es, bt.Type), what)
			if err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case ka == kComplex || kb == kComplex:
		p, err := c.numOf(a, what)
		if err != nil {
			return false, err
		}
		q, err := c.numOf(b, what)
		return p.f == q.f && p.im == q.im, err
	case ka == kStruct || kb == kStruct || ka == kArray || kb == kArray:
		return false, fmt.Errorf("mismatched types %q and %q", c.typeOf(a), c.typeOf(b))
	}
	return c.compare(token.EQL, a, b, what, what)
}

// ifaceEqual compares interface i with plain value v: equal when i holds
// a value of v's type (or, v being a constant, of a type of its kind) that
// equals it.
func (c *evalCtx) ifaceEqual(i *value, k kind, v *value, what string) (bool, error) {
	d, err := c.e.dynamic(i, k)
	if err != nil || d == nil {
		return false, err
	}
	if !untyped(v) && c.e.typeName(d.typ) != c.e.typeName(v.typ) {
		return false, nil
	}
	dk, vk := classify(d.typ), classify(v.typ)
	if c.isString(v) {
		vk = kString
	}
	num := func(k kind) bool { return k == kInt || k == kUint || k == kFloat || k == kBool || k == kCChar }
	if dk != vk && !(num(dk) && num(vk)) {
		return false, nil
	}
	return c.valuesEqual(d, v, what)
}

// typeOf is the name of a value's type as Delve's messages give it.
func (c *evalCtx) typeOf(v *value) string {
	if v.lit != nil {
		switch {
		case v.lit.isNil:
			return "nil"
		case v.lit.s != nil:
			return "string"
		case v.lit.n != nil && v.typ == nil:
			return kindName(v.lit.n.k)
		}
	}
	return c.e.typeName(v.typ)
}

func kindName(k kind) string {
	switch k {
	case kBool:
		return "bool"
	case kFloat:
		return "float64"
	case kComplex:
		return "complex128"
	case kUint:
		return "uint"
	}
	return "int"
}

// kindOf is classify, knowing also Go's named slices and strings (type
// Menu []Item): DWARF describes them as structs named after the type, and
// the compiler's DW_AT_go_kind says what they are.
func (c *evalCtx) kindOf(t dwarf.Type) kind {
	k := classify(t)
	if k == kStruct && c.e.bin.IsGo() {
		if gk, ok := c.e.bin.GoKind(c.e.typeName(t)); ok {
			switch gk {
			case source.GoKindSlice:
				return kSlice
			case source.GoKindString:
				return kString
			}
		}
	}
	return k
}

// fits: the integer constant n is a value of a size-byte integer type.
func fits(n num, size int64, signed bool) bool {
	if n.k == kFloat || n.k == kComplex {
		if n.f != math.Trunc(n.f) || n.im != 0 {
			return false
		}
		n = num{k: kInt, i: int64(n.f)}
	}
	if size <= 0 || size >= 8 {
		return n.k != kInt || n.i >= 0 || signed
	}
	bits := uint(size * 8)
	if n.k == kUint {
		return n.u < 1<<(bits-map[bool]uint{true: 1, false: 0}[signed])
	}
	if signed {
		return n.i >= -(1<<(bits-1)) && n.i < 1<<(bits-1)
	}
	return n.i >= 0 && n.i < 1<<bits
}
