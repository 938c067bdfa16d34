package debugger

// C chars and strings as gdb prints them: escapes, repeats, the element
// limit, UTF-8 in a UTF-8 locale, and wide strings (L"...", u"...", U"...").

import (
	"debug/dwarf"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
