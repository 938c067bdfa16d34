package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Values of C print as gdb 13 prints them (issue 11): pointers as
// (struct rec *) 0x7ffe..., structs as {a = 1, b = {...}}, char arrays
// as strings with gdb's escapes and repeats, enums by name. Go values keep
// Delve's form (values_format.go): the language of the frame decides
// (cValues).

// gdb's print settings at their defaults: print elements 200 (strings and
// arrays are cut there with "..."), print repeats 10 (a run of more equal
// elements prints once with <repeats N times>), print max-depth 20.
const (
	gdbElements = 200
	gdbRepeats  = 10
	gdbMaxDepth = 20
)

// gdbMaxValueSize is gdb's max-value-size: a bigger value is not read,
// and printing it is an error.
const gdbMaxValueSize = 65536

// cTooBig is gdb's error for a value over max-value-size: value of type
// `huge' requires 70004 bytes, which is more than max-value-size.
func cTooBig(v *value) error {
	if v.lit != nil || v.typ == nil {
		return nil
	}
	n := typeSize(v.typ)
	if n <= gdbMaxValueSize {
		return nil
	}
	name := v.typ.Common().Name
	if st, ok := v.typ.(*dwarf.StructType); ok {
		name = st.StructName
	}
	if name != "" {
		return fmt.Errorf("value of type `%s' requires %d bytes, which is more than max-value-size", name, n)
	}
	return fmt.Errorf("value requires %d bytes, which is more than max-value-size", n)
}

// cValues says whether values print in gdb's C form: every value of a
// program without Go, and those of a Go program's C code (cgo) when the
// frame asked about (or else the selected one) is in a C unit.
func (e *engine) cValues() bool {
	if !e.bin.IsGo() {
		return true
	}
	st := e.state
	if st == nil || len(st.Frames) == 0 {
		return false
	}
	i := st.SelectedFrame
	if e.valFrame != nil && *e.valFrame != SelectedFrame {
		i = *e.valFrame
	}
	if i < 0 || i >= len(st.Frames) {
		i = 0
	}
	pc := st.Frames[i].PC - e.bias
	if i > 0 {
		pc-- // a return address: the call is the instruction before
	}
	name, goCode := e.bin.UnitAt(pc)
	return name != "" && !goCode
}

// cprinter formats C values as gdb does, under a print format letter f
// (x d u o t c z a f of p/FMT; 0 for none).
type cprinter struct {
	e *engine
	f byte
}

// cFormat is v in gdb's form. top is print's form, where a pointer shows
// its type before its address, (struct rec *) 0x7ffe...; elsewhere (a
// member, an element, info locals) the address alone.
func (e *engine) cFormat(v *value, top bool, f byte) string {
	if f == 's' {
		f = 0 // gdb's /s changes only how arrays of char print: as strings, as without it
	}
	p := &cprinter{e: e, f: f}
	return p.val(v, top, 0)
}

func (p *cprinter) val(v *value, top bool, depth int) string {
	if v.lit != nil {
		switch {
		case v.lit.s != nil:
			return cStringRuns([]byte(*v.lit.s), false)
		case v.lit.isNil:
			return "0x0"
		case v.lit.n != nil && (v.typ == nil || v.lit.n.untyped):
			return p.untyped(*v.lit.n)
		case v.lit.text != nil && v.typ == nil:
			return *v.lit.text
		}
	}
	if v.typ == nil {
		return "void"
	}
	switch classify(v.typ) {
	case kSlice, kString, kMap, kChan, kEface, kIface:
		// Go's own kinds, which C has not: tdb's slices of C arrays
		// (arr[1:3]) print as Delve prints them.
		return (&printer{e: p.e}).fmt(v, top, depth)
	}
	switch u := resolve(v.typ).(type) {
	case *dwarf.StructType:
		return p.aggregate(v, u, depth)
	case *dwarf.ArrayType:
		return p.array(v, u, depth)
	case *dwarf.PtrType:
		return p.pointer(v, u, top)
	case *dwarf.FuncType:
		return p.function(v, u)
	case *dwarf.VoidType, nil:
		return "void"
	}
	return p.scalar(v)
}

// unreadable is gdb's text for a value whose memory cannot be read.
func (p *cprinter) unreadable(v *value, err error) string {
	if v.addr != 0 {
		return fmt.Sprintf("<error: Cannot access memory at address %#x>", v.addr)
	}
	return fmt.Sprintf("<error: %v>", err)
}

// untyped is a number the expression made without a C type: a literal
// is an int in C, a long when it does not fit.
func (p *cprinter) untyped(n num) string {
	switch n.k {
	case kFloat:
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, math.Float64bits(n.f))
		return p.floatBytes(b, "double")
	case kBool:
		if n.b {
			return p.intBytes([]byte{1, 0, 0, 0}, true, false)
		}
		return p.intBytes([]byte{0, 0, 0, 0}, true, false)
	case kUint:
		b := binary.LittleEndian.AppendUint64(nil, n.u)
		if n.u <= math.MaxUint32 && n.untyped {
			b = b[:4]
		}
		return p.intBytes(b, false, false)
	}
	b := binary.LittleEndian.AppendUint64(nil, uint64(n.i))
	if n.i >= math.MinInt32 && n.i <= math.MaxInt32 {
		b = b[:4]
	}
	return p.intBytes(b, true, false)
}

// scalar is a number, a char, a bool or an enum.
func (p *cprinter) scalar(v *value) string {
	b, err := p.e.bytes(v)
	if err != nil {
		return p.unreadable(v, err)
	}
	switch u := resolve(v.typ).(type) {
	case *dwarf.BoolType:
		if p.f != 0 {
			return p.intBytes(b, false, false)
		}
		x := leUint(b)
		switch {
		case v.typ == tBool:
			// A comparison's result: an int in C, as gdb prints it.
			return strconv.FormatUint(x, 10)
		case x == 0:
			return "false"
		case x == 1:
			return "true"
		}
		return strconv.FormatUint(x, 10)
	case *dwarf.FloatType:
		return p.floatBytes(b, u.Name)
	case *dwarf.ComplexType:
		h := len(b) / 2
		return p.floatBytes(b[:h], u.Name) + " + " + p.floatBytes(b[h:], u.Name) + "i"
	case *dwarf.EnumType:
		signed := signedType(u)
		if p.f != 0 {
			return p.intBytes(b, signed, false)
		}
		return gdbEnum(u, leInt(b, signed))
	}
	if k := wideKind(v.typ); k != "" && p.f == 0 {
		return bigInt(b, signedType(v.typ)).String() + " " + k + "'" + wideEscape(uint32(leUint(b)), '\'') + "'"
	}
	return p.intBytes(b, signedType(v.typ), cTextual(v.typ))
}

// intBytes formats the little-endian integer b (of any width: a long
// double's bits under /x are 16 bytes). char adds the character, 97 'a',
// as gdb shows a char.
func (p *cprinter) intBytes(b []byte, signed, char bool) string {
	switch {
	case p.f == 'a':
		return p.addrText(uint64(leInt(b, signed)))
	case p.f == 'f' && (len(b) == 4 || len(b) == 8):
		// gdb 13's /f reads an integer's bits as the float of its size.
		return gdbFloat(b)
	case p.f == 'f':
		return bigInt(b, signed).String()
	}
	if p.f == 0 {
		s := bigInt(b, signed).String()
		if char && len(b) == 1 {
			s += " " + cCharLit(b[0])
		}
		return s
	}
	return gdbIntFormat(b, signed, p.f)
}

// gdbIntFormat is the integer b under print format f, as gdb 13 prints
// it: /x /o /t /z the bits of the type's width, /d signed, /u unsigned,
// /c the low byte as a char (signed unless the type is unsigned).
func gdbIntFormat(b []byte, signed bool, f byte) string {
	u := bigInt(b, false)
	switch f {
	case 'x':
		return "0x" + u.Text(16)
	case 'z':
		return fmt.Sprintf("0x%0*s", 2*len(b), u.Text(16))
	case 'o':
		if u.Sign() == 0 {
			return "0"
		}
		return "0" + u.Text(8)
	case 't':
		return u.Text(2)
	case 'u':
		return u.String()
	case 'd':
		return bigInt(b, true).String()
	case 'c':
		if len(b) == 0 {
			return "0 '\\000'"
		}
		if signed {
			return fmt.Sprintf("%d %s", int8(b[0]), cCharLit(b[0]))
		}
		return fmt.Sprintf("%d %s", b[0], cCharLit(b[0]))
	}
	return bigInt(b, signed).String()
}

// bigInt is the little-endian integer b, signed or not.
func bigInt(b []byte, signed bool) *big.Int {
	be := make([]byte, len(b))
	for i, c := range b {
		be[len(b)-1-i] = c
	}
	x := new(big.Int).SetBytes(be)
	if signed && len(b) > 0 && b[len(b)-1]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return x
}

func leUint(b []byte) uint64 {
	var x uint64
	for i := 0; i < len(b) && i < 8; i++ {
		x |= uint64(b[i]) << (8 * i)
	}
	return x
}

func leInt(b []byte, signed bool) int64 {
	x := leUint(b)
	if n := len(b); signed && n > 0 && n < 8 && b[n-1]&0x80 != 0 {
		x |= ^uint64(0) << (8 * n)
	}
	return int64(x)
}

// floatBytes is a float of type name as gdb prints it: %g with as many
// digits as tell the values of its format apart (9 for float, 17 for
// double, 21 for the x87 long double, 36 for _Float128, 5 for
// _Float16), inf, nan(0xMANTISSA). Under a format its bits print as an
// integer's, except /c and /a, which take the value as an integer.
func (p *cprinter) floatBytes(b []byte, name string) string {
	ff := floatFormatOf(len(b), name)
	switch p.f {
	case 0, 'f':
		return gdbFloatAs(b, ff)
	case 'a':
		x, _ := floatValueAs(b, ff).Int64()
		return p.addrText(uint64(x))
	case 'c':
		x, _ := floatValueAs(b, ff).Int64()
		return gdbIntFormat(binary.LittleEndian.AppendUint64(nil, uint64(x))[:1], true, 'c')
	}
	return gdbIntFormat(b[:ff.bytes], true, p.f)
}

// floatFormat is an IEEE-like binary float: its exponent and mantissa
// widths, whether the mantissa holds the integer bit (x87), its
// significant bytes and the digits gdb prints it with
// (ceil(1 + precision * log10 2)).
type floatFormat struct {
	expBits, manBits int
	intBit           bool
	bytes            int
	digits           int
}

// floatFormatOf is the format of a float of size bytes named name: a
// 16-byte float is the x87 long double (80 bits and padding) unless it is
// _Float128 (IEEE quad); a 2-byte one _Float16, or __bf16.
func floatFormatOf(size int, name string) floatFormat {
	switch {
	case size == 4:
		return floatFormat{8, 23, false, 4, 9}
	case size == 8:
		return floatFormat{11, 52, false, 8, 17}
	case size == 16 && strings.Contains(name, "128"):
		return floatFormat{15, 112, false, 16, 36}
	case size == 2 && strings.Contains(name, "bf16"):
		return floatFormat{8, 7, false, 2, 4}
	case size == 2:
		return floatFormat{5, 10, false, 2, 5}
	}
	return floatFormat{15, 64, true, 10, 21} // 10 or 16 bytes: x87
}

// gdbFloat formats a float of 4, 8 or 16 (an x87 long double) bytes.
func gdbFloat(b []byte) string { return gdbFloatAs(b, floatFormatOf(len(b), "")) }

func gdbFloatAs(b []byte, ff floatFormat) string {
	if len(b) < ff.bytes {
		return fmt.Sprintf("<invalid float value of %d bytes>", len(b))
	}
	switch ff.bytes {
	case 4:
		x := binary.LittleEndian.Uint32(b)
		f := math.Float32frombits(x)
		if s, ok := specialFloat(float64(f), x>>31 != 0, uint64(x&(1<<23-1))); ok {
			return s
		}
		return strconv.FormatFloat(float64(f), 'g', 9, 32)
	case 8:
		x := binary.LittleEndian.Uint64(b)
		f := math.Float64frombits(x)
		if s, ok := specialFloat(f, x>>63 != 0, x&(1<<52-1)); ok {
			return s
		}
		return strconv.FormatFloat(f, 'g', 17, 64)
	}
	neg, exp, mant := floatParts(b, ff)
	if exp == 1<<ff.expBits-1 {
		sign := ""
		if neg {
			sign = "-"
		}
		frac := new(big.Int).Set(mant)
		if ff.intBit {
			frac.SetBit(frac, ff.manBits-1, 0)
		}
		if frac.Sign() == 0 {
			return sign + "inf"
		}
		return sign + "nan(0x" + mant.Text(16) + ")"
	}
	return floatValueAs(b, ff).Text('g', ff.digits)
}

// specialFloat is gdb's inf, -inf and nan(0xMANTISSA).
func specialFloat(f float64, neg bool, mant uint64) (string, bool) {
	sign := ""
	if neg {
		sign = "-"
	}
	switch {
	case math.IsInf(f, 0):
		return sign + "inf", true
	case math.IsNaN(f):
		return fmt.Sprintf("%snan(%#x)", sign, mant), true
	}
	return "", false
}

// floatParts splits a float into its sign, biased exponent and mantissa.
func floatParts(b []byte, ff floatFormat) (neg bool, exp int, mant *big.Int) {
	x := bigInt(b[:ff.bytes], false)
	total := ff.bytes * 8
	if ff.intBit {
		total = 1 + ff.expBits + ff.manBits
	}
	neg = x.Bit(total-1) == 1
	e := new(big.Int).Rsh(x, uint(ff.manBits))
	exp = int(e.Int64() & (1<<ff.expBits - 1))
	mant = new(big.Int).And(x, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(ff.manBits)), big.NewInt(1)))
	return neg, exp, mant
}

// floatValue is the value of a float of 4, 8 or 16 (x87) bytes, exactly.
func floatValue(b []byte) *big.Float { return floatValueAs(b, floatFormatOf(len(b), "")) }

// floatValueAs is the value of b in format ff, exactly (0 for inf and nan).
func floatValueAs(b []byte, ff floatFormat) *big.Float {
	if len(b) < ff.bytes {
		return new(big.Float)
	}
	neg, exp, mant := floatParts(b, ff)
	if exp == 1<<ff.expBits-1 {
		return new(big.Float)
	}
	bias := 1<<(ff.expBits-1) - 1
	m := new(big.Int).Set(mant)
	shift := ff.manBits
	if ff.intBit {
		shift = ff.manBits - 1
	} else if exp != 0 {
		m.SetBit(m, ff.manBits, 1) // the implicit integer bit
	}
	if exp == 0 {
		exp = 1 // subnormal
	}
	f := new(big.Float).SetPrec(uint(ff.manBits + 1)).SetInt(m)
	f.SetMantExp(f, exp-bias-shift)
	if neg {
		f.Neg(f)
	}
	return f
}

// gdbEnum names an enum's value: its enumerator, or for a flag enum
// (values of disjoint bits) the enumerators whose bits are set,
// (F_A | F_C), with what is left as unknown: 0x8; else the number.
func gdbEnum(t *dwarf.EnumType, x int64) string {
	for _, v := range t.Val {
		if v.Val == x {
			return v.Name
		}
	}
	flag, mask := true, int64(0)
	for _, v := range t.Val {
		if v.Val < 0 || v.Val&mask != 0 {
			flag = false
			break
		}
		mask |= v.Val
	}
	if !flag || x < 0 {
		return strconv.FormatInt(x, 10)
	}
	var parts []string
	rest := x
	for _, v := range t.Val {
		if v.Val != 0 && rest&v.Val != 0 {
			parts = append(parts, v.Name)
			rest &^= v.Val
		}
	}
	if rest != 0 {
		parts = append(parts, "unknown: "+fmt.Sprintf("%#x", rest))
	}
	if len(parts) == 0 {
		return "0"
	}
	return "(" + strings.Join(parts, " | ") + ")"
}

// completeStruct is the definition of a struct or union this unit only
// declares (struct opaque;), found by name in another unit, as gdb
// resolves it; st itself when it is complete or has no definition.
func (e *engine) completeStruct(st *dwarf.StructType) *dwarf.StructType {
	if !st.Incomplete || st.StructName == "" || e.bin.IsGo() {
		return st
	}
	if t, err := e.bin.CompleteType(st.Kind, st.StructName); err == nil {
		if c, ok := t.(*dwarf.StructType); ok {
			return c
		}
	}
	return st
}

// aggregate is a struct or union: {a = 1, b = {x = 2}}. An anonymous
// member (C11) prints its value without a name, as gdb does.
func (p *cprinter) aggregate(v *value, st *dwarf.StructType, depth int) string {
	st = p.e.completeStruct(st)
	if st.Incomplete {
		return "<incomplete type>"
	}
	if depth >= gdbMaxDepth {
		return "{...}"
	}
	s := v
	if typeSize(v.typ) != st.ByteSize {
		s = &value{typ: st, addr: v.addr, reg: -1} // completed: read it whole
	}
	if _, err := p.e.bytes(s); err != nil {
		return p.unreadable(v, err)
	}
	parts := make([]string, 0, len(st.Field))
	for _, f := range st.Field {
		mv := p.e.member(s, f)
		val := p.val(mv, false, depth+1)
		if f.Name == "" {
			parts = append(parts, val)
			continue
		}
		parts = append(parts, f.Name+" = "+val)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// array is {1, 2, 3}, with runs of more than gdbRepeats equal elements
// as 0 <repeats 15 times> and at most gdbElements elements then "...";
// an array of chars is a string, unless a format asks for numbers.
func (p *cprinter) array(v *value, at *dwarf.ArrayType, depth int) string {
	n := at.Count
	if n <= 0 {
		// A flexible array member (int data[];) or a zero-length one:
		// gdb prints where it starts.
		s := fmt.Sprintf("%#x", v.addr)
		if sym := p.e.symbolOf(v.addr, false); sym != "" {
			s += " <" + sym + ">"
		}
		return s
	}
	es := typeSize(at.Type)
	if depth >= gdbMaxDepth {
		return "{...}"
	}
	// Read what is shown, not a huge array whole.
	shown := n
	if es > 0 && shown*es > maxLoad {
		shown = maxLoad / es
	}
	var b []byte
	if es > 0 && shown > 0 {
		part := &value{typ: &dwarf.UnspecifiedType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: shown * es}}}, addr: v.addr, buf: v.buf, reg: -1}
		if v.buf != nil && int64(len(v.buf)) > shown*es {
			part.buf = v.buf[:shown*es]
		}
		var err error
		if b, err = p.e.bytes(part); err != nil {
			return p.unreadable(v, err)
		}
	}
	if cTextual(at.Type) && p.f == 0 {
		// The whole array, less its last NUL (gdb's print null-stop
		// is off).
		if len(b) > 0 && b[len(b)-1] == 0 && shown == n {
			b = b[:len(b)-1]
		}
		return cStringRuns(b, shown < n)
	}
	if k := wideKind(at.Type); k != "" && p.f == 0 && (es == 2 || es == 4) {
		ws := wideChars(b, es)
		if len(ws) > 0 && ws[len(ws)-1] == 0 && shown == n {
			ws = ws[:len(ws)-1]
		}
		return wideString(k, ws, shown < n)
	}
	elem := func(i int64) *value {
		ev := &value{typ: at.Type, reg: -1, buf: b[i*es : (i+1)*es]}
		if v.addr != 0 {
			ev.addr = v.addr + uint64(i*es)
		}
		return ev
	}
	var out strings.Builder
	out.WriteString("{")
	printed := 0
	i := int64(0)
	for ; i < shown && printed < gdbElements; i++ {
		if i > 0 {
			out.WriteString(", ")
		}
		reps := int64(1)
		if es > 0 {
			for i+reps < shown && string(b[i*es:(i+1)*es]) == string(b[(i+reps)*es:(i+reps+1)*es]) {
				reps++
			}
		}
		out.WriteString(p.val(elem(i), false, depth+1))
		if reps > gdbRepeats {
			fmt.Fprintf(&out, " <repeats %d times>", reps)
			i += reps - 1
			printed += gdbRepeats
		} else {
			printed++
		}
	}
	if i < n {
		out.WriteString("...")
	}
	out.WriteString("}")
	return out.String()
}

// cStringRuns prints b; more says the string goes on past b (a char *
// read up to the limit without its NUL).
func cStringRuns(b []byte, more bool) string {
	return cStringIn(b, more, hostUTF8)
}

// hostUTF8: the locale is UTF-8's, as gdb's host charset then is: a
// string's UTF-8 characters print as themselves ("héllo"), where in the
// C locale their bytes are escaped ("h\303\251llo"). tdb and gdb run in
// the same environment.
var hostUTF8 = func() bool {
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if l := os.Getenv(v); l != "" {
			l = strings.ToLower(l)
			return strings.Contains(l, "utf-8") || strings.Contains(l, "utf8")
		}
	}
	return false
}()

// cStringIn is cStringRuns with UTF-8 characters printed as themselves
// or not.
func cStringIn(b []byte, more, utf bool) string {
	// The chars: a printable UTF-8 character's bytes, or one byte.
	var chars [][]byte
	for i := 0; i < len(b); {
		n := 1
		if utf && b[i] >= 0x80 {
			if r, k := utf8.DecodeRune(b[i:]); r != utf8.RuneError && k > 1 && unicode.IsPrint(r) {
				n = k
			}
		}
		chars = append(chars, b[i:i+n])
		i += n
	}
	text := func(i int, q byte) string {
		if c := chars[i]; len(c) == 1 {
			return cEscape(c[0], q)
		}
		return string(chars[i])
	}
	same := func(i, j int) bool { return string(chars[i]) == string(chars[j]) }
	return stringRuns("", len(chars), same, text, more)
}

// stringRuns prints n chars as gdb prints a string: quoted runs, runs of
// more than gdbRepeats equal chars as 'x' <repeats N times>, at most
// about gdbElements chars (a run is not split) then "..." (also when more
// says the string goes on). prefix is a wide string's L, u or U, which
// gdb writes once before it all.
func stringRuns(prefix string, n int, same func(i, j int) bool, text func(i int, quote byte) string, more bool) string {
	if n == 0 {
		if more {
			return prefix + `""...`
		}
		return prefix + `""`
	}
	var out strings.Builder
	inQuote := false
	printed := 0
	i := 0
	for i < n && printed < gdbElements {
		reps := 1
		for i+reps < n && same(i, i+reps) {
			reps++
		}
		if reps > gdbRepeats {
			if inQuote {
				out.WriteString(`"`)
				inQuote = false
			}
			if out.Len() > 0 {
				out.WriteString(", ")
			}
			fmt.Fprintf(&out, "'%s' <repeats %d times>", text(i, '\''), reps)
		} else {
			if !inQuote {
				if out.Len() > 0 {
					out.WriteString(", ")
				}
				out.WriteString(`"`)
				inQuote = true
			}
			for k := 0; k < reps; k++ {
				out.WriteString(text(i, '"'))
			}
		}
		printed += reps
		i += reps
	}
	if inQuote {
		out.WriteString(`"`)
	}
	if i < n || more {
		out.WriteString("...")
	}
	// gdb writes a wide string's L once, at the start: U'x' <repeats 12
	// times>, "\000".
	return prefix + out.String()
}

// cTextual says gdb prints values of type t as chars, and arrays of them
// as strings: a one-byte integer of any name (char, unsigned char,
// int8_t, uint8_t), as gdb's c_textual_element_type.
func cTextual(t dwarf.Type) bool {
	switch u := resolve(t).(type) {
	case *dwarf.CharType, *dwarf.UcharType:
		return u.Size() == 1
	}
	return false
}

// wideKind is the prefix of a wide character type's strings and chars: L
// for wchar_t, u for char16_t, U for char32_t (gdb knows them by their
// typedef's name); "" for any other type.
func wideKind(t dwarf.Type) string {
	for i := 0; i < 20 && t != nil; i++ {
		switch tt := t.(type) {
		case *dwarf.TypedefType:
			switch tt.Name {
			case "wchar_t":
				return "L"
			case "char16_t":
				return "u"
			case "char32_t":
				return "U"
			}
			t = tt.Type
		case *dwarf.QualType:
			t = tt.Type
		default:
			return ""
		}
	}
	return ""
}

// wideEscape is a wide char inside quote marks q, as gdb escapes it.
func wideEscape(r uint32, q byte) string {
	switch {
	case r < 0x80:
		return cEscape(byte(r), q)
	case hostUTF8 && r <= unicode.MaxRune && unicode.IsPrint(rune(r)):
		return string(rune(r))
	case r <= 0777:
		return fmt.Sprintf(`\%03o`, r)
	}
	return fmt.Sprintf(`\x%x`, r)
}

// wideString prints the wide chars ws as gdb does: L"héllo".
func wideString(prefix string, ws []uint32, more bool) string {
	return stringRuns(prefix, len(ws), func(i, j int) bool { return ws[i] == ws[j] },
		func(i int, q byte) string { return wideEscape(ws[i], q) }, more)
}

// wideChars decodes b as chars of es bytes each.
func wideChars(b []byte, es int64) []uint32 {
	ws := make([]uint32, 0, int64(len(b))/es)
	for i := int64(0); i+es <= int64(len(b)); i += es {
		ws = append(ws, uint32(leUint(b[i:i+es])))
	}
	return ws
}

// cCharLit is a char as gdb quotes it: 'a', '\n', '\310' (a quote mark
// escaped).
func cCharLit(c byte) string { return "'" + cEscape(c, '\'') + "'" }

// cEscape is one char inside quote marks q, as gdb escapes it.
func cEscape(c byte, q byte) string {
	switch c {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	case '\\':
		return `\\`
	case q:
		return `\` + string(q)
	}
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf(`\%03o`, c)
	}
	return string(c)
}

// pointer is an address: with its type before it at the top
// ((struct rec *) 0x7ffe...) except a plain char pointer, whose string
// says its type; a function's name after a code address, a data
// object's after one inside it (0x4010 <table+8>); the string a char
// pointer points to.
func (p *cprinter) pointer(v *value, pt *dwarf.PtrType, top bool) string {
	b, err := p.e.bytes(v)
	if err != nil || len(b) < 8 {
		return p.unreadable(v, err)
	}
	a := binary.LittleEndian.Uint64(b)
	switch p.f {
	case 0:
	case 'a':
		return p.addrText(a)
	case 'f':
		return gdbFloat(b[:8])
	default:
		return gdbIntFormat(b[:8], false, p.f)
	}
	var out strings.Builder
	if top && !plainCharPtr(v.typ) {
		out.WriteString("(" + cDecl(v.typ, "", -1, 0, 0) + ") ")
	}
	out.WriteString(fmt.Sprintf("%#x", a))
	target := resolve(pt.Type)
	if _, ok := target.(*dwarf.FuncType); ok {
		if s := p.e.symbolOf(a, true); s != "" {
			out.WriteString(" <" + s + ">")
		}
		return out.String()
	}
	if s := p.e.symbolOf(a, false); s != "" {
		out.WriteString(" <" + s + ">")
	}
	switch k := wideKind(pt.Type); {
	case a == 0 || pt.Type == nil:
	case cTextual(pt.Type):
		out.WriteString(" " + p.e.cStringAt(a))
	case k != "" && (typeSize(pt.Type) == 2 || typeSize(pt.Type) == 4):
		out.WriteString(" " + p.e.wideStringAt(a, typeSize(pt.Type), k))
	}
	return out.String()
}

// plainCharPtr says gdb leaves the type out of a pointer's print: an
// unnamed pointer to a type named char (const char * too; not unsigned
// char *, not a typedef of a pointer).
func plainCharPtr(t dwarf.Type) bool {
	for q, ok := t.(*dwarf.QualType); ok; q, ok = t.(*dwarf.QualType) {
		t = q.Type
	}
	pt, ok := t.(*dwarf.PtrType)
	if !ok {
		return false
	}
	tt := pt.Type
	for q, ok := tt.(*dwarf.QualType); ok; q, ok = tt.(*dwarf.QualType) {
		tt = q.Type
	}
	if tt == nil {
		return false
	}
	switch tt.Common().Name {
	case "char", "wchar_t", "char16_t", "char32_t":
		return true
	}
	return false
}

// cStringAt reads the NUL-terminated string at a (at most gdbElements
// chars) and prints it as gdb does; an unreadable address is gdb's
// <error: ...>.
func (e *engine) cStringAt(a uint64) string {
	var got []byte
	chunk := make([]byte, 64)
	for len(got) < gdbElements {
		n := min(len(chunk), gdbElements-len(got))
		// The page may end inside the chunk: read less, down to a byte.
		for n > 0 && e.readMem(a+uint64(len(got)), chunk[:n]) != nil {
			n /= 2
		}
		if n == 0 {
			if len(got) == 0 {
				return fmt.Sprintf("<error: Cannot access memory at address %#x>", a)
			}
			return cStringRuns(got, false)
		}
		if i := strings.IndexByte(string(chunk[:n]), 0); i >= 0 {
			return cStringRuns(append(got, chunk[:i]...), false)
		}
		got = append(got, chunk[:n]...)
	}
	// 200 chars and no NUL: gdb peeks at the next one, and says the
	// string goes on unless it is a NUL.
	var next [1]byte
	more := e.readMem(a+uint64(len(got)), next[:]) == nil && next[0] != 0
	return cStringRuns(got, more)
}

// addrText is a number as p/a prints it: an address and the symbol it
// is in, 0x401136 <main+4>.
func (p *cprinter) addrText(a uint64) string {
	s := fmt.Sprintf("%#x", a)
	if sym := p.e.symbolOf(a, false); sym != "" {
		s += " <" + sym + ">"
	}
	return s
}

// wideStringAt reads the wide string of chars of es bytes at a, up to
// its NUL or gdbElements chars, and prints it as gdb does.
func (e *engine) wideStringAt(a uint64, es int64, prefix string) string {
	var ws []uint32
	c := make([]byte, es)
	for len(ws) < gdbElements {
		if e.readMem(a+uint64(int64(len(ws))*es), c) != nil {
			if len(ws) == 0 {
				return fmt.Sprintf("<error: Cannot access memory at address %#x>", a)
			}
			break
		}
		w := uint32(leUint(c))
		if w == 0 {
			return wideString(prefix, ws, false)
		}
		ws = append(ws, w)
	}
	more := len(ws) == gdbElements && e.readMem(a+uint64(int64(len(ws))*es), c) == nil && leUint(c) != 0
	return wideString(prefix, ws, more)
}

// symbolOf is gdb's <name+off> for an address: the function holding a
// code address, the data object holding a data address; "" for none
// (stack and heap).
func (e *engine) symbolOf(a uint64, code bool) string {
	bin, bias := e.bin, e.bias
	if l := e.libAt(a); l != nil {
		// In a shared library: stdout is <_IO_2_1_stdout_>, a
		// pointer to puts <puts>.
		bin, bias = l.bin, l.bias
	}
	if a == 0 || a < bias {
		return ""
	}
	la := a - bias
	if f := bin.FuncAt(la); f != nil && la >= f.Entry && la < f.End {
		if la == f.Entry {
			return f.Name
		}
		return fmt.Sprintf("%s+%d", f.Name, la-f.Entry)
	}
	if code {
		return ""
	}
	if name, off, ok := bin.DataSymbolAt(la); ok {
		if off == 0 {
			return name
		}
		return fmt.Sprintf("%s+%d", name, off)
	}
	return ""
}

// function is a function's value, as gdb prints p add:
// {int (int, int)} 0x401136 <add>.
func (p *cprinter) function(v *value, ft *dwarf.FuncType) string {
	a := v.addr
	if v.typ == tFuncValue || a == 0 {
		// The evaluator's Go layout: a word holding the entry.
		w, err := p.e.word(v, 0)
		if err != nil {
			return p.unreadable(v, err)
		}
		if v.typ == tFuncValue {
			if pc, err := p.e.read8(w); err == nil {
				w = pc
			}
		}
		a = w
	}
	if p.f != 0 {
		// gdb formats a function's value, its code, by the first
		// byte: p/x main is 0x55 (push %rbp).
		var c [1]byte
		if err := p.e.readMem(a, c[:]); err != nil {
			return fmt.Sprintf("<error: Cannot access memory at address %#x>", a)
		}
		p.e.unpatch(a, c[:])
		return gdbIntFormat(c[:], true, p.f)
	}
	t := dwarf.Type(ft)
	if a >= p.e.bias {
		if f, err := p.e.bin.FuncType(a - p.e.bias); err == nil && f != nil {
			t = f
		}
	}
	s := "{" + cDecl(t, "", -1, 0, 0) + "} " + fmt.Sprintf("%#x", a)
	if name := p.e.symbolOf(a, true); name != "" {
		s += " <" + name + ">"
	}
	return s
}
