package main

import "regexp"

// Cases about how values print: rows of Delve's pkg/proc/variables_test.go
// tables (TestVariableEvaluation2, TestEvalExpression, TestEmbeddedStruct,
// TestEvalExpressionGenerics, TestEvalAddrAndCast, TestSetVariable's
// start values, TestReadClosure). Delve's "value" column is its one-line
// form with the load limits of its print command (strings and arrays cut
// at 64, one level of nesting), which is what tdb's batch print shows.
// The tables stop at runtime.Breakpoint() and step out to main; these
// cases break on the line of that call instead, where every variable is
// set (stopping at runtime.Breakpoint is the stepping cases' business).

// tv2 runs cmds at testvariables2.go:446 (its first runtime.Breakpoint()).
func tv2(name string, cmds []string, want ...string) delveCase {
	return delveCase{name: name, fixture: "testvariables2",
		cmds: append([]string{"break testvariables2.go:446", "continue"}, cmds...), want: want}
}

// tv2p is a row: print expr gives exactly value.
func tv2p(name, expr, value string) delveCase {
	return tv2(name, []string{"print " + expr}, exact(value))
}

// tv is a row of TestVariableEvaluation2 on testvariables.go, which
// stops at its runtime.Breakpoint() on line 65 (in foobar).
func tv(name, expr, value string) delveCase {
	return delveCase{name: name, fixture: "testvariables",
		cmds: []string{"break testvariables.go:65", "continue", "print " + expr}, want: []string{exact(value)}}
}

var _ = addDelveCases(
	// TestVariableEvaluation2 (testvariables.go)
	tv("TestVariableEvaluation2/a1", "a1", `"foofoofoofoofoofoo"`),
	tv("TestVariableEvaluation2/a11", "a11", `[3]main.FooBar [{Baz: 1, Bur: "a"},{Baz: 2, Bur: "b"},{Baz: 3, Bur: "c"}]`),
	tv("TestVariableEvaluation2/a12", "a12", `[]main.FooBar len: 2, cap: 2, [{Baz: 4, Bur: "d"},{Baz: 5, Bur: "e"}]`),
	tv("TestVariableEvaluation2/a13", "a13", `[]*main.FooBar len: 3, cap: 3, [*{Baz: 6, Bur: "f"},*{Baz: 7, Bur: "g"},*{Baz: 8, Bur: "h"}]`),
	tv("TestVariableEvaluation2/a4", "a4", "[2]int [1,2]"),
	tv("TestVariableEvaluation2/a5", "a5", "[]int len: 5, cap: 5, [1,2,3,4,5]"),
	tv("TestVariableEvaluation2/a6", "a6", `main.FooBar {Baz: 8, Bur: "word"}`),
	tv("TestVariableEvaluation2/a7", "a7", `*main.FooBar {Baz: 5, Bur: "strum"}`),
	tv("TestVariableEvaluation2/a8", "a8", `main.FooBar2 {Bur: 10, Baz: "feh"}`),
	tv("TestVariableEvaluation2/a9", "a9", "*main.FooBar nil"),
	tv("TestVariableEvaluation2/c64", "c64", "(1 + 2i)"),
	tv("TestVariableEvaluation2/i32", "i32", "[2]int32 [1,2]"),
	tv("TestVariableEvaluation2/u64", "u64", "18446744073709551615"),
	tv("TestVariableEvaluation2/f", "f", "main.barfoo"),
	tv("TestVariableEvaluation2/ba", "ba", "[]int len: 200, cap: 200, [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,...+136 more]"),
	tvPrefix("TestVariableEvaluation2/ms", "ms", "main.Nest {Level: 0, Nest: *main.Nest {Level: 1, Nest: *(*main.Nest)("),
	tvPrefix("TestVariableEvaluation2/ms.Nest.Nest", "ms.Nest.Nest", "*main.Nest {Level: 2, Nest: *main.Nest {Level: 3, Nest: *(*main.Nest)("),
	// TestMultilineVariableEvaluation: tdb's print is one line.
	withDiffer(tv("TestMultilineVariableEvaluation/a7", "a7", `*main.FooBar {Baz: 5, Bur: "strum"}`),
		"tdb's batch print gives the value on one line (DESIGN.md); Delve's terminal print spreads it over lines "+
			"and puts a pointer's address on a line of its own first"),

	// TestLocalVariables: the rows not in TestVariableEvaluation2.
	tv("TestLocalVariables/a10", "a10", `"ofo"`),
	tv("TestLocalVariables/mp", "mp", "map[int]interface {} [1: 42, 2: 43, ]"),
	tvPrefix("TestLocalVariables/ni", "ni", "[]interface {} len: 1, cap: 1, [[]interface {} len: 1, cap: 1, [*(*interface {})"),
	tv("TestVariableEvaluation2/ms.Nest.Nest.Nest.Nest.Nest", "ms.Nest.Nest.Nest.Nest.Nest", "*main.Nest nil"),

	// TestEvalExpression (testvariables2.go): its rows are all in
	// conformance_expr_test.go; these two values of the same stop are not
	// in its table and were checked against dlv's live answer.
	tv2p("testvariables2 (live dlv)/a1", "a1", `[5]string ["one","two","three","four","five"]`),
	tv2p("testvariables2 (live dlv)/typedstringvar", "typedstringvar", `"blah"`),

	// TestEvalExpression's conversions to pointers print as addresses.

	// TestSetVariable's start values (testvariables2.go).
	tv2p("TestSetVariable/b.ptr", "b.ptr", "*main.A {val: 1337}"),
	tv2p("TestSetVariable/m2", "m2", "map[int]*main.astruct [1: *{A: 10, B: 11}, ]"),
	tv2p("TestSetVariable/s2", "s2", "[]main.astruct len: 8, cap: 8, [{A: 1, B: 2},{A: 3, B: 4},{A: 5, B: 6},{A: 7, B: 8},{A: 9, B: 10},{A: 11, B: 12},{A: 13, B: 14},{A: 15, B: 16}]"),
	tv2p("TestSetVariable/as1", "as1", "main.astruct {A: 1, B: 1}"),
	tv2p("TestSetVariable/s3", "s3", "[]int len: 0, cap: 6, []"),

	// TestPointerSetting: p1 follows what it points to. Delve's test sets
	// p1 to (*int)(ADDRESS OF i2); a batch cannot paste an address, so
	// &i2 says the same.
	tv2("TestPointerSetting", []string{"print p1", "set p1 = &i2", "print p1", "set i2 = 5", "print p1"},
		exact("*1"), exact("*2"), exact("*5")),

	// TestIssue406 (issue406.go): a map of pointers to structs holding a
	// named map (type Source map[string]*Src), one level down.
	delveCase{name: "TestIssue406", fixture: "issue406",
		cmds: []string{"break issue406.go:146", "continue", "print cfgtree"},
		want: []string{`^` + regexpQuote(`map[string]*main.Node ["blacklist": *{Disable: false, IP: "0.0.0.0", Include: []string len: 0, cap: 0, nil, Exclude: []string len: 0, cap: 0, nil, Source: main.Source []}, "domains": *{Disable: false, IP: "", Include: []string len: 8, cap: 8, ["adsrvr.org",`) +
			`.*` + regexpQuote(`Source: main.Source [...]}, "hosts": *{Disable: false, IP: "", Include: []string len: 1, cap: 1, ["beap.gemini.yahoo.com"], Exclude: []string len: 0, cap: 0, nil, Source: main.Source [...]}, ]`) + `$`}},

	// TestEvalAddrAndCast: &x is shown by its address.
	tv2("TestEvalAddrAndCast/&c1", []string{"print &c1"}, `^\(\*main\.cstruct\)\(0x[0-9a-f]+\)$`),
	tv2("TestEvalAddrAndCast/&(c1.pb.a)", []string{"print &(c1.pb.a)"}, `^\(\*main\.astruct\)\(0x[0-9a-f]+\)$`),

	// TestEmbeddedStruct: promoted fields, breadth first; embedded
	// interfaces promote nothing.
	tv2p("TestEmbeddedStruct/b.val", "b.val", "-314"),
	tv2p("TestEmbeddedStruct/b.A.val", "b.A.val", "-314"),
	tv2p("TestEmbeddedStruct/b.a.val", "b.a.val", "42"),
	tv2p("TestEmbeddedStruct/b.ptr.val", "b.ptr.val", "1337"),
	tv2p("TestEmbeddedStruct/b.C.s", "b.C.s", `"hello"`),
	tv2p("TestEmbeddedStruct/b.s", "b.s", `"hello"`),
	tv2p("TestEmbeddedStruct/b2", "b2", "main.B {A: main.A {val: 42}, C: *main.C nil, a: main.A {val: 47}, ptr: *main.A nil}"),
	tv2p("TestEmbeddedStruct/w2.W1.T.F", "w2.W1.T.F", `"T-inside-W1"`),
	tv2p("TestEmbeddedStruct/w2.W1.F", "w2.W1.F", `"T-inside-W1"`),
	tv2p("TestEmbeddedStruct/w2.T.F", "w2.T.F", `"T-inside-W2"`),
	tv2p("TestEmbeddedStruct/w2.F", "w2.F", `"T-inside-W2"`),
	tv2p("TestEmbeddedStruct/w3.I.T.F", "w3.I.T.F", `"T-inside-W1"`),
	tv2p("TestEmbeddedStruct/w3.I.F", "w3.I.F", `"T-inside-W1"`),
	tv2p("TestEmbeddedStruct/w3.T.F", "w3.T.F", `"T-inside-W3"`),
	tv2p("TestEmbeddedStruct/w3.F", "w3.F", `"T-inside-W3"`),
	tv2p("TestEmbeddedStruct/w4.I.T.F", "w4.I.T.F", `"T-inside-W1"`),
	tv2p("TestEmbeddedStruct/w4.I.F", "w4.I.F", `"T-inside-W1"`),
	tv2("TestEmbeddedStruct/w4.F", []string{"print w4.F"}, exact("error: w4 has no member F")),
	tv2("TestEmbeddedStruct/w5.F", []string{"print w5.F"}, exact("error: w5 has no member F")),

	// TestReadClosure (closurecontents.go), its first stop: a closure's
	// captured variables read as its fields. The later stops come after
	// continuing from runtime.Breakpoint(), which tdb cannot yet do.
	delveCase{name: "TestReadClosure/0", fixture: "closurecontents",
		cmds:   []string{"break closurecontents.go:18", "continue", "print acc.scale", "print acc.a", "print acc"},
		want:   []string{exact("3"), exact("0"), exact("main.makeAcc.func1 {a: 0, scale: 3}")},
		differ: "print acc shows the captured variables on one line; Delve's print puts each on a line of its own (acc int = 0)"},
	// TestCapturedVarVisibleOnFirstLine (issue4000.go): on the closure's
	// first line its captured variable is read from the closure itself.
	delveCase{name: "TestCapturedVarVisibleOnFirstLine", fixture: "issue4000",
		cmds: []string{"break main.main.func1", "continue", "print test"},
		want: []string{stop("main.main.func1", 7), exact(`"a string"`)}},

	// TestConstants (consts.go): an integer of a type with constants is
	// named by them.
	consts("a", "constTwo (2)"),
	consts("b", "constThree (3)"),
	consts("c", "bitZero|bitOne (3)"),
	consts("d", "33"),
	consts("e", "10"),
	consts("f", "0"),
	consts("bitZero", "1"),
	consts("constTwo", "2"),
	consts("pkg.SomeConst", "2"),

	// TestPackageRenames (pkgrenames.go): dynamic types named with their
	// package paths, whatever the import names.
	renames("badexpr", `interface {}(*go/ast.BadExpr) *{From: 1, To: 2}`),
	renamesPrefix("req", `interface {}(*net/http.Request) *{Method: "amethod", `),
	renames("iface3", `interface {}(*github.com/go-delve/delve/_fixtures/internal/dir0/renamedpackage.SomeType) *{A: true}`),
	renames("dir0someType", "interface {}(*github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType) *{X: 3}"),
	renames("dir1someType", "interface {}(github.com/go-delve/delve/_fixtures/internal/dir1/pkg.SomeType) {X: 1, Y: 2}"),
	renames("amap3", "interface {}(map[github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType]github.com/go-delve/delve/_fixtures/internal/dir1/pkg.SomeType) [{X: 4}: {X: 5, Y: 6}, ]"),
	renames("anarray", `interface {}([2]github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType) [{X: 1},{X: 2}]`),
	renames("achan", `interface {}(chan github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType) chan github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType 0/0`),
	renames("aslice", `interface {}([]github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType) [{X: 3},{X: 4}]`),
	renames("afunc", `interface {}(func(github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType, github.com/go-delve/delve/_fixtures/internal/dir1/pkg.SomeType)) main.main.func1`),
	renames("astruct", `interface {}(*struct { A github.com/go-delve/delve/_fixtures/internal/dir1/pkg.SomeType; B github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType }) *{A: github.com/go-delve/delve/_fixtures/internal/dir1/pkg.SomeType {X: 1, Y: 2}, B: github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType {X: 3}}`),
	renames("iface2iface", `interface {}(*interface { AMethod(int) int; AnotherMethod(int) int }) **github.com/go-delve/delve/_fixtures/internal/dir0/pkg.SomeType {X: 4}`),
	renamesPrefix("amap", "interface {}(map[go/ast.BadExpr]net/http.Request) [{From: 2, To: 3}: {Method: \"othermethod\", "),
	renamesPrefix("amap2", "interface {}(*map[go/ast.BadExpr]net/http.Request) *[{From: 2, To: 3}: {Method: \"othermethod\", "),
	renames("astruct2", `interface {}(*struct { github.com/go-delve/delve/_fixtures/internal/dir1/pkg.SomeType; X int }) *{SomeType: github.com/go-delve/delve/_fixtures/internal/dir1/pkg.SomeType {X: 1, Y: 2}, X: 10}`),
	renames(`"dir0/pkg".A`, "0"),
	renames("dirio.A", `"something"`),

	// TestUnsafePointer
	tv2("TestUnsafePointer", []string{"print up1"}, `^unsafe\.Pointer\(0x[0-9a-f]+\)$`),

	// TestEvalExpressionGenerics (testvariables_generic.go): a generic
	// function's variables have their type arguments' types, not the GC
	// shape's. Both instantiations stop on line 15; the second continue
	// goes past the first one's runtime.Breakpoint().
	delveCase{name: "TestEvalExpressionGenerics/0", fixture: "testvariables_generic",
		cmds: []string{"break testvariables_generic.go:15", "continue", "print arg1", "print arg2", "print m"},
		want: []string{exact("3"), exact("2.1"), exact("map[float32]int [2.1: 3, ]")}},
	delveCase{name: "TestEvalExpressionGenerics/1", fixture: "testvariables_generic",
		cmds: []string{"break testvariables_generic.go:15", "continue", "continue", "continue", "print arg1", "print arg2", "print m"},
		want: []string{exact("*main.astruct {x: 0, y: 1}"), exact("main.astruct {x: 2, y: 3}"),
			exact("map[main.astruct]*main.astruct [{x: 2, y: 3}: *{x: 0, y: 1}, ]")},
	},
)

func withDiffer(c delveCase, why string) delveCase { c.differ = why; return c }

func tvPrefix(name, expr, prefix string) delveCase {
	c := tv(name, expr, "")
	c.want = []string{`^` + regexpQuote(prefix)}
	return c
}

func regexpQuote(s string) string { return regexp.QuoteMeta(s) }

// consts is a row of TestConstants, at consts.go's runtime.Breakpoint()
// (the path tells it from the runtime's own consts.go).
func consts(expr, value string) delveCase {
	return delveCase{name: "TestConstants/" + expr, fixture: "consts",
		cmds: []string{"break _fixtures/consts.go:35", "continue", "print " + expr}, want: []string{exact(value)}}
}

// renames is a row of TestPackageRenames, at pkgrenames.go's
// runtime.Breakpoint().
func renames(expr, value string) delveCase {
	return delveCase{name: "TestPackageRenames/" + expr, fixture: "pkgrenames",
		cmds: []string{"break _fixtures/pkgrenames.go:50", "continue", "print " + expr}, want: []string{exact(value)}}
}

func renamesPrefix(expr, prefix string) delveCase {
	c := renames(expr, "")
	c.want = []string{`^` + regexpQuote(prefix)}
	return c
}
