package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// valuesAt runs testdata/values to the line marked marker.
func valuesAt(t *testing.T, marker string) *target {
	t.Helper()
	tg := launch(t, "values")
	line := fixture.LineOf(t, "values", "main.go", marker)
	tg.brk("main.go:" + strconv.Itoa(line))
	st := tg.stop(Continue{})
	if st.Line != line {
		t.Fatalf("stopped at %s, want line %d", where(st), line)
	}
	return tg
}

// print evaluates expr in frame, giving the value or "error: ...".
func (tg *target) print(expr string, frame int) string {
	tg.t.Helper()
	rep := tg.s.Do(Eval{Expr: expr, Frame: frame})
	if rep.Err != nil {
		return "error: " + rep.Err.Error()
	}
	return rep.Values[0].Value
}

func valueMap(vs []Value) map[string]string {
	m := map[string]string{}
	for _, v := range vs {
		if v.Err != "" {
			m[v.Name] = "error: " + v.Err
		} else {
			m[v.Name] = v.Value
		}
	}
	return m
}

// Every kind of value in the top frame, as testdata/values sets them.
func TestValuesEveryKind(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	args := valueMap(tg.do(Args{Frame: 0}).Values)
	for name, want := range map[string]string{
		"n": "5", "s": `"hello"`, "p": `*main.point {X: 1, Y: 2, Name: "arg"}`, "f": "1.25",
	} {
		if args[name] != want {
			t.Errorf("arg %s = %s, want %s", name, args[name], want)
		}
	}
	locals := valueMap(tg.do(Locals{Frame: 0}).Values)
	for name, want := range map[string]string{
		"b":      "true",
		"i8":     "-8",
		"u16":    "65535",
		"i64":    "-1099511627776",
		"f32":    "2.5",
		"c":      "(1.5 + -2i)",
		"str":    `"text"`,
		"pt":     `main.point {X: 3, Y: 6, Name: "p!"}`,
		"pp":     `*main.point {X: 3, Y: 6, Name: "p!"}`,
		"arr":    "[3]int [1,2,3]",
		"sl":     "[]int len: 3, cap: 3, [10,20,30]",
		"empty":  "[]string len: 0, cap: 0, nil",
		"m":      `map[string]int ["a": 1, "b": 2, ]`,
		"e":      "interface {}(int) 7",
		"sh":     "main.shape(main.rect) {W: 2, H: 3}",
		"err":    `error(*errors.errorString) *{s: "boom"}`,
		"nilErr": "error nil",
		"ch":     "chan int 1/4",
		"closed": "chan bool 1/2 (closed)",
		"nilMap": "map[string]bool nil",
		"nilFn":  "nil",
		"fn":     "fmt.Sprint",
		"temp":   "36.6", // a named basic type prints as its value, as in Delve
		"bs":     "[]uint8 len: 2, cap: 2, [104,105]",
		"r":      "120",
	} {
		if locals[name] != want {
			t.Errorf("local %s = %s, want %s", name, locals[name], want)
		}
	}
	// Long values are cut, with a marker saying how much is left out.
	if long := locals["long"]; long != `"`+strings.Repeat("ab", 32)+`...+36 more"` {
		t.Errorf("long = %s", long)
	}
	if nums := locals["nums"]; !strings.HasPrefix(nums, "[]int len: 100, cap: 100, [0,1,2,") || !strings.HasSuffix(nums, ",62,63,...+36 more]") {
		t.Errorf("nums = %s", nums)
	}
	if got := tg.print("nums[99] + len(long)", 0); got != "199" {
		t.Errorf("nums[99] + len(long) = %s", got)
	}
	big := locals["big"]
	// 100 entries in several tables: 64 shown, in key order, and a count.
	if !strings.HasPrefix(big, "map[int]int [") || !strings.HasSuffix(big, ", ...+36 more]") || strings.Count(big, ": ") != 64 {
		t.Errorf("big = %s", big)
	}
	// A cycle ends where Delve's print stops: a struct two levels down
	// prints as its address.
	if cyc := locals["cyc"]; !strings.HasPrefix(cyc, "*main.node {Val: 1, Next: *main.node {Val: 2, Next: *(*main.node)(0x") {
		t.Errorf("cyc = %s", cyc)
	}
	if _, ok := locals["k"]; ok {
		t.Errorf("k (the for loop's) is shown outside its block")
	}
}

func TestValuesExpressions(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	for expr, want := range map[string]string{
		"pt.X + pt.Y":              "9",
		"sl[1]":                    "20",
		`m["b"]`:                   "2",
		"big[7]":                   "49",
		"big[99]":                  "9801",
		"len(big)":                 "100",
		"*pp":                      `main.point {X: 3, Y: 6, Name: "p!"}`,
		"pp.Name":                  `"p!"`,
		"&pt == pp":                "true",
		"len(sl) + cap(sl)":        "6",
		"len(s)":                   "5",
		"len(m)":                   "2",
		"len(ch)":                  "1",
		"cap(ch)":                  "4",
		"cyc.Next.Next.Val":        "1",
		"global":                   "42",
		"main.global":              "42",
		`s == "hello" && !(n > 5)`: "true",
		`str < "abc" || i8 == -8`:  "true",
		"f * 2":                    "2.5",
		"n % 3":                    "2",
		"-n / 2":                   "-2",
		"int8(u16)":                "-1",
		"float64(n) / 2":           "2.5",
		"err != nil":               "true",
		"nilErr == nil":            "true",
		"sh.W":                     "2",
		"arr[2] * 10":              "30",
		`"lit"`:                    `"lit"`,
		"s[1]":                     "101",
		"(*main.point)(0)":         "*main.point nil",
		"arr[5]":                   "error: index out of bounds",
		"nope":                     `error: no variable "nope" in main.inspect`,
		"pt.Z":                     "error: pt has no member Z",
		"n.X":                      "error: n (type int) has no member X",
		"*n":                       `error: expression "n" (int) can not be dereferenced`,
		`m["zz"]`:                  `error: key not found`,
		"n +":                      `error: cannot parse "n +"`,
		"n / 0":                    "error: runtime error: integer divide by zero",
		"(*main.point)(0).X":       "error: nil pointer dereference",
	} {
		got := tg.print(expr, SelectedFrame)
		if got != want && !(strings.HasPrefix(want, "error: cannot parse") && strings.HasPrefix(got, want)) {
			t.Errorf("print %s = %s, want %s", expr, got, want)
		}
	}
}

// Variables of a caller's frame: only memory and the CFA are known there,
// which is all -N -l code needs.
func TestValuesCallerFrame(t *testing.T) {
	tg := valuesAt(t, "marker: tick")
	if got := tg.print("p", 2); got != `*main.point {X: 1, Y: 2, Name: "arg"}` {
		t.Errorf("main's p = %s", got)
	}
	i := tg.print("i", 0)
	if got := tg.print("i", 1); got != i || i != "0" {
		t.Errorf("count's i = %s, tick's i = %s, want 0", got, i)
	}
	locals := valueMap(tg.do(Locals{Frame: 1}).Values)
	if locals["hits"] != "0" || locals["i"] != "0" {
		t.Errorf("count's locals: %v", locals)
	}
	if got := tg.print("x", 9); !strings.HasPrefix(got, "error: no frame 9") {
		t.Errorf("frame 9: %s", got)
	}
}

func TestValuesScopes(t *testing.T) {
	tg := valuesAt(t, "marker: inner")
	locals := valueMap(tg.do(Locals{Frame: 0}).Values)
	if locals["x"] != "8" || locals["y"] != "9" {
		t.Errorf("inner block: %v", locals)
	}
	if _, ok := locals["z"]; ok {
		t.Errorf("z is declared below the line but shown: %v", locals)
	}
	line := fixture.LineOf(t, "values", "main.go", "marker: after")
	tg.brk("main.go:" + strconv.Itoa(line))
	tg.stop(Continue{})
	locals = valueMap(tg.do(Locals{Frame: 0}).Values)
	if _, ok := locals["y"]; ok || locals["x"] != "17" {
		t.Errorf("after the block: %v", locals)
	}
}

func TestSetVar(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	for _, c := range []struct{ expr, val, want string }{
		{"pt.X", "40", "40"},
		{"b", "false", "false"},
		{"f32", "0.5", "0.5"},
		{"i8", "-100", "-100"},
		{"n", "n * 2", "10"},
	} {
		rep := tg.s.Do(SetVar{Expr: c.expr, Value: c.val, Frame: SelectedFrame})
		if rep.Err != nil || rep.Values[0].Value != c.want {
			t.Errorf("set %s = %s: %v %v", c.expr, c.val, rep.Err, rep.Values)
		}
		if got := tg.print(c.expr, 0); got != c.want {
			t.Errorf("after set %s = %s: %s", c.expr, c.val, got)
		}
	}
	if rep := tg.s.Do(SetVar{Expr: "s", Value: "1", Frame: SelectedFrame}); rep.Err == nil {
		t.Errorf("setting a string: no error")
	}
	if rep := tg.s.Do(SetVar{Expr: "pp", Value: "nil", Frame: SelectedFrame}); rep.Err != nil || rep.Values[0].Value != "*main.point nil" {
		t.Errorf("set pp = nil: %v %v", rep.Err, rep.Values)
	}
	// The program sees the new values: total = n + len(s) + p.X + int(f) + len(sl).
	tg.stop(Next{})
	if got := tg.print("total", 0); got != "20" {
		t.Errorf("total after set n = 10: %s, want 20", got)
	}
}

// Variables of a parked goroutine's frames: main waits in wg.Wait while a
// worker is stopped in work; its escaped locals (&calls, &sum) are shown
// by their names, through the pointer.
func TestValuesParkedGoroutine(t *testing.T) {
	tg := launch(t, "goroutines")
	tg.brk("main.work")
	// Until main has started every worker and waits (or a hit finds it
	// parked on the way).
	frame := -1
	var st *State
	for hit := 0; hit < 8 && frame < 0; hit++ {
		st = tg.stop(Continue{})
		if st.Goroutine == 1 {
			continue
		}
		st = tg.do(SwitchGoroutine{ID: 1}).State
		for i, f := range st.Frames {
			if f.Function == "main.main" {
				frame = i
			}
		}
	}
	if frame < 0 {
		t.Fatalf("no main.main in goroutine 1's stack: %v", funcs(st.Frames))
	}
	locals := valueMap(tg.do(Locals{Frame: frame}).Values)
	calls, err := strconv.Atoi(locals["calls"])
	if err != nil || calls < 0 || calls > 8 {
		t.Errorf("calls = %q in %v", locals["calls"], locals)
	}
	if !strings.HasPrefix(locals["wg"], "sync.WaitGroup {") {
		t.Errorf("wg = %q", locals["wg"])
	}
	if got := tg.print("sum >= 0 && calls <= 8", frame); got != "true" {
		t.Errorf("sum >= 0 && calls <= 8: %s", got)
	}
	if got := tg.print("id", 0); got == "" || strings.HasPrefix(got, "error") && !strings.Contains(got, "no variable") {
		t.Logf("frame 0 of a parked goroutine: %s", got)
	}
}

// A tree view expands values part by part with Children.
func TestValuesChildren(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	kids := func(expr string) string {
		rep := tg.do(Children{Expr: expr, Frame: SelectedFrame})
		var s []string
		for _, v := range rep.Values {
			s = append(s, v.Name+"="+v.Value+"@"+v.Expr)
		}
		return strings.Join(s, " ")
	}
	for expr, want := range map[string]string{
		"pt":  `X=3@pt.X Y=6@pt.Y Name="p!"@pt.Name`,
		"pp":  `*=main.point {X: 3, Y: 6, Name: "p!"}@*pp`,
		"sl":  "[0]=10@sl[0] [1]=20@sl[1] [2]=30@sl[2]",
		"m":   `"a"=1@m["a"] "b"=2@m["b"]`,
		"sh":  "W=2@sh.W H=3@sh.H",
		"e":   "data=7@",
		"n":   "",
		"*pp": `X=3@(*pp).X Y=6@(*pp).Y Name="p!"@(*pp).Name`,
	} {
		if got := kids(expr); got != want {
			t.Errorf("children of %s: %s, want %s", expr, got, want)
		}
	}
	// Every part's Expr evaluates to the part.
	if got := tg.print(`m["a"]`, SelectedFrame); got != "1" {
		t.Errorf(`m["a"] = %s`, got)
	}
	if got := tg.print(`(*pp).Name`, SelectedFrame); got != `"p!"` {
		t.Errorf(`(*pp).Name = %s`, got)
	}
	rep := tg.do(Locals{Frame: SelectedFrame})
	for _, v := range rep.Values {
		if v.Name == "pt" && (!v.Kids || v.Expr != "pt") {
			t.Errorf("pt: %+v", v)
		}
		if v.Name == "b" && v.Kids {
			t.Errorf("b has no parts: %+v", v)
		}
	}
}

// At a function breakpoint, Go's register arguments have not been spilled
// yet: the location lists name rax, rbx:rcx (a string in two pieces), rdi
// and xmm0.
func TestValuesRegisterArgs(t *testing.T) {
	tg := launch(t, "values")
	tg.brk("main.inspect")
	tg.stop(Continue{})
	args := valueMap(tg.do(Args{Frame: 0}).Values)
	for name, want := range map[string]string{
		"n": "5", "s": `"hello"`, "p": `*main.point {X: 1, Y: 2, Name: "arg"}`, "f": "1.25",
	} {
		if args[name] != want {
			t.Errorf("arg %s = %s, want %s", name, args[name], want)
		}
	}
	rep := tg.s.Do(SetVar{Expr: "n", Value: "6", Frame: 0})
	if rep.Err != nil || rep.Values[0].Value != "6" {
		t.Fatalf("set n = 6 (in a register): %v %v", rep.Err, rep.Values)
	}
	if rax, _ := rep.State.Reg("rax"); rax != 6 && tg.print("n", 0) != "6" {
		t.Errorf("after set n = 6: rax %d, n %s", rax, tg.print("n", 0))
	}
}
