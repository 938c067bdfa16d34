package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// Expressions beyond reading variables, at the line of testdata/exprs
// where every local is set: conversions (numbers truncate as Go's do;
// string <-> []byte and []rune; named types <-> underlying types;
// pointers <-> uintptr and unsafe.Pointer), type assertions, struct and
// interface map keys, functions and methods as values, the channel
// header's fields, complex numbers, constants by name, builtins, and
// Delve's errors. The wants are what Go computes for the same expressions
// (the program prints the values they start from).
func TestEvalExpressions(t *testing.T) {
	tg := launch(t, "exprs")
	line := fixture.LineOf(t, "exprs", "main.go", "marker: exprs set")
	tg.brk("main.go:" + strconv.Itoa(line))
	if st := tg.stop(Continue{}); st.Line != line {
		t.Fatalf("stopped at %s, want line %d", where(st), line)
	}
	for _, c := range []struct{ expr, want string }{
		{"string(bs)", `"abc"`},
		{"string(rs)", `"dé"`},
		{"[]byte(text)", "[]uint8 len: 6, cap: 6, [104,195,169,108,108,111]"},
		{"[]rune(text)", "[]int32 len: 5, cap: 5, [104,233,108,108,111]"},
		{"len([]rune(text))", "5"},
		{"string(rs[1])", `"é"`},
		{"string(n + 90)", `"a"`},
		{"[]uint8(raw)", "[]uint8 len: 3, cap: 3, [1,2,3]"},
		{"string(name)", `"w"`},
		{`word("x") == name`, "false"},
		{"len(raw)", "3"},
		{"cap(raw)", "3"},
		{"raw[1]", "2"},
		{"len(name)", "1"},
		{"name[0]", "119"},
		{`name + "x"`, `"wx"`},
		{`name == "w"`, "true"},
		{"name < text", `error: mismatched types "main.word" and "string"`},
		{"string(name) + text", `"whéllo"`},
		{"int8(n * 40)", "24"},
		{"uint8(i8)", "251"},
		{"float64(n) / 2", "3.5"},
		{"int(f)", "2"},
		{"float64(temp)", "21.5"},
		{"complex128(f)", "(2.5 + 0i)"},
		{"real(z)", "1.5"},
		{"imag(z)", "-2"},
		{"z * 2", "(3 + -4i)"},
		{"complex(f, 1)", "(2.5 + 1i)"},
		{"z == complex(1.5, -2)", "true"},
		{"uintptr(p) == uintptr(&n)", "true"},
		{"*(*int)(p)", "7"},
		{"*(*int)(uintptr(p))", "7"},
		{`byKey[key{2, "two"}]`, "20"},
		{`byKey[key{A: 1, S: "one"}]`, "10"},
		{`byKey[key{3, "x"}]`, "error: key not found"},
		{"many[:70]", "[]int len: 70, cap: 80, [" + zeros(70) + "]"},
		{"many[2:]", "[]int len: 78, cap: 78, [" + zeros(64) + ",...+14 more]"},
		{"many[:n*10]", "[]int len: 70, cap: 80, [" + zeros(64) + ",...+6 more]"},
		{"nk.A", "error: nil pointer dereference"},
		{"nk.Nope", "error: nk has no member Nope"},
		{"byKey[:2]", `map[main.key]int [{A: 1, S: "one"}: 10, {A: 2, S: "two"}: 20, ]`},
		{"byKey[2:]", "map[main.key]int []"},
		{"byKey[3:]", "error: map index out of bounds"},
		{"byIface[1]", `"int one"`},
		{`byIface["s"]`, `"string s"`},
		{`byIface[key{3, "k"}]`, `"struct"`},
		{"byIface[2]", "error: key not found"},
		{"sh.(sq)", "main.sq {side: 3}"},
		{"sh.(sq).side", "3"},
		{"sh.(main.sq)", "main.sq {side: 3}"},
		{"sh.(*sq)", "error: interface conversion: main.shape is main.sq, not *main.sq"},
		{"nilShape.(sq)", "error: interface conversion: main.shape is nil, not main.sq"},
		{"any.(*int)", "*7"},
		{"*any.(*int)", "7"},
		{"any.(data)", "*7"},
		{"n.(int)", "error: n (type int) is not an interface"},
		{"fn", "main.double"},
		{"nilFn", "nil"},
		{"double", "main.double"},
		{"main.double", "main.double"},
		{"filepath.Base", "path/filepath.Base"},
		{`"path/filepath".Base`, "path/filepath.Base"},
		{`"filepath".Base`, "path/filepath.Base"},
		{"os.Exit", "os.Exit"},
		{"high == 1", "true"},
		{"int(high) + 1", "2"},
		{"high + n", `error: mismatched types "main.level" and "int"`},
		{"fmt.Nosuch", `error: no variable "fmt" in main.main`},
		{"square.Area", "main.sq.Area"},
		{"square.Grow", "main.(*sq).Grow"},
		{"fn == nil", "false"},
		{"nilFn == nil", "true"},
		{"fn == nilFn", "error: can not compare func variables"},
		{"ch.qcount", "2"},
		{"ch.dataqsiz", "5"},
		{"ch.buf", "*[5]int [4,9,0,0,0]"},
		{"ch.buf[1]", "9"},
		{"ch.closed", "0"},
		{"cap(ch)", "5"},
		{"len(ch)", "2"},
		{"min(n, 3, 9)", "3"},
		{"max(f, 1)", "2.5"},
		{`max(text, "z")`, `"z"`},
		{"n + f", `error: mismatched types "int" and "float64"`},
		{"byte(300)", "error: can not convert 300 constant to uint8"},
		{"int8(-128)", "-128"},
		{"int(2.5)", "error: can not convert 2.5 constant to int"},
		{"min(n, f)", `error: mismatched types "float64" and "int"`},
		{"bs[1.5]", "error: can not convert constant 1.5 to int"},
		{`byKey["k"]`, "error: can not convert \"k\" constant to main.key"},
		{"n && true", `error: expression "n" should be boolean not int`},
		{"!n", "error: invalid unary operation !7"},
		{"-text", `error: invalid unary operation -"héllo"`},
		{"nil == nil", "true"},
		{"f % 2", "error: invalid binary operation 2.5 % 2"},
		{"z > z", "error: invalid comparison (1.5 + -2i) > (1.5 + -2i)"},
		{"n + 1.5", "error: can not convert 1.5 constant to int"},
		{"(n + 2.0) / 2", "4"},
		{"f + 1", "3.5"},
		{"n / 0", "error: runtime error: integer divide by zero"},
		{"n << f", "error: shift count type float64, must be unsigned integer"},
		{"n << -1", "error: shift count must not be negative"},
		{"n + nil", `error: operator + can not be applied to "nil"`},
		{"nil == n", "error: can not compare int to nil"},
		{"i8 << 5", "96"},
		{`"a" + text`, `"ahéllo"`},
		{"text[1]", "195"},
		{"text[9]", "error: index out of bounds"},
		{"&n == &n", "true"},
		{"*&n", "7"},
		{"&5", `error: can not take address of "5"`},
		{"bs + 1", "error: can not convert 1 constant to []uint8"},
		{"bs == nil", "false"},
		{"double(2)", "error: function calls not allowed without using 'call'"},
		{"nosuch(1)", "error: function calls not allowed without using 'call'"},
		{"(map[int]int)(n)", `error: can not convert "n" to map[int]int`},
	} {
		if got := tg.print(c.expr, SelectedFrame); got != c.want {
			t.Errorf("print %s = %s, want %s", c.expr, got, c.want)
		}
	}
}

// zeros is "0,0,...,0", n of them.
func zeros(n int) string {
	return strings.TrimSuffix(strings.Repeat("0,", n), ",")
}

// Conditions use the same evaluator, with their parsed expressions
// cached: conversions in a condition hold exactly when Go says so
// (float64(i)/2 == 10.5 at 21; int8(i*10) wraps to -126 at 13;
// string(i+64) is "A" at 1), on values' loop over i = 0..99.
func TestEvalConditionConversions(t *testing.T) {
	tg := launch(t, "values")
	cond := `float64(i) / 2 == 10.5 || int8(i * 10) == -126 || string(i + 64) == "A"`
	tg.do(SetBreakpoint{Loc: mustLoc(tickLoc(t)), Cond: cond})
	if got, want := strings.Join(tg.stopsUntilExit(), " "), "1 13 21"; got != want {
		t.Errorf("stopped with i = %s, want %s", got, want)
	}
}
