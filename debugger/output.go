package debugger

import (
	"time"

	"golang.org/x/sys/unix"
)

// The program's terminal: a pty whose master tdb reads, so nothing the
// program writes ever reaches tdb's own terminal.

func (e *engine) startOutput() {
	e.s.ptyMu.Lock()
	master := e.s.pty
	e.s.ptyMu.Unlock()
	done := make(chan struct{})
	e.outDone = done
	go func() {
		defer close(done)
		buf := make([]byte, 32*1024)
		for {
			n, err := master.Read(buf)
			if n > 0 {
				e.s.events <- Output{Data: append([]byte(nil), buf[:n]...)}
			}
			if err != nil {
				// EIO: every holder of the slave closed it (the program
				// and its children are gone), or the master was closed.
				return
			}
		}
	}()
}

// flushOutput gives the reader a moment to pick up what the program wrote
// before it stopped, so its output comes before the stop in the log.
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
	for i := 0; i < 50; i++ {
		n := 0
		rc.Control(func(fd uintptr) {
			n, err = unix.IoctlGetInt(int(fd), unix.TIOCINQ)
		})
		if err != nil || n == 0 {
			break
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// waitOutput waits (briefly) for the reader to drain the pty after the
// program ended.
func (e *engine) waitOutput() {
	if e.outDone == nil {
		return
	}
	if e.detached {
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
