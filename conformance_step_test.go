package main

import "strconv"

// Stepping on code built with -gcflags='all=-N -l': the rows of Delve's
// stepping tables (pkg/proc/stepping_test.go, pkg/proc/proc_test.go).
// Delve's testseq sets a breakpoint on the function it names, or on the
// first row's line, continues, clears that breakpoint, then runs one
// command per row; each row's end is where the command must stop. The
// cases below do the same with tdb's commands (clear 1 clears the first
// breakpoint), and, live, with dlv's.

// seq turns a testseq table into the stops it wants: fn:line for each
// line, in order, the first one being the initial breakpoint's.
func seq(fn string, lines ...int) []string {
	w := make([]string, len(lines))
	for i, l := range lines {
		w[i] = stop(fn, l)
	}
	return w
}

// rangeSeq is the stops of a rangeoverfunc table: lines in whichever
// function (the test's, or one of its range-over-func bodies).
func rangeSeq(lines ...int) []string {
	w := make([]string, len(lines))
	for i, l := range lines {
		w[i] = `^stopped: .*?: \S+ at \S+/rangeoverfunc\.go:` + strconv.Itoa(l) + ` \(`
	}
	return w
}

// repeat is n copies of cmd.
func repeat(cmd string, n int) []string {
	r := make([]string, n)
	for i := range r {
		r[i] = cmd
	}
	return r
}

// repeatSeq is n copies of the sequence s.
func repeatSeq(n int, s ...string) []string {
	var r []string
	for i := 0; i < n; i++ {
		r = append(r, s...)
	}
	return r
}

// testseqCmds: a breakpoint on loc, continue, clear it, then cmds.
func testseqCmds(loc string, cmds ...string) []string {
	return append([]string{"break " + loc, "continue", "clear 1"}, cmds...)
}

var _ = addDelveCases(
	// TestNextGeneral (testnextprog, main.testnext): the for loop runs three
	// times before the break.
	delveCase{
		name:    "TestNextGeneral",
		fixture: "testnextprog",
		cmds:    testseqCmds("main.testnext", repeat("next", 16)...),
		want:    seq("main.testnext", 17, 19, 20, 23, 24, 26, 31, 23, 24, 26, 31, 23, 24, 26, 27, 28, 34),
		live:    true,
	},
	// TestNextFunctionReturn: next off the end stops in the caller, at the
	// return address (line 35).
	delveCase{
		name:    "TestNextFunctionReturn",
		fixture: "testnextprog",
		cmds:    testseqCmds("main.helloworld", "next", "next", "next"),
		want:    []string{stop("main.helloworld", 13), stop("main.helloworld", 14), stop("main.helloworld", 15), stop("main.testnext", 35)},
		live:    true,
	},
	// TestStepOut: stepout of helloworld stops at its return address.
	delveCase{
		name:    "TestStepOut",
		fixture: "testnextprog",
		cmds:    testseqCmds("main.helloworld", "stepout"),
		want:    []string{stop("main.helloworld", 13), stop("main.testnext", 35)},
		live:    true,
	},
	// TestStepCall: step on a line that calls a function enters it.
	delveCase{
		name:    "TestStepCall",
		fixture: "testnextprog",
		cmds:    testseqCmds("testnextprog.go:34", "step", "step"),
		want:    []string{stop("main.testnext", 34), stop("main.helloworld", 13), stop("main.helloworld", 14)},
		live:    true,
	},
	// TestNextFunctionReturnDefer (testnextdefer, main.main): next over the
	// defer statement does not run the deferred closure.
	delveCase{
		name:    "TestNextFunctionReturnDefer",
		fixture: "testnextdefer",
		cmds:    testseqCmds("main.main", "next", "next", "next"),
		want:    seq("main.main", 5, 6, 9, 10),
		live:    true,
	},
	// TestStepOutDefer: stepout of main.main runs its deferred closure
	// without stopping in it (no panic) and stops in the runtime.
	delveCase{
		name:    "TestStepOutDefer",
		fixture: "testnextdefer",
		cmds:    testseqCmds("testnextdefer.go:9", "stepout"),
		want:    []string{stop("main.main", 9), stopIn("runtime.main")},
		live:    true,
	},

	// defercall: sampleFunction is deferred and called directly.
	//
	// TestNextDeferReturnAndDirectCall: next enters neither the direct call
	// nor the deferred one (run by runtime.deferreturn on line 13).
	delveCase{
		name:    "TestNextDeferReturnAndDirectCall",
		fixture: "defercall",
		cmds:    testseqCmds("main.callAndDeferReturn", repeat("next", 5)...),
		want:    append(seq("main.callAndDeferReturn", 9, 10, 11, 12, 13), stop("main.main", 28)),
		live:    true,
	},
	// TestNextPanicAndDirectCall: next on the panic line stops in the
	// deferred function the panic runs.
	delveCase{
		name:    "TestNextPanicAndDirectCall",
		fixture: "defercall",
		cmds:    testseqCmds("main.callAndPanic2", repeat("next", 4)...),
		want:    append(seq("main.callAndPanic2", 15, 16, 17, 18), stop("main.sampleFunction", 6)),
		live:    true,
	},
	// TestStepReturnAndPanic: step into the direct call, back to the
	// caller's return address (line 18), then into the deferred call the
	// panic runs.
	delveCase{
		name:    "TestStepReturnAndPanic",
		fixture: "defercall",
		cmds:    testseqCmds("defercall.go:17", repeat("step", 5)...),
		want: []string{stop("main.callAndPanic2", 17), stop("main.sampleFunction", 6), stop("main.sampleFunction", 7),
			stop("main.callAndPanic2", 18), stop("main.sampleFunction", 6), stop("main.sampleFunction", 7)},
		live: true,
	},
	// TestStepReturnAndPanic, one step more: off the end of a deferred
	// function the panic called, the step stops where it returns, in
	// runtime.gopanic (Delve's answer; its table ends a row earlier).
	delveCase{
		name:    "TestStepReturnAndPanic/gopanic",
		fixture: "defercall",
		cmds:    testseqCmds("defercall.go:17", repeat("step", 6)...),
		want:    []string{stop("main.callAndPanic2", 18), stop("main.sampleFunction", 7), stopIn("runtime.gopanic")},
		live:    true,
	},
	// TestStepDeferReturn: step on the closing line enters the deferred
	// call; off its end the step returns past runtime.deferreturn to the
	// caller's line 13, then to main.
	delveCase{
		name:    "TestStepDeferReturn",
		fixture: "defercall",
		cmds:    testseqCmds("defercall.go:11", repeat("step", 8)...),
		want: []string{stop("main.callAndDeferReturn", 11), stop("main.sampleFunction", 6), stop("main.sampleFunction", 7),
			stop("main.callAndDeferReturn", 12), stop("main.callAndDeferReturn", 13), stop("main.sampleFunction", 6),
			stop("main.sampleFunction", 7), stop("main.callAndDeferReturn", 13), stop("main.main", 28)},
		live: true,
	},
	// TestStepOutDeferReturnAndDirectCall: stepout does not stop in the
	// deferred call runtime.deferreturn makes.
	delveCase{
		name:    "TestStepOutDeferReturnAndDirectCall",
		fixture: "defercall",
		cmds:    testseqCmds("defercall.go:11", "stepout"),
		want:    []string{stop("main.callAndDeferReturn", 11), stop("main.main", 28)},
		live:    true,
	},
	// TestStepOutPanicAndDirectCall: stepout stops in the deferred call a
	// panic makes (not in the direct call on line 17).
	delveCase{
		name:    "TestStepOutPanicAndDirectCall",
		fixture: "defercall",
		cmds:    testseqCmds("defercall.go:17", "stepout"),
		want:    []string{stop("main.callAndPanic2", 17), stop("main.sampleFunction", 6)},
		live:    true,
	},
	// A deferred `recover()` is deferred through a wrapper closure that
	// only calls the runtime: next over the call that panics stops in that
	// wrapper (Delve's live answer).
	delveCase{
		name:    "TestNextPanicAndDirectCall/recover",
		fixture: "defercall",
		cmds:    testseqCmds("defercall.go:23", "next"),
		want:    []string{stop("main.callAndPanic", 23), stop("main.callAndPanic.deferwrap1", 22)},
		live:    true,
	},
	// TestNextInDeferReturn: next through runtime.deferreturn (whose
	// _defer record briefly has a nil fn) until the breakpoint on the
	// deferred function; Delve's test loops while not there, the rows are
	// its live stops.
	delveCase{
		name:    "TestNextInDeferReturn",
		fixture: "defercall",
		cmds:    append([]string{"break runtime.deferreturn", "continue", "break main.sampleFunction"}, repeat("next", 8)...),
		want:    []string{stopIn("runtime.deferreturn"), stop("main.sampleFunction", 6)},
		live:    true,
	},

	// teststepprog: CallFn calls CallFn2 through a func value.
	//
	// TestStepCallPtr (the amd64 row, register ABI): step enters the call
	// through the func value, at CallFn2's entry (line 5: it has no stack
	// check, so no prologue); off its end it stops at the return address
	// in CallFn, line 11.
	delveCase{
		name:    "TestStepCallPtr",
		fixture: "teststepprog",
		cmds:    testseqCmds("teststepprog.go:9", repeat("step", 5)...),
		want: []string{stop("main.CallFn", 9), stop("main.CallFn", 10), stop("main.CallFn2", 5), stop("main.CallFn2", 6),
			stop("main.CallFn2", 7), stop("main.CallFn", 11)},
		live: true,
	},
	// The same from a function breakpoint on CallFn2 (it was the seed's
	// known case: tdb ran on into CallEface).
	delveCase{
		name:    "TestStepCallPtr/stepoff",
		fixture: "teststepprog",
		cmds:    []string{"break main.CallFn2", "continue", "step", "step", "step"},
		want:    []string{stop("main.CallFn2", 5), stop("main.CallFn2", 6), stop("main.CallFn2", 7), stop("main.CallFn", 11)},
		live:    true,
	},
	// stepout from CallFn2 stops at the return address in CallFn; from
	// CallFn at the one in main.main (line 21: the call ends line 20).
	delveCase{
		name:    "TestStepCallPtr/stepout",
		fixture: "teststepprog",
		cmds:    []string{"break main.CallFn2", "continue", "stepout", "stepout"},
		want:    []string{stop("main.CallFn2", 5), stop("main.CallFn", 11), stop("main.main", 21)},
		live:    true,
	},
	// TestStepOnCallPtrInstr: stepi to the CALL through the func value,
	// then step: into CallFn2 at its entry.
	delveCase{
		name:    "TestStepOnCallPtrInstr",
		fixture: "teststepprog",
		cmds:    testseqCmds("teststepprog.go:10", "stepi", "stepi", "stepi", "step"),
		want:    []string{stop("main.CallFn", 10), stop("main.CallFn", 10), stop("main.CallFn2", 5)},
		live:    true,
	},
	// TestStepIgnorePrivateRuntime (register ABI row): no runtime
	// conversion is stepped into; off CallEface's end, main's line 22.
	delveCase{
		name:    "TestStepIgnorePrivateRuntime",
		fixture: "teststepprog",
		cmds:    testseqCmds("teststepprog.go:21", repeat("step", 5)...),
		want: []string{stop("main.main", 21), stop("main.CallEface", 13), stop("main.CallEface", 14), stop("main.CallEface", 15),
			stop("main.CallEface", 17), stop("main.main", 22)},
		live: true,
	},

	// TestStepIntoWrapperForEmbeddedPointer: the calls through the
	// interface go through compiler-made wrappers ((*B).PtrReceiver ends
	// in a jump to (*A).PtrReceiver); step passes through them, stepout
	// and next return past them.
	delveCase{
		name:    "TestStepIntoWrapperForEmbeddedPointer/stepout",
		fixture: "ifaceembcall",
		cmds: testseqCmds("ifaceembcall.go:28", "step", "step", "stepout",
			"break ifaceembcall.go:29", "continue", "clear 2", "step", "step", "stepout"),
		want: []string{stop("main.main", 28), stop("main.(*A).PtrReceiver", 18), stop("main.(*A).PtrReceiver", 19), stop("main.main", 28),
			stop("main.main", 29), stop("main.A.NonPtrReceiver", 22), stop("main.A.NonPtrReceiver", 23), stop("main.main", 29)},
		live: true,
	},
	delveCase{
		name:    "TestStepIntoWrapperForEmbeddedPointer/next",
		fixture: "ifaceembcall",
		cmds: testseqCmds("ifaceembcall.go:28", "step", "next", "next",
			"break ifaceembcall.go:29", "continue", "clear 2", "step", "next", "next"),
		want: []string{stop("main.main", 28), stop("main.(*A).PtrReceiver", 18), stop("main.(*A).PtrReceiver", 19), stop("main.main", 28),
			stop("main.main", 29), stop("main.A.NonPtrReceiver", 22), stop("main.A.NonPtrReceiver", 23), stop("main.main", 29)},
		live: true,
	},

	// TestStepOutReturn (stepoutret): stepout stops at the return address
	// in main.
	delveCase{
		name:    "TestStepOutReturn",
		fixture: "stepoutret",
		cmds:    []string{"break main.stepout", "continue", "stepout"},
		want:    []string{stop("main.stepout", 5), stop("main.main", 11)},
		live:    true,
	},

	// TestNextConcurrent (parallel_next): ten goroutines run sayhi; next
	// stays on the goroutine that hit the breakpoint (Delve's test also
	// compares the argument n after each next).
	delveCase{
		name:    "TestNextConcurrent",
		fixture: "parallel_next",
		cmds:    testseqCmds("main.sayhi", "next", "next", "next"),
		want:    seq("main.sayhi", 8, 9, 10, 11),
		live:    true,
	},
	// TestStepConcurrentDirect (teststepconcurrent): 100 goroutines call
	// Foo through a func value while main calls it directly; step enters
	// and leaves main's call (stopping mid-line 38 on the way back) and
	// never switches goroutine. Two turns of Delve's cycle 37, 38, 13, 15,
	// 16, 38.
	delveCase{
		name:    "TestStepConcurrentDirect",
		fixture: "teststepconcurrent",
		cmds:    testseqCmds("teststepconcurrent.go:37", repeat("step", 12)...),
		want: []string{stop("main.main", 37), stop("main.main", 38), stop("main.Foo", 13), stop("main.Foo", 15), stop("main.Foo", 16),
			stop("main.main", 38), stop("main.main", 37), stop("main.main", 38), stop("main.Foo", 13), stop("main.Foo", 15),
			stop("main.Foo", 16), stop("main.main", 38), stop("main.main", 37)},
		live: true,
	},

	// A function breakpoint on a small frameless Go function stops before
	// its body runs. Such a function has no stack check and no
	// prologue_end; Delve's FirstPCAfterPrologue then takes the first
	// statement row, the entry, on the func line (teststepprog's CallFn2:
	// line 5) or the body's first line when the entry has it (defercall's
	// sampleFunction: line 6, n still 0).
	delveCase{
		name:    "FirstPCAfterPrologue/frameless-entry",
		fixture: "teststepprog",
		cmds:    []string{"break main.CallFn2", "continue"},
		want:    []string{`^Breakpoint 1 at 0x[0-9a-f]+: main.CallFn2 \S+:5$`, stop("main.CallFn2", 5)},
		live:    true,
	},
	delveCase{
		name:    "FirstPCAfterPrologue/frameless-body",
		fixture: "defercall",
		cmds:    []string{"break main.sampleFunction", "continue", "print n"},
		want:    []string{stop("main.sampleFunction", 6), exact("0")},
		live:    true,
	},
	delveCase{
		name:    "FirstPCAfterPrologue/stacktraceme",
		fixture: "goroutinestackprog",
		cmds:    []string{"break main.stacktraceme", "continue"},
		want:    []string{stop("main.stacktraceme", 15)},
		live:    true,
	},
	// TestStepIntoGoroutine (goroutinestackprog): step on a go statement
	// enters the new goroutine, the one this statement started (i = 0).
	delveCase{
		name:    "TestStepIntoGoroutine",
		fixture: "goroutinestackprog",
		cmds:    testseqCmds("goroutinestackprog.go:23", "step", "print i", "step"),
		want:    []string{stop("main.main", 23), stop("main.agoroutine", 7), exact("0"), stop("main.agoroutine", 8)},
		live:    true,
	},
	// The same through the closure Go makes for the call's arguments
	// (main.main.gowrap1, passed through); a line breakpoint on the go
	// statement is not also set in that closure (Delve skips trampolines).
	delveCase{
		name:    "TestStepIntoGoroutine/gowrap",
		fixture: "testnextprog",
		cmds:    []string{"break testnextprog.go:40", "continue", "step", "step"},
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main.main \S+:40$`, stop("main.main", 40), stop("main.testgoroutine", 46),
			stop("main.testgoroutine", 47)},
		live: true,
	},
	// TestStepIntoAutogeneratedSkip (stepintobug): step on a call of a
	// method value goes through the -fm wrapper into the method.
	delveCase{
		name:    "TestStepIntoAutogeneratedSkip",
		fixture: "stepintobug",
		cmds:    testseqCmds("stepintobug.go:9", "step"),
		want:    []string{stop("main.main", 9), stop("main.T.m1", 12)},
		live:    true,
	},
	// TestRecursiveNext (increment): next stays in the frame it started
	// in; then step into the recursive call, next, and stepout back to the
	// first frame, the one main called.
	delveCase{
		name:    "TestRecursiveNext",
		fixture: "increment",
		cmds:    testseqCmds("main.Increment", "next", "next", "next", "next"),
		want:    append(seq("main.Increment", 6, 7, 10, 11), stop("main.main", 17)),
		live:    true,
	},
	delveCase{
		name:    "TestRecursiveNext/stepout",
		fixture: "increment",
		cmds:    testseqCmds("main.Increment", "next", "next", "next", "step", "next", "stepout", "stack"),
		want: append(seq("main.Increment", 6, 7, 10, 11, 6, 7, 11), frame(0, "main.Increment", 11),
			frame(1, "main.main", 17)),
		live: true,
	},
	// TestNextWithCount (pkg/terminal, nextcond): next 2 from main.main's
	// first line.
	delveCase{
		name:    "TestNextWithCount",
		fixture: "nextcond",
		cmds:    []string{"break main.main", "continue", "next 2"},
		want:    []string{stop("main.main", 8), stop("main.main", 10)},
		live:    true,
	},
	// TestNextGenericMethodThroughInterface (genericintoiface): the call
	// through the interface goes to the wrapper main.(*Blah[int]).F
	// (DW_AT_trampoline), which calls the shape instantiation: step passes
	// through the wrapper, and next off the end returns past it.
	delveCase{
		name:    "TestNextGenericMethodThroughInterface",
		fixture: "genericintoiface",
		cmds:    testseqCmds("main.callf", "step", "step", "next", "next", "next"),
		want: []string{stop("main.callf", 17), stop("main.callf", 18), stop("main.(*Blah[go.shape.int]).F", 9),
			stop("main.(*Blah[go.shape.int]).F", 10), stop("main.(*Blah[go.shape.int]).F", 11), stop("main.callf", 19)},
		live: true,
	},
	// Its assertEval row: y is 2 at line 10.
	delveCase{
		name:    "TestNextGenericMethodThroughInterface/y",
		fixture: "genericintoiface",
		cmds:    testseqCmds("main.callf", "step", "step", "next", "print y"),
		want:    []string{stop("main.(*Blah[go.shape.int]).F", 10), exact("2")},
	},
	// A line breakpoint on a generic method's first line is not also set
	// in the wrapper Go makes for it, which carries that line.
	delveCase{
		name:    "TestNextGenericMethodThroughInterface/break",
		fixture: "genericintoiface",
		cmds:    []string{"break genericintoiface.go:9"},
		// Delve names the generic method, not its shape instantiation.
		want: []string{`^Breakpoint 1 at 0x[0-9a-f]+: main\.\(\*Blah\)\.F \S+:9$`},
	},
	// TestRangeOverFuncNext (rangeoverfunc): next through range-over-func
	// loops, whose bodies are closures the iterator calls: next over the
	// for line enters the body, next off a body's end goes to its next
	// turn or back to the parent, never into the iterator. Each subtest
	// is a case (Delve runs them in one process); the amd64 rows. Its
	// assertLocals/assertEval rows are left out (values, not stepping).
	delveCase{
		name:    "TestRangeOverFuncNext/TestTrickyIterAll1",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestTrickyIterAll", repeat("next", 12)...),
		want:    rangeSeq(24, 25, 26, 27, 28, 29, 32, 27, 28, 29, 30, 32, 34),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestTrickyIterAll2",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestTrickyIterAll2", repeat("next", 10)...),
		want:    rangeSeq(37, 38, 39, 40, 41, 42, 40, 41, 42, 42, 43),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestBreak1",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestBreak1", repeat("next", 39)...),
		want:    rangeSeq(46, 47, 48, 49, 52, 53, 56, 57, 52, 53, 56, 57, 52, 53, 54, 57, 58, 59, 48, 49, 52, 53, 56, 57, 52, 53, 56, 57, 52, 53, 54, 57, 58, 59, 48, 49, 50, 59, 60, 61),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestBreak2",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestBreak2", repeat("next", 45)...),
		want:    rangeSeq(63, 64, 65, 66, 67, 68, 71, 74, 75, 67, 68, 71, 74, 75, 67, 68, 69, 75, 76, 77, 66, 67, 68, 71, 74, 75, 67, 68, 71, 74, 75, 67, 68, 69, 75, 76, 77, 66, 67, 68, 71, 72, 75, 77, 78, 79),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestMultiCont0",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestMultiCont0", repeat("next", 33)...),
		want:    rangeSeq(81, 82, 84, 85, 86, 87, 90, 91, 92, 93, 94, 95, 93, 94, 97, 98, 101, 93, 94, 95, 93, 94, 97, 98, 99, 101, 103, 105, 85, 86, 87, 88, 106, 107),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestPanickyIterator1",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestPanickyIterator1", repeat("next", 21)...),
		want:    rangeSeq(110, 111, 112, 116, 117, 118, 121, 116, 117, 118, 121, 116, 117, 118, 121, 116, 117, 118, 119, 112, 113, 114),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestPanickyIterator2",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestPanickyIterator2", repeat("next", 20)...),
		want:    rangeSeq(125, 126, 127, 131, 132, 133, 135, 136, 139, 140, 141, 144, 139, 140, 141, 142, 135, 145, 127, 128, 129),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestPanickyIteratorWithNewDefer",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestPanickyIteratorWithNewDefer", repeat("next", 20)...),
		want:    rangeSeq(149, 150, 151, 155, 156, 157, 159, 160, 163, 166, 167, 168, 171, 166, 167, 168, 169, 159, 172, 160, 161),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestLongReturn",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestLongReturn", repeat("next", 7)...),
		want:    rangeSeq(181, 182, 183, 184, 185, 187, 189, 178),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestGotoA1",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestGotoA1", repeat("next", 24)...),
		want:    rangeSeq(192, 193, 194, 195, 196, 199, 200, 203, 204, 199, 200, 203, 204, 199, 200, 201, 204, 206, 207, 194, 195, 196, 197, 207, 208),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestGotoB1",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestGotoB1", repeat("next", 19)...),
		want:    rangeSeq(211, 212, 213, 214, 215, 218, 219, 222, 223, 218, 219, 222, 223, 218, 219, 220, 223, 225, 227, 228),
		live:    true,
	},
	delveCase{
		name:    "TestRangeOverFuncNext/TestRecur",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("main.TestRecur", repeat("next", 10)...),
		want:    rangeSeq(231, 232, 233, 234, 236, 237, 238, 239, 241, 236, 237),
		live:    true,
	},
	// TestRangeOverFuncStepOut: stepout of a nested body leaves the
	// function that has the loops.
	delveCase{
		name:    "TestRangeOverFuncStepOut",
		fixture: "rangeoverfunc",
		cmds:    testseqCmds("rangeoverfunc.go:97", "stepout"),
		want:    rangeSeq(97, 251),
		live:    true,
	},
	// TestStepIntoCoroutine (backwardsiter): iter.Pull runs the sequence
	// on a coroutine; step on next() enters the sequence function there
	// (at its start the first time, after its yield later), and step on
	// yield goes back to the caller of next.
	delveCase{
		name:    "TestStepIntoCoroutine",
		fixture: "backwardsiter",
		cmds:    testseqCmds("backwardsiter.go:20", "step", "next", "next", "step", "next", "step", "next", "next", "step", "next", "next", "step"),
		want: []string{stop("main.main", 20), stop("main.backwards.func1", 9), stop("main.backwards.func1", 10), stop("main.backwards.func1", 11),
			stop("main.main", 20), stop("main.main", 21), stop("main.backwards.func1", 11), stop("main.backwards.func1", 10),
			stop("main.backwards.func1", 11), stop("main.main", 21), stop("main.main", 22), stop("main.main", 23), stop("main.backwards.func1", 11)},
		live: true,
	},
	// TestIssue305: next stopped by a breakpoint of its own goroutine
	// leaves no temporary breakpoint behind: next goes on working.
	delveCase{
		name:    "TestIssue305",
		fixture: "issue305",
		cmds:    []string{"break issue305.go:5", "continue", "next", "next", "next", "next", "next"},
		want:    []string{stop("main.main", 5), stop("main.main", 4), stop("main.main", 5), stop("main.main", 4), stop("main.main", 5), stop("main.main", 4)},
		live:    true,
	},
	// TestIssue332_Part1: next does not step into the call.
	delveCase{
		name:    "TestIssue332_Part1",
		fixture: "issue332",
		cmds:    []string{"break issue332.go:8", "continue", "next"},
		want:    []string{stop("main.main", 8), stop("main.main", 9)},
		live:    true,
	},
	// TestIssue332_Part2: step into changeMe stops after its prologue,
	// then next through it and continue to the end.
	delveCase{
		name:    "TestIssue332_Part2",
		fixture: "issue332",
		cmds:    []string{"break issue332.go:8", "continue", "step", "next", "next", "next", "continue"},
		want: []string{stop("main.main", 8), stop("main.changeMe", 12), stop("main.changeMe", 13), stop("main.changeMe", 14),
			stop("main.changeMe", 15), exact("exited: status 0")},
		live: true,
	},
	// TestIssue573: a step into fmt.Printf, whose code calls duffzero
	// into its middle, keeps stepping instead of running to the exit.
	delveCase{
		name:    "TestIssue573",
		fixture: "issue573",
		cmds:    []string{"break main.foo", "continue", "step", "step", "step"},
		want:    []string{stop("main.foo", 17), stop("main.foo", 18), stop("fmt.Printf", 232), stop("fmt.Printf", 233)},
		live:    true,
	},
	// TestIssue561: step on a CALL that has a breakpoint on it enters the
	// function.
	delveCase{
		name:    "TestIssue561",
		fixture: "issue561",
		cmds:    []string{"break issue561.go:10", "continue", "step"},
		want:    []string{stop("main.main", 10), stop("main.testfunction", 5)},
		live:    true,
	},
	// TestIssue844: a breakpoint whose condition fails does not stop a
	// next that passes it.
	delveCase{
		name:    "TestIssue844",
		fixture: "nextcond",
		cmds:    []string{"break nextcond.go:9", "break nextcond.go:10 if n == 11", "continue", "next"},
		want:    []string{stop("main.main", 9), stop("main.main", 10)},
		live:    true,
	},
	// TestStepOutBreakpoint, TestNextBreakpoint: a breakpoint of the
	// stepping goroutine ends stepout and next there.
	delveCase{
		name:    "TestStepOutBreakpoint",
		fixture: "testnextprog",
		cmds:    testseqCmds("testnextprog.go:13", "break testnextprog.go:14", "stepout"),
		want:    []string{stop("main.helloworld", 13), `^stopped: breakpoint 2: main.helloworld at \S+:14 \(`},
		live:    true,
	},
	delveCase{
		name:    "TestNextBreakpoint",
		fixture: "testnextprog",
		cmds:    testseqCmds("testnextprog.go:34", "break testnextprog.go:14", "next"),
		want:    []string{stop("main.testnext", 34), `^stopped: breakpoint 2: main.helloworld at \S+:14 \(`},
		live:    true,
	},
	// TestIssue1101: next off the end of a goroutine's function whose
	// deferred wg.Done lets main exit: it stops in runtime.goexit or the
	// program exits first (Delve's test takes either); then continue
	// ends with main's status 2. Not compared live: the order is a race.
	delveCase{
		name:    "TestIssue1101",
		fixture: "issue1101",
		cmds:    []string{"break main.f", "continue", "next", "next", "next", "continue"},
		want:    []string{stop("main.f", 10), stop("main.f", 11), stop("main.f", 13), exact("exited: status 2")},
	},
	// TestStepConcurrentPtr (teststepconcurrent): 100 goroutines call Foo
	// through a func value with a breakpoint on the call; step from it
	// enters Foo in the same goroutine each time. Ten turns of Delve's
	// fifty. Not compared live: Delve's step is often interrupted by
	// another goroutine's hit of the breakpoint (its test continues until
	// the step ends); tdb single-steps Foo's prologue, so none can.
	delveCase{
		name:    "TestStepConcurrentPtr",
		fixture: "teststepconcurrent",
		cmds:    append([]string{"break teststepconcurrent.go:24"}, repeatSeq(10, "continue", "step")...),
		want:    repeatSeq(10, stop("main.Threads.func1", 24), stop("main.Foo", 13)),
	},
	// TestNextAndStep (service/dap, testinline built without inlining, as
	// the DAP tests build it): stepout, next, step.
	delveCase{
		name:    "TestNextAndStep",
		fixture: "testinline",
		cmds:    []string{"break testinline.go:11", "continue", "stepout", "next", "step"},
		want:    []string{stop("main.initialize", 11), stop("main.main", 18), stop("main.main", 19), stop("main.inlineThis", 5)},
		live:    true,
	},
)
