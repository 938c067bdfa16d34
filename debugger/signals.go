package debugger

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// What the engine does with each signal the program receives, as gdb's
// `handle` table: stop (report it before the program gets it), print (say
// it came, without stopping) and pass (deliver it when the program
// resumes; without pass it is discarded). The defaults are gdb's: signals
// that would kill the program, and the user's own (SIGUSR1, SIGTERM...),
// stop; the ones programs live with (SIGALRM, SIGCHLD, SIGURG, SIGWINCH,
// SIGPROF, SIGIO, SIGVTALRM) go to the program unannounced, so Go's SIGURG
// preemption stays quiet. SIGINT and SIGTRAP are not passed: they are the
// debugger's.

// sigAction is one row of the table.
type sigAction struct{ stop, print, pass bool }

// sigInfo names a signal as gdb's table does.
type sigInfo struct {
	sig  unix.Signal
	name string
	desc string
}

// signalRows are Linux's signals in the order of gdb's `info signals`,
// with its descriptions. (gdb also lists other systems' signals, which
// Linux never sends.)
var signalRows = func() []sigInfo {
	rows := []sigInfo{
		{unix.SIGHUP, "SIGHUP", "Hangup"},
		{unix.SIGINT, "SIGINT", "Interrupt"},
		{unix.SIGQUIT, "SIGQUIT", "Quit"},
		{unix.SIGILL, "SIGILL", "Illegal instruction"},
		{unix.SIGTRAP, "SIGTRAP", "Trace/breakpoint trap"},
		{unix.SIGABRT, "SIGABRT", "Aborted"},
		{unix.SIGFPE, "SIGFPE", "Arithmetic exception"},
		{unix.SIGKILL, "SIGKILL", "Killed"},
		{unix.SIGBUS, "SIGBUS", "Bus error"},
		{unix.SIGSEGV, "SIGSEGV", "Segmentation fault"},
		{unix.SIGSYS, "SIGSYS", "Bad system call"},
		{unix.SIGPIPE, "SIGPIPE", "Broken pipe"},
		{unix.SIGALRM, "SIGALRM", "Alarm clock"},
		{unix.SIGTERM, "SIGTERM", "Terminated"},
		{unix.SIGURG, "SIGURG", "Urgent I/O condition"},
		{unix.SIGSTOP, "SIGSTOP", "Stopped (signal)"},
		{unix.SIGTSTP, "SIGTSTP", "Stopped (user)"},
		{unix.SIGCONT, "SIGCONT", "Continued"},
		{unix.SIGCHLD, "SIGCHLD", "Child status changed"},
		{unix.SIGTTIN, "SIGTTIN", "Stopped (tty input)"},
		{unix.SIGTTOU, "SIGTTOU", "Stopped (tty output)"},
		{unix.SIGIO, "SIGIO", "I/O possible"},
		{unix.SIGXCPU, "SIGXCPU", "CPU time limit exceeded"},
		{unix.SIGXFSZ, "SIGXFSZ", "File size limit exceeded"},
		{unix.SIGVTALRM, "SIGVTALRM", "Virtual timer expired"},
		{unix.SIGPROF, "SIGPROF", "Profiling timer expired"},
		{unix.SIGWINCH, "SIGWINCH", "Window size changed"},
		{unix.SIGUSR1, "SIGUSR1", "User defined signal 1"},
		{unix.SIGUSR2, "SIGUSR2", "User defined signal 2"},
		{unix.SIGPWR, "SIGPWR", "Power fail/restart"},
		{unix.SIGSTKFLT, "SIGSTKFLT", "Stack fault"},
	}
	// The real-time signals, in gdb's order: 33 to 63, then 32 and 64.
	rt := func(n int) sigInfo {
		return sigInfo{unix.Signal(n), "SIG" + strconv.Itoa(n), "Real-time event " + strconv.Itoa(n)}
	}
	for n := 33; n <= 63; n++ {
		rows = append(rows, rt(n))
	}
	return append(rows, rt(32), rt(64))
}()

// defaultSigAction is gdb's default for sig.
func defaultSigAction(sig unix.Signal) sigAction {
	switch sig {
	case unix.SIGALRM, unix.SIGURG, unix.SIGCHLD, unix.SIGIO, unix.SIGVTALRM, unix.SIGPROF, unix.SIGWINCH:
		return sigAction{pass: true}
	case 32, 33:
		// glibc's own (thread cancellation, setxid broadcast): gdb's
		// Linux target passes them silently too.
		return sigAction{pass: true}
	case unix.SIGSTOP:
		// The engine's own tool for stopping threads: one it did not
		// send (kill -STOP) goes to the program, as before the table.
		return sigAction{pass: true}
	case unix.SIGINT, unix.SIGTRAP:
		return sigAction{stop: true, print: true}
	}
	return sigAction{stop: true, print: true, pass: true}
}

// signalTable holds the user's changes to the defaults. Owned by the
// ptrace goroutine.
type signalTable map[unix.Signal]sigAction

func (st signalTable) action(sig unix.Signal) sigAction {
	if a, ok := st[sig]; ok {
		return a
	}
	return defaultSigAction(sig)
}

// sigAction is what the engine does with sig: the user's `handle`, or
// the default. A Go program's SIGTRAP is passed by default: one sent with
// kill is the program's own, caught with signal.Notify (Delve delivers it
// too), and its int3s (runtime.Breakpoint) never reach the table.
func (e *engine) sigAction(sig unix.Signal) sigAction {
	if _, ok := e.sigs[sig]; !ok && sig == unix.SIGTRAP && e.bin.IsGo() {
		return sigAction{stop: true, print: true, pass: true}
	}
	return e.sigs.action(sig)
}

// sigStops: the program is stopped, and the user told, before it gets sig.
func (e *engine) sigStops(sig unix.Signal) bool { return e.sigAction(sig).stop }

// sigPassed filters the signal a thread is resumed with: 0 when the table
// says the program must not get it.
func (e *engine) sigPassed(sig int) int {
	if sig != 0 && !e.sigAction(unix.Signal(sig)).pass {
		return 0
	}
	return sig
}

// sigNoStop handles a signal that does not stop the program: announced
// when the table says print, then delivered unless it says nopass.
func (e *engine) sigNoStop(t *thread, sig unix.Signal) {
	a := e.sigAction(sig)
	if a.print {
		e.logf("info", "Program received signal %s, %s.", sigName(int(sig)), sigDesc(sig))
	}
	s := int(sig)
	if !a.pass {
		s = 0
	}
	e.resume(t, s)
}

func sigDesc(sig unix.Signal) string {
	for _, r := range signalRows {
		if r.sig == sig {
			return r.desc
		}
	}
	return unix.SignalName(sig)
}

// HandleSignals is gdb's `handle SIGNAL... ACTION...`: Signals are names
// (SIGUSR1, USR1), numbers (Linux's), ranges (14-15) or "all"; Actions are
// stop, nostop, print, noprint, pass (noignore), nopass (ignore). stop
// implies print and noprint nostop, as in gdb. The reply's Notes are the
// table rows of the signals named, as `info signals` prints them.
type HandleSignals struct {
	Signals []string
	Actions []string
}

// SignalInfo is `info signals [SIG]`: the whole table, or one row; the
// reply's Notes are its lines.
type SignalInfo struct{ Signal string }

func (HandleSignals) isRequest() {}
func (SignalInfo) isRequest()    {}

const sigTableHeader = "Signal        Stop\tPrint\tPass to program\tDescription"

func (e *engine) handleSignalRequest(req Request) Reply {
	switch r := req.(type) {
	case SignalInfo:
		if r.Signal == "" {
			lines := []string{sigTableHeader, ""}
			for _, row := range signalRows {
				lines = append(lines, e.sigRow(row))
			}
			return Reply{Notes: append(lines, "", `Use the "handle" command to change these tables.`)}
		}
		sigs, err := parseSignals([]string{r.Signal}, false)
		if err != nil {
			return Reply{Err: err}
		}
		return Reply{Notes: e.sigRows(sigs)}
	case HandleSignals:
		if len(r.Signals) == 0 {
			return Reply{Err: fmt.Errorf("usage: handle SIGNAL... [stop|nostop] [print|noprint] [pass|nopass]")}
		}
		sigs, err := parseSignals(r.Signals, true)
		if err != nil {
			return Reply{Err: err}
		}
		for _, s := range sigs {
			if s == unix.SIGKILL || s == unix.SIGSTOP {
				// SIGKILL never reaches a tracer; SIGSTOP is how the
				// engine stops threads.
				return Reply{Err: fmt.Errorf("%s cannot be handled: use handle all, or name other signals", sigName(int(s)))}
			}
		}
		for _, w := range r.Actions {
			switch w {
			case "stop", "nostop", "print", "noprint", "pass", "noignore", "nopass", "ignore":
			default:
				return Reply{Err: fmt.Errorf("unrecognized flag word: %q (stop, nostop, print, noprint, pass, nopass)", w)}
			}
		}
		if e.sigs == nil {
			e.sigs = signalTable{}
		}
		for _, s := range sigs {
			a := e.sigAction(s)
			for _, w := range r.Actions {
				switch w {
				case "stop":
					a.stop, a.print = true, true
				case "nostop":
					a.stop = false
				case "print":
					a.print = true
				case "noprint":
					a.print, a.stop = false, false
				case "pass", "noignore":
					a.pass = true
				case "nopass", "ignore":
					a.pass = false
				}
			}
			e.sigs[s] = a
		}
		return Reply{Notes: e.sigRows(sigs)}
	}
	return Reply{Err: fmt.Errorf("unknown request %T", req)}
}

func (e *engine) sigRows(sigs []unix.Signal) []string {
	lines := []string{sigTableHeader}
	for _, row := range signalRows {
		for _, s := range sigs {
			if s == row.sig {
				lines = append(lines, e.sigRow(row))
			}
		}
	}
	return lines
}

func (e *engine) sigRow(row sigInfo) string {
	a := e.sigAction(row.sig)
	yn := func(b bool) string {
		if b {
			return "Yes"
		}
		return "No"
	}
	return fmt.Sprintf("%-13s %s\t%s\t%s\t\t%s", row.name, yn(a.stop), yn(a.print), yn(a.pass), row.desc)
}

// parseSignals reads signal names, numbers and ranges; "all" (only for
// handle) is every signal but SIGINT and SIGTRAP, which gdb keeps for
// itself in `handle all` too, and SIGKILL and SIGSTOP, which handle
// refuses.
func parseSignals(words []string, allowAll bool) ([]unix.Signal, error) {
	var out []unix.Signal
	for _, w := range words {
		if allowAll && w == "all" {
			for _, r := range signalRows {
				switch r.sig {
				case unix.SIGINT, unix.SIGTRAP, unix.SIGKILL, unix.SIGSTOP:
				default:
					out = append(out, r.sig)
				}
			}
			continue
		}
		lo, hi, isRange := strings.Cut(w, "-")
		if a, err := strconv.Atoi(lo); err == nil {
			b := a
			if isRange {
				if b, err = strconv.Atoi(hi); err != nil {
					return nil, fmt.Errorf("bad signal range %q", w)
				}
			}
			if a < 1 || b > 64 || a > b {
				return nil, fmt.Errorf("only signals 1-64 are valid as numeric signals (Linux's numbers): %q", w)
			}
			for n := a; n <= b; n++ {
				if s := unix.Signal(n); a == b || allowAll && s != unix.SIGKILL && s != unix.SIGSTOP || !allowAll {
					out = append(out, s) // a range in handle leaves out what it refuses
				}
			}
			continue
		}
		s, ok := signalByName(w)
		if !ok {
			if n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(w), "SIG")); err == nil && n >= 32 && n <= 64 {
				s, ok = unix.Signal(n), true // SIG34, as gdb names the real-time ones
			}
		}
		if !ok || s == 0 {
			return nil, fmt.Errorf("unknown signal %q", w)
		}
		out = append(out, s)
	}
	return out, nil
}
