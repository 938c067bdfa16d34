package main

// Inlined calls and optimised builds: the rows of Delve's tests that build
// their fixture with inlining (protest.EnableInlining: -gcflags=all=-N,
// build "inline") or as a plain `go build` (EnableOptimization|
// EnableInlining: build "opt"), from pkg/proc/stepping_test.go,
// pkg/proc/proc_test.go and service/test/integration2_test.go. Delve's
// testseq2 sets the first row's breakpoint on FILE:LINE and clears it after
// the first continue; the cases do the same.

// testinline.go: main calls inlineThis (lines 5-8) twice, at lines 18 and
// 19; inlineThis calls f (line 24), which is not inlined.
var _ = addDelveCases(
	delveCase{
		name:    "TestInlineStep",
		fixture: "testinline", build: "inline",
		cmds: []string{"break testinline.go:18", "continue", "clear 1", "step", "step", "step", "step", "step", "step", "step"},
		want: []string{stop("main.main", 18), stop("main.main", 6), stop("main.main", 7), stop("main.f", 24),
			stop("main.f", 25), stop("main.main", 7), stop("main.main", 18), stop("main.main", 19)},
		live: true,
	},
	delveCase{
		name:    "TestInlineNext",
		fixture: "testinline", build: "inline",
		cmds: []string{"break testinline.go:18", "continue", "clear 1", "step", "next", "next", "next"},
		want: []string{stop("main.main", 18), stop("main.main", 6), stop("main.main", 7), stop("main.main", 18), stop("main.main", 19)},
		live: true,
	},
	delveCase{
		name:    "TestInlineStepOver",
		fixture: "testinline", build: "inline",
		cmds: []string{"break testinline.go:18", "continue", "clear 1", "next", "next"},
		want: []string{stop("main.main", 18), stop("main.main", 19), stop("main.main", 20)},
		live: true,
	},
	delveCase{
		name:    "TestInlineStepOut",
		fixture: "testinline", build: "inline",
		cmds: []string{"break testinline.go:18", "continue", "clear 1", "step", "stepout"},
		want: []string{stop("main.main", 18), stop("main.main", 6), stop("main.main", 18)},
		live: true,
	},
	// TestInlinedStacktraceAndVariables: a breakpoint on line 7 (inside
	// inlineThis) has an address in each inlined copy; at each stop frame
	// 0 is main.inlineThis at 7 and frame 1 main.main at the call line,
	// with the pc of frame 0; a and z are the copy's (3 and 9, then 4 and
	// 16); b (main's, not inlineThis's) cannot be evaluated in frame 0.
	delveCase{
		name:    "TestInlinedStacktraceAndVariables",
		fixture: "testinline", build: "inline",
		cmds: []string{"break testinline.go:7", "continue", "bt 2", "print a", "print z", "locals", "args",
			"continue", "bt 2", "print a", "print z", "print b", "locals", "args"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.main \S+testinline\.go:7 \(2 locations\)$`,
			stop("main.main", 7), frame(0, "main.inlineThis", 7), frame(1, "main.main", 18),
			exact("3"), exact("9"), exact("z = 9"), exact("a = 3"),
			stop("main.main", 7), frame(0, "main.inlineThis", 7), frame(1, "main.main", 19),
			exact("4"), exact("16"), `^error: no variable "b" in main\.inlineThis`, exact("z = 16"), exact("a = 4")},
		live: true,
	},
	// TestAllPCsForFileLines: line 7, in inlineThis, has code in both
	// inlined copies; line 20, main's own, in one place.
	delveCase{
		name:    "TestAllPCsForFileLines",
		fixture: "testinline", build: "inline",
		cmds: []string{"break testinline.go:7", "break testinline.go:20"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.main \S+testinline\.go:7 \(2 locations\)$`,
			`^Breakpoint 2 at 0x[0-9a-f]+: main\.main \S+testinline\.go:20$`},
	},
	// TestInlineFunctionList: the inlined function is known by name,
	// though no code of its own is left in the binary (tdb has no
	// function list: a breakpoint on it is the check).
	delveCase{
		name:    "TestInlineFunctionList",
		fixture: "testinline", build: "opt",
		cmds: []string{"break main.inlineThis"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.main \S+testinline\.go:\d+ \(2 locations\)$`},
	},
	// TestInlineBreakpoint: line 17 is the call of initialize, inlined:
	// one address, in main.main.
	delveCase{
		name:    "TestInlineBreakpoint",
		fixture: "testinline", build: "opt",
		cmds: []string{"break testinline.go:17", "continue"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.main \S+testinline\.go:17$`, stop("main.main", 17)},
		live: true,
	},
	// service/test TestClearLogicalBreakpoint: one logical breakpoint on
	// main.inlineThis with an address in each copy; clearing it clears
	// them all (the program then runs to its end).
	delveCase{
		name:    "TestClearLogicalBreakpoint",
		fixture: "testinline", build: "inline",
		cmds: []string{"break main.inlineThis", "breakpoints", "clear 1", "breakpoints", "continue"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.main \S+testinline\.go:6 \(2 locations\)$`,
			`^Breakpoint 1 at .*\(2 locations\) \(hits 0\)$`, `^Breakpoint 1 cleared`, exact("12 20"), exact("exited: status 0")},
	},
	// TestDoubleInlineBreakpoint: Height is inlined into Area, itself
	// inlined into main: one function, one inlined call, one address.
	delveCase{
		name:    "TestDoubleInlineBreakpoint",
		fixture: "doubleinline", build: "opt",
		cmds: []string{"break main.(*Rectangle).Height"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.main \S+doubleinline\.go:12$`},
	},
	// TestIssue1795 (Go 1.26: doExecute): doMatch and MatchString are
	// inlined into main; the backtrace at doExecute shows them as frames
	// with the pc of the call, then main at the call line.
	delveCase{
		name:    "TestIssue1795/next",
		fixture: "issue1795", build: "opt",
		cmds: []string{"continue", "next"},
		want: []string{stop("main.main", 12), stop("main.main", 13)},
		live: true,
	},
	delveCase{
		name:    "TestIssue1795/stacktrace",
		fixture: "issue1795", build: "opt",
		cmds: []string{"break regexp.(*Regexp).doExecute", "continue", "continue", "bt 4"},
		want: []string{stop("main.main", 12), stopIn("regexp.(*Regexp).doExecute"),
			frame(0, "regexp.(*Regexp).doExecute", 0), frame(1, "regexp.(*Regexp).doMatch", 0),
			frame(2, "regexp.(*Regexp).MatchString", 0), frame(3, "main.main", 12)},
		live: true,
	},
	// TestFirstStmtOptimizedBinaries: a function breakpoint in an
	// optimised build stops at the function's first statement, line 7.
	delveCase{
		name:    "TestFirstStmtOptimizedBinaries",
		fixture: "multinamedreturns", build: "opt",
		cmds: []string{"break main.ManyArgsWithNamedReturns", "continue"},
		want: []string{stop("main.ManyArgsWithNamedReturns", 7)},
		live: true,
	},
	// TestOptimizationCheck: main.main of an optimised build is
	// optimised, and the first stop there says so (Delve: "Warning:
	// debugging optimized function").
	delveCase{
		name:    "TestOptimizationCheck",
		fixture: "continuetestprog", build: "opt",
		cmds: []string{"break main.main", "continue"},
		want: []string{stopIn("main.main"), `^warning: main\.main is optimised code`},
		live: true,
	},
)

// The same programs as a plain `go build` (what a server runs): Delve's
// tables above have no rows for it, so these rows are Delve's live answers
// on the same binary (live: true is the check).
var _ = addDelveCases(
	delveCase{
		name:    "TestInlineNext/opt",
		fixture: "testinline", build: "opt",
		cmds: []string{"break main.inlineThis", "continue", "next", "next", "continue", "next", "next"},
		want: []string{stop("main.main", 7), stop("main.main", 18), stop("main.main", 19),
			stop("main.main", 6), stop("main.main", 7), stop("main.main", 19)},
		live: true,
	},
	delveCase{
		name:    "TestInlineStepOut/opt",
		fixture: "testinline", build: "opt",
		cmds: []string{"break testinline.go:19", "continue", "step", "stepout", "next"},
		want: []string{stop("main.main", 19), stop("main.main", 6), stop("main.main", 19), stop("main.main", 20)},
		live: true,
	},
	// testnextprog.go: TestNextGeneral's program as a plain build;
	// helloworld is inlined into testnext.
	delveCase{
		name:    "TestNextGeneral/opt",
		fixture: "testnextprog", build: "opt",
		cmds: []string{"break main.testnext", "continue", "next", "next", "next", "next", "next", "next", "next", "next", "next", "next", "next", "next"},
		want: []string{stop("main.testnext", 17), stop("main.testnext", 23), stop("main.testnext", 26), stop("main.testnext", 31),
			stop("main.testnext", 23), stop("main.testnext", 26), stop("main.testnext", 31), stop("main.testnext", 23),
			stop("main.testnext", 26), stop("main.testnext", 27), stop("main.testnext", 34), stop("main.testnext", 35),
			stop("main.main", 40)},
		live: true,
	},
	delveCase{
		name:    "TestNextGeneral/opt/inlined-helloworld",
		fixture: "testnextprog", build: "opt",
		cmds: []string{"break main.helloworld", "continue", "bt 2", "next", "next", "next"},
		want: []string{stop("main.testnext", 14), frame(0, "main.helloworld", 14), frame(1, "main.testnext", 0),
			stop("main.testnext", 35), stop("main.main", 40), stop("main.main", 41)},
		live: true,
	},
	// pkg/proc/variables_test.go TestSetupRangeFramesCrash, both builds:
	// in the body of a range-over-func loop (a closure the compiler
	// makes, main.PrintAllElements[...]-range1) the locals are the loop
	// variable v, the body's parameter.
	delveCase{
		name:    "TestSetupRangeFramesCrash",
		fixture: "setiterator",
		cmds:    []string{"break setiterator.go:48", "continue", "locals"},
		want:    []string{stopIn("main.PrintAllElements[go.shape.string]-range1"), `^v = "\d+"$`},
		live:    true,
	},
	delveCase{
		name:    "TestSetupRangeFramesCrash/opt",
		fixture: "setiterator", build: "opt",
		cmds: []string{"break setiterator.go:48", "continue", "locals"},
		want: []string{stopIn("main.PrintAllElements[go.shape.string]-range1"), `^v = "\d+"$`},
		live: true,
	},
	// service/test TestGenericsBreakpoint: a line of a generic function
	// is one breakpoint on main.testfn with an address in each of its two
	// instantiations; frame 1 is the call, line 10 then 11.
	delveCase{
		name:    "TestGenericsBreakpoint",
		fixture: "genericbp",
		cmds:    []string{"break genericbp.go:6", "continue", "bt 2", "continue", "bt 2"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.testfn \S+genericbp\.go:6 \(2 locations\)$`,
			stop("main.testfn[go.shape.uint16]", 6), frame(1, "main.main", 10),
			stop("main.testfn[go.shape.float64]", 6), frame(1, "main.main", 11)},
		live: true,
	},
	// The same by name, and optimised (both instantiations inlined into
	// main): Delve's live answers.
	delveCase{
		name:    "TestGenericsBreakpoint/func",
		fixture: "genericbp",
		cmds:    []string{"break main.testfn", "continue", "continue"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.testfn \S+genericbp\.go:5 \(2 locations\)$`,
			stop("main.testfn[go.shape.uint16]", 5), stop("main.testfn[go.shape.float64]", 5)},
		live: true,
	},
	delveCase{
		name:    "TestGenericsBreakpoint/func/opt",
		fixture: "genericbp", build: "opt",
		cmds: []string{"break main.testfn", "continue", "bt 2", "continue", "bt 2"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.main \S+genericbp\.go:6 \(2 locations\)$`,
			stop("main.main", 6), frame(0, "main.testfn[go.shape.uint16]", 6), frame(1, "main.main", 10),
			stop("main.main", 6), frame(0, "main.testfn[go.shape.float64]", 6), frame(1, "main.main", 11)},
		live: true,
	},
	// A method of a generic type by its generic name, as Delve accepts
	// it (setiterator's Set[E].Add): Delve's live answer.
	delveCase{
		name:    "TestGenericsBreakpoint/method",
		fixture: "setiterator",
		cmds:    []string{"break main.(*Set).Add", "continue"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.\(\*Set\)\.Add \S+setiterator\.go:42$`,
			stop("main.(*Set[go.shape.string]).Add", 42)},
		live: true,
	},
)
