package debugger

import (
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
	msg, err := unix.PtraceGetEventMsg(parent.tid)
	if err != nil {
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
			if _, err := unix.PtracePokeData(child, uintptr(addr), []byte{bp.orig}); err == nil {
				e.mech("POKEDATA", child, addr, "ptrace POKEDATA pid %d %#x: cc -> %02x (forked child: breakpoint removed)", child, addr, bp.orig)
			}
		}
	}
	unix.PtraceDetach(child)
	kind := "fork"
	if vfork {
		kind = "vfork"
	}
	e.mech("DETACH", child, 0, "ptrace DETACH pid %d (%s child of tid %d runs free)", child, kind, parent.tid)
}
