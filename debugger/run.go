package debugger

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// stopKind says what ended a run of the target.
type stopKind int

const (
	stopNone       stopKind = iota // nothing yet: keep waiting
	stopBreakpoint                 // a user breakpoint
	stopPlan                       // a step command's temporary breakpoint matched
	stopSignal                     // a fault signal, reported before delivery
	stopPanic                      // runtime.fatalpanic
	stopWatch                      // a watchpoint (watch.go)
	stopWatchScope                 // a watched stack variable's frame returned
	stopFatal                      // runtime.throw or runtime.fatal: a fatal error
	stopHardcoded                  // the program's own int3 (runtime.Breakpoint)
	stopInterrupt                  // Interrupt()
	stopExited                     // the process is gone
	stopEnded                      // a request (kill, detach, close) ended the run
	stopError                      // the engine failed
)

type stopEvent struct {
	kind stopKind
	t    *thread
	sig  int
	bp   *physBP
	wp   *userBP // the watchpoint of stopWatch and stopWatchScope
	err  error
}

// isFault: signals reported to the user before the program gets them.
func isFault(sig unix.Signal) bool {
	switch sig {
	case unix.SIGSEGV, unix.SIGBUS, unix.SIGFPE, unix.SIGILL:
		return true
	}
	return false
}

// run resumes every thread and waits until something worth stopping for
// happens. On return every thread is stopped (or the process is gone).
func (e *engine) run() stopEvent {
	ev := e.runUntilStop()
	e.liftAll()
	e.bpList = nil // hit counts changed; temporary breakpoints went
	e.maps = nil   // the program may have mapped or protected memory
	return ev
}

func (e *engine) runUntilStop() stopEvent {
	if err := e.resumeAll(); err != nil {
		if err == errWatchHit {
			return e.watchStop()
		}
		return e.resumeFailed(err) // vanish.go: killed while stopped?
	}
	e.s.running.Store(true)
	defer func() {
		e.s.running.Store(false)
		// An Interrupt until now was this run's (it stopped it, or
		// came as it stopped anyway); a later one is for the next.
		e.interruptsSeen = e.s.interrupts.Load()
	}()
	// A request sent just before running was set saw it false and did
	// not kick: kick for it now, or it waits for the program's next stop
	// (the debug adapter's kill right after continue waited for a 1000 s
	// loop's end: ui/dap's TestTerminateWhileRunning).
	if len(e.s.reqs) > 0 {
		e.s.kick()
	}
	// An Interrupt that came after this run's request was sent, while
	// the program still looked stopped (Session.interrupts), stops it.
	if n := e.s.interrupts.Load(); n != e.interruptsSeen {
		e.interruptsSeen = n
		e.s.interrupt.Store(true)
		e.s.kick()
	}
	for {
		if t := e.faultedOver; t != nil {
			// A fault is reported before the program gets it, also
			// when the faulting instruction is under a breakpoint
			// (Delve's asmnilptr: a breakpoint on the nil load).
			e.faultedOver = nil
			e.stopAll()
			return stopEvent{kind: stopSignal, t: t, sig: t.pendingSig}
		}
		tid, ws, err := e.wait4(-1)
		if err != nil {
			if err == unix.ECHILD {
				if e.exited == nil {
					e.exited = &Exited{PID: e.pid, Signal: "SIGKILL"}
				}
				return stopEvent{kind: stopExited}
			}
			return stopEvent{kind: stopError, err: fmt.Errorf("wait: %w", err)}
		}
		if ev := e.handleWait(tid, ws); ev.kind != stopNone {
			return ev
		}
		if e.watch.stalled {
			// checkEmu's resume met a watchpoint hit: nothing runs.
			e.watch.stalled = false
			return e.watchStop()
		}
	}
}

// handleWait processes one wait status while the target runs.
func (e *engine) handleWait(tid int, ws unix.WaitStatus) stopEvent {
	t := e.threads[tid]
	if t == nil {
		if !e.isOurThread(tid) {
			// A fork child (fork.go), or another child of tdb's.
			e.strayStop(tid, ws)
			return stopEvent{}
		}
		// A new thread whose initial stop came before its parent's clone
		// event.
		t = &thread{tid: tid, newborn: true}
		e.threads[tid] = t
	}
	if ws.Exited() || ws.Signaled() {
		delete(e.threads, tid)
		if tid == e.pid {
			// The leader's exit is reported after every other thread's.
			e.setExited(ws)
			return stopEvent{kind: stopExited}
		}
		return stopEvent{}
	}
	if !ws.Stopped() {
		return stopEvent{}
	}
	t.stopped, t.regsValid = true, false
	sig := ws.StopSignal()
	if sig == unix.SIGTRAP && ws.TrapCause() == unix.PTRACE_EVENT_CLONE {
		e.cloned(t)
		e.resume(t, 0)
		return stopEvent{}
	}
	if isForkEvent(ws) {
		e.forked(t, ws)
		e.resume(t, 0)
		return stopEvent{}
	}
	if isExecEvent(ws) { // exec.go
		if e.execed(t) {
			return stopEvent{kind: stopExec, t: t}
		}
		e.resume(t, 0)
		return stopEvent{}
	}
	if ws.TrapCause() > 0 {
		// PTRACE_EVENT_STOP: the first stop of a thread of a seized
		// (attached) process.
		t.newborn = false
		e.resume(t, 0)
		return stopEvent{}
	}
	switch sig {
	case unix.SIGSTOP:
		if t.newborn {
			t.newborn = false
			e.resume(t, 0)
			return stopEvent{}
		}
		// Two SIGSTOPs sent to one thread merge into one: an interrupt
		// wins over the engine's own expectation, so Ctrl+C is never lost.
		if e.s.interrupt.Load() || e.s.kicks.Load() > 0 {
			if e.s.kicks.Load() > 0 {
				e.s.kicks.Add(-1)
			} else if t.expectStops > 0 {
				t.expectStops--
			}
			return e.kicked(t)
		}
		if t.expectStops > 0 {
			t.expectStops--
			e.resume(t, 0)
			return stopEvent{}
		}
	case unix.SIGTRAP:
		if u, ok := e.watchTrap(t); ok {
			if u == nil {
				e.resume(t, 0) // counted, or a write a read watchpoint ignores
				return stopEvent{}
			}
			e.stopAll()
			return stopEvent{kind: stopWatch, t: t, wp: u}
		}
		if err := e.getRegs(t); err != nil {
			return stopEvent{kind: stopError, err: err}
		}
		if bp := e.bps[t.regs.Rip-1]; bp != nil && bp.inserted {
			// After int3 rip is one past the 0xCC: put it back on the
			// breakpoint's address before anything else looks at it.
			// Only the cached registers change here: breakpointHit
			// writes them, unless the instruction is emulated, which
			// writes rip once, past the instruction.
			t.regs.Rip = bp.addr
			return e.breakpointHit(t, bp)
		}
		if e.hardcodedTrap(t) && e.bin.IsGo() {
			// The program's own int3 (runtime.Breakpoint): a stop, and
			// the SIGTRAP is not the program's to receive (Go's
			// handler would kill it).
			e.stopAll()
			e.leaveRuntimeBreakpoint(t)
			return stopEvent{kind: stopHardcoded, t: t}
		}
		// A SIGTRAP that is not ours: the program's own (kill -TRAP,
		// raise(SIGTRAP), an int3 in C), handled as the signal table
		// says. An int3 has executed: rip stays after it, as gdb
		// shows it, and by default the signal is not passed.
	}
	if isStopSignal(sig) && (sig == unix.SIGSTOP || e.sigStops(sig)) {
		// The program stops as it would undebugged (stopsignal.go);
		// tdb's own SIGSTOPs are recognised there and swallowed.
		return e.stopSignalStop(t, sig)
	}
	if e.sigStops(sig) {
		// Reported before the program gets it (signals.go): a fault,
		// an abort, a signal the user asked to stop on.
		e.stopAll()
		t.pendingSig = int(sig)
		return stopEvent{kind: stopSignal, t: t, sig: int(sig)}
	}
	// The rest belongs to the program (Go's SIGURG preemption, SIGCHLD,
	// ...): announced if the table says print, delivered if it says pass.
	e.sigNoStop(t, sig)
	return stopEvent{}
}

// kicked handles a SIGSTOP sent by Interrupt or by a request arriving while
// the target runs.
func (e *engine) kicked(t *thread) stopEvent {
	e.stopAll()
	if e.s.interrupt.Swap(false) {
		return stopEvent{kind: stopInterrupt, t: e.interruptThread(t)}
	}
	if end := e.serveRequests(); end {
		return stopEvent{kind: stopEnded}
	}
	if err := e.resumeAll(); err != nil {
		if err == errWatchHit {
			return e.watchStop()
		}
		return stopEvent{kind: stopError, err: err}
	}
	return stopEvent{}
}

// serveRequests answers the queued requests while every thread is stopped.
func (e *engine) serveRequests() (end bool) {
	for {
		select {
		case env := <-e.s.reqs:
			if e.handleWhileRunning(env) {
				return true
			}
		default:
			return false
		}
	}
}

// breakpointHit decides what a trap at bp on t means. t's cached rip is
// already bp.addr; the thread's own is still one past the 0xCC.
func (e *engine) breakpointHit(t *thread, bp *physBP) stopEvent {
	kind := e.hitKind(t, bp)
	// A watched stack variable's frame returned: the stop is the
	// watchpoint's, or, when a breakpoint or a step ends here too, theirs
	// with a note (finish clears the watchpoint either way).
	scoped := e.watchScope(t, bp.addr)
	if scoped != nil && kind == stopNone {
		kind = stopWatchScope
	}
	// A stack watchpoint that moved must reach every thread's debug
	// registers: take the classic path, which stops them all. (A stop
	// here stops them all anyway, and they get it when resumed.)
	moved := e.watchResized(bp)
	if kind == stopNone && !moved && e.passOver(t, bp) {
		// The program goes on; no other thread noticed.
		return stopEvent{}
	}
	e.because("SETREGS", fmt.Sprintf("the CPU already ran the int3: step rip back onto the instruction (rip %#x -> %#x)", bp.addr+1, bp.addr))
	if err := e.setRegs(t); err != nil {
		if errors.Is(err, unix.ESRCH) {
			// Killed in its trap stop: another thread called
			// exit_group (or a SIGKILL came). Its exit, and the
			// process's, are what the wait loop sees next.
			return stopEvent{}
		}
		return stopEvent{kind: stopError, err: err}
	}
	if kind != stopNone {
		e.stopAll()
		return stopEvent{kind: kind, t: t, bp: bp, wp: scoped}
	}
	// Not for this thread, and the instruction cannot be emulated: move
	// it past the classic way. Every other thread is stopped first so
	// none runs through the lifted 0xCC.
	e.stopAll()
	t.skipPC = bp.addr
	if err := e.resumeAll(); err != nil {
		if err == errWatchHit {
			return e.watchStop()
		}
		return stopEvent{kind: stopError, err: err}
	}
	return stopEvent{}
}

// hitKind says whether a trap at bp on t stops the program: a user
// breakpoint whose conditions hold, the panic catcher, or the running
// step command's breakpoint met in its own goroutine and frame.
func (e *engine) hitKind(t *thread, bp *physBP) stopKind {
	if len(bp.enabledUsers()) > 0 && e.condsHold(t, bp) {
		return stopBreakpoint
	}
	if k := e.runtimeStopKind(bp.addr); k != stopNone {
		return k
	}
	if e.plan != nil && e.plan.bps[bp.addr] != nil && e.planMatches(t, bp.addr) {
		return stopPlan
	}
	e.solibHit(bp.addr) // the loader's r_brk: re-read the library list
	return stopNone
}

func (e *engine) isOurThread(tid int) bool {
	_, err := os.Stat(fmt.Sprintf("/proc/%d/task/%d", e.pid, tid))
	return err == nil
}

// cloned registers the thread a clone event announces. It starts with a
// SIGSTOP of its own that may already have been seen.
func (e *engine) cloned(parent *thread) {
	msg, err := e.getEventMsg(parent.tid)
	if err != nil {
		// ESRCH: the parent died in its event stop, and the next wait
		// says so. Otherwise the new thread is met at its first stop
		// (waitLeader, run) as one whose clone event never came.
		if !errors.Is(err, unix.ESRCH) {
			e.logf("warning", "clone event: %v", err)
		}
		return
	}
	tid := int(msg)
	if _, ok := e.threads[tid]; ok {
		return
	}
	e.threads[tid] = &thread{tid: tid, newborn: true}
	e.maps = nil // its stack may have a guard page
	e.mech("CLONE", parent.tid, 0, "new thread %d (clone event on tid %d)", tid, parent.tid)
}

// stopAll stops every running thread: tgkill SIGSTOP to each, then wait
// for each. A thread may report something else first (a breakpoint trap,
// another signal, a clone): that is recorded, and the SIGSTOP it still owes
// is swallowed when it comes.
func (e *engine) stopAll() {
	for _, t := range e.threads {
		if !t.stopped && !t.newborn {
			if err := e.tgkill(t.tid, unix.SIGSTOP); err == nil {
				t.expectStops++
			}
		}
	}
	for again := true; again; {
		again = false
		for _, t := range e.threadList() {
			for !t.stopped {
				if t.tid == e.pid {
					if e.waitLeader() {
						again = true
					}
					break
				}
				wpid, ws, err := e.wait4(t.tid)
				if err != nil || wpid != t.tid {
					delete(e.threads, t.tid)
					break
				}
				if e.noteStop(t, ws) {
					again = true
				}
				if _, ok := e.threads[t.tid]; !ok {
					break // it exited
				}
			}
		}
	}
}

// waitLeader waits until the group leader is stopped or gone, for
// stopAll. When the program exits (exit_group), the kernel reports the
// leader's exit only after every other thread's exit has been collected,
// and a thread stopAll already holds stopped (one that hit a breakpoint as
// the program exited) dies too, unwaited: a blocking wait on the leader
// alone never returned (Delve's TestIssue1101; seen once in 40 runs
// stepping testnextprog's goroutine while main exits). So it waits for any
// thread, and notes what the others report on the way as stopAll would.
// It returns true when a new thread appeared.
func (e *engine) waitLeader() (again bool) {
	leader := e.threads[e.pid]
	for leader != nil && !leader.stopped {
		wpid, ws, err := e.wait4(-1)
		if err != nil {
			delete(e.threads, e.pid)
			return again
		}
		t := e.threads[wpid]
		if t == nil {
			if !e.isOurThread(wpid) {
				// A fork child (fork.go), or another child of tdb's.
				e.strayStop(wpid, ws)
				continue
			}
			// A new thread's first stop, before its clone event.
			t = &thread{tid: wpid, newborn: true}
			e.threads[wpid] = t
			again = true
		}
		if e.noteStop(t, ws) {
			again = true
		}
		if _, ok := e.threads[e.pid]; !ok {
			return again
		}
	}
	return again
}

// noteStop records what wait reported for t while stopAll stops every
// thread. It returns true when a clone event announced a new thread.
func (e *engine) noteStop(t *thread, ws unix.WaitStatus) (again bool) {
	if ws.Exited() || ws.Signaled() {
		delete(e.threads, t.tid)
		if t.tid == e.pid {
			e.setExited(ws)
		}
		return false
	}
	if !ws.Stopped() {
		return false
	}
	t.stopped, t.regsValid = true, false
	sig := ws.StopSignal()
	switch {
	case sig == unix.SIGTRAP && ws.TrapCause() == unix.PTRACE_EVENT_CLONE:
		e.cloned(t)
		again = true
	case isForkEvent(ws):
		e.forked(t, ws)
	case isExecEvent(ws):
		// The exec came while every thread was being stopped: the new
		// image is loaded; the stop it may want is not reported.
		e.execed(t)
	case ws.TrapCause() > 0:
		t.newborn = false
	case sig == unix.SIGSTOP && t.newborn:
		t.newborn = false
	case sig == unix.SIGSTOP && t.expectStops > 0:
		t.expectStops--
	case sig == unix.SIGSTOP && e.s.kicks.Load() > 0:
		e.s.kicks.Add(-1)
	case sig == unix.SIGTRAP:
		if u, ok := e.watchTrap(t); ok {
			// The write is done: keep the hit for the next resume to
			// report.
			if u != nil {
				t.watchHit = u
			}
			break
		}
		if e.getRegs(t) == nil {
			if bp := e.bps[t.regs.Rip-1]; bp != nil && bp.inserted {
				// Hit while we were stopping it: move it back onto
				// the 0xCC so it hits again when resumed, and
				// nothing is lost.
				e.because("SETREGS", fmt.Sprintf("thread %d hit the int3 while tdb stopped it: rip %#x -> %#x, back onto the int3, so it hits again when it runs", t.tid, bp.addr+1, bp.addr))
				if err := e.setPC(t, bp.addr); err != nil {
					e.logf("warning", "the hit of thread %d at %#x is lost: %v", t.tid, bp.addr, err)
				}
				break
			}
			if e.hardcodedTrap(t) {
				// The program's own int3, likewise: it traps again
				// when resumed.
				if err := e.setPC(t, t.regs.Rip-1); err != nil {
					e.logf("warning", "the trap of thread %d at %#x is lost: %v", t.tid, t.regs.Rip-1, err)
				}
				break
			}
		}
		t.pendingSig = int(sig)
	default:
		t.pendingSig = int(sig)
	}
	return again
}

func (e *engine) threadList() []*thread {
	ts := make([]*thread, 0, len(e.threads))
	for _, t := range e.threads {
		ts = append(ts, t)
	}
	return ts
}

// resumeAll moves threads that sit on a breakpoint past it, one at a time
// while the others stay stopped, then continues every thread.
func (e *engine) resumeAll() error {
	if e.pendingWatch() != nil {
		return errWatchHit // reported before anything runs
	}
	if err := e.lowerAll(); err != nil {
		return err
	}
	for _, t := range e.threadList() {
		if !t.stopped || t.skipPC == 0 {
			continue
		}
		if t.pendingSig != 0 {
			continue // the signal is delivered first; the handler runs before the instruction
		}
		if err := e.getRegs(t); err != nil {
			continue
		}
		if bp := e.bps[t.regs.Rip]; bp != nil && bp.inserted && t.regs.Rip == t.skipPC {
			sig, err := e.stepOver(t, bp)
			if err != nil {
				return err
			}
			if t.watchHit != nil {
				return errWatchHit // the instruction wrote watched memory
			}
			if sig != 0 && e.faultedOver == nil {
				e.faultedOver = t // stays stopped: runUntilStop reports it
			}
		}
	}
	for _, t := range e.threadList() {
		if t.stopped && t != e.faultedOver {
			if t.expectStops > 0 && !sigstopPending(e.pid, t.tid) {
				// Our SIGSTOP merged with another one: nothing more
				// will come.
				t.expectStops = 0
			}
			sig := e.sigPassed(t.pendingSig) // `handle SIG nopass` discards it
			t.pendingSig, t.skipPC = 0, 0
			if err := e.cont(t, sig); err != nil {
				return fmt.Errorf("resuming thread %d: %w", t.tid, err)
			}
		}
	}
	return nil
}

// stepOver executes the instruction under bp on t alone: original byte
// back, one single-step, 0xCC again.
func (e *engine) stepOver(t *thread, bp *physBP) (int, error) {
	e.overBP = bp
	defer func() { e.overBP = nil }()
	if err := e.writeOrig(bp); err != nil {
		return 0, err
	}
	sig, err := e.stepOne(t)
	if bp.wanted() {
		if werr := e.writeCC(bp); werr != nil && err == nil {
			err = werr
		}
	} else {
		e.sync(bp, "")
	}
	return sig, err
}

// stepOne single-steps t and waits for the step to finish. It returns a
// fault signal the instruction raised instead (0 if none). Other threads
// stay stopped.
func (e *engine) stepOne(t *thread) (int, error) {
	if bp := e.bps[e.pcOf(t)]; bp != nil && bp.inserted && t.pendingSig == 0 {
		return e.stepOver(t, bp)
	}
	// A pending signal is delivered with the step: the thread then stops at
	// the first instruction of its handler, as the kernel defines.
	sig := e.sigPassed(t.pendingSig)
	t.pendingSig = 0
	if err := e.singleStepSig(t, sig); err != nil {
		return 0, fmt.Errorf("single-step thread %d: %w", t.tid, err)
	}
	// With other threads, wait for any: an execve the step runs makes the
	// kernel kill them, and the exec (its event on the leader's id, the
	// step's thread id gone) completes only once their exits are
	// collected; waiting on the step's thread alone blocked for ever.
	waitTid := t.tid
	if len(e.threads) > 1 {
		waitTid = -1
	}
	for {
		wpid, ws, err := e.wait4(waitTid)
		if err == nil && wpid != t.tid && waitTid == -1 {
			if wpid == e.pid && isExecEvent(ws) {
				// The step ran execve on a thread that was not the leader.
				e.execed(t)
				return 0, nil
			}
			if e.otherStop(wpid, ws) {
				e.setExited(ws)
				delete(e.threads, t.tid)
				return 0, errThreadExited
			}
			continue
		}
		if err != nil || wpid != t.tid {
			delete(e.threads, t.tid)
			return 0, fmt.Errorf("thread %d vanished while stepping", t.tid)
		}
		if ws.Exited() || ws.Signaled() {
			delete(e.threads, t.tid)
			if t.tid == e.pid {
				e.setExited(ws)
			}
			return 0, errThreadExited
		}
		if !ws.Stopped() {
			continue
		}
		t.stopped, t.regsValid = true, false
		sig := ws.StopSignal()
		switch {
		case sig == unix.SIGTRAP && ws.TrapCause() == unix.PTRACE_EVENT_CLONE:
			e.cloned(t)
		case isForkEvent(ws):
			e.forked(t, ws)
		case isExecEvent(ws):
			// The step ran execve: it ends at the new image's entry.
			e.execed(t)
			return 0, nil
		case ws.TrapCause() > 0:
		case sig == unix.SIGTRAP:
			// The step's trap; DR6 says whether the instruction also
			// hit a watchpoint (one trap reports both).
			if u, ok := e.watchTrap(t); ok && u != nil {
				t.watchHit = u
			}
			return 0, nil
		case sig == unix.SIGSTOP && t.expectStops > 0:
			t.expectStops--
		case sig == unix.SIGSTOP && t.newborn:
			t.newborn = false
		case sig == unix.SIGSTOP && e.s.kicks.Load() > 0:
			// Interrupt or a request: the caller sees the flags.
			e.s.kicks.Add(-1)
		case isFault(sig):
			t.pendingSig = int(sig)
			return int(sig), nil
		default:
			// Not the step's: keep it for the thread's next resume.
			if t.pendingSig == 0 {
				t.pendingSig = int(sig)
			}
		}
		if err := e.singleStep(t); err != nil {
			return 0, fmt.Errorf("single-step thread %d: %w", t.tid, err)
		}
	}
}

// otherStop takes in a wait status of a thread other than the one being
// single-stepped (stepOne): the others are stopped, so this is an exit (an
// exec kills them), a new thread's first stop, or a fork child's. It
// reports whether the status is the whole process's exit (the leader's).
func (e *engine) otherStop(tid int, ws unix.WaitStatus) (processExited bool) {
	th := e.threads[tid]
	if th == nil {
		if !e.isOurThread(tid) {
			e.strayStop(tid, ws)
			return false
		}
		th = &thread{tid: tid, newborn: true}
		e.threads[tid] = th
	}
	if ws.Exited() || ws.Signaled() {
		delete(e.threads, tid)
		return tid == e.pid
	}
	if !ws.Stopped() {
		return false
	}
	th.stopped, th.regsValid = true, false
	switch sig := ws.StopSignal(); {
	case sig == unix.SIGSTOP && th.newborn:
		th.newborn = false
	case sig == unix.SIGSTOP && th.expectStops > 0:
		th.expectStops--
	case ws.TrapCause() > 0:
	default:
		if th.pendingSig == 0 {
			th.pendingSig = int(sig)
		}
	}
	return false
}

// sigstopPending reads the thread's pending signal masks.
func sigstopPending(pid, tid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/status", pid, tid))
	if err != nil {
		return false
	}
	const bit = uint64(1) << (unix.SIGSTOP - 1)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "SigPnd:"); ok {
			if m, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64); err == nil && m&bit != 0 {
				return true
			}
		}
		if v, ok := strings.CutPrefix(line, "ShdPnd:"); ok {
			if m, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64); err == nil && m&bit != 0 {
				return true
			}
		}
	}
	return false
}

var errThreadExited = fmt.Errorf("the thread exited")

func (e *engine) pcOf(t *thread) uint64 {
	if e.getRegs(t) != nil {
		return 0
	}
	return t.regs.Rip
}
