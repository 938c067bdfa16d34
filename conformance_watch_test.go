package main

import "strings"

// Watchpoints: Delve's tests of pkg/proc/proc_test.go on its databp*
// and watchpointInterface* fixtures. Delve spells the write watch
// `watch -w EXPR`; tdb's `watch EXPR` is the same (dlvCmds). Each case
// stops where the test asserts; live cases also check that dlv stops at
// the same places.

// watchCounts is TestWatchpointCounts' run: 200 continues, each a write
// of globalvar1 by one of two goroutines (100 each), then the exit.
func watchCounts(watch string) []string {
	cmds := []string{"break main.main", "continue", watch}
	for i := 0; i < 200; i++ {
		cmds = append(cmds, "continue")
	}
	return append(cmds, "breakpoints", "continue")
}

func watchCountsWant() []string {
	want := []string{stop("main.main", 21)}
	for i := 0; i < 200; i++ {
		// The write is line 14; the trap comes after it, on line 15.
		want = append(want, `^stopped: watchpoint 2: main\.demo at \S+databpcountstest\.go:1[45] \(`)
	}
	return append(want, `^Watchpoint 2 \(write\) on globalvar1 at 0x[0-9a-f]+ \(8 bytes\) \(hits 200\)$`, exact("exited: status 0"))
}

func dlvWatch(cmds []string) []string {
	out := make([]string, len(cmds))
	for i, c := range cmds {
		out[i] = c
		if rest, ok := strings.CutPrefix(c, "watch "); ok && !strings.HasPrefix(rest, "-") {
			out[i] = "watch -w " + rest
		}
	}
	return out
}

var watchBasicCmds = []string{
	"break main.main", "break databpeasy.go:21", "break databpeasy.go:27",
	"continue",            // Position 0
	"watch globalvar1",    // watchpoint 4
	"continue",            // Position 1
	"clear 4", "continue", // Position 2
	"watch -rw globalvar1", // watchpoint 5
	"continue",             // Position 3
	"clear 5", "continue",  // Position 4
	"watch globalvar1", // watchpoint 6
	"continue",         // Position 5, in main.f on another (locked) thread
}

// Delve's test also sets a user breakpoint on the out-of-scope sentinel's
// address, the return address of f in main: that is line 24's first
// instruction, which `break databpstack.go:24` names.
var watchStackCmds = []string{"break databpstack.go:11", "continue", "watch w", "break databpstack.go:24", "continue", "continue", "breakpoints"}

var watchStackNoBreakCmds = []string{"break databpstack.go:11", "continue", "watch w", "continue", "continue", "breakpoints", "continue"}

var watchStackBothCmds = []string{"break databpstack.go:11", "break databpstack.go:24", "continue", "watch w", "continue", "continue"}

var dapEasyCmds = []string{"break databpeasy.go:13", "break databpeasy.go:21", "continue", "watch globalvar1", "continue", "clear 3", "continue"}

var dapStackCmds = []string{"break databpstack.go:11", "continue", "watch w", "continue"}

var watchIfaceCmds = []string{"break watchpointInterface.go:11", "continue", "watch err", "continue", "continue"}

var watchIfaceNilCmds = []string{"break watchpointInterfaceNil.go:10", "continue", "watch err", "continue", "continue", "continue"}

var _ = addDelveCases(
	delveCase{
		name: "TestWatchpointsBasic", fixture: "databpeasy", live: true,
		cmds: watchBasicCmds, dlvCmds: dlvWatch(watchBasicCmds),
		want: []string{
			stop("main.main", 13),
			`^Watchpoint 4 \(write\) on globalvar1 at 0x[0-9a-f]+ \(8 bytes\)$`,
			// position1 is lines 18 and 19: the write on 18 traps after it.
			`^stopped: watchpoint 4: main\.main at \S+databpeasy\.go:(18|19) \(`,
			exact("old value: 0"), exact("new value: 2"),
			exact("Watchpoint 4 cleared"),
			`^stopped: breakpoint 2: main\.main at \S+databpeasy\.go:21 \(`,
			`^Watchpoint 5 \(read-write\) on globalvar1 `,
			`^stopped: watchpoint 5: main\.main at \S+databpeasy\.go:22 \(`,
			exact("old value: 2"), exact("new value: 2"),
			`^stopped: breakpoint 3: main\.main at \S+databpeasy\.go:27 \(`,
			`^stopped: watchpoint 6: main\.f at \S+databpeasy\.go:(40|41) \(`,
			exact("old value: 5"), exact("new value: 6"),
		},
	},
	delveCase{
		// Not live: when both goroutines write at once, Delve counts two
		// hits in one continue and prints one stop; Delve's table (200
		// hits) is the check.
		name: "TestWatchpointCounts", fixture: "databpcountstest",
		cmds: watchCounts("watch globalvar1"),
		want: watchCountsWant(),
	},
	delveCase{
		name: "TestWatchpointStack", fixture: "databpstack", live: true,
		cmds: watchStackCmds, dlvCmds: dlvWatch(watchStackCmds),
		want: []string{
			stop("main.f", 11),
			`^Watchpoint 2 \(write\) on w at 0x[0-9a-f]+ \(8 bytes\)$`,
			// g recurses 1000 times: the stack is copied before the write.
			`^stopped: watchpoint 2: main\.g at \S+databpstack\.go:(16|17) \(`,
			exact("old value: 0"), exact("new value: 10"),
			// Position 2: f returned to the user breakpoint; the
			// watchpoint went out of scope and is gone, the breakpoint
			// stays.
			`^stopped: breakpoint 3: main\.main at \S+databpstack\.go:24 \(`,
			exact("Watchpoint 2 on [w] went out of scope and was cleared"),
			`^Breakpoint 1 at `,
			`^Breakpoint 3 at 0x[0-9a-f]+: main\.main \S+databpstack\.go:24 \(hits 1\)$`,
		},
	},
	delveCase{
		// TestWatchpointStack without the user breakpoint on the return
		// address: the stop is the watchpoint's own.
		name: "TestWatchpointStack/nobreak", fixture: "databpstack", live: true,
		cmds: watchStackNoBreakCmds, dlvCmds: dlvWatch(watchStackNoBreakCmds),
		want: []string{
			`^stopped: watchpoint 2: main\.g at \S+databpstack\.go:(16|17) \(`,
			`^stopped: watchpoint 2: main\.main at \S+databpstack\.go:24 \(`,
			exact("Watchpoint 2 on [w] went out of scope and was cleared"),
			`^Breakpoint 1 at `,
			exact("done"),
			exact("exited: status 0"),
		},
	},
	// Not transcribed: TestWatchpointStackBackwardsOutOfScope, which
	// Delve runs only on rr recordings (a backward continue); tdb has no
	// reverse execution, and on a live process Delve skips it too.
	delveCase{
		// Delve's test runs only on rr, but what it checks holds anywhere:
		// a stack watchpoint can be set when a user breakpoint already
		// sits on its frame's return address.
		name: "TestWatchpointStackRecordedOutOfScopeBreakletIndex", fixture: "databpstack", live: true,
		cmds: watchStackBothCmds, dlvCmds: dlvWatch(watchStackBothCmds),
		want: []string{
			stop("main.f", 11),
			`^Watchpoint 3 \(write\) on w at 0x[0-9a-f]+ \(8 bytes\)$`,
			`^stopped: watchpoint 3: main\.g at \S+databpstack\.go:(16|17) \(`,
			`^stopped: breakpoint 2: main\.main at \S+databpstack\.go:24 \(`,
			exact("Watchpoint 3 on [w] went out of scope and was cleared"),
		},
	},
	// service/dap's TestDataBreakpoints: the same fixtures through DAP's
	// setDataBreakpoints; here through watch and clear.
	delveCase{
		name: "TestDataBreakpoints/databpeasy", fixture: "databpeasy", live: true,
		cmds: dapEasyCmds, dlvCmds: dlvWatch(dapEasyCmds),
		want: []string{
			stop("main.main", 13),
			`^stopped: watchpoint 3: main\.main at \S+databpeasy\.go:(18|19) \(`,
			exact("Watchpoint 3 cleared"),
			`^stopped: breakpoint 2: main\.main at \S+databpeasy\.go:21 \(`,
		},
	},
	delveCase{
		name: "TestDataBreakpoints/databpstack", fixture: "databpstack", live: true,
		cmds: dapStackCmds, dlvCmds: dlvWatch(dapStackCmds),
		want: []string{
			stop("main.f", 11),
			`^stopped: watchpoint 2: main\.g at \S+databpstack\.go:(16|17) \(`,
		},
	},
	delveCase{
		name: "TestWatchpointInterface", fixture: "watchpointInterface", live: true,
		// The test's final continue ends on the program's
		// runtime.Breakpoint.
		cmds: watchIfaceCmds, dlvCmds: dlvWatch(watchIfaceCmds),
		want: []string{
			stop("main.main", 11),
			`^stopped: watchpoint 2: main\.main at \S+watchpointInterface\.go:(12|13) \(`,
			exact(`old value: error(*errors.errorString) *{s: "test error"}`),
			exact(`new value: error(*errors.errorString) *{s: "modified error"}`),
			`^stopped: hardcoded breakpoint: main\.main at \S+watchpointInterface\.go:15 \(`,
		},
	},
	delveCase{
		name: "TestWatchpointInterfaceNil", fixture: "watchpointInterfaceNil", live: true,
		cmds: watchIfaceNilCmds, dlvCmds: dlvWatch(watchIfaceNilCmds),
		want: []string{
			stop("main.main", 10),
			`^stopped: watchpoint 2: main\.main at \S+watchpointInterfaceNil\.go:(11|12) \(`,
			exact("old value: error nil"),
			`^stopped: watchpoint 2: main\.main at \S+watchpointInterfaceNil\.go:(13|14) \(`,
			// The final continue: main.main returns, and err with it.
			`^stopped: watchpoint 2: runtime\.main at \S+proc\.go:\d+ \(`,
			exact("Watchpoint 2 on [err] went out of scope and was cleared"),
		},
	},
)
