package main

import "regexp"

// Issue 13's cases against gdb: a program that stops itself is reported
// stopped by that signal (tdb used to swallow the stop).
func init() {
	moreGdbCases = append(moreGdbCases, []gdbCase{
		{name: "raise SIGSTOP", program: "cstop", marker: "stop line", tdb: []string{"continue"}, norm: stopSignalOnly},
	})
}

var (
	tdbStopSigRe = regexp.MustCompile(`^stopped: signal (SIG\w+):`)
	gdbStopSigRe = regexp.MustCompile(`^Program received signal (SIG\w+),`)
)

// stopSignalOnly keeps the signal a stop names, from either debugger.
func stopSignalOnly(l string) string {
	if m := tdbStopSigRe.FindStringSubmatch(l); m != nil {
		return "signal " + m[1]
	}
	if m := gdbStopSigRe.FindStringSubmatch(l); m != nil {
		return "signal " + m[1]
	}
	return ""
}
