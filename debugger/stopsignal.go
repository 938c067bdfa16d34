package debugger

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Stop signals (issue 13): SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU the
// program sends itself or gets from outside stop it, as they do
// undebugged, and the stop is reported (`stopped: signal SIGSTOP`). The
// engine used to deliver them like any other signal: the group stop that
// followed was met by the engine's own continue of every thread, and the
// program ran on as if nothing had happened.
//
// gdb 13 reports the signal, passes it on `continue` (the program enters
// its group stop, which gdb reports again as the same signal), and a
// second `continue` runs it on without any SIGCONT (a PTRACE_CONT ends a
// group stop for a tracee). tdb keeps the program stopped while it shows
// the stop, and its `continue` is the SIGCONT: the stop has happened, the
// program runs on at once. A SIGTSTP, SIGTTIN or SIGTTOU the program
// catches or ignores does not stop it undebugged: that one is delivered on
// `continue`, and its handler runs. PTRACE_LISTEN (waiting in a group stop
// for a SIGCONT from elsewhere) needs a seized tracee; a launched program
// is traced with PTRACE_TRACEME, and a batch script whose program stops
// itself would wait forever for a SIGCONT nobody sends.
//
// The engine's own SIGSTOPs (stopping every thread, a new thread's first
// stop, Interrupt's kick) are recognised before this and stay swallowed.

func isStopSignal(sig unix.Signal) bool {
	switch sig {
	case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU:
		return true
	}
	return false
}

// stopSignalStop reports t's stop signal: every thread stops, and the
// signal is kept for the next resume only if the program handles or
// ignores it.
func (e *engine) stopSignalStop(t *thread, sig unix.Signal) stopEvent {
	if e.stopSignalOurs(t) {
		e.resume(t, 0)
		return stopEvent{}
	}
	e.stopAll()
	t.pendingSig = 0
	if sig != unix.SIGSTOP && e.sigHandled(sig) {
		t.pendingSig = int(sig)
	}
	return stopEvent{kind: stopSignal, t: t, sig: int(sig)}
}

// sigHandled reads whether the program catches or ignores sig
// (/proc/PID/status: SigCgt, SigIgn).
func (e *engine) sigHandled(sig unix.Signal) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", e.pid))
	if err != nil {
		return false
	}
	bit := uint64(1) << (uint(sig) - 1)
	for _, line := range strings.Split(string(b), "\n") {
		for _, key := range []string{"SigCgt:", "SigIgn:"} {
			if v, ok := strings.CutPrefix(line, key); ok {
				if m, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64); err == nil && m&bit != 0 {
					return true
				}
			}
		}
	}
	return false
}

// stopSignalOurs reports whether t's SIGSTOP is none of the program's: a
// group stop (no signal to deliver: PTRACE_GETSIGINFO fails with EINVAL),
// or a SIGSTOP tdb itself sent (si_pid is tdb's) that the engine's counts
// missed: two SIGSTOPs sent to one thread merge into one, and an
// Interrupt's kick is counted before it is sent, so a busy program that
// starts and ends threads while it is interrupted again and again
// (TestThreadChurnAcrossStops) met one now and then that matched no
// count. Those were delivered, harmlessly, before stop signals stopped
// the program.
func (e *engine) stopSignalOurs(t *thread) bool {
	si, err := e.getSiginfo(t.tid)
	if err != nil {
		// EINVAL: a group stop. Any other failure (ESRCH: the thread
		// died) leaves nothing to deliver either.
		return true
	}
	const siUser, siTkill = 0, -6 // SI_USER (kill), SI_TKILL (tgkill)
	return (si.code == siTkill || si.code == siUser) && si.pid == os.Getpid()
}
