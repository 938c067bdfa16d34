package console

import (
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"tdb/debugger"
)

// gdb's spellings that carry a format after a slash: p/x EXPR, x/8xb ADDR,
// display/x EXPR (issue 11). lookupCommand splits "p/x" into the command
// and "/x" at the head of its arguments; the commands below take it off.
// The formats follow gdb's manual ("Output Formats", "Examining Memory").

// cutFormat takes a leading "/FMT" off args.
func cutFormat(args string) (fmtSpec, rest string) {
	if !strings.HasPrefix(args, "/") {
		return "", args
	}
	f, rest := splitFirst(args)
	return f[1:], rest
}

// checkPrintFormat takes one of gdb's print format letters: x z d u o t
// c s, and a (an address and its symbol) and f (a float), which the
// engine applies to C values only (cFormatOnly).
func checkPrintFormat(f string) error {
	if len(f) != 1 || !strings.Contains("xzduotcsaf", f) {
		return fmt.Errorf("bad format %q: want one of x z d u o t c s a f", "/"+f)
	}
	return nil
}

// cFormatOnly: formats the engine applies to C values and tdb has no Go
// form for.
func cFormatOnly(f byte) error {
	if f == 'a' || f == 'f' {
		return fmt.Errorf("format /%c is for C values: use x, z, d, u, o, t, c or s", f)
	}
	return nil
}

// valueInt reads an integer, a char or a pointer out of the text tdb
// prints for a value: "255", "-1", "122 'z'", "0x55.. \"hello\"",
// "(*int)(0x55..)", "true".
var valueIntRe = regexp.MustCompile(`^(?:\([^()]*\)\()?(-?(?:0x[0-9a-fA-F]+|\d+))(?:$|[ )])`)

// gdbPointerRe is a C pointer as gdb prints it: "(struct rec *) 0x7ffe...",
// "(int (*)(int, int)) 0x401136 <add>".
// A function's value, "{int (int, int)} 0x401136 <add>", is its address.
var gdbPointerRe = regexp.MustCompile(`^(?:\(.*\)|\{.*\}) (0x[0-9a-f]+)(?:$| )`)

func valueInt(s string) (uint64, bool) {
	switch s {
	case "true":
		return 1, true
	case "false":
		return 0, true
	}
	m := valueIntRe.FindStringSubmatch(s)
	if m == nil {
		m = gdbPointerRe.FindStringSubmatch(s)
	}
	if m == nil {
		return 0, false
	}
	if v, err := strconv.ParseInt(m[1], 0, 64); err == nil {
		return uint64(v), true
	}
	v, err := strconv.ParseUint(m[1], 0, 64)
	return v, err == nil
}

// typeSize is the byte size of a scalar type tdb names, in C or Go; 8 for
// anything else (pointers, long, untyped literals are 64-bit on x86-64;
// gdb's literals are int, so p/x -1 differs: see gdbconf_test.go).
func typeSize(t string) int {
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "const "), "volatile "))
	switch t {
	case "char", "signed char", "unsigned char", "_Bool", "bool", "int8", "uint8", "byte", "int8_t", "uint8_t":
		return 1
	case "short", "short int", "unsigned short", "short unsigned int", "unsigned short int", "int16", "uint16", "int16_t", "uint16_t":
		return 2
	case "int", "unsigned int", "unsigned", "int32", "uint32", "rune", "float32", "int32_t", "uint32_t":
		return 4
	}
	return 8
}

// unsignedType says whether tdb's name of a type is an unsigned integer's.
func unsignedType(t string) bool {
	return strings.Contains(t, "unsigned") || strings.HasPrefix(t, "uint") || t == "byte" || t == "uintptr" || t == "_Bool" || t == "bool"
}

// formatInt renders v, an integer of size bytes, in gdb's format letter.
// /c shows the char's code signed, as gdb does, unless its type is
// unsigned (formatIntType).
func formatInt(v uint64, size int, f byte) string { return formatIntType(v, size, f, false) }

func formatIntType(v uint64, size int, f byte, unsigned bool) string {
	bits := uint(size * 8)
	if bits < 64 {
		v &= 1<<bits - 1
	}
	signed := int64(v)
	if bits < 64 && v&(1<<(bits-1)) != 0 {
		signed = int64(v) - int64(1)<<bits
	}
	switch f {
	case 'x':
		return fmt.Sprintf("%#x", v)
	case 'z':
		return fmt.Sprintf("0x%0*x", size*2, v)
	case 'o':
		if v == 0 {
			return "0"
		}
		return fmt.Sprintf("0%o", v)
	case 't':
		return strconv.FormatUint(v, 2)
	case 'u':
		return strconv.FormatUint(v, 10)
	case 'c':
		if unsigned {
			return fmt.Sprintf("%d %s", byte(v), cCharLit(byte(v)))
		}
		c := int8(v)
		return fmt.Sprintf("%d %s", c, cCharLit(byte(c)))
	}
	return strconv.FormatInt(signed, 10)
}

// cCharLit is a char as gdb quotes it: 'A', '\n', '\310'.
func cCharLit(b byte) string {
	return "'" + cEscape(b, '\'') + "'"
}

func cEscape(b byte, quote byte) string {
	switch b {
	case '\n':
		return `\n`
	case '\t':
		return `\t`
	case '\r':
		return `\r`
	case 0:
		return `\000`
	case '\\':
		return `\\`
	case quote:
		return `\` + string(quote)
	}
	if b < 0x20 || b > 0x7e {
		return fmt.Sprintf(`\%03o`, b)
	}
	return string(b)
}

// formatValue applies format f to a value tdb printed: scalars are
// reformatted, elements of an array of scalars too; anything else is
// printed as it is.
func formatValue(v debugger.Value, f byte) string {
	if f == 's' {
		return v.Value // gdb's /s changes only arrays of char, which tdb prints as strings already
	}
	// gdb 13 formats a float's bits: p/x 2.5 is 0x4004000000000000.
	switch v.Type {
	case "double", "float64":
		if x, err := strconv.ParseFloat(v.Value, 64); err == nil {
			return formatInt(math.Float64bits(x), 8, f)
		}
	case "float", "float32":
		if x, err := strconv.ParseFloat(v.Value, 32); err == nil {
			return formatInt(uint64(math.Float32bits(float32(x))), 4, f)
		}
	}
	if strings.HasPrefix(v.Type, "*") && !strings.HasPrefix(v.Value, "(") {
		return v.Value // a pointer tdb prints as its pointee: formatDeep asks for the address
	}
	// A struct's value holds "{"; so does the char '{' (p/x *json).
	if n, ok := valueInt(v.Value); ok && (!strings.Contains(v.Value, "{") || charValueRe.MatchString(v.Value)) {
		return formatIntType(n, typeSize(v.Type), f, unsignedType(v.Type))
	}
	// An array of scalars: "[4]int [1,2,3,4]".
	if m := arrayValueRe.FindStringSubmatch(v.Value); m != nil {
		elems := strings.Split(m[3], ",")
		for i, e := range elems {
			n, ok := valueInt(strings.TrimSpace(e))
			if !ok {
				return v.Value
			}
			elems[i] = formatIntType(n, typeSize(m[2]), f, unsignedType(m[2]))
		}
		return m[1] + m[2] + " [" + strings.Join(elems, ",") + "]"
	}
	return v.Value
}

// charValueRe is a char as tdb prints it: "123 '{'".
var charValueRe = regexp.MustCompile(`^-?\d+ '(?:[^'\\]|\\[^']*|\\')'$`)

var arrayValueRe = regexp.MustCompile(`^(\[\d+\])([a-z][a-z0-9 ]*) \[(.*)\]$`)

// cmdPrint is print EXPR, or p/FMT EXPR.
func cmdPrint(c *Console, args string) error {
	f, expr := cutFormat(args)
	if expr == "" {
		return fmt.Errorf("missing expression: print EXPR")
	}
	if f != "" {
		if err := checkPrintFormat(f); err != nil {
			return err
		}
	}
	// A bare register prints as gdb prints it; in expressions
	// ($rsp + 8) the evaluator reads registers itself.
	if l, ok := c.printRegister(expr, f); ok {
		c.p.Print(l)
		return nil
	}
	ev := debugger.Eval{Expr: expr, Frame: debugger.SelectedFrame}
	if f != "" {
		ev.Format = f[0]
	}
	rep := c.do(ev)
	if rep.Err != nil {
		return rep.Err
	}
	if f != "" && !rep.Values[0].Formatted {
		if err := cFormatOnly(f[0]); err != nil {
			return err
		}
		c.p.Print(c.formatDeep(rep.Values[0], f[0], 0))
		return nil
	}
	c.p.Print(rep.Values[0].Value)
	return nil
}

// pointerFormat is a pointer member under a format: its address alone,
// as gdb prints it (tdb's own form shows the pointee).
// isPointerType: t names a pointer, in Go's spelling (*main.point) or
// C's (struct point *, int (*)[3], int (*)(int, int)).
func isPointerType(t string) bool {
	return strings.HasPrefix(t, "*") || strings.HasSuffix(t, "*") || strings.Contains(t, "(*")
}

func (c *Console) pointerFormat(k debugger.Value, f byte) string {
	if k.Expr != "" {
		// The engine knows where the pointer points, whatever its
		// printed form.
		if r := c.s.Do(debugger.Eval{Expr: k.Expr, Frame: debugger.SelectedFrame, Address: true}); r.Err == nil {
			if n, err := parseAddr(r.Values[0].Value); err == nil {
				return formatInt(n, 8, f)
			}
		}
	}
	if strings.HasSuffix(k.Value, " nil") || k.Value == "nil" {
		return formatInt(0, 8, f)
	}
	if n, ok := valueInt(k.Value); ok {
		return formatInt(n, 8, f)
	}
	if k.Expr != "" {
		if r := c.s.Do(debugger.Eval{Expr: "&*(" + k.Expr + ")", Frame: debugger.SelectedFrame}); r.Err == nil {
			if n, ok := valueInt(r.Values[0].Value); ok {
				return formatInt(n, 8, f)
			}
		}
	}
	return k.Value
}

// printRegister prints a register named as gdb does, $rsp, when the
// evaluator does not know registers: the stack and frame pointers as
// (void *), rip as a code pointer, the others as a long.
func (c *Console) printRegister(expr, f string) (string, bool) {
	name, ok := strings.CutPrefix(strings.TrimSpace(expr), "$")
	if !ok {
		return "", false
	}
	if g, ok := gdbRegAlias[name]; ok {
		name = g
	}
	st, err := c.state()
	if err != nil {
		return "", false
	}
	v, ok := st.Reg(name)
	if !ok {
		return "", false
	}
	if f == "" && (name == "rip" || name == "rsp" || name == "rbp") {
		// The engine's C form names the function the pc is in, as
		// gdb's (void (*)()) 0x401156 <use+15>.
		r := c.s.Do(debugger.Eval{Expr: expr, Frame: debugger.SelectedFrame})
		if r.Err == nil && len(r.Values) == 1 && strings.HasPrefix(r.Values[0].Value, "(void ") {
			return r.Values[0].Value, true
		}
	}
	switch {
	case f != "":
		return formatInt(v, 8, f[0]), true
	case name == "rsp" || name == "rbp":
		return fmt.Sprintf("(void *) %#x", v), true
	case name == "rip":
		return fmt.Sprintf("(void (*)()) %#x", v), true
	}
	return strconv.FormatInt(int64(v), 10), true
}

// formatDeep is formatValue that also formats a struct's or union's
// members, each by its own type, as gdb's p/x does: they come from the
// engine's Children, in tdb's struct form "struct point {x: 0x7, ...}".
func (c *Console) formatDeep(v debugger.Value, f byte, depth int) string {
	if isPointerType(v.Type) && f != 's' {
		return c.pointerFormat(v, f)
	}
	// C's struct point, union num; Go's main.point (its value is
	// "main.point {X: 3, ...}").
	isAgg := strings.HasPrefix(v.Type, "struct ") || strings.HasPrefix(v.Type, "union ") || strings.HasPrefix(v.Value, v.Type+" {")
	if !isAgg || !v.Kids || v.Expr == "" || depth > 8 || f == 's' {
		return formatValue(v, f)
	}
	rep := c.s.Do(debugger.Children{Expr: v.Expr, Frame: debugger.SelectedFrame})
	if rep.Err != nil {
		return formatValue(v, f)
	}
	parts := make([]string, len(rep.Values))
	for i, k := range rep.Values {
		val := c.formatDeep(k, f, depth+1)
		if k.Err != "" {
			val = "(unreadable: " + k.Err + ")"
		} else if isPointerType(k.Type) {
			val = c.pointerFormat(k, f)
		}
		parts[i] = k.Name + ": " + val
	}
	return v.Type + " {" + strings.Join(parts, ", ") + "}"
}

// examineFormat is gdb's x/NFU: a count, a format letter and a size
// letter, each optional, in any order after the count.
type examineFormat struct {
	count int
	f     byte // x d u o t c a s i
	size  int  // 1 2 4 8
}

func parseExamineFormat(s string) (examineFormat, error) {
	return parseExamineFormatAfter(s, examineFormat{})
}

// parseExamineFormatAfter parses s with the format and size of the x
// before (last; zero when none) as defaults: gdb's are sticky.
func parseExamineFormatAfter(s string, last examineFormat) (examineFormat, error) {
	ef := examineFormat{count: 1, f: 'x'}
	if last.f != 0 {
		ef.f, ef.size = last.f, last.size
		if ef.f == 's' || ef.f == 'i' {
			ef.size = 0
		}
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 1 {
			return ef, fmt.Errorf("bad count in /%s", s)
		}
		ef.count = n
	}
	sizeGiven := false
	for _, r := range s[i:] {
		switch r {
		case 'b', 'h', 'w', 'g':
			sizeGiven = true
		}
		switch r {
		case 'b':
			ef.size = 1
		case 'h':
			ef.size = 2
		case 'w':
			ef.size = 4
		case 'g':
			ef.size = 8
		case 'x', 'd', 'u', 'o', 't', 'c', 'a', 's', 'i':
			ef.f = byte(r)
		default:
			return ef, fmt.Errorf("bad letter %q in /%s: want a count, a format (x d u o t c a s i) and a size (b h w g)", r, s)
		}
	}
	if !sizeGiven && (ef.f == 'c' || ef.f == 'a') {
		ef.size = 0 // their own sizes, whatever came before
	}
	if ef.size == 0 {
		switch ef.f {
		case 'c':
			ef.size = 1
		case 'a':
			ef.size = 8
		default:
			ef.size = 4 // gdb's first default, a word
		}
	}
	return ef, nil
}

// examineAddr reads the address of x: a number, a register, or any
// expression whose value is a pointer or integer (x &var, x ptr->buf).
func (c *Console) examineAddr(s string) (uint64, error) {
	if a, err := parseAddr(s); err == nil {
		return a, nil
	}
	if st, err := c.state(); err == nil {
		r := strings.TrimPrefix(s, "$")
		// gdb's names for the machine's pc, sp and frame pointer.
		if g, ok := gdbRegAlias[r]; ok {
			r = g
		}
		if v, ok := st.Reg(r); ok {
			return v, nil
		}
	}
	// The engine knows the value's type: an array or a function is
	// examined where it lies (x/s buf), a pointer where it points.
	rep := c.do(debugger.Eval{Expr: s, Frame: debugger.SelectedFrame, Address: true})
	if rep.Err != nil {
		return 0, rep.Err
	}
	a, err := parseAddr(rep.Values[0].Value)
	if err != nil {
		return 0, fmt.Errorf("%s is not an address: %s", s, rep.Values[0].Value)
	}
	return a, nil
}

// gdbRegAlias maps gdb's names for the pc, stack and frame pointers.
var gdbRegAlias = map[string]string{"pc": "rip", "sp": "rsp", "fp": "rbp"}

// examineFormat is x/NFU ADDR, as gdb prints it: the address, a colon,
// then the units tab-separated (strings one a line, instructions as
// disassemble prints them).
func (c *Console) examineFormat(spec, addrStr string, raw bool) error {
	c.mu.Lock()
	last, next, seen := c.xLast, c.xNext, c.xSeen
	c.mu.Unlock()
	ef, err := parseExamineFormatAfter(spec, last)
	if err != nil {
		return err
	}
	if raw && (ef.f == 's' || ef.f == 'i') {
		return fmt.Errorf("x -raw shows memory as units (x d u o t c a), not /%c: instructions and strings are the program's own bytes", ef.f)
	}
	if spec == "" && addrStr == "" && seen {
		ef.count = last.count // a bare x repeats the last count too
	}
	var addr uint64
	switch {
	case addrStr != "":
		if addr, err = c.examineAddr(addrStr); err != nil {
			return err
		}
	case seen:
		addr = next // x/FMT alone, or x: on after the last units
	default:
		return fmt.Errorf("missing address: x/FMT ADDR")
	}
	end, err := c.examineAtRaw(ef, addr, raw)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.xLast, c.xNext, c.xSeen = ef, end, true
	c.mu.Unlock()
	return nil
}

// examineAt prints ef's units at addr and returns the address after them.
func (c *Console) examineAt(ef examineFormat, addr uint64) (uint64, error) {
	return c.examineAtRaw(ef, addr, false)
}

// examineAtRaw is examineAt; raw (x -raw, never sticky) leaves tdb's 0xCC
// in the bytes.
func (c *Console) examineAtRaw(ef examineFormat, addr uint64, raw bool) (uint64, error) {
	switch ef.f {
	case 'i':
		rep := c.do(debugger.Disassemble{Start: addr, End: addr + uint64(ef.count)*15})
		if rep.Err != nil {
			return 0, rep.Err
		}
		pc := uint64(0)
		if st, err := c.state(); err == nil {
			pc = selectedFrame(st).PC
		}
		end := addr
		for i, in := range rep.Instructions {
			if i == ef.count {
				break
			}
			c.p.Print(FormatInstruction(in, pc))
			end = in.Addr + uint64(len(in.Bytes))
		}
		return end, nil
	case 's':
		for range ef.count {
			rep := c.do(debugger.ReadMemory{Addr: addr, Len: 200})
			if rep.Err != nil {
				return 0, rep.Err
			}
			var b strings.Builder
			n := 0
			for n < len(rep.Memory) && rep.Memory[n] != 0 {
				b.WriteString(cEscape(rep.Memory[n], '"'))
				n++
			}
			tail := ""
			if n == len(rep.Memory) {
				tail = "..."
			}
			c.p.Print(fmt.Sprintf("%#x:\t\"%s\"%s", addr, b.String(), tail))
			addr += uint64(n) + 1
		}
		return addr, nil
	}
	total := ef.count * ef.size
	if total > maxExamine {
		return 0, fmt.Errorf("count %d is too large (at most %d bytes)", ef.count, maxExamine)
	}
	rep := c.do(debugger.ReadMemory{Addr: addr, Len: total, Raw: raw})
	if rep.Err != nil {
		return 0, rep.Err
	}
	perLine := map[int]int{1: 8, 2: 8, 4: 4, 8: 2}[ef.size]
	if ef.f == 'c' {
		perLine = 8
	}
	for i := 0; i < ef.count; i += perLine {
		var b strings.Builder
		fmt.Fprintf(&b, "%#x:", addr+uint64(i*ef.size))
		for j := i; j < min(i+perLine, ef.count); j++ {
			u := rep.Memory[j*ef.size : (j+1)*ef.size]
			var v uint64
			var buf [8]byte
			copy(buf[:], u)
			v = binary.LittleEndian.Uint64(buf[:])
			b.WriteByte('\t')
			b.WriteString(examineUnit(v, ef))
		}
		c.p.Print(b.String())
	}
	return addr + uint64(total), nil
}

// examineUnit is one unit of x's output: x pads to the unit's width, as gdb
// does (x/4xb prints 0x05, x/2wx 0x00000005).
func examineUnit(v uint64, ef examineFormat) string {
	switch ef.f {
	case 'x':
		return fmt.Sprintf("0x%0*x", ef.size*2, v)
	case 'a':
		return fmt.Sprintf("%#x", v)
	}
	return formatInt(v, ef.size, ef.f)
}

func cmdPtype(c *Console, args string) error {
	if rest, ok := strings.CutPrefix(args, "/o"); ok && (rest == "" || rest[0] == ' ') {
		// gdb's ptype/o: offsets and sizes.
		rep := c.do(debugger.TypeOf{Expr: strings.TrimSpace(rest), Frame: debugger.SelectedFrame, Expand: true, Offsets: true})
		if rep.Err != nil {
			return rep.Err
		}
		text := rep.Values[0].Type
		if !strings.Contains(text, "type = ") {
			text = "type = " + text
		}
		for _, l := range strings.Split(text, "\n") {
			c.p.Print(l)
		}
		return nil
	}
	if strings.HasPrefix(args, "/") {
		return fmt.Errorf("ptype takes /o alone (offsets and sizes)")
	}
	return c.typeOf(args, true)
}
func cmdWhatis(c *Console, args string) error { return c.typeOf(args, false) }

// typeOf prints gdb's "type = ..." line (lines, for a struct).
func (c *Console) typeOf(args string, expand bool) error {
	if args == "" {
		return fmt.Errorf("missing expression or type")
	}
	rep := c.do(debugger.TypeOf{Expr: args, Frame: debugger.SelectedFrame, Expand: expand})
	if rep.Err != nil {
		return rep.Err
	}
	for _, l := range strings.Split("type = "+rep.Values[0].Type, "\n") {
		c.p.Print(l)
	}
	return nil
}

// cmdInfoFrame is gdb's info frame, its first lines: the frame's address
// (the CFA), its pc and line, the return address, and its neighbours.
func cmdInfoFrame(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	s, err := c.state()
	if err != nil {
		return err
	}
	i := s.SelectedFrame
	if i < 0 || i >= len(s.Frames) {
		return fmt.Errorf("no frame selected")
	}
	f := s.Frames[i]
	c.p.Print(fmt.Sprintf("Stack level %d, frame at %#x:", i, f.CFA))
	line := fmt.Sprintf(" rip = %#x in %s (%s:%d)", f.PC, f.Function, f.File, f.Line)
	if f.File == "" {
		line = fmt.Sprintf(" rip = %#x in %s", f.PC, f.Function) // gdb's form without source (libc)
	}
	if i+1 < len(s.Frames) {
		line += fmt.Sprintf("; saved rip = %#x", s.Frames[i+1].PC)
	} else if f.CallerPC != 0 {
		line += fmt.Sprintf("; saved rip = %#x", f.CallerPC) // main's, into libc
	}
	c.p.Print(line)
	// gdb says both on one line: " called by frame at X, caller of
	// frame at Y".
	var rel []string
	if i+1 < len(s.Frames) {
		rel = append(rel, fmt.Sprintf("called by frame at %#x", s.Frames[i+1].CFA))
	}
	if i > 0 {
		rel = append(rel, fmt.Sprintf("caller of frame at %#x", s.Frames[i-1].CFA))
	}
	if len(rel) > 0 {
		c.p.Print(" " + strings.Join(rel, ", "))
	}
	return nil
}
