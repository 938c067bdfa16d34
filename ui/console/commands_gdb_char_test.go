package console

import (
	"testing"

	"tdb/debugger"
)

// A char whose quoted form holds a brace was taken for a struct and left
// unformatted: p/x *value on cJSON's input printed 123 '{', gdb 0x7b
// (the differential case "cjson string arg", gdbconf_real_test.go).
func TestFormatValueChars(t *testing.T) {
	for _, c := range []struct {
		v    debugger.Value
		f    byte
		want string
	}{
		{debugger.Value{Type: "const char", Value: "123 '{'"}, 'x', "0x7b"},
		{debugger.Value{Type: "char", Value: "125 '}'"}, 'd', "125"},
		{debugger.Value{Type: "char", Value: `39 '\''`}, 'x', "0x27"},
		{debugger.Value{Type: "char", Value: `10 '\n'`}, 'x', "0xa"},
		{debugger.Value{Type: "struct point", Value: "struct point {x: 7}"}, 'x', "struct point {x: 7}"},
	} {
		if got := formatValue(c.v, c.f); got != c.want {
			t.Errorf("formatValue(%q, /%c) = %q, want %q", c.v.Value, c.f, got, c.want)
		}
	}
}
