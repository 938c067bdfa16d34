package debugger

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"golang.org/x/arch/x86/x86asm"
	"golang.org/x/sys/unix"
)

// rescue is the guardian's work once tdb has died (guard.go): seize every
// thread of pid, restore the breakpoint bytes, let it go. It returns how
// many bytes it restored. Every wait polls against deadline.
func rescue(pid int, deadline time.Time) (int, error) {
	n, _, err := rescueCounting(pid, deadline)
	return n, err
}

// rescueCounting is rescue that also says how many threads it moved back
// onto a restored instruction (unwindTraps).
func rescueCounting(pid int, deadline time.Time) (restored, unwound int, err error) {
	r, err := rescueAll(pid, deadline)
	return r.restored, r.unwound, err
}

// rescueResult counts what the guardian did: breakpoint bytes put back,
// threads moved back onto their instruction, threads whose debug
// registers it disarmed.
type rescueResult struct{ restored, unwound, disarmed int }

func rescueAll(pid int, deadline time.Time) (r rescueResult, err error) {
	// ptrace requests must come from the thread that seized.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	g := &rescuer{pid: pid, threads: map[int]*rescued{}, deadline: deadline}
	defer func() {
		if rerr := g.release(); err == nil {
			err = rerr
		}
	}()
	if err := g.seizeAll(); err != nil {
		return r, err
	}
	r.disarmed = g.disarmWatchpoints()
	if r.restored, err = g.restoreText(); err != nil {
		return r, err
	}
	r.unwound = g.unwindTraps()
	return r, nil
}

// disarmWatchpoints clears DR7 in every thread: the kernel keeps a dead
// tracer's hardware watchpoints (a thread's debug registers outlive its
// tracer), and the next write to watched memory would kill the program
// with SIGTRAP. A thread that already hit one since tdb died, and stopped
// with that SIGTRAP (DR6 names the register), does not get it delivered.
func (g *rescuer) disarmWatchpoints() int {
	n := 0
	for _, t := range g.threads {
		if !t.stopped {
			continue
		}
		if dr7, err := peekDebugReg(t.tid, 7); err == nil && dr7 != 0 && pokeDebugReg(t.tid, 7, 0) == nil {
			n++
		}
		if dr6, err := peekDebugReg(t.tid, 6); err == nil && dr6&0xf != 0 {
			// DR6 is status only: left stale, it misleads nobody once
			// the process is free.
			_ = pokeDebugReg(t.tid, 6, 0)
			if t.sig == int(unix.SIGTRAP) {
				t.sig = 0
			}
		}
	}
	return n
}

// rescuer is the guardian's view of the process it rescues.
type rescuer struct {
	pid      int
	threads  map[int]*rescued
	restored map[uint64]int // run-time addresses of the bytes put back: the length of the instruction there
	deadline time.Time
}

// rescued is one seized thread.
type rescued struct {
	tid     int
	stopped bool
	// sig is the signal the thread stopped with, to deliver when it is
	// let go (0 for the stop the guardian asked for).
	sig int
}

// seizeAll seizes every thread, however many the process starts
// meanwhile, and waits until each is stopped. Until the kernel has
// finished tearing tdb down its threads are still traced (EPERM): pipe
// EOF comes first, since a dying process closes its files before it
// lets its tracees go.
func (g *rescuer) seizeAll() error {
	began := time.Now()
	for {
		tids, err := listThreads(g.pid)
		if err != nil {
			return err
		}
		busy, fresh := false, false
		for _, tid := range tids {
			if g.threads[tid] != nil {
				continue
			}
			switch err := ptraceSeize(tid); {
			case err == nil:
				g.threads[tid] = &rescued{tid: tid}
				// ESRCH: it exited since, which waitStops sees.
				if err := ptraceInterrupt(tid); err != nil && !errors.Is(err, unix.ESRCH) {
					return fmt.Errorf("interrupting thread %d: %w", tid, err)
				}
				fresh = true
			case errors.Is(err, unix.EPERM):
				busy = true
			case errors.Is(err, unix.ESRCH):
				// The thread has just exited.
			default:
				return fmt.Errorf("seizing thread %d: %w", tid, err)
			}
		}
		if err := g.waitStops(); err != nil {
			return err
		}
		if !busy && !fresh {
			if len(g.threads) == 0 {
				return fmt.Errorf("the process has no threads left")
			}
			// Every thread listed is stopped: none can start another.
			return nil
		}
		if time.Now().After(g.deadline) {
			if busy {
				return fmt.Errorf("its threads are still traced (by another debugger?)")
			}
			return fmt.Errorf("timed out seizing its threads")
		}
		// Spin while tdb is being torn down: each thread runs free from
		// the moment the kernel lets it go until it is seized, and one
		// that meets a breakpoint meanwhile dies of SIGTRAP. Sleep only
		// once it is clear someone else holds the process.
		if busy && time.Since(began) > spinFor {
			time.Sleep(time.Millisecond)
		}
	}
}

// spinFor is how long seizeAll retries without sleeping: tdb's exit
// takes well under this once its files are closed.
const spinFor = 100 * time.Millisecond

// waitStops waits until every seized thread is stopped, dropping those
// that exit.
func (g *rescuer) waitStops() error {
	for {
		waiting := false
		for tid, t := range g.threads {
			if t.stopped {
				continue
			}
			wpid, ws, err := pollWait(tid)
			switch {
			case errors.Is(err, unix.ECHILD):
				delete(g.threads, tid) // gone
			case err != nil && !errors.Is(err, unix.EINTR):
				return fmt.Errorf("waiting for thread %d: %w", tid, err)
			case wpid != tid:
				waiting = true
			case ws.Exited() || ws.Signaled():
				delete(g.threads, tid)
			case ws.Stopped():
				t.stopped = true
				// A signal-delivery stop holds a signal the thread was
				// about to take: give it back on detach. Our interrupt
				// (PTRACE_EVENT_STOP) and the SIGSTOPs a dead tdb sent
				// hold nothing to give back.
				if ws>>16 == 0 {
					if sig := ws.StopSignal(); sig != unix.SIGSTOP {
						t.sig = int(sig)
					}
				}
			}
		}
		if !waiting {
			return nil
		}
		if time.Now().After(g.deadline) {
			return fmt.Errorf("timed out waiting for its threads to stop")
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// restoreText compares every file-backed executable mapping with its
// file and writes the file's byte back wherever memory holds int3 and the
// file does not: the breakpoints tdb left.
func (g *rescuer) restoreText() (int, error) {
	maps, err := readExecMappings(g.pid)
	if err != nil {
		return 0, err
	}
	mem, err := os.OpenFile(fmt.Sprintf("/proc/%d/mem", g.pid), os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer mem.Close()
	g.restored = map[uint64]int{}
	for _, m := range maps {
		file, err := m.fileBytes(g.pid)
		if err != nil {
			continue // a file gone or unreadable: nothing to compare with
		}
		code := make([]byte, len(file))
		n, _ := mem.ReadAt(code, int64(m.start))
		for i := 0; i < n; i++ {
			if code[i] != int3 || file[i] == int3 {
				continue
			}
			addr := m.start + uint64(i)
			if _, err := mem.WriteAt(file[i:i+1], int64(addr)); err != nil {
				return len(g.restored), fmt.Errorf("writing %#x: %w", addr, err)
			}
			g.restored[addr] = 1
			if inst, err := x86asm.Decode(file[i:], 64); err == nil {
				g.restored[addr] = inst.Len
			}
		}
	}
	return len(g.restored), nil
}

// unwindTraps puts back on the restored instruction a thread that ran
// into its int3: one that met it between tdb's death and the seize
// (stopped with SIGTRAP just after it), and one tdb held at a hit it had
// not finished passing, which the kernel let go one byte past the int3
// with the SIGTRAP dropped. The second is told by where it is: inside an
// instruction longer than one byte, where no thread can otherwise be.
// Back on the instruction with no signal, each runs on as if the
// breakpoint had never been there.
func (g *rescuer) unwindTraps() int {
	unwound := 0
	for _, t := range g.threads {
		if !t.stopped {
			continue
		}
		var regs unix.PtraceRegs
		if err := ptraceGetRegs(t.tid, &regs); err != nil {
			continue
		}
		n, ok := g.restored[regs.Rip-1]
		if !ok || (t.sig != int(unix.SIGTRAP) && n <= 1) {
			continue
		}
		regs.Rip--
		if ptraceSetRegs(t.tid, &regs) == nil {
			unwound++
			if t.sig == int(unix.SIGTRAP) {
				t.sig = 0
			}
		}
	}
	return unwound
}

// release detaches every seized thread, giving back the signal it held,
// and sends SIGCONT: SIGSTOPs a dead tdb sent and nobody reported would
// otherwise stop the process once free. It returns the first failure
// (for the guardian's log line) and goes on. ESRCH is none: a thread that
// died, or one seized but not yet stopped, which the kernel refuses to
// detach and lets go when the guardian exits, moments later.
func (g *rescuer) release() error {
	var first error
	for _, t := range g.threads {
		if err := ptraceDetach(t.tid, t.sig); err != nil && !errors.Is(err, unix.ESRCH) && first == nil {
			first = fmt.Errorf("letting thread %d go: %w", t.tid, err)
		}
	}
	if len(g.threads) > 0 {
		if err := kill(g.pid, unix.SIGCONT); err != nil && !errors.Is(err, unix.ESRCH) && first == nil {
			first = fmt.Errorf("sending SIGCONT: %w", err)
		}
	}
	return first
}

// execMapping is one file-backed executable mapping of /proc/PID/maps.
type execMapping struct {
	start, end uint64
	offset     int64
	path       string
}

func readExecMappings(pid int) ([]execMapping, error) {
	all, err := procMaps(pid)
	var ms []execMapping
	for _, m := range all {
		if m.exec && m.path != "" {
			ms = append(ms, execMapping{start: m.lo, end: m.hi, offset: m.offset, path: m.path})
		}
	}
	return ms, err
}

// fileBytes reads what the mapping maps from its file: through
// /proc/PID/map_files, which opens the very file mapped even if it was
// since replaced or deleted, else by path. A mapping past the file's end
// is cut to it.
func (m execMapping) fileBytes(pid int) ([]byte, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/map_files/%x-%x", pid, m.start, m.end))
	if err != nil {
		f, err = os.Open(strings.TrimSuffix(m.path, " (deleted)"))
		if err != nil {
			return nil, err
		}
	}
	defer f.Close()
	buf := make([]byte, m.end-m.start)
	n, err := f.ReadAt(buf, m.offset)
	if n == 0 && err != nil {
		return nil, err
	}
	return buf[:n], nil
}
