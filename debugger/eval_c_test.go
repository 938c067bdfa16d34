package debugger

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

func needGcc(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
}

// C expressions in a C frame, with C's syntax and meaning: the values
// are what gdb 13 prints for them on the same program (gdbconf_cexpr_test.go
// compares the two directly where gdb is installed).
func TestEvalCExpressions(t *testing.T) {
	needGcc(t)
	tg := launch(t, "cgdb")
	line := fixture.LineOf(t, "cgdb", "prog.c", "marker: use")
	tg.brk("prog.c:" + strconv.Itoa(line))
	tg.stop(Continue{})
	for expr, want := range map[string]string{
		// casts
		"(char)65":                    "65 'A'",
		"(unsigned char)300":          "44 ','",
		"(uint_t)-1":                  "4294967295",
		"(short)70000":                "4464",
		"*(int *)&grid":               "1",
		"(int)2.9":                    "2",
		"(double)k / 2":               "4.5",
		"(unsigned long)-1 > 0":       "1",
		"(enum color)5 == BLUE":       "1",
		"((char *)msg)[1]":            "105 'i'",
		"(long)&grid[1] - (long)grid": "12",
		// sizeof
		"sizeof(int)":          "4",
		"sizeof r":             "8",
		"sizeof(*r)":           "56",
		"sizeof(struct rec)":   "56",
		"sizeof(uint_t)":       "4",
		"sizeof grid":          "24",
		"sizeof grid[0]":       "12",
		"sizeof(int (*)(int))": "8",
		"sizeof(int[10])":      "40",
		// C's integer arithmetic: promotions, wrap, division
		"7/2":          "3",
		"-7/2":         "-3",
		"7%-3":         "1",
		"1u-2":         "4294967295",
		"us+1":         "65536",
		"sc*2":         "-6",
		"ull+1":        "0",
		"2147483647+1": "-2147483648",
		"2147483648":   "2147483648",
		"uc+1":         "201",
		"'a'+1":        "98",
		"'a'":          "97 'a'",
		"'\\n'":        "10 '\\n'",
		"010 + 0x10":   "24",
		"1+2*3":        "7",
		"10-3-2":       "5",
		"1<<2+1":       "8",
		"2*3%4":        "2",
		"1|2^3&4":      "3",
		"-sc":          "3",
		"~0":           "-1",
		// comparisons, ! and ?: give int 1 or 0
		"!5":                "0",
		"3>2":               "1",
		"1 && 0 || 2":       "1",
		"k == 9 ? 10 : 20":  "10",
		"0 ? 1 : 2 ? 3 : 4": "3",
		// pointers
		"*(msg+1)":                  "105 'i'",
		"msg[3]":                    "116 't'",
		"&grid[1][2] - &grid[0][0]": "5",
		"*&counter":                 "42",
		"row[1][2]":                 "6",
		"*(*(row+1)+2)":             "6",
		"(&grid[1][0])[-1]":         "3",
		"**grid":                    "1",
		"(long)(r+1) - (long)r":     "56",
		"r == &*r":                  "1",
		"!r->next":                  "1",
		"(r+1) - r":                 "1",
		"r->name[1]":                "98 'b'",
		// enumerators
		"r->col == BLUE": "1",
		"BLUE + 1":       "6",
		"RED < GREEN":    "1",
		// functions
		"add == &add":  "1",
		"r->op == add": "1",
		// registers
		"$rip == $pc": "1",
		"$sp == $rsp": "1",
		"$fp == $rbp": "1",
		// gdb's convenience functions: they read, and call nothing
		"$_streq(r->name, \"abc\")":      "1",
		"$_strlen(msg)":                  "8",
		"$_regex(msg, \"^hi\")":          "1",
		"$_regex(r->name, \"b.$\")":      "0",
		"$_memeq(grid, &grid[0][0], 12)": "1",
		"$eax == (int)$rax":              "1",
		"*(long *)$sp == *(long *)$rsp":  "1",
	} {
		if got := tg.print(expr, 0); got != want {
			t.Errorf("print %s = %s, want %s", expr, got, want)
		}
	}
	// A long expression evaluates (left-associated, 3000 operators deep).
	if got := tg.print(strings.Repeat("k-8+", 3000)+"0", 0); got != "3000" {
		t.Errorf("3000 times k-8 = %s", got)
	}
	// A function is a value of its type at its entry.
	if got := tg.print("add", 0); !strings.HasPrefix(got, "{int (int, int)} 0x") || !strings.HasSuffix(got, " <add>") {
		t.Errorf("print add = %s", got)
	}
	for expr, want := range map[string]string{
		"sizeof(int)":               "int",
		"r->col == BLUE":            "int",
		"&grid[1][2] - &grid[0][0]": "long",
		"2147483648":                "long",
		"us+1":                      "int",
		"k+1":                       "unsigned int",
		"ull+1":                     "unsigned long",
		"'a'":                       "char",
		"$rax":                      "int64_t",
		"$eax":                      "int32_t",
		"&grid[1]":                  "int (*)[3]",
		"msg+1":                     "const char *",
	} {
		rep := tg.do(TypeOf{Expr: expr, Frame: 0})
		if rep.Err != nil || len(rep.Values) != 1 || rep.Values[0].Type != want {
			t.Errorf("whatis %s = %+v %v, want %s", expr, rep.Values, rep.Err, want)
		}
	}
	// Errors are one line, and nothing is called.
	for expr, want := range map[string]string{
		"add(1, 2)":          "add(1, 2): gdb would call add in the program; tdb does not call the program's functions",
		"--k":                "--k: gdb would subtract 1 from k in the program; tdb changes variables only with set var k = k - 1",
		"r->s++":             "gdb would add 1 to r.s in the program",
		"r->next->s":         "Cannot access memory at address 0x8",
		"1/0":                "Division by zero",
		"(struct nosuch *)r": "No struct type named nosuch",
		"r->":                "cannot parse",
		"k++":                "k++: gdb would add 1 to k in the program; tdb changes variables only with set var k = k + 1",
		"nosuch":             `no variable "nosuch"`,
		"*r->next":           "Cannot access memory at address 0x0",
	} {
		if got := tg.print(expr, 0); !strings.Contains(got, want) || strings.Contains(got, "\n") {
			t.Errorf("print %s = %s, want an error with %q", expr, got, want)
		}
	}
}

// x EXPR takes the address an expression designates: a pointer's value,
// an array's or a function's location.
func TestEvalCAddress(t *testing.T) {
	needGcc(t)
	tg := launch(t, "cgdb")
	line := fixture.LineOf(t, "cgdb", "prog.c", "marker: use")
	tg.brk("prog.c:" + strconv.Itoa(line))
	tg.stop(Continue{})
	addr := func(expr string) uint64 {
		t.Helper()
		rep := tg.do(Eval{Expr: expr, Frame: 0, Address: true})
		if rep.Err != nil {
			t.Fatalf("address of %s: %v", expr, rep.Err)
		}
		a, err := strconv.ParseUint(strings.TrimPrefix(rep.Values[0].Value, "0x"), 16, 64)
		if err != nil {
			t.Fatalf("address of %s: %q", expr, rep.Values[0].Value)
		}
		return a
	}
	if a, b := addr("grid"), addr("&grid"); a != b || a == 0 {
		t.Errorf("grid at %#x, &grid %#x", a, b)
	}
	if a, b := addr("r->name"), addr("r"); a != b {
		t.Errorf("r->name at %#x, r points at %#x", a, b)
	}
	if a, b := addr("&r->s"), addr("r"); a != b+8 {
		t.Errorf("&r->s = %#x, r = %#x", a, b)
	}
	if a, b := addr("add"), addr("r->op"); a != b {
		t.Errorf("add at %#x, r->op = %#x", a, b)
	}
	// C's offsetof: &p->f is arithmetic on p, reading nothing at 0.
	if got := tg.print("(long)&((struct rec *)0)->col", 0); got != "24" {
		t.Errorf("offset of col = %s, want 24", got)
	}
	// A register is set as gdb's set var $rax = 77 sets it.
	if rep := tg.do(SetVar{Expr: "$rax", Value: "77", Frame: 0}); rep.Err != nil {
		t.Errorf("set var $rax = 77: %v", rep.Err)
	} else if got := tg.print("$rax + 1", 0); got != "78" {
		t.Errorf("$rax + 1 = %s after set var $rax = 77", got)
	}
	rep := tg.do(ReadMemory{Addr: addr("msg + 3"), Len: 5})
	if rep.Err != nil || string(rep.Memory) != "there" {
		t.Errorf("memory at msg + 3 = %q, %v", rep.Memory, rep.Err)
	}
}

// Variables across units, in a -no-pie and a PIE build: an extern
// global defined in the other unit, file statics of one name in both,
// static locals (relocated by the load bias in the PIE build), and gdb's
// FUNC::var and 'file.c'::var.
func TestEvalCUnits(t *testing.T) {
	needGcc(t)
	for _, prog := range []string{"cunits", "cunits@pie"} {
		t.Run(prog, func(t *testing.T) {
			tg := launch(t, prog)
			line := fixture.LineOf(t, "cunits", "prog.c", "marker: tally")
			tg.brk("prog.c:" + strconv.Itoa(line))
			tg.stop(Continue{})
			for expr, want := range map[string]string{
				"calls":                   "41",
				"*where == calls":         "1",
				"&calls == &tally::calls": "1",
				"tally::calls":            "41",
				"bump::hits":              "100",
				"level":                   "11",
				"'prog.c'::level":         "11",
				"'other.c'::level":        "22",
				"shared_count":            "7",
				"global_cfg.level":        "3",
				"*global_cfg.name":        "99 'c'",
				"main::argc":              "1",
				"main::argv[0][0]":        "47 '/'",
				// typedef struct cfg cfg: the typedef in a cast
				"((cfg *)&global_cfg)->level": "3",
				"sizeof(cfg)":                 "16",
				"(struct cfg *)c == c":        "1",
			} {
				if got := tg.print(expr, 0); got != want {
					t.Errorf("print %s = %s, want %s", expr, got, want)
				}
			}
			// In the other unit, its own static and the extern global
			// defined in prog.c.
			tg.brk("bump")
			tg.stop(Continue{})
			for expr, want := range map[string]string{
				"level":        "22",
				"hits":         "100",
				"shared_count": "7",
				"tally::calls": "41",
			} {
				if got := tg.print(expr, 0); got != want {
					t.Errorf("in bump: print %s = %s, want %s", expr, got, want)
				}
			}
		})
	}
}

// A condition in C: -> and enumerators, on the breakpoint and set later.
func TestCondC(t *testing.T) {
	needGcc(t)
	tg := launch(t, "cgdb")
	if rep := tg.do(SetBreakpoint{Loc: mustLoc("use"), Cond: `r->s == 61 || !$_streq(r->name, "abc")`}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	line := fixture.LineOf(t, "cgdb", "prog.c", "marker: use")
	rep := tg.do(SetBreakpoint{Loc: mustLoc("prog.c:" + strconv.Itoa(line)), Cond: "r->col == BLUE && r->s == 60 && (uint_t)k == 9 && (k) == 9"})
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	st := tg.stop(Continue{})
	if st.Line != line {
		t.Fatalf("stopped at %s, want line %d (r->s == 61 is false)", where(st), line)
	}
	if got := tg.print("r->s", 0); got != "60" {
		t.Errorf("r->s = %s", got)
	}
}

// The C parser's work and memory grow linearly with the expression
// (issue 13): allocations per parse at ten times the length are about
// ten times as many, and deep nesting is refused, not recursed into.
func TestParseCLinear(t *testing.T) {
	expr := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("(r->a[1] + 'c' * (int)x) - 1e-5 + 0x1p-3 - ")
		}
		b.WriteString("1")
		return b.String()
	}
	small, big := expr(200), expr(2000)
	if _, err := parseC(big, nil); err != nil {
		t.Fatal(err)
	}
	a := testing.AllocsPerRun(3, func() { parseC(small, nil) })
	b := testing.AllocsPerRun(3, func() { parseC(big, nil) })
	if b > 12*a {
		t.Errorf("parsing 10x the expression allocates %.0f times as much (%.0f, %.0f)", b/a, a, b)
	}
	deep := strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000)
	if _, err := parseC(deep, nil); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("100000 parentheses: %v", err)
	}
	unary := strings.Repeat("-", 100000) + "1"
	if _, err := parseC(unary, nil); err == nil {
		t.Errorf("100000 minus signs parsed")
	}
	for _, bad := range []string{"", "(", "1 +", "(int", "sizeof(", "a ? b", "'x", "\"abc", "a->", "#", "(struct)x"} {
		if _, err := parseC(bad, nil); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// The C parser never panics, whatever it is given, nor does printing
// what it parsed (error messages quote it).
func FuzzParseC(f *testing.F) {
	for _, s := range []string{"(char)65", "sizeof(struct rec)", "r->col == BLUE ? 'a' : \"b\"", "*(int (*)[3])&grid",
		"'prog.c'::level", "tally::calls", "*argv@argc", "$rsp + 8", "a[1:2]", "1e-5 + 0x1p3", "((((x))))", "'\\x41'", "- - ~ ! 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := parseC(s, func(n string) bool { return n == "uint_t" })
		if err != nil {
			return
		}
		_ = exprString(x)
	})
}

// argv as a C programmer reads it, from main's frame up the stack.
func TestEvalCArgv(t *testing.T) {
	needGcc(t)
	tg := launch(t, "cunits", "alpha", "beta")
	line := fixture.LineOf(t, "cunits", "prog.c", "marker: tally")
	tg.brk("prog.c:" + strconv.Itoa(line))
	tg.stop(Continue{})
	for expr, want := range map[string]string{
		"argc":                 "3",
		"argv[argc-1][0]":      "98 'b'",
		"*argv[1]":             "97 'a'",
		"**(argv+2)":           "98 'b'",
		"argv[1][4]":           "97 'a'",
		"argv[1][5] == 0":      "1",
		"argv[3] == 0":         "1",
		"*(argv+1) == argv[1]": "1",
		"&argv[2] - argv":      "2",
		"sizeof argv[0]":       "8",
	} {
		if got := tg.print(expr, 1); got != want {
			t.Errorf("in main: print %s = %s, want %s", expr, got, want)
		}
	}
	if got := tg.print("argv[1]", 1); !strings.HasSuffix(got, ` "alpha"`) {
		t.Errorf("in main: print argv[1] = %s", got)
	}
}

// In a cgo program each frame has its own unit's language: C's syntax
// and meaning in the C function, Go's in main.main.
func TestEvalCgoFrames(t *testing.T) {
	needGcc(t)
	tg := launch(t, "cgostack")
	tg.brk("cmid")
	st := tg.stop(Continue{})
	for expr, want := range map[string]string{
		"(char)(x + 62)":   "65 'A'",
		"sizeof(int)":      "4",
		"x > 2 ? 10 : 20":  "10",
		"x / 2 * 2 == x":   "0",
		"x == 3 && !(x-3)": "1",
	} {
		if got := tg.print(expr, 0); got != want {
			t.Errorf("in cmid: print %s = %s, want %s", expr, got, want)
		}
	}
	goFrame := -1
	for i, f := range st.Frames {
		if f.Function == "main.main" {
			goFrame = i
			break
		}
	}
	if goFrame < 0 {
		t.Fatalf("no main.main in the backtrace: %v", funcs(st.Frames))
	}
	for expr, want := range map[string]string{
		"len(os.Args) == 1": "true",
		"1 > 0":             "true",
	} {
		if got := tg.print(expr, goFrame); got != want {
			t.Errorf("in main.main: print %s = %s, want %s", expr, got, want)
		}
	}
}
