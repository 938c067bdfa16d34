package debugger

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// The program's terminal: a pty whose master tdb reads, so nothing the
// program writes ever reaches tdb's own terminal.
//
// Output must come before the stop that follows it: the reader and the
// engine's flush both read under Session.outMu and send the bytes while
// holding it, so no chunk read by one can overtake a chunk read by the
// other.

func (e *engine) startOutput() {
	e.s.ptyMu.Lock()
	master := e.s.pty
	e.s.ptyMu.Unlock()
	done := make(chan struct{})
	e.outDone = done
	rc, err := master.SyscallConn()
	if err != nil {
		close(done)
		return
	}
	go func() {
		defer close(done)
		buf := make([]byte, 32*1024)
		for {
			var n int
			var rerr error
			err := rc.Read(func(fd uintptr) bool {
				e.s.outMu.Lock()
				defer e.s.outMu.Unlock()
				n, rerr = unix.Read(int(fd), buf)
				if n > 0 {
					e.s.events <- Output{Data: append([]byte(nil), buf[:n]...)}
				}
				return rerr != unix.EAGAIN
			})
			if err != nil || rerr != nil || n == 0 {
				// EIO: every holder of the slave closed it (the program
				// and its children are gone), or the master was closed.
				return
			}
		}
	}()
}

// flushOutput sends what the program wrote before it stopped, so its output
// comes before the stop in the log.
func (e *engine) flushOutput() {
	e.s.ptyMu.Lock()
	master := e.s.pty
	e.s.ptyMu.Unlock()
	if master == nil {
		return
	}
	// Not master.Fd(): that would put the file in blocking mode, and a
	// Close could then no longer wake the reader.
	rc, err := master.SyscallConn()
	if err != nil {
		return
	}
	e.s.outMu.Lock()
	defer e.s.outMu.Unlock()
	buf := make([]byte, 32*1024)
	for i := 0; i < 64; i++ {
		n := 0
		var rerr error
		rc.Control(func(fd uintptr) {
			n, rerr = unix.Read(int(fd), buf)
		})
		if n > 0 {
			e.s.events <- Output{Data: append([]byte(nil), buf[:n]...)}
			continue
		}
		if rerr == unix.EAGAIN && i == 0 && e.writes.wrote(e.pid) { // perf_output.go
			// The pty may still be moving bytes from the program's
			// side to ours; give it one short moment.
			time.Sleep(50 * time.Microsecond)
			continue
		}
		return
	}
}

// waitOutput waits (briefly) for the reader to drain the pty after the
// program ended.
func (e *engine) waitOutput() {
	if e.outDone == nil || e.detached {
		return
	}
	select {
	case <-e.outDone:
		e.outDone = nil
	case <-time.After(time.Second):
	}
}

func (e *engine) closePty() {
	e.s.ptyMu.Lock()
	if e.s.pty != nil {
		e.s.pty.Close()
		e.s.pty = nil
	}
	e.s.ptyMu.Unlock()
	if e.slave != nil {
		e.slave.Close()
		e.slave = nil
	}
	if e.outDone != nil {
		<-e.outDone
		e.outDone = nil
	}
}

// pollable returns a non-blocking copy of f registered with Go's poller.
// pty.Open calls Fd(), which leaves the master in blocking mode: a read
// would then block while holding outMu, and Close could not wake it.
func pollable(f *os.File) (*os.File, error) {
	fd, err := unix.Dup(int(f.Fd()))
	f.Close()
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(fd)
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "/dev/ptmx"), nil
}
