package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"tdb/source"
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

// addrText is a number as p/a prints it: an address and the symbol it
// is in, 0x401136 <main+4>.
func (p *cprinter) addrText(a uint64) string {
	s := fmt.Sprintf("%#x", a)
	if sym := p.e.symbolOf(a, false); sym != "" {
		s += " <" + sym + ">"
	}
	return s
}

// symbolOf is gdb's <name+off> for an address: the function holding a
// code address, the data object holding a data address; "" for none
// (stack and heap).
func (e *engine) symbolOf(a uint64, code bool) string {
	bin, bias := e.bin, e.bias
	var data *source.Binary
	if l := e.libAt(a); l != nil {
		// In a shared library: stdout is <_IO_2_1_stdout_>, a
		// pointer to puts <puts>.
		bin, bias = l.bin, l.bias
		if !code {
			// Its static objects (_IO_stdfile_1_lock) are named by
			// its debug file, as gdb names them.
			data = l.dataDWARF()
		}
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
	if data != nil && data != bin {
		if name, off, ok := data.DataSymbolAt(la); ok {
			if off == 0 {
				return name
			}
			return fmt.Sprintf("%s+%d", name, off)
		}
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
