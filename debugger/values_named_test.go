package debugger

import (
	"regexp"
	"strings"
	"testing"
)

// Named types print as what they are, not as the runtime's structures
// under them: a named map (like http.Header, a typedef of the pointer to the
// runtime's map<K,V> header), a named slice and string (structs under
// their own name, told apart by DW_AT_go_kind), a named array, a time;
// promoted fields are found through embedded structs and pointers; &x is
// shown by its address. The wants are Delve's answers on the same program.
func TestValuesNamedTypes(t *testing.T) {
	tg := valuesAt(t, "marker: named")
	for expr, want := range map[string]string{
		"hdr":       `main.header ["Accept": ["text/plain"], "X": ["1","2"], ]`,
		`hdr["X"]`:  `[]string len: 2, cap: 2, ["1","2"]`,
		"len(hdr)":  "2",
		"mn":        `main.menu len: 2, cap: 2, [{X: 1, Y: 0, Name: "a"},{X: 2, Y: 0, Name: "b"}]`,
		"mn[1]":     `main.point {X: 2, Y: 0, Name: "b"}`,
		"len(mn)":   "2",
		"lb":        `"hi"`,
		"lb[1]":     "105",
		"ns":        `main.names ["a","b","c"]`,
		"at":        "time.Time(2022-06-07T02:03:04Z){wall: 0, ext: 63790164184, loc: *time.Location nil}",
		"o.F":       "1",
		"o.G":       "2",
		"o.H":       "3",
		"o.inner":   "*main.inner {F: 1, G: 2}",
		"o.mid.F":   "1",
		"o.Z":       "error: o has no member Z",
		"px":        "*7",
		"add":       "main.named.func1 {acc: 0, scale: 3}",
		"add.scale": "3",
		"add.acc":   "0",
		"day":       "monday (1)",
		"pm":        "permRead|permWrite (3)",
		"odd":       "10",
		"anyFn":     "interface {}(func(string) string) strings.ToUpper",
		"ptrs":      "[]*main.inner len: 2, cap: 2, [*{F: 5, G: 0},*nil]",
		"*px":       "7",
	} {
		if got := tg.print(expr, SelectedFrame); got != want {
			t.Errorf("print %s = %s, want %s", expr, got, want)
		}
	}
	for expr, re := range map[string]string{
		"&x":   `^\(\*int\)\(0x[0-9a-f]+\)$`,
		"&o":   `^\(\*main\.outer\)\(0x[0-9a-f]+\)$`,
		"&o.K": `^\(\*int\)\(0x[0-9a-f]+\)$`,
		"&hdr": `^\(\*main\.header\)\(0x[0-9a-f]+\)$`,
	} {
		if got := tg.print(expr, SelectedFrame); !regexp.MustCompile(re).MatchString(got) {
			t.Errorf("print %s = %s, want an address (%s)", expr, got, re)
		}
	}
	if got, want := tg.print("&x", SelectedFrame), "(*int)("; got[:len(want)] != want || tg.print("*&x", SelectedFrame) != "7" {
		t.Errorf("&x = %s, *&x = %s", got, tg.print("*&x", SelectedFrame))
	}
}

// A generic function's code is shared by GC shape; its variables print
// with this call's type arguments, read from the dictionary (.dict).
func TestValuesGenerics(t *testing.T) {
	tg := valuesAt(t, "marker: generic")
	want := map[string]string{
		"a": `*main.point {X: 7, Y: 8, Name: "gen"}`,
		"k": `"k"`,
		"m": `map[main.label]*main.point ["k": *{X: 7, Y: 8, Name: "gen"}, ]`,
		"b": `main.box[*main.point] {V: *main.point {X: 7, Y: 8, Name: "gen"}}`,
	}
	check := func(want map[string]string) {
		t.Helper()
		vals := valueMap(tg.do(Args{Frame: 0}).Values)
		for k, v := range valueMap(tg.do(Locals{Frame: 0}).Values) {
			vals[k] = v
		}
		for name, w := range want {
			if vals[name] != w {
				t.Errorf("%s = %s, want %s", name, vals[name], w)
			}
			if got := tg.print(name, SelectedFrame); got != w {
				t.Errorf("print %s = %s, want %s", name, got, w)
			}
		}
	}
	check(want)
	if got := tg.print("a.Name", SelectedFrame); got != `"gen"` {
		t.Errorf("a.Name = %s", got)
	}
	tg.stop(Continue{})
	check(map[string]string{
		"a": "3",
		"k": "2.5",
		"m": "map[float64]int [2.5: 3, ]",
		"b": "main.box[int] {V: 3}",
	})
}

// Inside a closure its captured variables read right, on its first line
// too, where they are still only in the closure (rdx), not yet in the
// frame their location expressions name.
func TestValuesClosure(t *testing.T) {
	tg := launch(t, "values")
	tg.brk("main.named.func1")
	tg.stop(Continue{})
	for expr, want := range map[string]string{"acc": "0", "scale": "3", "v": "1"} {
		if got := tg.print(expr, SelectedFrame); got != want {
			t.Errorf("print %s = %s, want %s", expr, got, want)
		}
	}
	tg.stop(StepOut{})
	rep := tg.do(Children{Expr: "add", Frame: SelectedFrame})
	var kids []string
	for _, v := range rep.Values {
		kids = append(kids, v.Name+"="+v.Value+"@"+v.Expr)
	}
	if got := strings.Join(kids, " "); got != "acc=3@add.acc scale=3@add.scale" {
		t.Errorf("children of add: %s", got)
	}
	if got := tg.print("add", SelectedFrame); got != "main.named.func1 {acc: 3, scale: 3}" {
		t.Errorf("add after a call = %s", got)
	}
}

// TestEvalAddrAndCast's round trip: &x prints as (*T)(0x...), which read
// back as an expression is the same address, and dereferenced is x.
func TestValuesAddressCast(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	addr := tg.print("&pt", SelectedFrame)
	if !regexp.MustCompile(`^\(\*main\.point\)\(0x[0-9a-f]+\)$`).MatchString(addr) {
		t.Fatalf("&pt = %s", addr)
	}
	if got := tg.print(addr, SelectedFrame); got != addr {
		t.Errorf("print %s = %s", addr, got)
	}
	if got := tg.print("*"+addr, SelectedFrame); got != `main.point {X: 3, Y: 6, Name: "p!"}` {
		t.Errorf("print *%s = %s", addr, got)
	}
}
