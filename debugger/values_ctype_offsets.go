package debugger

import (
	"debug/dwarf"
	"fmt"
	"strings"
)

// cOffsets spells a C struct or union as gdb's ptype/o does: each member
// with its offset and size in a comment column, the holes and the tail
// padding the compiler left, anonymous members' bodies spelled out, and
// each body's total size. ok is false for other types (ptype/o prints
// them as ptype does).
func cOffsets(t dwarf.Type, expr string) (string, bool) {
	// A pointer to a struct (ptype/o item): the struct's table, then
	// the stars, as gdb's.
	stars, quals := "", ""
	for i := 0; i < 8; i++ {
		if p, ok := t.(*dwarf.PtrType); ok {
			stars, t = stars+"*", p.Type
		}
	}
	for i := 0; i < 8; i++ {
		if q, ok := t.(*dwarf.QualType); ok {
			quals, t = quals+q.Qual+" ", q.Type
		}
	}
	st, ok := structOf(t)
	if !ok {
		return "", false
	}
	var b strings.Builder
	name := st.Kind
	if st.StructName != "" {
		name += " " + st.StructName
	}
	_, direct := t.(*dwarf.StructType)
	if stars == "" && (direct || strings.HasPrefix(expr, "struct ") || strings.HasPrefix(expr, "union ")) {
		// gdb heads the table for a struct or union, not a typedef's
		// or a pointer's.
		b.WriteString("/* offset      |    size */  ")
	}
	b.WriteString("type = " + quals + name + " {\n")
	offsetsBody(&b, st, 0, 1, 0)
	b.WriteString(strings.Repeat(" ", 29) + "}")
	if stars != "" {
		b.WriteString(" " + stars)
	}
	return b.String(), true
}

// structOf sees through typedefs and qualifiers to a struct or union.
func structOf(t dwarf.Type) (*dwarf.StructType, bool) {
	for i := 0; i < 20 && t != nil; i++ {
		switch tt := t.(type) {
		case *dwarf.TypedefType:
			t = tt.Type
		case *dwarf.QualType:
			t = tt.Type
		case *dwarf.StructType:
			return tt, !tt.Incomplete
		default:
			return nil, false
		}
	}
	return nil, false
}

// offsetsBody writes the members of st, which starts at byte base;
// level is the members' nesting (1: the outermost body's).
func offsetsBody(b *strings.Builder, st *dwarf.StructType, base int64, level, depth int) {
	indent := strings.Repeat(" ", 4*level)
	union := st.Kind == "union"
	end := int64(0)
	for _, f := range st.Field {
		size := f.Type.Size()
		if !union && f.ByteOffset > end {
			fmt.Fprintf(b, "/* XXX %2d-byte hole      */\n", f.ByteOffset-end)
		}
		if union {
			fmt.Fprintf(b, "/*%22d */", size)
		} else {
			fmt.Fprintf(b, "/*%7d      |%8d */", base+f.ByteOffset, size)
		}
		b.WriteString(indent)
		if sub, ok := f.Type.(*dwarf.StructType); ok && !sub.Incomplete && depth < 8 {
			// A struct or union member (not through a typedef): its
			// body, spelled out in place.
			head := sub.Kind
			if sub.StructName != "" {
				head += " " + sub.StructName
			}
			b.WriteString(head + " {\n")
			offsetsBody(b, sub, base+f.ByteOffset, level+1, depth+1)
			b.WriteString(strings.Repeat(" ", 27+4*level) + "} " + f.Name + ";\n")
		} else {
			b.WriteString(cDecl(f.Type, f.Name, 0, level, 0) + ";\n")
		}
		if e := f.ByteOffset + size; e > end {
			end = e
		}
	}
	if !union && st.ByteSize > end {
		fmt.Fprintf(b, "/* XXX %2d-byte padding   */\n", st.ByteSize-end)
	}
	b.WriteString("\n" + strings.Repeat(" ", 27+4*level) + fmt.Sprintf("/* total size (bytes): %4d */\n", st.ByteSize))
}
