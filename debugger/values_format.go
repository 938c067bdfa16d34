package debugger

import (
	"debug/dwarf"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Limits of one formatted value, as Delve's defaults: long strings,
// arrays and maps are cut with a "...+N more" marker, and nesting stops
// with "{...}".
const (
	maxString = 64
	maxElems  = 64
	maxDepth  = 4
)

// printer formats values the way Delve prints them. seen holds the
// addresses of the pointees being printed, so a cycle prints as an address
// instead of looping.
type printer struct {
	e    *engine
	seen map[uint64]bool
}

func (e *engine) format(v *value) string {
	if v.lit != nil {
		switch {
		case v.lit.s != nil:
			return strconv.Quote(*v.lit.s)
		case v.lit.isNil:
			return "nil"
		case v.lit.ptrCast:
			return e.formatPtrCast(v)
		case v.lit.text != nil:
			return *v.lit.text
		}
	}
	p := &printer{e: e, seen: map[uint64]bool{}}
	return p.fmt(v, true, 0)
}

// fmt formats v; withType puts the type's name before structs, arrays,
// slices and maps (Delve leaves it out for elements of a container).
func (p *printer) fmt(v *value, withType bool, depth int) (s string) {
	e := p.e
	tn := e.typeName(v.typ)
	k := classify(v.typ)
	fail := func(err error) string { return fmt.Sprintf("(unreadable %v)", err) }
	switch k {
	case kBool:
		b, err := e.bytes(v)
		if err != nil || len(b) == 0 {
			return fail(err)
		}
		return named(tn, strconv.FormatBool(b[0] != 0), withType)
	case kInt:
		i, _, err := e.intOf(v, true)
		if err != nil {
			return fail(err)
		}
		return named(tn, strconv.FormatInt(i, 10), withType)
	case kUint:
		_, u, err := e.intOf(v, false)
		if err != nil {
			return fail(err)
		}
		return named(tn, strconv.FormatUint(u, 10), withType)
	case kCChar:
		i, _, err := e.intOf(v, true)
		if err != nil {
			return fail(err)
		}
		return fmt.Sprintf("%d %s", i, strconv.QuoteRune(rune(byte(i))))
	case kFloat:
		f, err := e.floatOf(v)
		if err != nil {
			return fail(err)
		}
		bits := 64
		if typeSize(v.typ) == 4 {
			bits = 32
		}
		return named(tn, strconv.FormatFloat(f, 'g', -1, bits), withType)
	case kComplex:
		half := typeSize(v.typ) / 2
		ft := &dwarf.FloatType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: half, Name: "float"}}}
		re, err1 := e.floatOf(e.part(v, 0, ft))
		im, err2 := e.floatOf(e.part(v, half, ft))
		if err1 != nil || err2 != nil {
			return fail(err1)
		}
		bits := int(half * 8)
		return fmt.Sprintf("(%s + %si)", strconv.FormatFloat(re, 'g', -1, bits), strconv.FormatFloat(im, 'g', -1, bits))
	case kString:
		str, n, err := e.stringOf(v, maxString)
		if err != nil {
			return fail(err)
		}
		q := strconv.Quote(str)
		if n > int64(len(str)) {
			q = q[:len(q)-1] + fmt.Sprintf("...+%d more\"", n-int64(len(str)))
		}
		return q
	case kSlice:
		data, n, c, elem, err := e.sliceOf(v)
		if err != nil {
			return fail(err)
		}
		head := fmt.Sprintf("%s len: %d, cap: %d, ", tn, n, c)
		if !withType {
			head = fmt.Sprintf("len: %d, cap: %d, ", n, c)
		}
		if data == 0 {
			return head + "nil"
		}
		return head + p.elems(data, n, elem, depth)
	case kArray:
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
	case kStruct:
		st := resolve(v.typ).(*dwarf.StructType)
		prefix := ""
		if withType {
			prefix = tn + " "
		}
		if depth >= maxDepth {
			return prefix + "{...}"
		}
		var parts []string
		for _, f := range st.Field {
			parts = append(parts, f.Name+": "+p.fmt(e.part(v, f.ByteOffset, f.Type), true, depth+1))
		}
		return prefix + "{" + strings.Join(parts, ", ") + "}"
	case kPtr:
		a, err := e.word(v, 0)
		if err != nil {
			return fail(err)
		}
		pt := resolve(v.typ).(*dwarf.PtrType)
		if a == 0 {
			return tn + " nil"
		}
		if !e.bin.IsGo() {
			if ck := classify(pt.Type); ck == kCChar {
				return fmt.Sprintf("%#x %s", a, strconv.Quote(e.cString(a)))
			}
		}
		if p.seen[a] || depth >= maxDepth || classify(pt.Type) == kInvalid {
			return fmt.Sprintf("(%s)(%#x)", tn, a)
		}
		p.seen[a] = true
		defer delete(p.seen, a)
		return "*" + p.fmt(e.at(a, pt.Type), withType, depth+1)
	case kUnsafePtr:
		a, err := e.word(v, 0)
		if err != nil {
			return fail(err)
		}
		return fmt.Sprintf("%s(%#x)", tn, a)
	case kFunc:
		name, err := e.funcName(v)
		if err != nil {
			return fail(err)
		}
		if name == "" {
			return "nil"
		}
		return name
	case kChan:
		isNil, n, c, closed, err := e.chanOf(v)
		if err != nil {
			return fail(err)
		}
		if isNil {
			return tn + " nil"
		}
		s := fmt.Sprintf("%s %d/%d", tn, n, c)
		if closed {
			s += " (closed)"
		}
		return s
	case kMap:
		isNil, ents, n, err := e.mapOf(v, maxElems)
		if err != nil {
			return fail(err)
		}
		prefix := ""
		if withType {
			prefix = tn + " "
		}
		if isNil {
			return prefix + "nil"
		}
		if depth >= maxDepth {
			return prefix + fmt.Sprintf("[...+%d more]", n)
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
	case kEface, kIface:
		d, err := e.dynamic(v, k)
		if err != nil {
			return fail(err)
		}
		if d == nil {
			return tn + " nil"
		}
		return fmt.Sprintf("%s(%s) %s", tn, e.typeName(d.typ), p.fmt(d, false, depth+1))
	}
	return fmt.Sprintf("(%s: cannot show values of this type)", tn)
}

// named shows a value of a named basic type with its name: main.celsius(36.6).
func named(tn, s string, withType bool) string {
	if withType && strings.Contains(tn, ".") && !strings.HasPrefix(tn, "C.") {
		return tn + "(" + s + ")"
	}
	return s
}

func more(n, max int64) string {
	if n > max {
		return fmt.Sprintf(",...+%d more", n-max)
	}
	return ""
}

// elems formats n elements of type elem starting at addr.
func (p *printer) elems(addr uint64, n int64, elem dwarf.Type, depth int) string {
	es := typeSize(elem)
	shown := n
	if shown > maxElems {
		shown = maxElems
	}
	if depth >= maxDepth && n > 0 {
		return fmt.Sprintf("[...+%d more]", n)
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
	return "[" + strings.Join(parts, ",") + more(n, maxElems) + "]"
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
