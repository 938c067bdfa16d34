package debugger

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// The guardian (guard.go) races the threads a dying tdb releases: one
// that reaches a breakpoint before the guardian seizes it dies of SIGTRAP.
// The kernel can hold them instead. When a tracer goes, every thread of a
// process whose group stop is in effect (SIGNAL_STOP_STOPPED) is put back
// in that stop rather than let run (kernel/ptrace.c, __ptrace_unlink), and
// a tracer may run its tracees with PTRACE_CONT while the group stop stays
// in effect. So at attach the engine has the process take a SIGSTOP into a
// group stop, and then runs it as usual: it runs under tdb, but stops the
// moment tdb dies, until the guardian has put its code back and sends
// SIGCONT. Detach sends SIGCONT too.
//
// With a never-true condition in a loop hit every 10 ms, 59 of 60 kills
// left the program alive, against 20 to 23 of 30 with the guardian alone
// (TestGuardStressHotLoop, on a loaded 2-core machine).
//
// The real parent is told the process stopped. A shell running it as a
// job would then take the terminal back (a foreground job) or report it
// "Stopped" and, exiting, hang it up (a background job), so a process in
// a terminal's session is left out, and keeps the race.

// enterGroupStop puts the attached process, every thread stopped by the
// engine, into a group stop, and leaves every thread stopped again. Only
// with a guardian: without one to send SIGCONT, a tdb that died would
// leave the program stopped for good.
func (e *engine) enterGroupStop() {
	if e.guard == nil {
		return
	}
	if why := noGroupStop(e.pid); why != "" {
		e.logf("info", "attach: %s: if tdb is killed while the program runs, the program may meet a breakpoint before tdb's guardian takes it out", why)
		return
	}
	lead := e.cur
	// resumed continues t. A thread the kernel refuses to resume stays
	// stopped, which is where the others end, and is not waited for: the
	// wait would never return. One that died (ESRCH) is: the wait
	// collects its exit.
	resumed := func(t *thread, sig int) bool {
		err := e.ptraceCont(t.tid, sig)
		if err != nil && !errors.Is(err, unix.ESRCH) {
			e.logf("warning", "attach: group stop: %v", err)
			return false
		}
		return true
	}
	if err := e.kill(e.pid, unix.SIGSTOP); err != nil {
		e.logf("warning", "attach: no group stop: %v", err)
		return
	}
	// One thread takes the SIGSTOP (a signal-delivery stop) and, resumed
	// with it, starts the group stop; the others join it when resumed.
	if !resumed(lead, 0) {
		return
	}
	for {
		_, ws, err := e.wait4(lead.tid)
		if err != nil || !ws.Stopped() {
			return
		}
		if ws.StopSignal() == unix.SIGSTOP && ws>>16 == 0 {
			break
		}
		// Another signal came first: it is delivered with the stop.
		if sig := ws.StopSignal(); ws>>16 == 0 && sig != unix.SIGTRAP {
			lead.pendingSig = int(sig)
		}
		if !resumed(lead, 0) {
			return
		}
	}
	if !resumed(lead, int(unix.SIGSTOP)) {
		return // no group stop: every thread is still stopped
	}
	held := map[*thread]bool{lead: true}
	for _, t := range e.threads {
		if t != lead && resumed(t, 0) {
			held[t] = true
		}
	}
	// Each thread reports its part in the group stop (PTRACE_EVENT_STOP).
	for _, t := range e.threads {
		for held[t] {
			_, ws, err := e.wait4(t.tid)
			if err != nil || !ws.Stopped() {
				break
			}
			if ws>>16 == unix.PTRACE_EVENT_STOP {
				break
			}
			if sig := ws.StopSignal(); ws>>16 == 0 && sig != unix.SIGSTOP && sig != unix.SIGTRAP {
				t.pendingSig = int(sig)
			}
			held[t] = resumed(t, 0)
		}
	}
}

// noGroupStop says why the process must not be put in a group stop (""
// if it may): a foreground job of a terminal, whose shell would take the
// terminal from it when told it stopped.
func noGroupStop(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "unreadable /proc/PID/stat"
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "unreadable /proc/PID/stat"
	}
	// Fields after the command name: state ppid pgrp session tty_nr tpgid.
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 6 {
		return "unreadable /proc/PID/stat"
	}
	if pgrp, tpgid := f[2], f[5]; tpgid != "-1" && tpgid == pgrp {
		return "the program is the foreground job of its terminal"
	}
	// A job of a terminal's shell, in the background: the shell's
	// waitpid(WUNTRACED) sees the group stop and reports the job
	// "Stopped", and the shell, exiting, sends its stopped jobs SIGHUP
	// (TestTmuxAttachJobShell). A process in a terminal's session is
	// taken to be some shell's job.
	if tty := f[4]; tty != "0" {
		return "the program runs in a terminal's session, whose shell would report it stopped"
	}
	return ""
}
