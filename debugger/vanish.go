package debugger

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"
)

// resumeFailed handles a failure to resume the stopped target. The usual
// cause is a SIGKILL from outside while it was stopped: the threads die
// under us and every ptrace call fails with ESRCH. Then the exit is
// collected and reported (exited: signal SIGKILL) instead of an error
// that leaves the session stuck on a dead process.
func (e *engine) resumeFailed(err error) stopEvent {
	if !errors.Is(err, unix.ESRCH) {
		return stopEvent{kind: stopError, err: err}
	}
	// The dying threads' exits arrive within moments; the leader's comes
	// after every other thread's has been collected.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var ws unix.WaitStatus
		wpid, werr := unix.Wait4(-1, &ws, unix.WALL|unix.WNOHANG, nil)
		if werr == unix.ECHILD {
			break
		}
		if wpid <= 0 {
			time.Sleep(time.Millisecond)
			continue
		}
		if ws.Exited() || ws.Signaled() {
			delete(e.threads, wpid)
			if wpid == e.pid {
				e.setExited(ws)
				return stopEvent{kind: stopExited}
			}
		}
	}
	if e.exited == nil {
		return stopEvent{kind: stopError, err: err}
	}
	return stopEvent{kind: stopExited}
}
