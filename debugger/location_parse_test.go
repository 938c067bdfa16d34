package debugger

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// mustLoc parses a location the test spells right.
func mustLoc(s string) Loc {
	l, err := ParseLoc(s)
	if err != nil {
		panic(fmt.Sprintf("test location %q: %v", s, err))
	}
	return l
}

// Every spelling tdb accepts, with what it means; the console's early
// errors and the engine's requests both come from here.
func TestParseLoc(t *testing.T) {
	fl := func(f string, n int) Loc { return Loc{Kind: LocFileLine, File: f, Line: n} }
	fn := func(f string) Loc { return Loc{Kind: LocFunc, Func: f} }
	ff := func(file, f string) Loc { return Loc{Kind: LocFileFunc, File: file, Func: f} }
	ln := func(n int) Loc { return Loc{Kind: LocLine, Line: n} }
	at := func(a uint64) Loc { return Loc{Kind: LocAddr, Addr: a} }
	tests := []struct {
		in   string
		want Loc
	}{
		// FILE:LINE: a base name, a path's tail, a whole path.
		{"main.go:18", fl("main.go", 18)},
		{"/abs/fib/main.go:7", fl("/abs/fib/main.go", 7)},
		{"fib/main.go:1", fl("fib/main.go", 1)},
		{"main.go:018", fl("main.go", 18)},
		{"main.go:+5", fl("main.go", 5)}, // the number, not gdb's offset
		{"a:b.go:12", fl("a:b.go", 12)},  // the last colon splits
		{"prog.c:9223372036854775807", fl("prog.c", 9223372036854775807)},
		// LINE, in the current file.
		{"18", ln(18)},
		{" 18 ", ln(18)},
		{"\t18\n", ln(18)},
		{"+5", ln(5)},
		// FUNC, in Go's and C's spellings.
		{"main.fib", fn("main.fib")},
		{"fib", fn("fib")},
		{"main.main.func1", fn("main.main.func1")},
		{"main.(*T).M", fn("main.(*T).M")},
		{"main.T.M", fn("main.T.M")},
		{"github.com/x/y.F", fn("github.com/x/y.F")},
		{"github.com/x/y-z.F", fn("github.com/x/y-z.F")},
		{"main.Max[go.shape.int]", fn("main.Max[go.shape.int]")},
		{"main.Pair[go.shape.int,go.shape.string].Swap", fn("main.Pair[go.shape.int,go.shape.string].Swap")},
		{"C.puts", fn("C.puts")},
		{"_start", fn("_start")},
		{"type..eq.main.T", fn("type..eq.main.T")},
		{"$x", fn("$x")},
		{"~r0", fn("~r0")},
		{"main.\u00e9t\u00e9", fn("main.\u00e9t\u00e9")},
		// FILE:FUNC, gdb's.
		{"main.go:x", ff("main.go", "x")},
		{"b.c:helper", ff("b.c", "helper")},
		{"main.go:main.fib", ff("main.go", "main.fib")},
		{"a:b.c:helper", ff("a:b.c", "helper")},
		// *ADDR: hex, decimal, Go's base prefixes; 0 leads octal as in C.
		{"*0x4beaa4", at(0x4beaa4)},
		{"*0X4BEAA4", at(0x4beaa4)},
		{"*4198400", at(4198400)},
		{"* 0x10", at(0x10)},
		{"*017", at(15)},
		{"*0o17", at(15)},
		{"*0b101", at(5)},
		{"*0xffffffffffffffff", at(0xffffffffffffffff)},
	}
	for _, tt := range tests {
		got, err := ParseLoc(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseLoc(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		// String spells it so that it parses back to the same Loc.
		if back, err := ParseLoc(got.String()); err != nil || back != got {
			t.Errorf("ParseLoc(%q).String() = %q, which parses to %+v, %v", tt.in, got.String(), back, err)
		}
	}
}

func TestParseLocErrors(t *testing.T) {
	const want = " (want FILE:LINE, LINE, FUNC, FILE:FUNC or *0xADDR)"
	long := strings.Repeat("x", 100) + ";"
	tests := []struct{ in, err string }{
		{"", `bad location "": empty`},
		{" \t ", `bad location "": empty`},
		{"main.go:", `bad location "main.go:": line "" is not a number`},
		{"main.go:1x", `bad location "main.go:1x": line "1x" is not a number`},
		{"main.go:x;y", `bad location "main.go:x;y": line "x;y" is not a number`},
		{"main.go:0", `bad location "main.go:0": line 0: lines start at 1`},
		{"main.go:-3", `bad location "main.go:-3": line -3: lines start at 1`},
		{"f.go:99999999999999999999", `bad location "f.go:99999999999999999999": line 99999999999999999999 is out of range`},
		{":12", `bad location ":12": no file before the colon`},
		{"::::", `bad location "::::": line "" is not a number`},
		{"0", `bad location "0": line 0: lines start at 1`},
		{"-3", `bad location "-3": line -3: lines start at 1`},
		{"+", `bad location "+": line "+" is not a number`},
		{"-", `bad location "-": line "-" is not a number`},
		{"12abc", `bad location "12abc": line "12abc" is not a number`},
		{"99999999999999999999", `bad location "99999999999999999999": line 99999999999999999999 is out of range`},
		{"*", `bad location "*": no address`},
		{"*  ", `bad location "*": no address`},
		{"*0xzz", `bad location "*0xzz": "0xzz" is not an address`},
		{"*09", `bad location "*09": "09" is not an address`},
		{"*-1", `bad location "*-1": "-1" is not an address`},
		{"*main", `bad location "*main": "main" is not an address`},
		{"*0x10000000000000000", `bad location "*0x10000000000000000": address 0x10000000000000000 is out of range`},
		{"main fib", `bad location "main fib": contains a space`},
		{"main.go:1 2", `bad location "main.go:1 2": contains a space`},
		{"main\tfib", `bad location "main\tfib": contains a space`},
		{"fib;ls", `bad location "fib;ls": not a function name`},
		{"f\x00", `bad location "f\x00": not a function name`},
		{"f\nb", `bad location "f\nb": not a function name`},
		{long, `bad location "` + strings.Repeat("x", 80) + `...": not a function name`},
		{"f.go:" + long, `bad location "f.go:` + strings.Repeat("x", 75) + `...": line "` + strings.Repeat("x", 80) + `..." is not a number`},
	}
	for _, tt := range tests {
		l, err := ParseLoc(tt.in)
		if err == nil {
			t.Errorf("ParseLoc(%q) = %+v, want the error %q", tt.in, l, tt.err)
			continue
		}
		if err.Error() != tt.err+want {
			t.Errorf("ParseLoc(%q) error\n got %s\nwant %s", tt.in, err, tt.err+want)
		}
		if _, ok := err.(*LocError); !ok {
			t.Errorf("ParseLoc(%q) error is a %T, want a *LocError", tt.in, err)
		}
	}
}

// The zero Loc is no location; a Loc built by hand spells as typed.
func TestLocString(t *testing.T) {
	for _, tt := range []struct {
		l    Loc
		want string
	}{
		{Loc{}, ""},
		{FileLine("/src/main.go", 12), "/src/main.go:12"},
		{Loc{Kind: LocAddr, Addr: 4198400}, "*0x401000"},
		{Loc{Kind: LocFileFunc, File: "b.c", Func: "helper"}, "b.c:helper"},
	} {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.l, got, tt.want)
		}
	}
}

// A location is parsed in time and memory linear in its length: a 64 KB
// paste of any shape allocates a few times its size, never its square.
// Memory, not time, so that a busy machine cannot fail it; each pass of
// the parser is a scan of the standard library's.
func TestParseLocLinear(t *testing.T) {
	const n = 64 << 10
	shapes := map[string]string{
		"name":      strings.Repeat("a.", n/2),
		"colons":    strings.Repeat(":", n),
		"file:line": strings.Repeat("a:", n/2) + "12",
		"file:func": strings.Repeat("a:", n/2) + "f",
		"digits":    strings.Repeat("9", n),
		"address":   "*0x" + strings.Repeat("f", n),
		"spaces":    "a" + strings.Repeat(" ", n) + "b",
		"stars":     strings.Repeat("*", n),
		"bad bytes": strings.Repeat("\xff", n),
		"nul":       strings.Repeat("\x00", n),
		"unicode":   strings.Repeat("\u00e9", n/2),
	}
	for name, s := range shapes {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := 0; i < 10; i++ {
			ParseLoc(s)
		}
		runtime.ReadMemStats(&after)
		per := (after.TotalAlloc - before.TotalAlloc) / 10
		if per > 8*uint64(len(s))+4096 {
			t.Errorf("%s: ParseLoc of %d bytes allocates %d bytes", name, len(s), per)
		}
	}
}

// FuzzParseLoc: no input panics, and whatever parses spells back to
// itself.
//
//	go test ./debugger -run '^$' -fuzz '^FuzzParseLoc$' -fuzztime 1m -parallel 1
func FuzzParseLoc(f *testing.F) {
	for _, s := range []string{"main.go:18", "18", "main.fib", "*0x4beaa4", "b.c:helper", "", ":", "*", "+",
		"a:b:c", "main.(*T).M", "* 0", "f.go:99999999999999999999", "\xff:1", "x:\u00e9", "0x10:0b1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLoc(s)
		if err != nil {
			if l != (Loc{}) {
				t.Errorf("ParseLoc(%q) = %+v with the error %v", s, l, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseLoc(%q): error of several lines: %q", s, err)
			}
			return
		}
		if l.Kind == LocNone {
			t.Fatalf("ParseLoc(%q) = the zero Loc, no error", s)
		}
		back, err := ParseLoc(l.String())
		if err != nil || back != l {
			t.Errorf("ParseLoc(%q) = %+v, spelled %q, which parses to %+v, %v", s, l, l.String(), back, err)
		}
	})
}

func BenchmarkParseLoc64K(b *testing.B) {
	s := strings.Repeat("a:", 32<<10) + "f"
	for i := 0; i < b.N; i++ {
		ParseLoc(s)
	}
}
