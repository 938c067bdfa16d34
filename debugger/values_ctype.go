package debugger

import (
	"debug/dwarf"
	"fmt"
	"strconv"
	"strings"
)

// typeOfRequest answers TypeOf: the evaluator's type of the expression, or
// the type the expression names.
func (e *engine) typeOfRequest(r TypeOf) Reply {
	var t dwarf.Type
	fc, ferr := e.frameOf(r.Frame)
	var evalErr error
	if ferr == nil {
		v, err := e.newEvalCtx(fc).eval(r.Expr)
		if err == nil {
			if v.typ == nil {
				// An untyped literal: C's and Go's default types.
				d := e.describeValue(r.Expr, v)
				if d.Type == "untyped" || d.Type == "" {
					d.Type = "int"
				}
				return Reply{Values: []Value{{Name: r.Expr, Type: d.Type}}}
			}
			t = v.typ
			// A function's name: the evaluator's value may carry no
			// signature; the subprogram's entry has it.
			if _, ok := t.(*dwarf.FuncType); ok {
				if fs, err := e.bin.LookupFunc(strings.TrimSpace(r.Expr)); err == nil && len(fs) == 1 {
					if ft, err := e.bin.FuncType(fs[0].Entry); err == nil {
						t = ft
					}
				}
			}
		}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(r.Expr), "*"); err != nil && ok && !e.bin.IsGo() {
			// whatis *p of a NULL or wild p: gdb types the expression
			// without reading the pointee.
			if pv, perr := e.newEvalCtx(fc).eval(rest); perr == nil {
				if pt, isPtr := resolve(pv.typ).(*dwarf.PtrType); isPtr && pt.Type != nil {
					t, err = pt.Type, nil
				}
			}
		}
		evalErr = err
	} else {
		evalErr = ferr
	}
	if t == nil {
		name := strings.TrimSpace(r.Expr)
		for _, n := range []string{name, strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(name, "struct "), "union "), "enum ")} {
			if lt, err := e.bin.LookupType(n); err == nil && lt != nil {
				t = lt
				break
			}
		}
		if t == nil {
			// A function's name: gdb's whatis add is "int (int, int)".
			if fs, err := e.bin.LookupFunc(name); err == nil && len(fs) == 1 {
				if ft, err := e.bin.FuncType(fs[0].Entry); err == nil {
					t = ft
				}
			}
		}
		if t == nil && !e.bin.IsGo() {
			// A base type as gdb spells it: unsigned long is gcc's
			// long unsigned int.
			for gcc, g := range gdbBaseNames {
				if g == name {
					if lt, err := e.bin.LookupType(gcc); err == nil && lt != nil {
						t = lt
					}
				}
			}
			for _, kw := range []string{"struct", "union", "enum"} {
				if n, ok := strings.CutPrefix(name, kw+" "); ok && t == nil {
					return Reply{Err: fmt.Errorf("no %s type named %s", kw, strings.TrimSpace(n))}
				}
			}
		}
		if t == nil {
			return Reply{Err: evalErr}
		}
		// whatis of a typedef's name unrolls it one level, as gdb's does
		// (whatis uint_t is unsigned int; of an expression, uint_t).
		if td, ok := t.(*dwarf.TypedefType); ok && !r.Expand {
			t = td.Type
		}
	}
	if r.Offsets && !e.bin.IsGo() {
		if s, ok := cOffsets(t, strings.TrimSpace(r.Expr)); ok { // values_ctype_offsets.go
			return Reply{Values: []Value{{Name: r.Expr, Type: s}}}
		}
	}
	var s string
	if e.bin.IsGo() {
		s = goTypeText(t, r.Expand)
	} else {
		show := -1 // gdb's whatis: names, and {...} for an anonymous body
		if r.Expand {
			show = 1 // ptype: the body, its anonymous members' bodies too
		}
		s = cdecl{e.completeStruct}.decl(t, "", show, 0, 0)
	}
	return Reply{Values: []Value{{Name: r.Expr, Type: s}}}
}

// cDecl spells type t declaring inner (a name, or "" for an abstract
// declarator) in C's syntax, as gdb does: "struct point *", "int [4]",
// "int (*)(int, int)". show is gdb's level of detail: above 0 the base
// type is seen through its typedefs and a struct, union or enum is
// spelled out, its members with show-1; an anonymous one is spelled out
// at 0 too, and is "struct {...}" below. level is the nesting of bodies,
// for the members' indentation; depth bounds the recursion (hostile
// DWARF may loop).
func cDecl(t dwarf.Type, inner string, show, level, depth int) string {
	return cdecl{}.decl(t, inner, show, level, depth)
}

// cdecl spells C types; complete, when set, finds the definition of a
// struct or union the type's unit only declares (engine.completeStruct),
// as gdb's ptype shows it.
type cdecl struct {
	complete func(*dwarf.StructType) *dwarf.StructType
}

func (d cdecl) decl(t dwarf.Type, inner string, show, level, depth int) string {
	join := func(base string) string {
		if inner == "" {
			return base
		}
		return base + " " + inner
	}
	if depth > 20 || t == nil {
		return join("void")
	}
	if pt, ok := t.(*dwarf.PtrType); ok && inner == "" && pt.Name == "void (*)()" {
		return pt.Name // $pc's type (cCodePtr), as gdb spells it
	}
	switch tt := t.(type) {
	case *dwarf.PtrType:
		return d.decl(tt.Type, "*"+inner, show, level, depth+1)
	case *dwarf.ArrayType:
		if strings.HasPrefix(inner, "*") {
			inner = "(" + inner + ")"
		}
		n := ""
		// debug/dwarf gives a flexible array member (int data[];) a
		// count of 0, as it does GNU's zero-length arrays: the
		// standard's form is taken, gdb's int data[].
		if tt.Count > 0 {
			n = strconv.FormatInt(tt.Count, 10)
		}
		return d.decl(tt.Type, inner+"["+n+"]", show, level, depth+1)
	case *dwarf.FuncType:
		if strings.HasPrefix(inner, "*") {
			inner = "(" + inner + ")"
		}
		var ps []string
		for _, p := range tt.ParamType {
			if _, ok := p.(*dwarf.DotDotDotType); ok {
				ps = append(ps, "...")
				continue
			}
			ps = append(ps, d.decl(p, "", 0, level, depth+1))
		}
		if len(ps) == 0 {
			ps = []string{"void"}
		}
		inner += "(" + strings.Join(ps, ", ") + ")"
		if inner == "("+strings.Join(ps, ", ")+")" {
			// An abstract function type: gdb writes "int (int, int)",
			// and "struct pt *(int)" for one returning a pointer.
			ret := strings.TrimSuffix(d.decl(tt.ReturnType, "", show, level, depth+1), " ")
			if strings.HasSuffix(ret, "*") {
				return ret + inner
			}
			return ret + " " + inner
		}
		return d.decl(tt.ReturnType, inner, show, level, depth+1)
	case *dwarf.QualType:
		if arr, ok := tt.Type.(*dwarf.ArrayType); ok {
			// A qualified array is an array of qualified elements, as
			// C and gdb say: const lu_byte [83], not const const.
			if q, ok := arr.Type.(*dwarf.QualType); ok && q.Qual == tt.Qual {
				return d.decl(arr, inner, show, level, depth+1)
			}
			a := *arr
			a.Type = &dwarf.QualType{Qual: tt.Qual, Type: arr.Type}
			return d.decl(&a, inner, show, level, depth+1)
		}
		if _, ok := tt.Type.(*dwarf.PtrType); ok {
			// gdb spaces a qualified pointer so: char * const, char *
			// const *, and before an array's bounds none: * const[12].
			q := " " + tt.Qual
			if inner != "" && !strings.HasPrefix(inner, "[") {
				q += " "
			}
			return d.decl(tt.Type, q+inner, show, level, depth+1)
		}
		// gcc nests const and volatile either way round; gdb writes
		// them in one order: const volatile int.
		quals := map[string]bool{}
		var base dwarf.Type = tt
		for q, ok := base.(*dwarf.QualType); ok; q, ok = base.(*dwarf.QualType) {
			if _, isPtr := q.Type.(*dwarf.PtrType); isPtr {
				break
			}
			quals[q.Qual] = true
			base = q.Type
		}
		var qs []string
		for _, q := range []string{"const", "volatile", "restrict", "_Atomic"} {
			if quals[q] {
				qs = append(qs, q)
			}
		}
		if base == t {
			qs, base = []string{tt.Qual}, tt.Type
		}
		return strings.Join(qs, " ") + " " + d.decl(base, inner, show, level, depth+1)
	case *dwarf.TypedefType:
		if show > 0 {
			return d.decl(tt.Type, inner, show, level, depth+1)
		}
		return join(tt.Name)
	case *dwarf.VoidType:
		return join("void")
	case *dwarf.StructType:
		if d.complete != nil && show > 0 {
			tt = d.complete(tt)
		}
		name := tt.Kind
		if tt.StructName != "" {
			name += " " + tt.StructName
		}
		switch {
		case tt.Incomplete && show > 0:
			return join(name + " {\n" + indent(level+1) + "<incomplete type>\n" + indent(level) + "}")
		case tt.Incomplete || tt.StructName != "" && show <= 0:
			return join(name)
		case show < 0:
			return join(name + " {...}")
		}
		var b strings.Builder
		b.WriteString(name + " {\n")
		for _, f := range tt.Field {
			b.WriteString(indent(level+1) + d.decl(f.Type, f.Name, show-1, level+1, depth+1))
			if f.BitSize > 0 {
				fmt.Fprintf(&b, " : %d", f.BitSize)
			}
			b.WriteString(";\n")
		}
		b.WriteString(indent(level) + "}")
		return join(b.String())
	case *dwarf.EnumType:
		name := "enum"
		if tt.EnumName != "" {
			name += " " + tt.EnumName
		}
		switch {
		case tt.EnumName != "" && show <= 0:
			return join(name)
		case show < 0:
			return join(name + " {...}")
		}
		var vs []string
		next := int64(0)
		for _, v := range tt.Val {
			s := v.Name
			if v.Val != next {
				s += " = " + strconv.FormatInt(v.Val, 10)
			}
			next = v.Val + 1
			vs = append(vs, s)
		}
		return join(name + " {" + strings.Join(vs, ", ") + "}")
	}
	if n := t.Common().Name; n != "" {
		if g, ok := gdbBaseNames[n]; ok {
			n = g
		}
		return join(n)
	}
	return join(t.String())
}

// gdbBaseNames are gdb's short spellings of gcc's base type names.
var gdbBaseNames = map[string]string{
	"short int":              "short",
	"short unsigned int":     "unsigned short",
	"long int":               "long",
	"long unsigned int":      "unsigned long",
	"long long int":          "long long",
	"long long unsigned int": "unsigned long long",
}

// indent is the indentation of members at nesting level d: four spaces
// a level, as gdb's ptype.
func indent(d int) string { return strings.Repeat("    ", d) }

// goTypeText is a Go type for whatis (its name) and ptype (a struct's
// fields spelled out, one "Name Type" a line).
func goTypeText(t dwarf.Type, expand bool) string {
	name := goTypeName(t)
	if !expand {
		return name
	}
	st, ok := resolve(t).(*dwarf.StructType)
	if !ok || classify(st) != kStruct {
		return name
	}
	var b strings.Builder
	b.WriteString("struct " + name + " {\n")
	for _, f := range st.Field {
		b.WriteString("    " + f.Name + " " + goTypeName(f.Type) + "\n")
	}
	b.WriteString("}")
	return b.String()
}
