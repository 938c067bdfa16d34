package debugger

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
		wpid, ws, werr := e.waitPoll(-1)
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

// idlePoll is how often the ptrace goroutine, idle between requests with
// the target stopped, looks whether the target still lives: a SIGKILL
// from outside (the OOM killer, kill -9) must show within a second, not
// at the next request.
const idlePoll = 200 * time.Millisecond

// idleCheck collects and reports (an Exited event) a target that died
// while stopped: every thread is a zombie or gone once it was killed,
// where a live stopped target's threads are "t". (The leader alone may be
// a zombie in a live program: a main thread that ended first.)
func (e *engine) idleCheck() {
	if !e.alive() {
		return
	}
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", e.pid))
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(b, ')')
		if i < 0 || i+2 >= len(b) || (b[i+2] != 'Z' && b[i+2] != 'X') {
			return // a live thread (or one we cannot read: assume so)
		}
	}
	if ev := e.resumeFailed(unix.ESRCH); ev.kind == stopExited {
		e.reap()
		e.exitUnanswered = true
	}
}
