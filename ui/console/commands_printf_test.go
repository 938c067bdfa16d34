package console

import (
	"reflect"
	"testing"

	"tdb/debugger"
)

// printf's parsing; its output is compared with gdb's on cJSON and Lua
// ("cjson printf echo", "lua printf" in gdbconf_real_test.go).
func TestPrintfParsing(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{" a, b", []string{"a", "b"}},
		{" f(a, b), s[1,2], 'x', \",\"", []string{"f(a, b)", "s[1,2]", "'x'", "\",\""}},
		{" *argv", []string{"*argv"}},
	} {
		if got := splitArgs(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitArgs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{`a\tb\n`: "a\tb\n", `\"q\"`: `"q"`, `\033[1m`: "\x1b[1m", `\x41\\`: `A\`, `100%`: "100%",
		`\b\f\v`: "\b\f\v", `\e[0m`: "\x1b[0m", `\0`: "\x00", `\101\1012`: "AA2"} {
		if got, err := debugger.UnescapeC(in); err != nil || got != want {
			t.Errorf("UnescapeC(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`a\`, `\xg`} {
		if _, err := debugger.UnescapeC(in); err == nil {
			t.Errorf("UnescapeC(%q): no error", in)
		}
	}
	if i := closingQuote(`"a\"b", x`); i != 5 {
		t.Errorf("closingQuote = %d, want 5", i)
	}
}
