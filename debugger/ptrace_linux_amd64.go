package debugger

import (
	"fmt"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The thin layer over ptrace(2) and wait4(2). Every call goes through here so
// that the mechanics view can show it; when nobody listens the cost is one
// bool test.

func (e *engine) mech(op string, tid int, addr uint64, format string, args ...any) {
	if !e.mechanics {
		return
	}
	e.emit(Mechanics{Op: op, Tid: tid, Addr: addr, Text: fmt.Sprintf(format, args...)})
}

func (e *engine) getRegs(t *thread) error {
	if t.regsValid {
		return nil
	}
	if err := unix.PtraceGetRegs(t.tid, &t.regs); err != nil {
		return fmt.Errorf("reading registers of thread %d: %w", t.tid, err)
	}
	t.regsValid = true
	if e.mechanics {
		e.mech("GETREGS", t.tid, 0, "ptrace GETREGS tid %d: rip %#x rsp %#x rbp %#x", t.tid, t.regs.Rip, t.regs.Rsp, t.regs.Rbp)
	}
	return nil
}

func (e *engine) setRegs(t *thread) error {
	if err := unix.PtraceSetRegs(t.tid, &t.regs); err != nil {
		return fmt.Errorf("writing registers of thread %d: %w", t.tid, err)
	}
	t.regsValid = true
	if e.mechanics {
		e.mech("SETREGS", t.tid, 0, "ptrace SETREGS tid %d: rip %#x rsp %#x", t.tid, t.regs.Rip, t.regs.Rsp)
	}
	return nil
}

func (e *engine) setPC(t *thread, pc uint64) error {
	if err := e.getRegs(t); err != nil {
		return err
	}
	t.regs.Rip = pc
	return e.setRegs(t)
}

func (e *engine) cont(t *thread, sig int) error {
	if t.drGen != e.watch.gen {
		e.syncDebugRegs(t) // a new thread, or watchpoints changed
	}
	t.regsValid = false
	t.stopped = false
	err := unix.PtraceCont(t.tid, sig)
	if e.mechanics {
		if sig != 0 {
			e.mech("CONT", t.tid, 0, "ptrace CONT tid %d, delivering %s", t.tid, sigName(sig))
		} else {
			e.mech("CONT", t.tid, 0, "ptrace CONT tid %d", t.tid)
		}
	}
	if err == unix.ESRCH {
		// The thread died while stopped (the whole process was killed from
		// outside); its exit is collected by the next wait.
		return nil
	}
	return err
}

func (e *engine) singleStep(t *thread) error {
	if t.drGen != e.watch.gen {
		e.syncDebugRegs(t)
	}
	t.regsValid = false
	t.stopped = false
	err := unix.PtraceSingleStep(t.tid)
	e.mech("SINGLESTEP", t.tid, 0, "ptrace SINGLESTEP tid %d", t.tid)
	return err
}

// singleStepSig single-steps t delivering sig (0: none). x/sys/unix's
// PtraceSingleStep has no signal argument.
func (e *engine) singleStepSig(t *thread, sig int) error {
	if sig == 0 {
		return e.singleStep(t)
	}
	if t.drGen != e.watch.gen {
		e.syncDebugRegs(t)
	}
	t.regsValid = false
	t.stopped = false
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_SINGLESTEP, uintptr(t.tid), 0, uintptr(sig), 0, 0)
	e.mech("SINGLESTEP", t.tid, 0, "ptrace SINGLESTEP tid %d, delivering %s", t.tid, sigName(sig))
	if errno != 0 {
		return errno
	}
	return nil
}

// wait4 waits for a state change of tid (-1: any thread). __WALL makes it
// see clone children (threads), which plain wait4 ignores.
func (e *engine) wait4(tid int) (int, unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		wpid, err := unix.Wait4(tid, &ws, unix.WALL, nil)
		if err == unix.EINTR {
			continue
		}
		if err == nil && e.mechanics {
			e.mech("WAIT", wpid, 0, "wait4 -> tid %d %s", wpid, describeStatus(ws))
		}
		return wpid, ws, err
	}
}

func (e *engine) tgkill(tid int, sig unix.Signal) error {
	err := unix.Tgkill(e.pid, tid, sig)
	e.mech("TGKILL", tid, 0, "tgkill tid %d %s", tid, sigName(int(sig)))
	return err
}

// readMem reads target memory through /proc/PID/mem: one pread for any
// length, where PEEKDATA would need a syscall per word.
func (e *engine) readMem(addr uint64, buf []byte) error {
	if addr >= scratchBase {
		return e.readScratch(addr, buf) // eval_scratch.go
	}
	if e.core != nil {
		return e.readCore(addr, buf) // core_session.go
	}
	if e.mem == nil {
		return ErrNotRunning
	}
	if err := e.readAllowed(len(buf)); err != nil { // bounded.go
		return err
	}
	n, err := e.mem.ReadAt(buf, int64(addr))
	if n == len(buf) {
		// The program's own bytes, never an int3 of tdb's (shadow.go).
		e.unpatch(addr, buf)
		return nil
	}
	if err == nil {
		err = fmt.Errorf("short read")
	}
	return fmt.Errorf("reading %d bytes at %#x: %w", len(buf), addr, err)
}

func (e *engine) read8(addr uint64) (uint64, error) {
	var b [8]byte
	if err := e.readMem(addr, b[:]); err != nil {
		return 0, err
	}
	return le64(b[:]), nil
}

func le64(b []byte) uint64 {
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// peekByte and pokeByte use PEEKDATA/POKEDATA: they are how breakpoints are
// written, and the classic calls a class wants to see.
func (e *engine) peekByte(tid int, addr uint64) (byte, error) {
	var b [1]byte
	if _, err := unix.PtracePeekData(tid, uintptr(addr), b[:]); err != nil {
		return 0, fmt.Errorf("reading the instruction at %#x: %w", addr, err)
	}
	e.mech("PEEKDATA", tid, addr, "ptrace PEEKDATA tid %d %#x: %02x", tid, addr, b[0])
	return b[0], nil
}

func (e *engine) pokeByte(tid int, addr uint64, old, b byte, why string) error {
	if _, err := unix.PtracePokeData(tid, uintptr(addr), []byte{b}); err != nil {
		return fmt.Errorf("writing the instruction at %#x: %w", addr, err)
	}
	e.mech("POKEDATA", tid, addr, "ptrace POKEDATA tid %d %#x: %02x -> %02x (%s)", tid, addr, old, b, why)
	return nil
}

func describeStatus(ws unix.WaitStatus) string {
	switch {
	case ws.Exited():
		return fmt.Sprintf("exited %d", ws.ExitStatus())
	case ws.Signaled():
		return "killed by " + sigName(int(ws.Signal()))
	case ws.Stopped():
		s := "stopped " + sigName(int(ws.StopSignal()))
		switch ws.TrapCause() {
		case unix.PTRACE_EVENT_CLONE:
			s += " (clone event)"
		case unix.PTRACE_EVENT_EXEC:
			s += " (exec event)"
		case unix.PTRACE_EVENT_EXIT:
			s += " (exit event)"
		case unix.PTRACE_EVENT_FORK:
			s += " (fork event)"
		case unix.PTRACE_EVENT_VFORK:
			s += " (vfork event)"
		case unix.PTRACE_EVENT_VFORK_DONE:
			s += " (vfork-done event)"
		case unix.PTRACE_EVENT_STOP:
			s += " (group-stop or interrupt event)"
		}
		return s
	}
	return fmt.Sprintf("status %#x", uint32(ws))
}

var sigNames = map[unix.Signal]string{}

func init() {
	for s := unix.Signal(1); s < 65; s++ {
		if n := unix.SignalName(s); n != "" {
			sigNames[s] = n
		}
	}
}

func sigName(sig int) string {
	if n, ok := sigNames[unix.Signal(sig)]; ok {
		return n
	}
	return fmt.Sprintf("signal %d", sig)
}

// SignalByName maps "SIGSEGV" or "segv" to its number.
func signalByName(name string) (unix.Signal, bool) {
	name = strings.ToUpper(name)
	if !strings.HasPrefix(name, "SIG") {
		name = "SIG" + name
	}
	s := unix.SignalNum(name)
	return s, s != 0
}

// debugRegOffset is offsetof(struct user, u_debugreg) on x86-64 (see
// <sys/user.h>): 27 registers, the fpvalid int and its padding, the 512
// bytes of i387 state, three sizes, two addresses, signal, reserved,
// u_ar0, u_fpstate, magic and u_comm[32] come first.
const debugRegOffset = 848

// peekDebugReg reads debug register n (0-7) of tid with PTRACE_PEEKUSER.
func (e *engine) peekDebugReg(tid, n int) (uint64, error) {
	v, err := peekDebugReg(tid, n)
	if err != nil {
		return 0, err
	}
	e.mech("PEEKUSER", tid, 0, "ptrace PEEKUSER tid %d DR%d: %#x", tid, n, v)
	return v, nil
}

// pokeDebugReg writes debug register n (0-7) of tid with PTRACE_POKEUSER.
// The kernel checks what DR7 enables (aligned addresses in user space,
// lengths 1, 2, 4 or 8) and refuses the write otherwise.
func (e *engine) pokeDebugReg(tid, n int, v uint64, why string) error {
	err := pokeDebugReg(tid, n, v)
	e.mech("POKEUSER", tid, 0, "ptrace POKEUSER tid %d DR%d = %#x (%s)", tid, n, v, why)
	return err
}

// The bare calls, which the guardian (guard_rescue.go) uses too.

func peekDebugReg(tid, n int) (uint64, error) {
	var b [8]byte
	if _, err := unix.PtracePeekUser(tid, uintptr(debugRegOffset+8*n), b[:]); err != nil {
		return 0, fmt.Errorf("reading DR%d of thread %d: %w", n, tid, err)
	}
	return le64(b[:]), nil
}

func pokeDebugReg(tid, n int, v uint64) error {
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_POKEUSR, uintptr(tid), uintptr(debugRegOffset+8*n), uintptr(v), 0, 0)
	if errno != 0 {
		return fmt.Errorf("writing DR%d of thread %d: %w", n, tid, errno)
	}
	return nil
}

// sigCode reads the si_code of the signal t is stopped with
// (PTRACE_GETSIGINFO; x/sys/unix has no wrapper for it).
func (e *engine) sigCode(t *thread) (int32, error) {
	// siginfo_t is 128 bytes and begins with int si_signo, si_errno,
	// si_code.
	var info [128]byte
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_GETSIGINFO, uintptr(t.tid), 0, uintptr(unsafe.Pointer(&info[0])), 0, 0)
	if errno != 0 {
		return 0, errno
	}
	code := int32(le32(info[8:]))
	e.mech("GETSIGINFO", t.tid, 0, "ptrace GETSIGINFO tid %d: si_code %#x", t.tid, code)
	return code, nil
}
