package debugger

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// Fork and vfork children. With PTRACE_O_TRACEFORK and TRACEVFORK the
// kernel attaches every child the program forks to tdb, stopped. tdb does
// not debug children: it lets each one go. A forked child is a copy of the
// parent, int3 bytes included, and would die of SIGTRAP at the first
// breakpoint it ran into; so they are taken out of its memory first. A
// vfork child shares the parent's memory until it execs: its breakpoints
// are the parent's and must stay. Without the options, forked children would
// be untraced copies with the int3s in them.

// forkOptions are the ptrace options that make fork children stop for us.
const forkOptions = unix.PTRACE_O_TRACEFORK | unix.PTRACE_O_TRACEVFORK

// forkState remembers children whose first stop arrived before their
// parent's fork event. Owned by the ptrace goroutine.
type forkState struct {
	stopped map[int]bool
}

func isForkEvent(ws unix.WaitStatus) bool {
	if !ws.Stopped() || ws.StopSignal() != unix.SIGTRAP {
		return false
	}
	c := ws.TrapCause()
	return c == unix.PTRACE_EVENT_FORK || c == unix.PTRACE_EVENT_VFORK
}

// strayStop notes a stop of a process that is not one of the target's
// threads: a fork child whose parent's event has not been seen yet.
func (e *engine) strayStop(pid int, ws unix.WaitStatus) {
	if !ws.Stopped() {
		return
	}
	if e.forks.stopped == nil {
		e.forks.stopped = map[int]bool{}
	}
	e.forks.stopped[pid] = true
}

// forked lets the child announced by parent's fork event run free. The
// parent stays stopped in its event stop; the caller resumes it.
func (e *engine) forked(parent *thread, ws unix.WaitStatus) {
	msg, err := e.getEventMsg(parent.tid)
	if err != nil {
		// ESRCH: the parent died in its event stop. Otherwise the child
		// is unknown: it stays stopped, traced, until tdb lets the
		// program go.
		if !errors.Is(err, unix.ESRCH) {
			e.logf("warning", "fork event: %v", err)
		}
		return
	}
	child := int(msg)
	vfork := ws.TrapCause() == unix.PTRACE_EVENT_VFORK
	if !e.forks.stopped[child] {
		// Its first stop is still to come (it is traced from birth, so
		// it will come): a vfork parent cannot go on before the child
		// runs, so wait for it here.
		for {
			wpid, cws, err := e.wait4(child)
			if err != nil || wpid != child || cws.Exited() || cws.Signaled() {
				return
			}
			if cws.Stopped() {
				break
			}
		}
	}
	delete(e.forks.stopped, child)
	if !vfork {
		for addr, bp := range e.bps {
			if !bp.inserted {
				continue
			}
			if err := e.pokeByteOf("pid", child, addr, int3, bp.orig, "forked child: breakpoint removed"); err != nil {
				// It dies of SIGTRAP if it runs into this one.
				e.logf("warning", "forked child %d: %v", child, err)
			}
		}
	}
	kind := "fork"
	if vfork {
		kind = "vfork"
	}
	if err := e.detachTask("pid", child, 0, fmt.Sprintf("%s child of tid %d runs free", kind, parent.tid)); err != nil && !errors.Is(err, unix.ESRCH) {
		e.logf("warning", "letting forked child %d go: %v", child, err)
	}
}
