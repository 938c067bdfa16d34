package main

import (
	"regexp"
	"strconv"
)

// Stops the Go runtime causes: runtime.Breakpoint (Delve's
// hardcoded-breakpoint), unrecovered panics (unrecovered-panic), fatal
// errors (runtime-fatal-throw), the faulting line under sigpanic, and
// backtraces that cross from C to Go and back. Rows of pkg/proc/proc_test.go
// and service/dap/server_test.go.

// cFrame matches backtrace row n (any n when n < 0) in the C function
// fn of file. Delve names C functions "C.fn"; tdb names them as the
// binary's symbols do.
func cFrame(n int, fn, file string) string {
	idx := `\d+`
	if n >= 0 {
		idx = strconv.Itoa(n)
	}
	return `^#` + idx + ` 0x[0-9a-f]+ ` + regexp.QuoteMeta(fn) + ` at \S+/` + regexp.QuoteMeta(file) + `:\d+$`
}

// goFrame matches a backtrace row in Go function fn, at any index.
func goFrame(fn string) string {
	return `^#\d+ 0x[0-9a-f]+ ` + regexp.QuoteMeta(fn) + ` at \S+:\d+$`
}

// goFrameAt matches a backtrace row in Go function fn at line, at any
// index.
func goFrameAt(fn string, line int) string {
	return `^#\d+ 0x[0-9a-f]+ ` + regexp.QuoteMeta(fn) + ` at \S+:` + strconv.Itoa(line) + `$`
}

// top matches backtrace row 0 in Go function fn.
func top(fn string) string { return frame(0, fn, 0) }

const (
	panicStop = `^stopped: panic: runtime\.fatalpanic at \S+/runtime/panic\.go:\d+ \(`
	fatalStop = `^stopped: fatal error: runtime\.(fatal|throw) at \S+/runtime/panic\.go:\d+ \(`
	exit0     = `^exited: status 0$`
)

// fatalStopAt matches a fatal-error stop in runtime function fn.
func fatalStopAt(fn string) string {
	return `^stopped: fatal error: runtime\.` + regexp.QuoteMeta(fn) + ` at \S+:\d+ \(`
}

var _ = addDelveCases(
	// TestRuntimeBreakpoint: continue stops at line 10, the line after
	// runtime.Breakpoint() (Delve steps out of runtime.breakpoint).
	delveCase{name: "TestRuntimeBreakpoint", fixture: "testruntimebreakpoint",
		cmds: []string{"continue"},
		want: []string{`^stopped: hardcoded breakpoint: main\.main at \S+/testruntimebreakpoint\.go:10 \(`},
		live: true},
	// ... and the program goes on from there, never receiving the SIGTRAP.
	delveCase{name: "TestRuntimeBreakpoint/next", fixture: "testruntimebreakpoint",
		cmds: []string{"continue", "next"},
		want: []string{stop("main.main", 10), exact("broke"), stop("main.main", 11)},
		live: true},
	delveCase{name: "TestRuntimeBreakpoint/continue", fixture: "testruntimebreakpoint",
		cmds: []string{"continue", "continue"},
		want: []string{stop("main.main", 10), exact("broke"), exit0},
		live: true},
	delveCase{name: "TestRuntimeBreakpoint/step", fixture: "testruntimebreakpoint",
		cmds: []string{"continue", "step"},
		want: []string{stop("main.main", 10), stopIn("fmt.Println")},
		live: true},
	// A breakpoint on line 10, where runtime.Breakpoint returns to: the
	// hardcoded stop, then the breakpoint (not a table row: Delve's live
	// answer).
	delveCase{name: "TestRuntimeBreakpoint/breakpoint-after", fixture: "testruntimebreakpoint",
		cmds: []string{"break testruntimebreakpoint.go:10", "continue", "continue"},
		want: []string{`^stopped: hardcoded breakpoint: main\.main at \S+:10 \(`, `^stopped: breakpoint 1: main\.main at \S+:10 \(`},
		live: true},
	// The same optimised (runtime.Breakpoint inlined into main) and with
	// inlining only: Delve's live answers.
	delveCase{name: "TestRuntimeBreakpoint/opt", fixture: "testruntimebreakpoint", build: "opt",
		cmds: []string{"continue", "next"},
		want: []string{`^stopped: hardcoded breakpoint: main\.main at \S+/testruntimebreakpoint\.go:10 \(`, stop("main.main", 11)},
		live: true},
	delveCase{name: "TestRuntimeBreakpoint/inline", fixture: "testruntimebreakpoint", build: "inline",
		cmds: []string{"continue", "next"},
		want: []string{`^stopped: hardcoded breakpoint: main\.main at \S+/testruntimebreakpoint\.go:9 \(`, stop("main.main", 10)},
		live: true},
	// Stepping onto the call: next stops at the breakpoint's line after
	// it, step goes into runtime.Breakpoint (exported: Delve steps only
	// over the runtime's unexported functions, privateRuntime).
	delveCase{name: "TestRuntimeBreakpoint/nextover", fixture: "testruntimebreakpoint",
		cmds: []string{"break main.main", "continue", "next", "next"},
		want: []string{stop("main.main", 8), stop("main.main", 9), `^stopped: hardcoded breakpoint: main\.main at \S+:10 \(`},
		live: true},
	delveCase{name: "TestRuntimeBreakpoint/stepin", fixture: "testruntimebreakpoint",
		cmds: []string{"break main.main", "continue", "next", "step"},
		want: []string{stop("main.main", 8), stop("main.main", 9), stopIn("runtime.Breakpoint")},
		live: true},
	delveCase{name: "TestRuntimeBreakpoint/stepout", fixture: "testruntimebreakpoint",
		cmds: []string{"continue", "stepout"},
		want: []string{stop("main.main", 10), exact("broke"), stopIn("runtime.main")},
		live: true},

	// TestHardcodedBreakpointCounts: two goroutines each call
	// runtime.Breakpoint 100 times; every one is a hardcoded-breakpoint
	// stop (Delve counts 100 per goroutine; tdb reports one thread a stop,
	// and an int3 met while stopping the others later, so 200 stops).
	delveCase{name: "TestHardcodedBreakpointCounts", fixture: "hcbpcountstest",
		cmds: repeat("continue", 201),
		want: append(repeat(`^stopped: hardcoded breakpoint: main\.demo at \S+/hcbpcountstest\.go:15 \(`, 200), exit0)},

	// TestDeadlockBreakpoint: the deadlock stops at the runtime-fatal-throw
	// breakpoint; tdb says the runtime's message after the stop.
	delveCase{name: "TestDeadlockBreakpoint", fixture: "testdeadlock",
		cmds: []string{"continue"},
		want: []string{fatalStop, exact("fatal error: all goroutines are asleep - deadlock!")},
		live: true},
	// TestThreadFrameEvaluation: at the deadlock stop (no goroutine: the
	// thread's scope) s evaluates in frame 0.
	delveCase{name: "TestThreadFrameEvaluation", fixture: "testdeadlock",
		cmds: []string{"continue", "print s"},
		want: []string{fatalStop, exact(`"all goroutines are asleep - deadlock!"`)},
		live: true},
	// TestFatalThrow (service/dap/server_test.go, "fatalerror"): a fatal
	// error stop, described "fatal error", text "go of nil func value";
	// tdb selects main.main, where the go statement is.
	delveCase{name: "TestFatalThrowBreakpoint", fixture: "fatalerror",
		cmds: []string{"continue", "bt"},
		want: []string{fatalStop, exact("fatal error: go of nil func value"), top("runtime.fatal"), goFrameAt("main.main", 5)},
		live: true},

	// TestPanicBreakpoint: an unrecovered panic stops at the
	// unrecovered-panic breakpoint. The value as Delve's debug adapter
	// says it (TestPanicBreakpointOnContinue: text "\"BOOM!\"").
	delveCase{name: "TestPanicBreakpoint", fixture: "panic",
		cmds: []string{"continue", "bt"},
		want: []string{panicStop, exact(`panic: "BOOM!"`), top("runtime.fatalpanic"), goFrame("runtime.gopanic"), goFrameAt("main.main", 5)},
		live: true},
	// TestPanicBreakpointOnContinue and TestPanicBreakpointOnNext
	// (service/dap/server_test.go): from the breakpoint on panic.go:5 a
	// continue, or a next over the panic, stops at the panic, text
	// "\"BOOM!\"". (The fixture's panic.go is named by a longer suffix:
	// plain panic.go is ambiguous with the runtime's.)
	delveCase{name: "TestPanicBreakpointOnContinue", fixture: "panic",
		cmds: []string{"break _fixtures/panic.go:5", "continue", "continue"},
		want: []string{stop("main.main", 5), panicStop, exact(`panic: "BOOM!"`)},
		live: true},
	delveCase{name: "TestPanicBreakpointOnNext", fixture: "panic",
		cmds: []string{"break _fixtures/panic.go:5", "continue", "next"},
		want: []string{stop("main.main", 5), panicStop, exact(`panic: "BOOM!"`)},
		live: true},
	// TestSystemstackStacktrace: from runtime.startpanic_m, which runs on
	// the system stack, the backtrace reaches gopanic and main.main.
	delveCase{name: "TestSystemstackStacktrace", fixture: "panic",
		cmds: []string{"break runtime.startpanic_m", "continue", "continue", "bt"},
		want: []string{panicStop, stopIn("runtime.startpanic_m"), top("runtime.startpanic_m"), goFrame("runtime.gopanic"), goFrame("main.main")},
		live: true},

	// TestCmdLineArgs: testargs exits 0 with good arguments and stops at
	// the unrecovered-panic breakpoint with bad ones; rows in the test's
	// order (the arguments: test; -test; test, "pass flag"; "test pass",
	// flag; test, pass, flag; "test pass flag"; none; invalid; test,
	// invalid; invalid, "pass flag").
	delveCase{name: "TestCmdLineArgs/1", fixture: "testargs", args: []string{"test"},
		cmds: []string{"continue"}, want: []string{exit0}, live: true},
	delveCase{name: "TestCmdLineArgs/2", fixture: "testargs", args: []string{"-test"},
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args[1] is not test!"`)}, live: true},
	delveCase{name: "TestCmdLineArgs/3", fixture: "testargs", args: []string{"test", "pass flag"},
		cmds: []string{"continue"}, want: []string{exit0}, live: true},
	delveCase{name: "TestCmdLineArgs/4", fixture: "testargs", args: []string{"test pass", "flag"},
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args[1] is not test!"`)}, live: true},
	delveCase{name: "TestCmdLineArgs/5", fixture: "testargs", args: []string{"test", "pass", "flag"},
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args[2] is not \"pass flag\"!"`)}, live: true},
	delveCase{name: "TestCmdLineArgs/6", fixture: "testargs", args: []string{"test pass flag"},
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args[1] is not test!"`)}, live: true},
	delveCase{name: "TestCmdLineArgs/7", fixture: "testargs",
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args too short!"`)}, live: true},
	delveCase{name: "TestCmdLineArgs/8", fixture: "testargs", args: []string{"invalid"},
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args[1] is not test!"`)}, live: true},
	delveCase{name: "TestCmdLineArgs/9", fixture: "testargs", args: []string{"test", "invalid"},
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args[2] is not \"pass flag\"!"`)}, live: true},
	delveCase{name: "TestCmdLineArgs/10", fixture: "testargs", args: []string{"invalid", "pass flag"},
		cmds: []string{"continue"}, want: []string{panicStop, exact(`panic: "os.args[1] is not test!"`)}, live: true},

	// TestPanicLine: the backtrace of the nil dereference's panic has
	// panicline.go:7, the faulting line, under runtime.sigpanic.
	delveCase{name: "TestPanicLine", fixture: "panicline",
		cmds: []string{"continue", "continue", "bt"},
		want: []string{`^stopped: signal SIGSEGV: main\.main at \S+/panicline\.go:7 \(`, panicStop,
			exact(`panic: "runtime error: invalid memory address or nil pointer dereference"`),
			goFrame("runtime.sigpanic"), goFrameAt("main.main", 7)},
		differ: "tdb stops at the SIGSEGV before Go's handler turns it into a panic (DESIGN: fault signals are reported before delivery); Delve lets the handler have it and stops once, at the panic"},
	// TestIssue3545 (optimised nilptr): main.main is in the backtrace of
	// the panic (Delve also checks it is there once).
	delveCase{name: "TestIssue3545", fixture: "nilptr", build: "opt",
		cmds: []string{"continue", "continue", "bt"},
		want: []string{`^stopped: signal SIGSEGV: main\.main at \S+/nilptr\.go:5 \(`, panicStop,
			goFrame("runtime.sigpanic"), goFrameAt("main.main", 5), goFrame("runtime.main")},
		differ: "tdb stops at the SIGSEGV first, as in TestPanicLine"},
	// TestIssue462: a nil dereference in assembly, on the instruction of
	// the breakpoint at main_amd64.s:5; the third continue stops at the
	// unrecovered panic. tdb's second stops at the SIGSEGV, as the test's
	// three continues allow; dlv today goes to the panic at the second.
	delveCase{name: "TestIssue462", fixture: "asmnilptr",
		cmds:   []string{"break main_amd64.s:5", "continue", "continue", "continue"},
		want:   []string{stop("main.asmFunc", 5), `^stopped: signal SIGSEGV: main\.asmFunc at \S+/main_amd64\.s:5 \(`, panicStop},
		differ: "tdb stops at the SIGSEGV first, as in TestPanicLine"},

	// TestCgoStacktrace: each continue stops at the next int3 (Go's
	// runtime.Breakpoint or C's asm("int3")); the frames of its row appear
	// in order, the first on top, the C ones in hello.c.
	delveCase{name: "TestCgoStacktrace/0", fixture: "cgostacktest",
		cmds: []string{"continue", "bt"},
		want: []string{stop("main.main", 13), top("main.main")},
		live: true},
	delveCase{name: "TestCgoStacktrace/1", fixture: "cgostacktest",
		cmds: []string{"continue", "continue", "bt"},
		want: []string{stop("main.main", 13), `^stopped: hardcoded breakpoint: helloworld_pt2 at \S+/hello\.c:25 \(`,
			cFrame(0, "helloworld_pt2", "hello.c"), cFrame(-1, "helloworld", "hello.c"), goFrame("main.main")}},
	delveCase{name: "TestCgoStacktrace/2", fixture: "cgostacktest",
		cmds: []string{"continue", "continue", "continue", "bt"},
		want: []string{stopIn("main.helloWorldS"), top("main.helloWorldS"), goFrame("main.helloWorld"),
			cFrame(-1, "helloworld_pt2", "hello.c"), cFrame(-1, "helloworld", "hello.c"), goFrame("main.main")}},
	delveCase{name: "TestCgoStacktrace/3", fixture: "cgostacktest",
		cmds: []string{"continue", "continue", "continue", "continue", "bt"},
		want: []string{stopIn("helloworld_pt4"), cFrame(0, "helloworld_pt4", "hello.c"), cFrame(-1, "helloworld_pt3", "hello.c"),
			goFrame("main.helloWorldS"), goFrame("main.helloWorld"),
			cFrame(-1, "helloworld_pt2", "hello.c"), cFrame(-1, "helloworld", "hello.c"), goFrame("main.main")}},
	delveCase{name: "TestCgoStacktrace/4", fixture: "cgostacktest",
		cmds: []string{"continue", "continue", "continue", "continue", "continue", "bt"},
		want: []string{stopIn("main.helloWorld2"), top("main.helloWorld2"),
			cFrame(-1, "helloworld_pt4", "hello.c"), cFrame(-1, "helloworld_pt3", "hello.c"),
			goFrame("main.helloWorldS"), goFrame("main.helloWorld"),
			cFrame(-1, "helloworld_pt2", "hello.c"), cFrame(-1, "helloworld", "hello.c"), goFrame("main.main")}},
	// TestCgoStacktrace2: a SIGSEGV in C code; after the continue the
	// stack has C.sigsegv, C.testfn and main.main, in order.
	delveCase{name: "TestCgoStacktrace2", fixture: "cgosigsegvstack",
		cmds: []string{"continue", "bt"},
		want: []string{`^stopped: signal SIGSEGV: sigsegv at \S+/cgosigsegvstack\.go:7 \(`,
			cFrame(0, "sigsegv", "cgosigsegvstack.go"), cFrame(-1, "testfn", "cgosigsegvstack.go"), goFrame("main.main")},
		differ: "tdb stops at the SIGSEGV first (DESIGN: faults are reported before delivery); Delve stops at runtime.fatalsignal, which tdb's next continue reaches (TestCgoStacktrace2/fatalsignal)"},
	delveCase{name: "TestCgoStacktrace2/fatalsignal", fixture: "cgosigsegvstack",
		cmds: []string{"continue", "continue", "bt"},
		want: []string{`^stopped: signal SIGSEGV: `, fatalStopAt("fatalsignal"), exact("fatal error: signal SIGSEGV"),
			top("runtime.fatalsignal"), goFrame("runtime.sigtramp"),
			cFrame(-1, "sigsegv", "cgosigsegvstack.go"), cFrame(-1, "testfn", "cgosigsegvstack.go"), goFrame("main.main")},
		differ: "as TestCgoStacktrace2: the fatalsignal stop is tdb's second"},
	// TestFatalThrowBreakpoint/fatalerror (the dap test's first part):
	// from the breakpoint at line 3, the continue stops at the fatal
	// error, text "go of nil func value".
	delveCase{name: "TestFatalThrowBreakpoint/fatalerror", fixture: "fatalerror",
		cmds: []string{"break fatalerror.go:3", "continue", "continue"},
		want: []string{stop("main.main", 3), fatalStop, exact("fatal error: go of nil func value")},
		live: true},
	// TestFatalThrowBreakpoint/deadlock (service/dap/server_test.go,
	// "testdeadlock"): from the breakpoint at line 3 the continue stops
	// at the fatal error, text "all goroutines are asleep - deadlock!".
	delveCase{name: "TestFatalThrowBreakpoint/deadlock", fixture: "testdeadlock",
		cmds: []string{"break testdeadlock.go:3", "continue", "continue"},
		want: []string{stop("main.main", 3), fatalStop, exact("fatal error: all goroutines are asleep - deadlock!")},
		live: true},
	// TestCgoSources: hello.c is one of the binary's sources.
	delveCase{name: "TestCgoSources", fixture: "cgostacktest",
		cmds: []string{"list hello.c:24"},
		want: []string{`^\s*24:\s+BREAKPOINT;$`}},
	// TestIssue1008: main.main's breakpoint is in main.go, within its 34
	// lines.
	delveCase{name: "TestIssue1008", fixture: "cgostacktest",
		cmds: []string{"break main.main", "continue"},
		want: []string{`^stopped: breakpoint 1: main\.main at \S+/cgostacktest/main\.go:([1-9]|[12][0-9]|3[0-5]) \(`},
		live: true},
	// TestIssue1034: in a cgo binary, the frame two up from main.main's
	// breakpoint (runtime.goexit) has no arguments.
	delveCase{name: "TestIssue1034", fixture: "cgostacktest",
		cmds: []string{"break main.main", "continue", "frame 2", "args"},
		want: []string{stopIn("main.main"), frame(2, "runtime.goexit", 0), exact("(no arguments)")}},
	// TestGetG/cgo: at main.main's breakpoint in a cgo binary the thread's
	// goroutine is found (tdb's stop line names it).
	delveCase{name: "TestGetG/cgo", fixture: "cgotest",
		cmds: []string{"break main.main", "continue"},
		want: []string{`^stopped: breakpoint 1: main\.main at \S+:\d+ \(pc 0x[0-9a-f]+, thread \d+, goroutine 1\)$`},
		live: true},
	// TestCGONext: next from main.main's breakpoint in a cgo program.
	delveCase{name: "TestCGONext", fixture: "cgotest",
		cmds: []string{"break main.main", "continue", "next"},
		want: []string{stopIn("main.main"), stopIn("main.main")},
		live: true},
	// TestCGOBreakpointLocation: C.foo is the C function foo, defined in
	// cgotest.go's preamble.
	delveCase{name: "TestCGOBreakpointLocation", fixture: "cgotest",
		cmds: []string{"break C.foo"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: foo \S+/cgotest\.go:\d+$`}},
)
