package debugger

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The thin layer over ptrace(2), wait4(2), kill(2) and tgkill(2): the one
// door to the kernel's tracing calls. Every call goes through here so that
// the mechanics view can show it (door_test.go fails if another file of the
// package makes one); when nobody listens the cost is one bool test. The
// engine's methods report each call as a Mechanics line: reads and the
// calls added with the door (SEIZE, INTERRUPT, SETOPTIONS, GETEVENTMSG,
// kill) only when they succeed, since a failure is the caller's error or
// log line. The bare functions at the end serve callers without an engine:
// the guardian (guard_rescue.go), a process of its own with nobody to
// report to, and Session.kick.

func (e *engine) mech(op string, tid int, addr uint64, format string, args ...any) {
	if !e.mechanics {
		return
	}
	explain := e.curX.text
	if e.curX.op != op {
		explain = e.explainOp(op, tid, addr, 0)
	}
	e.curX = mechWhy{}
	e.emit(Mechanics{Op: op, Tid: tid, Addr: addr, Text: fmt.Sprintf(format, args...), Explain: explain})
}

// announce is before for a call with no signal to explain.
func (e *engine) announce(op string, tid int, addr uint64, format string, args ...any) {
	if e.mechanics {
		e.before(op, tid, addr, e.explainOp(op, tid, addr, 0), format, args...)
	}
}

func (e *engine) getRegs(t *thread) error {
	if t.regsValid {
		return nil
	}
	e.announce("GETREGS", t.tid, 0, "ptrace GETREGS tid %d", t.tid)
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
	e.announce("SETREGS", t.tid, 0, "ptrace SETREGS tid %d: rip %#x rsp %#x", t.tid, t.regs.Rip, t.regs.Rsp)
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
	e.armDebugRegs(t)
	t.regsValid = false
	t.stopped = false
	err := e.ptraceCont(t.tid, sig)
	if err == unix.ESRCH {
		// The thread died while stopped (the whole process was killed from
		// outside); its exit is collected by the next wait.
		return nil
	}
	return err
}

// resume is cont where the caller has nobody to report a failure to: the
// run loop passing over a stop that is not the user's. It is logged.
func (e *engine) resume(t *thread, sig int) {
	if err := e.cont(t, sig); err != nil {
		e.logf("warning", "resuming thread %d: %v", t.tid, err)
	}
}

// ptraceCont is the bare PTRACE_CONT of cont, for callers that keep the
// thread's bookkeeping themselves (the group stop of guard_groupstop.go).
func (e *engine) ptraceCont(tid, sig int) error {
	if e.mechanics {
		e.before("CONT", tid, 0, e.explainOp("CONT", tid, 0, sig), "ptrace CONT tid %d", tid)
	}
	err := unix.PtraceCont(tid, sig)
	if e.mechanics {
		if sig != 0 {
			e.mech("CONT", tid, 0, "ptrace CONT tid %d, delivering %s", tid, sigName(sig))
		} else {
			e.mech("CONT", tid, 0, "ptrace CONT tid %d", tid)
		}
	}
	return err
}

// armDebugRegs writes the watchpoints into t before it runs, if it has
// not got the current ones: a new thread, or watchpoints changed. A
// refusal leaves t running without them; it is logged, since the command
// that set the watchpoint was answered when the stopped threads took it
// (syncAllDebugRegs). A thread that died is reported by the next wait.
func (e *engine) armDebugRegs(t *thread) {
	if t.drGen == e.watch.gen {
		return
	}
	if err := e.syncDebugRegs(t); err != nil && !errors.Is(err, unix.ESRCH) {
		e.logf("warning", "thread %d runs without its watchpoints: %v", t.tid, err)
	}
}

func (e *engine) singleStep(t *thread) error {
	e.armDebugRegs(t)
	t.regsValid = false
	t.stopped = false
	e.announce("SINGLESTEP", t.tid, 0, "ptrace SINGLESTEP tid %d", t.tid)
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
	e.armDebugRegs(t)
	t.regsValid = false
	t.stopped = false
	e.announce("SINGLESTEP", t.tid, 0, "ptrace SINGLESTEP tid %d, delivering %s", t.tid, sigName(sig))
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_SINGLESTEP, uintptr(t.tid), 0, uintptr(sig), 0, 0)
	e.mech("SINGLESTEP", t.tid, 0, "ptrace SINGLESTEP tid %d, delivering %s", t.tid, sigName(sig))
	if errno != 0 {
		return errno
	}
	return nil
}

// waitFlags: __WALL sees clone children (threads), which plain wait4
// ignores; __WNOTHREAD waits only for the tracees and children of the
// calling thread, the engine's locked one. Without it a thread collects
// the stops of every tracee of every thread of the process: with two
// sessions in one process (the debug adapter's, one ending as the next
// starts) one engine took the other's stops, and that one waited for
// ever (TestTwoSessionsOneProcess).
const waitFlags = unix.WALL | unix.WNOTHREAD

// wait4 waits for a state change of tid (-1: any of the engine's threads).
func (e *engine) wait4(tid int) (int, unix.WaitStatus, error) {
	var ws unix.WaitStatus
	e.announce("WAIT", tid, 0, "wait4 tid %d", tid)
	for {
		wpid, err := unix.Wait4(tid, &ws, waitFlags, nil)
		if err == unix.EINTR {
			continue
		}
		if err == nil && e.mechanics {
			e.curX = mechWhy{op: "WAIT", text: explainStatus(ws)}
			e.mech("WAIT", wpid, 0, "wait4 -> tid %d %s", wpid, describeStatus(ws))
		}
		return wpid, ws, err
	}
}

// waitPoll is wait4 with WNOHANG, for the loops that collect threads
// against a deadline (killAndReap, resumeFailed, reap). It reports only
// what it collected: an empty poll changes nothing, and those loops poll
// every millisecond, which would flood the view with lines saying so.
func (e *engine) waitPoll(tid int) (int, unix.WaitStatus, error) {
	wpid, ws, err := pollWait(tid)
	if err == nil && wpid > 0 && e.mechanics {
		e.mech("WAIT", wpid, 0, "wait4 WNOHANG -> tid %d %s", wpid, describeStatus(ws))
	}
	return wpid, ws, err
}

func (e *engine) tgkill(tid int, sig unix.Signal) error {
	if e.mechanics {
		e.before("TGKILL", tid, 0, e.explainOp("TGKILL", tid, 0, int(sig)), "tgkill tid %d %s", tid, sigName(int(sig)))
	}
	err := tgkill(e.pid, tid, sig)
	e.mech("TGKILL", tid, 0, "tgkill tid %d %s", tid, sigName(int(sig)))
	return err
}

// kill sends sig to process pid, or to process group -pid.
func (e *engine) kill(pid int, sig unix.Signal) error {
	e.announce("KILL", pid, 0, "kill %d %s", pid, sigName(int(sig)))
	if err := kill(pid, sig); err != nil {
		return err
	}
	if pid < 0 {
		e.mech("KILL", -pid, 0, "kill process group %d %s", -pid, sigName(int(sig)))
	} else {
		e.mech("KILL", pid, 0, "kill pid %d %s", pid, sigName(int(sig)))
	}
	return nil
}

// seize attaches to thread tid without stopping it (PTRACE_SEIZE: its
// stops are reported as PTRACE_EVENT_STOP, and INTERRUPT works).
func (e *engine) seize(tid int) error {
	e.announce("SEIZE", tid, 0, "ptrace SEIZE tid %d", tid)
	if err := ptraceSeize(tid); err != nil {
		return err
	}
	e.mech("SEIZE", tid, 0, "ptrace SEIZE tid %d", tid)
	return nil
}

// interrupt stops seized thread tid; the next wait reports the stop.
func (e *engine) interrupt(tid int) error {
	e.announce("INTERRUPT", tid, 0, "ptrace INTERRUPT tid %d", tid)
	if err := ptraceInterrupt(tid); err != nil {
		return err
	}
	e.mech("INTERRUPT", tid, 0, "ptrace INTERRUPT tid %d", tid)
	return nil
}

func (e *engine) setOptions(tid, opts int) error {
	e.announce("SETOPTIONS", tid, 0, "ptrace SETOPTIONS tid %d", tid)
	if err := unix.PtraceSetOptions(tid, opts); err != nil {
		return err
	}
	if e.mechanics {
		e.mech("SETOPTIONS", tid, 0, "ptrace SETOPTIONS tid %d: %s", tid, optionNames(opts))
	}
	return nil
}

// optionNames spells ptrace options as <sys/ptrace.h> does, less the
// PTRACE_O_ of each.
func optionNames(opts int) string {
	names := []struct {
		bit  int
		name string
	}{
		{unix.PTRACE_O_TRACESYSGOOD, "TRACESYSGOOD"}, {unix.PTRACE_O_TRACEFORK, "TRACEFORK"},
		{unix.PTRACE_O_TRACEVFORK, "TRACEVFORK"}, {unix.PTRACE_O_TRACECLONE, "TRACECLONE"},
		{unix.PTRACE_O_TRACEEXEC, "TRACEEXEC"}, {unix.PTRACE_O_TRACEVFORKDONE, "TRACEVFORKDONE"},
		{unix.PTRACE_O_TRACEEXIT, "TRACEEXIT"}, {unix.PTRACE_O_TRACESECCOMP, "TRACESECCOMP"},
		{unix.PTRACE_O_EXITKILL, "EXITKILL"}, {unix.PTRACE_O_SUSPEND_SECCOMP, "SUSPEND_SECCOMP"},
	}
	var s []string
	for _, n := range names {
		if opts&n.bit != 0 {
			s = append(s, n.name)
			opts &^= n.bit
		}
	}
	if opts != 0 || len(s) == 0 {
		s = append(s, fmt.Sprintf("%#x", opts))
	}
	return strings.Join(s, "|")
}

// getEventMsg reads the message of tid's event stop: the new thread of a
// clone event, the child of a fork, the former thread id of an exec.
func (e *engine) getEventMsg(tid int) (uint, error) {
	e.announce("GETEVENTMSG", tid, 0, "ptrace GETEVENTMSG tid %d", tid)
	msg, err := unix.PtraceGetEventMsg(tid)
	if err != nil {
		return 0, fmt.Errorf("reading the event message of thread %d: %w", tid, err)
	}
	e.mech("GETEVENTMSG", tid, 0, "ptrace GETEVENTMSG tid %d: %d", tid, msg)
	return msg, nil
}

// detachTask lets tid go, delivering sig (0: none). who ("tid", or "pid"
// for a forked child) and why (may be "") only shape the mechanics line,
// which is written even when the kernel refuses, as CONT's is.
func (e *engine) detachTask(who string, tid, sig int, why string) error {
	e.announce("DETACH", tid, 0, "ptrace DETACH %s %d", who, tid)
	err := ptraceDetach(tid, sig)
	if e.mechanics {
		line := fmt.Sprintf("ptrace DETACH %s %d", who, tid)
		if sig != 0 {
			line += ", delivering " + sigName(sig)
		}
		if why != "" {
			line += " (" + why + ")"
		}
		e.mech("DETACH", tid, 0, "%s", line)
	}
	return err
}

// getFPRegs reads the FXSAVE area of tid (PTRACE_GETFPREGS).
func (e *engine) getFPRegs(tid int, area *[512]byte) error {
	e.announce("GETFPREGS", tid, 0, "ptrace GETFPREGS tid %d", tid)
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_GETFPREGS, uintptr(tid), 0, uintptr(unsafe.Pointer(&area[0])), 0, 0)
	if errno != 0 {
		return fmt.Errorf("reading the FP registers of thread %d: %w", tid, errno)
	}
	if e.mechanics {
		e.mech("GETFPREGS", tid, 0, "ptrace GETFPREGS tid %d", tid)
	}
	return nil
}

// readMem reads target memory through /proc/PID/mem: one pread for any
// length, where PEEKDATA would need a syscall per word.
func (e *engine) readMem(addr uint64, buf []byte) error {
	if err := e.readMemRaw(addr, buf); err != nil {
		return err
	}
	// The program's own bytes, never an int3 of tdb's (shadow.go).
	e.unpatch(addr, buf)
	return nil
}

// readMemRaw reads memory as it is, tdb's int3s included: x -raw and the
// Memory pane's raw view show where tdb wrote them (issue 15).
func (e *engine) readMemRaw(addr uint64, buf []byte) error {
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
	e.announce("PEEKDATA", tid, addr, "ptrace PEEKDATA tid %d %#x", tid, addr)
	if _, err := unix.PtracePeekData(tid, uintptr(addr), b[:]); err != nil {
		return 0, fmt.Errorf("reading the instruction at %#x: %w", addr, err)
	}
	e.mech("PEEKDATA", tid, addr, "ptrace PEEKDATA tid %d %#x: %02x", tid, addr, b[0])
	return b[0], nil
}

func (e *engine) pokeByte(tid int, addr uint64, old, b byte, why string) error {
	return e.pokeByteOf("tid", tid, addr, old, b, why)
}

// pokeByteOf is pokeByte naming the task as who: "pid" for a forked
// child, a process of its own.
func (e *engine) pokeByteOf(who string, tid int, addr uint64, old, b byte, why string) error {
	if e.mechanics {
		e.before("POKEDATA", tid, addr, e.explainPoke(addr, old, b, why), "ptrace POKEDATA %s %d %#x: %02x -> %02x (%s)", who, tid, addr, old, b, why)
	}
	if _, err := unix.PtracePokeData(tid, uintptr(addr), []byte{b}); err != nil {
		return fmt.Errorf("writing the instruction at %#x: %w", addr, err)
	}
	e.mech("POKEDATA", tid, addr, "ptrace POKEDATA %s %d %#x: %02x -> %02x (%s)", who, tid, addr, old, b, why)
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
	e.announce("PEEKUSER", tid, 0, "ptrace PEEKUSER tid %d DR%d", tid, n)
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
	e.announce("POKEUSER", tid, 0, "ptrace POKEUSER tid %d DR%d = %#x (%s)", tid, n, v, why)
	err := pokeDebugReg(tid, n, v)
	e.mech("POKEUSER", tid, 0, "ptrace POKEUSER tid %d DR%d = %#x (%s)", tid, n, v, why)
	return err
}

// The bare calls, for callers without an engine: the guardian
// (guard_rescue.go), and Session.kick.

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

func ptraceSeize(tid int) error { return unix.PtraceSeize(tid) }

func ptraceInterrupt(tid int) error { return unix.PtraceInterrupt(tid) }

// ptraceDetach is PTRACE_DETACH delivering sig (0: none; x/sys's
// PtraceDetach always passes 0).
func ptraceDetach(tid, sig int) error {
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_DETACH, uintptr(tid), 0, uintptr(sig), 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

func ptraceGetRegs(tid int, regs *unix.PtraceRegs) error { return unix.PtraceGetRegs(tid, regs) }

func ptraceSetRegs(tid int, regs *unix.PtraceRegs) error { return unix.PtraceSetRegs(tid, regs) }

// pollWait is wait4(tid) with __WALL and WNOHANG: wpid 0 when tid has
// nothing to report.
func pollWait(tid int) (int, unix.WaitStatus, error) {
	var ws unix.WaitStatus
	wpid, err := unix.Wait4(tid, &ws, waitFlags|unix.WNOHANG, nil)
	return wpid, ws, err
}

func kill(pid int, sig unix.Signal) error { return unix.Kill(pid, sig) }

func tgkill(pid, tid int, sig unix.Signal) error { return unix.Tgkill(pid, tid, sig) }

// siginfo is what the engine reads of a siginfo_t.
type siginfo struct {
	code int32 // si_code
	pid  int   // si_pid: the sender of a kill or tgkill
}

// getSiginfo reads the signal tid is stopped with (PTRACE_GETSIGINFO;
// x/sys/unix has no wrapper for it). In a group stop there is none: the
// kernel says EINVAL, and the line says what that means.
func (e *engine) getSiginfo(tid int) (siginfo, error) {
	// siginfo_t is 128 bytes and begins with int si_signo, si_errno,
	// si_code, padding, then for kill and tgkill si_pid, si_uid.
	var info [128]byte
	e.announce("GETSIGINFO", tid, 0, "ptrace GETSIGINFO tid %d", tid)
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_GETSIGINFO, uintptr(tid), 0, uintptr(unsafe.Pointer(&info[0])), 0, 0)
	if errno != 0 {
		if errno == unix.EINVAL {
			e.mech("GETSIGINFO", tid, 0, "ptrace GETSIGINFO tid %d: EINVAL (a group stop: no signal)", tid)
		}
		return siginfo{}, errno
	}
	si := siginfo{code: int32(le32(info[8:])), pid: int(int32(le32(info[16:])))}
	e.mech("GETSIGINFO", tid, 0, "ptrace GETSIGINFO tid %d: si_code %#x", tid, si.code)
	return si, nil
}

// sigCode reads the si_code of the signal t is stopped with.
func (e *engine) sigCode(t *thread) (int32, error) {
	si, err := e.getSiginfo(t.tid)
	return si.code, err
}
