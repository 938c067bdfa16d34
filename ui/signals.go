package ui

import (
	"bytes"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"tdb/theme"
)

// QuitSignals end the screen as `quit` does: the terminal restored, the
// history saved, and (by Run's caller) the program killed or released
// and the build directory removed. SIGHUP is a dropped connection or a
// closed terminal window; SIGINT reaches tdb only from kill, since the
// screen's raw mode makes Ctrl+C a key.
var QuitSignals = []os.Signal{unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGINT}

// NotifySignals starts catching the signals the screen handles, to be
// passed to Run: caught from the start, one that comes while tdb builds
// or starts the program ends the screen as soon as it opens, not tdb
// before its cleanups.
func NotifySignals() chan os.Signal {
	ch := make(chan os.Signal, 8)
	signal.Notify(ch, append(QuitSignals, unix.SIGTSTP)...)
	return ch
}

// SignalError is Run's error when a signal ended the screen.
type SignalError struct{ Signal os.Signal }

func (e *SignalError) Error() string { return fmt.Sprintf("ended by %v", e.Signal) }

// Status is the exit status a shell expects of a process a signal ended.
func (e *SignalError) Status() int {
	if s, ok := e.Signal.(unix.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// quitGrace is how long a signal's quit may wait for the UI goroutine
// before the screen is stopped from outside it (a UI stuck in a draw must
// not keep the terminal raw).
const quitGrace = 3 * time.Second

// watchSignals turns signals into the UI's quit and suspend, until the
// UI ends.
func (a *App) watchSignals(sigs <-chan os.Signal, got *atomic.Value) {
	for {
		select {
		case <-a.ctx.Done():
			return
		case sig := <-sigs:
			if sig == unix.SIGTSTP {
				a.post(a.suspend)
				continue
			}
			got.CompareAndSwap(nil, sig)
			a.post(a.quit)
			time.AfterFunc(quitGrace, a.app.Stop)
		}
	}
}

// suspend leaves the screen and stops tdb, as Ctrl+Z does to a program in
// cooked mode: the terminal goes back to the shell as it was (cooked,
// main screen, no mouse). When the shell continues tdb (fg), the screen
// takes the terminal back and is drawn whole. UI goroutine only: the
// screen stays still while tdb is stopped. (tview's Application.Suspend
// does the same but drops Resume's error, and a Ctrl+Z pressed as the
// screen opened came back with the terminal left cooked: keys echoed.)
func (a *App) suspend() {
	if why := noJobControl(); why != "" {
		a.log.add("tdb cannot be suspended: "+why, theme.Warning)
		return
	}
	s := a.screen
	if s == nil {
		return
	}
	if err := s.Suspend(); err != nil {
		a.log.add("suspend: "+err.Error(), theme.Error)
		return
	}
	// SIGSTOP, not SIGTSTP: tdb catches the latter. The shell sees the
	// job stop either way. Sent to this very thread: a signal sent to
	// the process is taken by another thread, and this one went on to
	// Resume (raw mode) before the stop reached it; the shell then took
	// the terminal back, and after fg tdb ran on a cooked terminal.
	runtime.LockOSThread()
	unix.Tgkill(os.Getpid(), unix.Gettid(), unix.SIGSTOP)
	runtime.UnlockOSThread()
	if err := s.Resume(); err != nil {
		a.log.add("resume: "+err.Error(), theme.Error)
	}
	s.Sync()
}

// noJobControl says why nobody would continue a stopped tdb, or "". A
// process group is in the care of a job-control shell when some member's
// parent is in another group of the same session (POSIX's "not
// orphaned"): tdb's own parent, the shell that started it. Started
// without one (ssh -t host tdb, tmux new tdb), a stopped tdb would hang
// the terminal for good; the kernel ignores SIGTSTP there for the same
// reason.
func noJobControl() string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", os.Getppid()))
	if err != nil {
		return "its parent is unknown"
	}
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 4 {
		return "its parent is unknown"
	}
	sid, _ := unix.Getsid(0)
	if f[2] == strconv.Itoa(unix.Getpgrp()) || f[3] != strconv.Itoa(sid) {
		return "no job-control shell started it (fg would have nothing to resume)"
	}
	return ""
}
