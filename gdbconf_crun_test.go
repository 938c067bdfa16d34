package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"tdb/source/fixture"
)

// gdb conformance cases of the running C program (issue 11, area crun):
// signals, the signal table, breakpoints placed as gdb places them.

func init() { moreGdbCases = append(moreGdbCases, crunGdbCases()) }

var (
	// a stop by a signal: tdb's "stopped: signal SIGABRT: ...", gdb's
	// "Program received signal SIGABRT, Aborted."
	tdbSigStopRe = regexp.MustCompile(`^stopped: signal (SIG\w+): `)
	gdbSigStopRe = regexp.MustCompile(`^Program received signal (SIG\w+), `)
	// the end by a signal
	tdbSigExitRe = regexp.MustCompile(`^exited: signal (SIG\w+)$`)
	gdbSigExitRe = regexp.MustCompile(`^Program terminated with signal (SIG\w+), `)
	// a backtrace row in the program (not in libc), either debugger's
	progRowRe = regexp.MustCompile(`^#\d+ +(?:0x\w+ (?:in )?)?(\w+) .*\bprog\.c:(\d+)$`)
)

// signalView keeps what a signal case compares: the signal that stopped
// the program, its frames in the program (function and line), how it
// ended, and its output. libc's frames are left out: gdb names them by
// their DWARF (__GI_raise, with the inlined __pthread_kill_internal)
// where libc6-dbg is installed, by their symbols (raise) where it is not;
// tdb reads symbols only, and its engine test checks their names.
func signalView(l string) string {
	switch {
	case tdbSigStopRe.MatchString(l):
		return "stopped by " + tdbSigStopRe.FindStringSubmatch(l)[1]
	case gdbSigStopRe.MatchString(l):
		return "stopped by " + gdbSigStopRe.FindStringSubmatch(l)[1]
	case tdbSigExitRe.MatchString(l):
		return "killed by " + tdbSigExitRe.FindStringSubmatch(l)[1]
	case gdbSigExitRe.MatchString(l):
		return "killed by " + gdbSigExitRe.FindStringSubmatch(l)[1]
	case progRowRe.MatchString(l):
		m := progRowRe.FindStringSubmatch(l)
		return m[1] + ":" + m[2]
	case l == "done":
		return l
	}
	return ""
}

func crunGdbCases() []gdbCase {
	var cs []gdbCase
	// Each signal that would kill the program: stopped first, the
	// backtrace reaches the function that raised it, continue lets the
	// program die of it (SIGTRAP is not passed: it goes on to "done").
	for i, mode := range []string{"abort", "assert", "segv", "bus", "fpe", "ill", "sys", "int3", "trap", "usr1"} {
		cs = append(cs, gdbCase{
			name: "signal " + mode, program: "csignals", marker: "marker: pick",
			tdb:  []string{fmt.Sprintf("set var which = %d", i+1), "continue", "bt", "continue"},
			norm: signalView,
			differ: "the signal, the program's frames and the end only: each debugger words a stop its own way, " +
				"and names libc's frames from what it reads of libc (see signalView)",
		})
	}
	// SIGALRM neither stops nor prints by default: the program dies.
	cs = append(cs, gdbCase{
		name: "signal alrm", program: "csignals", marker: "marker: pick",
		tdb: []string{"set var which = 11", "continue"}, norm: signalView,
		differ: "the end only: each debugger words it its own way",
	})
	// The table: handle changes rows, as gdb's info signals shows them.
	// tdb prints the rows handle changed (gdb does on a terminal, not in
	// batch mode): gdb's side asks for them with info signals.
	cs = append(cs, gdbCase{
		name: "handle", program: "csignals", marker: "marker: pick",
		tdb: []string{"handle SIGUSR1 nostop noprint", "handle SIGALRM stop", "handle segv nopass", "handle 14-15 nopass", "info signals SIGCHLD", "info signals SIGTRAP"},
		gdb: []string{"handle SIGUSR1 nostop noprint", "info signals SIGUSR1", "handle SIGALRM stop", "info signals SIGALRM",
			"handle SIGSEGV nopass", "info signals SIGSEGV", "handle 14-15 nopass", "info signals 14", "info signals 15", "info signals SIGCHLD", "info signals SIGTRAP"},
		norm: func(l string) string {
			if strings.HasPrefix(l, "Signal ") {
				return "" // the header: tdb prints it once per handle, gdb once per info signals
			}
			return l
		},
		differ: "headers dropped: gdb -batch prints nothing for handle, so its side asks info signals for each row",
	})
	// The whole table, for the signals Linux has: the defaults are gdb's.
	cs = append(cs, gdbCase{
		name: "info signals", program: "csignals", marker: "marker: pick",
		tdb: []string{"info signals"},
		norm: func(l string) string {
			name, _, _ := strings.Cut(l, " ")
			switch {
			case !strings.HasPrefix(name, "SIG"), linuxLacks(name):
				return ""
			case name == "SIGSTOP", name == "SIG32", name == "SIG33", name == "SIGSTKFLT":
				return "" // see differ
			}
			return l
		},
		differ: "rows of the signals Linux sends only (gdb lists other systems' too, and not SIGSTKFLT); " +
			"SIGSTOP, SIG32 and SIG33 pass unannounced in tdb (the engine's own stop signal, glibc's internal ones), which gdb's Linux target does outside its table",
	})
	// handle nopass: the signal stops the program, and is discarded.
	cs = append(cs, gdbCase{
		name: "handle nopass", program: "csignals", marker: "marker: pick",
		tdb:  []string{"set var which = 10", "handle SIGUSR1 nopass", "continue", "continue"},
		norm: signalView, differ: "the signal, the program's frames and the end only",
	})
	// A line breakpoint on the blank line above check, on its name and
	// on its brace: gdb moves each after the prologue, where x is 1.
	check := crunLineOf("csignals", "static int check(int x)")
	cs = append(cs, gdbCase{
		name: "break above function", program: "csignals", marker: "marker: pick",
		tdb: []string{"set var which = 2", fmt.Sprintf("break %d", check-1), fmt.Sprintf("break %d", check), fmt.Sprintf("break %d", check+1), "continue", "info args"},
		norm: func(l string) string {
			if m := regexp.MustCompile(`^Breakpoint (\d+) at 0x\w+: .*?(?:line |prog\.c:)(\d+)\.?$`).FindStringSubmatch(l); m != nil {
				return "breakpoint " + m[1] + " line " + m[2]
			}
			if m := tdbStopRe2.FindStringSubmatch(l); m != nil {
				return "stop " + m[1] + ":" + m[2]
			}
			if m := regexp.MustCompile(`^Breakpoint \d+, (\w+) \(.*\) at \S+:(\d+)$`).FindStringSubmatch(l); m != nil {
				return "stop " + m[1] + ":" + m[2]
			}
			if strings.HasPrefix(l, "x = ") {
				return l
			}
			return ""
		},
		differ: "where each breakpoint went, the stop and the argument: each debugger words them its own way",
	})
	// step through a for loop stops once a line; a one-line loop is
	// one step (several line-table rows of one line).
	cs = append(cs, gdbCase{
		name: "step loop", program: "cstep", marker: "marker: for",
		tdb:  []string{"step", "step", "step", "step", "step", "step", "step", "step", "step", "step", "step", "step", "step"},
		norm: lineOnly, differ: "the line numbers of the stops: each debugger prints a stop in its own form",
	})
	// step on a call through a function pointer enters the function.
	cs = append(cs, gdbCase{
		name: "step pointer", program: "cstep", marker: "marker: call through pointer",
		tdb: []string{"step", "bt 1", "step", "step"}, gdb: []string{"step", "bt 1", "step", "step"},
		norm: func(l string) string {
			if m := btRowRe.FindStringSubmatch(l); m != nil {
				return "#" + m[1] + " " + m[2] + ":" + m[3]
			}
			return lineOnly(l)
		},
		differ: "lines and frames only: each debugger prints a stop in its own form",
	})
	// until: in a loop's body to the loop's line, then on to its end,
	// never back into the body.
	cs = append(cs, gdbCase{
		name: "until loop", program: "cstep", marker: "s += i",
		tdb: []string{"clear 1", "until", "until", "until", "p s"}, gdb: []string{"delete 1", "until", "until", "until", "p s"},
		norm: lineOnly, differ: "the line numbers of the stops: each debugger prints a stop in its own form",
	})
	// until LOC and advance LOC: to LOC, or to the return of the frame.
	mainEnd := crunLineOf("cstep", "marker: main end")
	stopAt := func(l string) string {
		if m := tdbStopRe2.FindStringSubmatch(l); m != nil {
			return m[1] + ":" + m[2]
		}
		if m := gdbStopRe.FindStringSubmatch(l); m != nil {
			return m[1] + ":" + m[2]
		}
		if m := btRowRe.FindStringSubmatch(l); m != nil {
			return "#" + m[1] + " " + m[2] + ":" + m[3]
		}
		return ""
	}
	cs = append(cs, gdbCase{
		name: "until return", program: "cstep", marker: "int s = 0",
		tdb:  []string{fmt.Sprintf("until %d", mainEnd), "bt"},
		norm: stopAt, differ: "functions and lines only",
	})
	cs = append(cs, gdbCase{
		name: "until here", program: "cstep", marker: "int s = 0",
		tdb:  []string{"until " + fmt.Sprint(crunLineOf("cstep", "marker: sum return")), "p s", "bt"},
		norm: stopAt, differ: "functions and lines only",
	})
	cs = append(cs, gdbCase{
		name: "advance", program: "cstep", marker: "marker: main sum",
		tdb:  []string{"advance twice", "bt", "advance accumulate", "bt"},
		norm: stopAt, differ: "functions and lines only",
	})
	// Watchpoints on a C local and a global: stops only when the value
	// changes, and the local's ends when its frame returns, with gdb's
	// words, at the caller.
	cs = append(cs, gdbCase{
		name: "watch local", program: "cstep", marker: "marker: acc",
		tdb: []string{"watch acc", "continue", "frame", "continue", "frame", "continue", "frame", "continue", "frame", "continue", "frame",
			"watch total", "continue", "frame", "continue", "frame"},
		norm: func(l string) string {
			for _, p := range []string{"old value: ", "Old value = ", "new value: ", "New value = "} {
				if v, ok := strings.CutPrefix(l, p); ok {
					return strings.ToLower(p[:3]) + " " + v
				}
			}
			if strings.HasPrefix(l, "Watchpoint 2 deleted because the program has left the block in") {
				return "Watchpoint 2 deleted"
			}
			if m := btRowRe.FindStringSubmatch(l); m != nil {
				return "#" + m[1] + " " + m[2] + ":" + m[3]
			}
			return "" // each stop in its own words; frame says where
		},
		differ: "the values, where frame says each stop is and the end of the local's watchpoint: gdb words a stop its own way, and breaks its message over two lines",
	})
	// A typo in a function's name is refused, as gdb -batch answers no
	// to "Make breakpoint pending?"; a library function the program
	// needs (puts, in libc, loaded by now) resolves.
	cs = append(cs, gdbCase{
		name: "break typo", program: "csignals", marker: "marker: pick",
		tdb: []string{"break mian", "break puts", "continue", "bt 1"},
		norm: func(l string) string {
			switch {
			case strings.Contains(l, `"mian"`) && (strings.Contains(l, "not defined") || strings.Contains(l, "no function")):
				return "mian: not defined"
			case strings.HasPrefix(l, "Breakpoint 2 at "):
				return "breakpoint 2 set"
			}
			if m := regexp.MustCompile(`^#0 +(?:0x\w+ (?:in )?)?(\w+)`).FindStringSubmatch(l); m != nil {
				return "#0 " + strings.TrimPrefix(strings.TrimPrefix(m[1], "__GI_"), "_IO_")
			}
			return ""
		},
		differ: "the refusal and where the breakpoint on puts stops: each debugger words them its own way, and names puts from what it reads of libc",
	})
	// The backtrace ends at main, as gdb's; past main on, it goes on
	// through libc to _start.
	cs = append(cs, gdbCase{
		name: "bt past main", program: "cprog", marker: "return n * fact",
		tdb: []string{"bt", "set backtrace past-main on", "bt"},
		norm: func(l string) string {
			m := regexp.MustCompile(`^#\d+ +(?:0x\w+ (?:in )?)?(\S+)`).FindStringSubmatch(l)
			switch {
			case m == nil:
				return ""
			case strings.Contains(l, " from /") || strings.Contains(l, " at ../") || strings.Contains(l, " at ./"):
				return "libc" // named or not (?? without libc's symbols)
			}
			return m[1]
		},
		differ: "the frames' functions, libc's as libc: gdb names them from libc's DWARF where its debug file is installed",
	})
	return cs
}

// crunLineOf is the line of testdata/program/prog.c that contains text
// (0 if none: the case then fails on its own), for cases built before any
// test runs.
func crunLineOf(program, text string) int {
	b, err := os.ReadFile(fixture.Source(program, "prog.c"))
	if err != nil {
		return 0
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	return 0
}

// linuxLacks: signals of gdb's table that Linux never sends.
func linuxLacks(name string) bool {
	switch name {
	case "SIGEMT", "SIGLOST", "SIGPOLL", "SIGWIND", "SIGPHONE", "SIGWAITING", "SIGLWP", "SIGDANGER", "SIGGRANT",
		"SIGRETRACT", "SIGMSG", "SIGSOUND", "SIGSAK", "SIGPRIO", "SIGCANCEL", "SIGINFO", "SIGLIBRT":
		return true
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(name, "SIG")); err == nil {
		return n > 64
	}
	return false
}
