package debugger

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"tdb/source"
)

// Following exec (issue 13), as gdb's `follow-exec-mode same`. Without
// PTRACE_O_TRACEEXEC the kernel sends a traced process a SIGTRAP after a
// successful execve: tdb took it for the program's own and delivered it,
// which killed the new program. With the option the exec is a
// PTRACE_EVENT_EXEC stop instead, and tdb loads the new image: its
// symbols replace the session's binary, the PIE bias is read again from
// the new auxiliary vector, the shared library list starts over, and the
// breakpoints given by name or FILE:LINE are set again in it; those given
// by address mean nothing in another program and are dropped, with a
// message. The run goes on unless `catch exec` asked for a stop (or a
// step command was running: its temporary breakpoints went with the old
// image, so the step ends there).
//
// A multi-threaded exec (a Go program's syscall.Exec, from any thread):
// the kernel kills every other thread, and the execing thread takes the
// group leader's thread id; the event is reported on the leader's id and
// PTRACE_GETEVENTMSG gives the thread id it had before. The dead threads'
// exits may be reported before or after the event; after it, their ids are
// no thread of the process's any more and the wait loop drops them.

// execOption makes an exec a PTRACE_EVENT_EXEC stop.
const execOption = unix.PTRACE_O_TRACEEXEC

// Exec is the event of the program executing a new image: the batch line
// "exec: PATH".
type Exec struct {
	PID  int
	Path string
}

func (Exec) isEvent() {}

func (x Exec) String() string { return "exec: " + x.Path }

// CatchExec turns the stop at an exec on or off (`catch exec`).
type CatchExec struct{ On bool }

func (CatchExec) isRequest() {}

func isExecEvent(ws unix.WaitStatus) bool {
	return ws.Stopped() && ws.StopSignal() == unix.SIGTRAP && ws.TrapCause() == unix.PTRACE_EVENT_EXEC
}

// execed loads the new image after t (the thread the event is reported
// on, the leader's id) reported PTRACE_EVENT_EXEC. t stays stopped; it is
// the process's only thread now. It reports whether the run must stop.
func (e *engine) execed(t *thread) (stop bool) {
	former := t.tid
	if msg, err := e.getEventMsg(t.tid); err == nil {
		former = int(msg)
	} else if !errors.Is(err, unix.ESRCH) {
		// Only the mechanics line below names the former thread; ESRCH:
		// the thread died, and the next wait says so.
		e.logf("warning", "exec event: %v", err)
	}
	e.mech("EXEC", t.tid, 0, "exec event on tid %d (the exec came from tid %d)", t.tid, former)
	path, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", e.pid))
	if err != nil {
		path = "?"
	}
	// Every other thread is gone; the one left is the leader.
	*t = thread{tid: e.pid, stopped: true}
	e.threads = map[int]*thread{e.pid: t}
	e.cur, e.faultedOver = t, nil
	e.s.kickTid.Store(int32(e.pid))
	// The old image's int3 bytes, internal breakpoints, watchpoints (the
	// kernel clears the debug registers at exec), goroutine layout and
	// scratch memory went with it.
	e.bps = map[uint64]*physBP{}
	e.panicBPs, e.fatalBPs = nil, nil
	e.retWait, e.returned = nil, nil
	e.maps, e.scratch, e.warnedOpt = nil, nil, nil
	e.grs = goroutinesState{}
	stepping := e.plan != nil
	e.plan = nil
	// /proc/PID/mem opened before the exec reads the old address space.
	e.closeMem()
	if f, err := os.OpenFile(fmt.Sprintf("/proc/%d/mem", e.pid), os.O_RDWR, 0); err == nil {
		e.mem = f
	}
	e.emit(Exec{PID: e.pid, Path: path})
	if nb, err := source.Open(path); err != nil {
		e.logf("warning", "exec: cannot read %s: %v; its symbols are unknown", path, err)
	} else {
		// The user's substitutions (and a front end's) are about
		// where sources are on this machine: they hold for the new
		// program as they did for the old.
		nb.SetSubstitutions(e.bin.Substitutions())
		e.s.oldBins = append(e.s.oldBins, e.bin)
		if e.execOrig == nil {
			e.execOrig = e.bin
		}
		e.bin = nb
		e.s.bin.Store(nb)
		for _, w := range nb.Warnings() {
			e.logf("warning", "%s", w)
		}
	}
	e.bias = 0
	if e.bin.PIE() {
		e.bias = e.loadBias()
	}
	e.goRT = loadGoRuntime(e.bin)
	e.insertRuntimeStops()
	e.solibStart()
	e.execBreakpoints()
	return e.catchExec || stepping
}

// execBreakpoints sets the user's breakpoints again in the new image.
func (e *engine) execBreakpoints() {
	for _, u := range append([]*userBP(nil), e.users...) {
		if u.w != nil {
			u.w.g, u.w.tid = 0, 0
			e.clearBreakpoint(u.ID)
			e.logf("info", "Watchpoint %d on [%s] deleted: the program executed a new image", u.ID, u.Loc)
			continue
		}
		loc := u.at
		if loc.Kind == LocLine && u.File != "" {
			// A bare LINE meant the file shown when it was set.
			loc = FileLine(u.File, u.Line)
		}
		if loc.Kind == LocAddr {
			e.dropBreakpoint(u, "it was set by address")
			continue
		}
		u.Addrs, u.linkAddrs = nil, nil
		if e.solib.pending != nil {
			delete(e.solib.pending, u)
		}
		l, err := e.resolveLoc(loc)
		if err != nil {
			if e.pendAgain(u, err) {
				e.logf("info", "Breakpoint %d pending: %s (the new image does not define it; a library may)", u.ID, u.Loc)
				continue
			}
			e.dropBreakpoint(u, err.Error())
			continue
		}
		u.Addrs, u.Function, u.File, u.Line = l.addrs, l.function, l.file, l.line
		for _, a := range l.addrs {
			u.linkAddrs = append(u.linkAddrs, a-e.bias)
		}
		if err := e.placeUser(u); err != nil {
			e.unplaceUser(u)
			e.dropBreakpoint(u, err.Error())
			continue
		}
		if l.lib {
			e.solibKeep(u)
		}
	}
	e.bpList = nil
}

// pendAgain keeps a breakpoint on a function the new image does not
// define yet (a library's, once the loader has mapped it).
func (e *engine) pendAgain(u *userBP, why error) bool {
	if e.bin.Interp() == "" || u.at.Kind != LocFunc || !isFuncName(u.at.Func) || !strings.HasPrefix(why.Error(), "no function") {
		return false
	}
	if e.bin.IsGo() && strings.Contains(u.at.Func, ".") {
		return false // a Go name (main.nosuch): no C library defines it
	}
	if e.solib.pending == nil {
		e.solib.pending = map[*userBP]bool{}
	}
	e.solib.pending[u] = true
	return true
}

func (e *engine) dropBreakpoint(u *userBP, why string) {
	u.Addrs = nil // its addresses were the old image's: nothing to unplace
	e.clearBreakpoint(u.ID)
	e.logf("info", "Breakpoint %d (%s) deleted: the program executed a new image and %s", u.ID, u.Loc, why)
}

// stopExec ends a run at an exec (catch exec, or a step interrupted). A
// value of its own, away from run.go's list that others extend.
const stopExec stopKind = 100

// unexec goes back to the program the session started with, before a
// restart: restart runs it, not the image it executed, and the
// breakpoints' addresses, computed in that image, are computed again from
// their locations (by address: kept as they were set).
func (e *engine) unexec() {
	if e.execOrig == nil {
		return
	}
	e.bin, e.execOrig = e.execOrig, nil
	e.s.bin.Store(e.bin)
	e.bias = 0 // link addresses: afterStart adds the new run's bias
	e.solib = solibState{pending: e.solib.pending}
	for _, u := range append([]*userBP(nil), e.users...) {
		if u.w != nil || u.at.Kind == LocAddr {
			continue
		}
		loc := u.at
		if loc.Kind == LocLine && u.File != "" {
			loc = FileLine(u.File, u.Line)
		}
		if e.solib.pending != nil {
			delete(e.solib.pending, u)
		}
		l, err := e.resolveLoc(loc)
		if err != nil {
			u.Addrs, u.linkAddrs = nil, nil
			if !e.pendAgain(u, err) {
				e.dropBreakpoint(u, err.Error())
			}
			continue
		}
		u.Function, u.File, u.Line = l.function, l.file, l.line
		u.linkAddrs = append([]uint64(nil), l.addrs...)
		if l.lib {
			e.solibKeep(u)
		}
	}
	e.bpList = nil
}
