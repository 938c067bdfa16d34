package debugger

import (
	"debug/dwarf"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
)

// Limits of one formatted value, as Delve's print: long strings, arrays
// and maps are cut with a "...+N more" marker.
const (
	maxString = 64
	maxElems  = 64
	// maxLevel is how deep structs, maps, interfaces and closures are
	// shown (Delve's MaxVariableRecurse): each element or field is one
	// level below its container, a pointer's target is at the pointer's
	// level (one below for a pointer to a pointer or to an interface).
	// Below it a struct shows as its address, (*main.T)(0xc000012345), a
	// map as [...]. The levels also end every cycle of pointers.
	maxLevel = 1
)

// printer formats values the way Delve prints them.
type printer struct {
	e *engine
}

// A bug of the printer's, or memory it did not expect, fails the value,
// not the session: a garbage slice header in an uninitialised local
// (len -1) once took the whole engine down, when the stop history began
// reading every stop's locals (Delve's rangeoverfunc TestRecur).
func (e *engine) format(v *value) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = unreadable(fmt.Errorf("tdb could not format this value: %v", r))
		}
	}()
	if e.cValues() {
		return e.cFormat(v, true, 0)
	}
	if v.lit != nil {
		switch {
		case v.lit.s != nil:
			return strconv.Quote(*v.lit.s)
		case v.lit.isNil:
			return "nil"
		case v.lit.text != nil:
			return *v.lit.text
		}
	}
	p := &printer{e: e}
	return p.fmt(v, true, 0)
}

// fmt formats v at level depth (see maxLevel); withType puts the type's
// name before structs, arrays, slices and maps (Delve leaves it out for
// elements of a container). Each kind of value has its own method.
func (p *printer) fmt(v *value, withType bool, depth int) string {
	tn := p.e.typeName(v.typ)
	switch k := classify(v.typ); k {
	case kBool, kInt, kUint, kCChar, kFloat, kComplex:
		return p.number(v, k, tn)
	case kString:
		return p.str(v)
	case kSlice:
		return p.slice(v, tn, withType, depth)
	case kArray:
		return p.array(v, tn, withType, depth)
	case kStruct:
		return p.structValue(v, tn, withType, depth)
	case kPtr:
		return p.pointer(v, tn, withType, depth)
	case kUnsafePtr:
		a, err := p.e.word(v, 0)
		if err != nil {
			return unreadable(err)
		}
		return fmt.Sprintf("%s(%#x)", tn, a)
	case kFunc:
		return p.function(v, depth)
	case kChan:
		return p.channel(v, tn)
	case kMap:
		return p.mapValue(v, tn, withType, depth)
	case kEface, kIface:
		return p.iface(v, k, tn, withType, depth)
	}
	return fmt.Sprintf("(%s: cannot show values of this type)", tn)
}

// unreadable is a value that could not be read, in its place.
func unreadable(err error) string { return fmt.Sprintf("(unreadable %v)", err) }

// number formats booleans, integers (named by their constants), C chars,
// floats and complex numbers.
func (p *printer) number(v *value, k kind, tn string) string {
	e := p.e
	switch k {
	case kBool:
		b, err := e.bytes(v)
		if err != nil || len(b) == 0 {
			return unreadable(err)
		}
		return strconv.FormatBool(b[0] != 0)
	case kInt:
		i, _, err := e.intOf(v, true)
		if err != nil {
			return unreadable(err)
		}
		return e.withConst(tn, i, strconv.FormatInt(i, 10))
	case kUint:
		_, u, err := e.intOf(v, false)
		if err != nil {
			return unreadable(err)
		}
		return e.withConst(tn, int64(u), strconv.FormatUint(u, 10))
	case kCChar:
		i, _, err := e.intOf(v, true)
		if err != nil {
			return unreadable(err)
		}
		return fmt.Sprintf("%d %s", i, strconv.QuoteRune(rune(byte(i))))
	case kFloat:
		f, err := e.floatOf(v)
		if err != nil {
			return unreadable(err)
		}
		bits := 64
		if typeSize(v.typ) == 4 {
			bits = 32
		}
		return strconv.FormatFloat(f, 'g', -1, bits)
	case kComplex:
		half := typeSize(v.typ) / 2
		ft := &dwarf.FloatType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: half, Name: "float"}}}
		re, err1 := e.floatOf(e.part(v, 0, ft))
		im, err2 := e.floatOf(e.part(v, half, ft))
		if err1 != nil || err2 != nil {
			return unreadable(err1)
		}
		bits := int(half * 8)
		return fmt.Sprintf("(%s + %si)", strconv.FormatFloat(re, 'g', -1, bits), strconv.FormatFloat(im, 'g', -1, bits))
	}
	return fmt.Sprintf("(%s: cannot show values of this type)", tn)
}

// str formats a Go string, cut at maxString.
func (p *printer) str(v *value) string {
	e := p.e
	str, n, err := e.stringOf(v, maxString)
	if err != nil {
		return unreadable(err)
	}
	q := strconv.Quote(str)
	if n > int64(len(str)) {
		q = q[:len(q)-1] + fmt.Sprintf("...+%d more\"", n-int64(len(str)))
	}
	return q
}

// slice formats a slice: its header, then its elements.
func (p *printer) slice(v *value, tn string, withType bool, depth int) string {
	e := p.e
	data, n, c, elem, err := e.sliceOf(v)
	if err != nil {
		return unreadable(err)
	}
	// Inside a container Delve leaves out the type and the
	// length: ["text/plain"].
	head := ""
	if withType {
		head = fmt.Sprintf("%s len: %d, cap: %d, ", tn, n, c)
	}
	if n < 0 {
		// Garbage: an uninitialised local's header (Delve's words).
		return "(unreadable Negative array length)"
	}
	if data == 0 && n > 0 {
		// A corrupt header (or one built by unsafe code).
		return "(unreadable non-zero length array with nil base)"
	}
	if data == 0 {
		return head + "nil"
	}
	if v.trustLen {
		return head + p.elemsUpTo(data, n, elem, depth, maxTrusted)
	}
	return head + p.elems(data, n, elem, depth)
}

// array formats an array, in memory or computed (no address).
func (p *printer) array(v *value, tn string, withType bool, depth int) string {
	e := p.e
	at := resolve(v.typ).(*dwarf.ArrayType)
	n := at.Count
	if n < 0 {
		n = 0
	}
	var body string
	if v.addr != 0 {
		body = p.elems(v.addr, n, at.Type, depth)
	} else {
		var parts []string
		es := typeSize(at.Type)
		for i := int64(0); i < n && i < maxElems; i++ {
			parts = append(parts, p.fmt(e.part(v, i*es, at.Type), false, depth+1))
		}
		body = "[" + strings.Join(parts, ",") + more(n, maxElems) + "]"
	}
	if withType {
		return tn + " " + body
	}
	return body
}

// structValue formats a struct's fields, or its address below maxLevel.
func (p *printer) structValue(v *value, tn string, withType bool, depth int) string {
	e := p.e
	st := resolve(v.typ).(*dwarf.StructType)
	prefix := ""
	if withType {
		prefix = tn + " "
	}
	if tn == "time.Time" {
		// As Delve: the time, then the fields.
		if t, ok := e.timeOf(v); ok {
			prefix = "time.Time(" + t + ")"
		}
	}
	if depth > maxLevel {
		return "(*" + quoteType(tn) + ")" + fmt.Sprintf("(%#x)", v.addr)
	}
	var parts []string
	for _, f := range st.Field {
		parts = append(parts, f.Name+": "+p.fmt(e.part(v, f.ByteOffset, f.Type), true, depth+1))
	}
	return prefix + "{" + strings.Join(parts, ", ") + "}"
}

// pointer formats a pointer as its target (*{...}), or its address where
// the target is not shown.
func (p *printer) pointer(v *value, tn string, withType bool, depth int) string {
	e := p.e
	a, err := e.word(v, 0)
	if err != nil {
		return unreadable(err)
	}
	pt := resolve(v.typ).(*dwarf.PtrType)
	if a == 0 {
		if !withType {
			return "*nil" // an element of a container, as Delve
		}
		return tn + " nil"
	}
	if !e.bin.IsGo() {
		if ck := classify(pt.Type); ck == kCChar {
			return fmt.Sprintf("%#x %s", a, strconv.Quote(e.cString(a)))
		}
	}
	if v.onlyAddr || classify(pt.Type) == kInvalid {
		return addrOf(tn, a)
	}
	next := depth
	switch classify(pt.Type) {
	case kPtr:
		if depth > maxLevel {
			return addrOf(tn, a)
		}
		next++
	case kEface, kIface:
		next++
	}
	return "*" + p.fmt(e.at(a, pt.Type), withType, next)
}

// function formats a func value: its name, and what a closure captured.
func (p *printer) function(v *value, depth int) string {
	e := p.e
	if s, ok := e.cFuncText(v); ok {
		return s
	}
	name, err := e.funcName(v)
	if err != nil {
		return unreadable(err)
	}
	if name == "" {
		return "nil"
	}
	// A closure shows what it captured, as Delve's print does (on
	// lines of their own there): main.f.func1 {a: 0, scale: 3}.
	caps, _ := p.e.captured(v)
	if len(caps) == 0 || depth > maxLevel {
		return name
	}
	parts := make([]string, len(caps))
	for i, c := range caps {
		parts[i] = c.name + ": " + p.fmt(c.val, true, depth+1)
	}
	return name + " {" + strings.Join(parts, ", ") + "}"
}

// channel formats a channel: its type, length and capacity.
func (p *printer) channel(v *value, tn string) string {
	e := p.e
	isNil, n, c, closed, err := e.chanOf(v)
	if err != nil {
		return unreadable(err)
	}
	if isNil {
		return tn + " nil"
	}
	s := fmt.Sprintf("%s %d/%d", tn, n, c)
	if closed {
		s += " (closed)"
	}
	return s
}

// mapValue formats a map, its entries sorted by key.
func (p *printer) mapValue(v *value, tn string, withType bool, depth int) string {
	e := p.e
	isNil, ents, n, err := e.mapOf(v, maxElems)
	if err != nil {
		return unreadable(err)
	}
	prefix := ""
	if withType {
		prefix = tn + " "
	}
	if isNil {
		return prefix + "nil"
	}
	if depth > maxLevel {
		if n == 0 {
			return prefix + "[]"
		}
		return prefix + "[...]"
	}
	type kv struct{ k, v string }
	var kvs []kv
	for _, en := range ents {
		kvs = append(kvs, kv{p.fmt(en.key, false, depth+1), p.fmt(en.val, false, depth+1)})
	}
	// Swiss tables store entries in hash order, which changes from
	// run to run: sort them so the same map prints the same.
	sort.Slice(kvs, func(i, j int) bool { return lessKey(kvs[i].k, kvs[j].k) })
	var b strings.Builder
	b.WriteString(prefix + "[")
	for _, x := range kvs {
		b.WriteString(x.k + ": " + x.v + ", ")
	}
	if n > int64(len(kvs)) {
		b.WriteString(fmt.Sprintf("...+%d more", n-int64(len(kvs))))
	}
	b.WriteString("]")
	return b.String()
}

// iface formats an interface by its dynamic value.
func (p *printer) iface(v *value, k kind, tn string, withType bool, depth int) string {
	e := p.e
	d, err := e.dynamic(v, k)
	if err != nil {
		return unreadable(err)
	}
	// As Delve: at the top and in a struct's field the interface's
	// type and the dynamic one, then the value without its type;
	// inside a container the value alone, with its type.
	head := ""
	if withType {
		if d == nil {
			return tn + " nil"
		}
		head = fmt.Sprintf("%s(%s) ", tn, e.typeName(d.typ))
	}
	switch {
	case d == nil:
		return "nil"
	case depth > maxLevel && classify(d.typ) == kPtr:
		return head + "..."
	case depth > maxLevel:
		// Delve shows the interface by its address here.
		return head + "*(*" + quoteType(tn) + ")" + fmt.Sprintf("(%#x)", v.addr)
	case !withType:
		return p.fmt(d, true, depth)
	}
	return head + p.fmt(d, false, depth)
}

// addrOf shows a pointer by its address, as Delve does: (*main.T)(0xc000012345),
// the type quoted when it has a package path ("*net/http.Request").
func addrOf(tn string, a uint64) string {
	if strings.Contains(tn, "/") {
		return fmt.Sprintf("(%q)(%#x)", tn, a)
	}
	return fmt.Sprintf("(%s)(%#x)", tn, a)
}

// withConst names an integer of a user's type by its constants, as Delve
// does: constTwo (2), or bitZero|bitOne (3) when every set bit is a
// constant of one bit. Types without a package (int) and C's are left
// alone: every int 1 would be io.SeekCurrent.
func (e *engine) withConst(tn string, n int64, s string) string {
	if !strings.Contains(tn, ".") || strings.HasPrefix(tn, "C.") {
		return s
	}
	cs := e.bin.Constants(tn)
	if len(cs) == 0 {
		return s
	}
	for _, c := range cs {
		if c.Value == n {
			return c.Name + " (" + s + ")"
		}
	}
	if n == 0 {
		return s
	}
	var names []string
	rest := n
	for _, c := range cs {
		if bits.OnesCount64(uint64(c.Value)) == 1 && rest&c.Value != 0 {
			names = append(names, c.Name)
			rest &^= c.Value
		}
	}
	if rest != 0 {
		return s
	}
	return strings.Join(names, "|") + " (" + s + ")"
}

// quoteType quotes a type name with a package path, as Delve does inside
// an address: (*"net/http.Request")(0x...).
func quoteType(tn string) string {
	if strings.Contains(tn, "/") {
		return strconv.Quote(tn)
	}
	return tn
}

func more(n, max int64) string {
	if n > max {
		return fmt.Sprintf(",...+%d more", n-max)
	}
	return ""
}

// elems formats n elements of type elem starting at addr.
func (p *printer) elems(addr uint64, n int64, elem dwarf.Type, depth int) string {
	return p.elemsUpTo(addr, n, elem, depth, maxElems)
}

// maxTrusted bounds a slice shown whole (value.trustLen).
const maxTrusted = 1 << 12

func (p *printer) elemsUpTo(addr uint64, n int64, elem dwarf.Type, depth int, max int64) string {
	es := typeSize(elem)
	shown := n
	if shown > max {
		shown = max
	}
	// One read for all the elements shown.
	var buf []byte
	if es > 0 && es*shown <= maxLoad {
		buf = make([]byte, es*shown)
		if p.e.readMem(addr, buf) != nil {
			buf = nil
		}
	}
	parts := make([]string, 0, shown)
	for i := int64(0); i < shown; i++ {
		ev := p.e.at(addr+uint64(i*es), elem)
		if buf != nil {
			ev.buf = buf[i*es : (i+1)*es]
		}
		parts = append(parts, p.fmt(ev, false, depth+1))
	}
	return "[" + strings.Join(parts, ",") + more(n, max) + "]"
}

// lessKey orders map keys: numbers by value, the rest as text.
func lessKey(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 == nil && err2 == nil {
		return x < y
	}
	return a < b
}

// cString reads a NUL-terminated C string (at most maxString bytes).
func (e *engine) cString(a uint64) string {
	b := make([]byte, maxString)
	for n := len(b); n > 0; n /= 2 {
		if e.readMem(a, b[:n]) == nil {
			b = b[:n]
			break
		}
	}
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}
