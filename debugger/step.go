package debugger

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/arch/x86/x86asm"
	"golang.org/x/sys/unix"

	"tdb/source"
)

// stepPlan holds a step command's temporary breakpoints. Each is
// conditioned on the goroutine (or, without a Go runtime, the thread) the
// command started on and on a frame, so another goroutine running the same
// code, or a recursive call of the same function, does not end the step.
type stepPlan struct {
	g   uint64 // g pointer of the goroutine; 0: match by thread
	tid int
	bps map[uint64]*planCond
}

// planCond is the condition of one temporary breakpoint.
type planCond struct {
	anyThread bool // run to a location: whoever gets there first
	// cfaFrame: the frame id (see frameID) of the frame executing the
	// breakpoint's function must equal frame.
	cfaFrame bool
	// spFrame: a return address: after the ret, rsp is the callee's CFA,
	// whose frame id must equal frame.
	spFrame bool
	frame   uint64
	// deferCall: a deferred function's first statement, taken only when
	// the runtime called it to run the deferred call (see step_defer.go).
	deferCall deferCaller
	// newG: the first statement of a go statement's function, taken in
	// the goroutine it starts (see step_go.go).
	newG *newGoroutine
	// curgOf: taken by the thread working for this goroutine, on its
	// own stack or on its M's system stack (runtime.newproc.func1).
	curgOf int64
	// ranged: a range-over-func body's first statement, taken for the
	// loop of one frame (see step_range.go).
	ranged *rangeCond
}

func (e *engine) newPlan(t *thread) *stepPlan {
	p := &stepPlan{tid: t.tid, bps: map[uint64]*planCond{}}
	if e.goRT.ok {
		p.g = e.curG(t)
	}
	e.plan = p
	return p
}

func (e *engine) planAdd(addr uint64, c planCond) {
	if e.plan.bps[addr] != nil {
		return
	}
	if err := e.insertInternal(addr); err != nil {
		return
	}
	cc := c
	e.plan.bps[addr] = &cc
}

func (e *engine) clearPlan() {
	if e.plan == nil {
		return
	}
	for a := range e.plan.bps {
		e.removeInternal(a)
	}
	e.plan = nil
}

func (e *engine) planMatches(t *thread, addr uint64) bool {
	c := e.plan.bps[addr]
	if c == nil {
		return false
	}
	if c.anyThread {
		return true
	}
	if c.newG != nil {
		return e.isNewGoroutine(t, c.newG)
	}
	if c.curgOf != 0 {
		return e.goidOf(t) == c.curgOf
	}
	if e.plan.g != 0 {
		if e.curG(t) != e.plan.g {
			return false
		}
	} else if t.tid != e.plan.tid {
		return false
	}
	if err := e.getRegs(t); err != nil {
		return false
	}
	switch {
	case c.ranged != nil:
		return e.inRangeParent(t, c.ranged)
	case c.deferCall != deferNone:
		return e.calledByDefer(t, c.deferCall)
	case c.cfaFrame:
		cfa, ok := e.cfaAt(t.regs.Rip, t.regs.Rsp, t.regs.Rbp)
		return ok && e.frameID(t, cfa) == c.frame
	case c.spFrame:
		return e.frameID(t, t.regs.Rsp) == c.frame
	}
	return true
}

// frameID names a frame by its CFA in a way that survives Go's stack
// copying: the distance from the top of the goroutine's stack. Without a Go
// runtime it is the CFA itself.
func (e *engine) frameID(t *thread, cfa uint64) uint64 {
	if e.goRT.ok {
		if g := e.curG(t); g != 0 {
			if hi, err := e.read8(g + uint64(e.goRT.stackHi)); err == nil && hi >= cfa {
				return hi - cfa
			}
		}
	}
	return cfa
}

// cfaAt computes the CFA of the frame executing pc from its registers.
func (e *engine) cfaAt(pc, sp, bp uint64) (uint64, bool) {
	row, ok := e.bin.FrameRowAt(pc - e.bias)
	if !ok {
		return 0, false
	}
	switch row.CFAReg {
	case source.RegRSP:
		return uint64(int64(sp) + row.CFAOffset), true
	case source.RegRBP:
		return uint64(int64(bp) + row.CFAOffset), true
	}
	return 0, false
}

// execute runs an execution request and reports where it ends.
func (e *engine) execute(req Request) Reply {
	e.emit(Running{})
	var ev stopEvent
	kind := "step"
	count := 1
	switch r := req.(type) {
	case Next:
		count = r.Count
	case Step:
		count = r.Count
	case StepInstruction:
		count = r.Count
	case NextInstruction:
		count = r.Count
	}
	if count < 1 {
		count = 1
	}
	for i := 0; i < count; i++ {
		var err error
		e.retWait, e.returned = nil, nil
		inLib := e.stepInLibrary(req) // step_solib.go
		switch r := req.(type) {
		case Continue:
			if r.To.Kind != LocNone {
				ev, err = e.runTo(r.To)
			} else {
				ev = e.run()
			}
		case RunToMain:
			kind = "entry"
			ev, err = e.runToMain()
		case Next:
			ev, err = e.next()
		case Step:
			ev, err = e.step()
		case StepOut:
			ev, err = e.stepOut()
		case Until:
			ev, err = e.until(r) // until.go
		case StepInstruction:
			ev, err = e.stepInstruction()
		case NextInstruction:
			ev, err = e.nextInstruction()
		}
		if inLib != nil {
			ev, err = e.leftLibrary(inLib, req, ev, err)
		}
		e.clearPlan()
		if err != nil && e.exited == nil && errors.Is(err, unix.ESRCH) {
			// A thread gone under the step (reading its registers
			// failed): only a SIGKILL ends a traced thread, the
			// process's exit_group among them; collect its exit.
			e.resumeFailed(unix.ESRCH)
		}
		if err != nil && e.exited != nil {
			// The program exited under the step (another thread's
			// exit_group): that is the answer, as finish gives it, not
			// an error over a process no longer there. A likely cause of
			// TestWatchCountsUnderSteps's one "the program is not
			// running" under load: its next request after such an error.
			e.reap()
			return Reply{Exited: e.exited}
		}
		if err != nil {
			if e.state != nil {
				// Nothing ran: say where we still are.
				e.emit(Stopped{State: e.state})
			}
			return Reply{Err: err, State: e.state}
		}
		if ev.kind != stopPlan || i == count-1 {
			break
		}
		// An intermediate stop of a repeated command: not reported.
		e.cur = ev.t
		if e.getRegs(ev.t) == nil {
			ev.t.skipPC = ev.t.regs.Rip
		}
		e.requeueSignal(ev.t)
		e.state = nil
	}
	return e.finish(ev, kind, req)
}

// finish turns what ended a run into a report.
func (e *engine) finish(ev stopEvent, kind string, req Request) Reply {
	e.s.interrupt.Store(false)
	switch ev.kind {
	case stopExited:
		e.reap()
		return Reply{Exited: e.exited}
	case stopEnded:
		if e.exited != nil {
			return Reply{Exited: e.exited}
		}
		if e.closing {
			// The session ends (tdb was told to quit, or killed with
			// SIGTERM): shutdown kills a launched program and leaves
			// an attached one running.
			if e.attached {
				return Reply{Err: fmt.Errorf("stopped: tdb is ending: the program is left running")}
			}
			return Reply{Err: fmt.Errorf("stopped: tdb is ending: the program was killed")}
		}
		return Reply{Err: fmt.Errorf("stopped: the program was detached")}
	case stopError:
		if e.exited == nil && errors.Is(ev.err, unix.ESRCH) {
			e.resumeFailed(unix.ESRCH) // a thread gone: see step's loop
		}
		if e.exited != nil {
			e.reap()
			return Reply{Exited: e.exited}
		}
		e.report(StopReason{Kind: "interrupt"}, "")
		return Reply{Err: ev.err, State: e.state}
	}
	if ev.t != nil {
		if _, ok := e.threads[ev.t.tid]; ok {
			e.cur = ev.t
		}
	}
	if e.dyingUnder() {
		e.reap()
		return Reply{Exited: e.exited}
	}
	note := ""
	var reason StopReason
	switch ev.kind {
	case stopBreakpoint:
		us := e.hitUsers(ev.bp)
		reason = StopReason{Kind: "breakpoint", Breakpoint: us[0].ID}
		if _, ok := req.(Continue); !ok {
			if c := commandName(req); c != "" {
				note = fmt.Sprintf("%s interrupted by breakpoint %d", c, us[0].ID)
				if g := e.goidOf(e.cur); g != 0 {
					note += fmt.Sprintf(" in goroutine %d", g)
				}
			}
		}
		if ev.bp.note != "" {
			note = ev.bp.note
		}
		defer func() {
			for _, u := range us {
				if u.Temporary {
					e.clearBreakpoint(u.ID)
				}
			}
		}()
	case stopPlan:
		reason = StopReason{Kind: kind}
	case stopSignal:
		reason = StopReason{Kind: "signal", Signal: sigName(ev.sig)}
	case stopPanic:
		reason = StopReason{Kind: "panic"}
	case stopFatal:
		reason = StopReason{Kind: "fatal"}
	case stopHardcoded:
		reason = StopReason{Kind: "hardcoded"}
	case stopExec: // exec.go
		reason = StopReason{Kind: "exec"}
	case stopInterrupt:
		reason = StopReason{Kind: "interrupt"}
	case stopWatch, stopWatchScope:
		reason, note = e.watchReason(ev)
		if _, ok := req.(Continue); !ok && note == "" {
			if c := commandName(req); c != "" {
				note = fmt.Sprintf("%s interrupted by watchpoint %d", c, ev.wp.ID)
				if g := e.goidOf(e.cur); g != 0 {
					note += fmt.Sprintf(" in goroutine %d", g)
				}
			}
		}
	}
	if ev.wp != nil && ev.kind != stopWatch {
		if ev.kind != stopWatchScope {
			if note != "" {
				note += "; "
			}
			note += e.scopeNote(ev.wp) // watch.go
		}
		defer e.clearBreakpoint(ev.wp.ID)
	}
	e.report(reason, note)
	if ev.kind == stopInterrupt || ev.kind == stopHardcoded {
		// Neither has executed the instruction at its pc: a
		// breakpoint there is still to be hit (rtstop.go: the return
		// address runtime.Breakpoint came back to may have one).
		e.uncounted(e.cur)
	}
	e.requeueSignal(e.cur)
	return Reply{State: e.state}
}

// requeueSignal hands a signal pending for t (one stepQuiet held back, or
// any other) back to the kernel when t sits on a breakpoint that the next
// resume steps over: resumed with the signal instead, the thread runs the
// handler first, which returns onto the 0xCC, and the one execution of
// the breakpoint is counted twice (the soak test's exact counts found
// it). Queued with tgkill, the signal is reported during the step over
// and delivered after that one instruction; it is asynchronous anyway.
func (e *engine) requeueSignal(t *thread) {
	if t == nil || t.pendingSig == 0 || e.getRegs(t) != nil {
		return
	}
	if sig := unix.Signal(t.pendingSig); isFault(sig) || sig == unix.SIGTRAP {
		return // the instruction's own: it must come at that instruction
	}
	if bp := e.bps[t.regs.Rip]; bp == nil || !bp.inserted || t.skipPC != t.regs.Rip {
		return
	}
	if e.tgkill(t.tid, unix.Signal(t.pendingSig)) == nil {
		t.pendingSig = 0
	}
}

// uncounted undoes the step-over report arranges for the reported thread
// when an interrupt found it on a breakpoint it has not executed (its trap
// came while every thread was being stopped, and it was moved back onto
// the 0xCC to hit again): stepping over it on the next resume would lose
// that hit.
func (e *engine) uncounted(t *thread) {
	if t == nil || e.getRegs(t) != nil {
		return
	}
	if bp := e.bps[t.regs.Rip]; bp != nil && bp.inserted && t.skipPC == t.regs.Rip {
		t.skipPC = 0
	}
}

func commandName(req Request) string {
	switch req.(type) {
	case Next:
		return "next"
	case Step:
		return "step"
	case StepOut:
		return "stepout"
	case NextInstruction:
		return "nexti"
	case Until:
		return "until"
	case RunToMain:
		return "run to main"
	}
	return ""
}

// dyingUnder reports whether the process died as the run ended, with its
// exit collected (e.exited set): the thread to report on, stopped with
// every other, has no registers to read (ESRCH). Only a SIGKILL ends a
// stopped thread, and it ends them all: another thread's exit_group raced
// the step's last stop (Delve's issue1101, next off the end of a goroutine
// whose wg.Done lets main call os.Exit: once in a loaded CI run tdb
// reported "stopped: step: ?? (pc 0x0)" and never the exit).
func (e *engine) dyingUnder() bool {
	if e.exited != nil {
		// stopAll, stopping the others for this stop, collected the
		// leader's exit (noteStop): the stop's thread still had
		// registers, the process is gone (the same test: the stop was
		// reported and the exit never was).
		return true
	}
	t := e.cur
	if t == nil {
		return false
	}
	if err := e.getRegs(t); err == nil || !errors.Is(err, unix.ESRCH) {
		return false
	}
	return e.resumeFailed(unix.ESRCH).kind == stopExited
}

// reap cleans up after the process exited by itself and reports it.
func (e *engine) reap() {
	e.s.running.Store(false)
	// Any thread still unreported (there should be none: the kernel
	// reports the leader last) is collected without blocking.
	for i := 0; i < 100; i++ {
		wpid, _, err := e.waitPoll(-1)
		if err != nil || wpid <= 0 {
			break
		}
	}
	e.threads = map[int]*thread{}
	e.state = nil
	e.closeMem()
	e.waitOutput()
	e.emit(*e.exited)
}

func (e *engine) runTo(loc Loc) (stopEvent, error) {
	l, err := e.resolveLoc(loc)
	if err != nil {
		return stopEvent{}, err
	}
	e.newPlan(e.cur)
	for _, a := range l.addrs {
		e.planAdd(a, planCond{anyThread: true})
	}
	return e.run(), nil
}

func (e *engine) runToMain() (stopEvent, error) {
	if e.cfg.Test {
		if fns := e.testEntries(); len(fns) > 0 {
			e.newPlan(e.cur)
			for _, fn := range fns {
				e.planAdd(e.funcBreakAddr(fn)+e.bias, planCond{anyThread: true})
			}
			return e.run(), nil
		}
	}
	name := "main"
	if e.bin.IsGo() {
		name = "main.main"
	}
	fns, err := e.bin.LookupFunc(name)
	if err != nil || len(fns) == 0 {
		return stopEvent{}, fmt.Errorf("no function %s in %s", name, e.bin.Path())
	}
	var fn *source.Function
	for _, f := range fns {
		if f.Name == name {
			fn = f
		}
	}
	if fn == nil {
		fn = fns[0]
	}
	e.newPlan(e.cur)
	e.planAdd(e.funcBreakAddr(fn)+e.bias, planCond{anyThread: true})
	return e.run(), nil
}

// lineInfo is the current function's line table, for stepping.
type lineInfo struct {
	fn    *source.Function
	stmts map[uint64]int // statement starts: pc -> line
}

func (e *engine) lineInfoAt(pc uint64) (*lineInfo, int, bool) {
	fn := e.bin.FuncAt(pc - e.bias)
	if fn == nil {
		return nil, 0, false
	}
	_, line, ok := e.bin.PCToLine(pc - e.bias)
	if !ok {
		return nil, 0, false
	}
	li := &lineInfo{fn: fn, stmts: map[uint64]int{}}
	for _, r := range e.bin.LineEntries(fn) {
		if r.Stmt && r.Line > 0 {
			if _, dup := li.stmts[r.PC+e.bias]; !dup {
				li.stmts[r.PC+e.bias] = r.Line
			}
		}
	}
	return li, line, true
}

func (e *engine) next() (stopEvent, error) {
	for n := 0; ; n++ {
		ev, err := e.nextOnce()
		if err != nil || ev.kind != stopPlan || n == 1000 {
			return ev, err
		}
		c := e.plan.bps[e.pcOf(ev.t)]
		if c == nil || c.ranged == nil || !c.ranged.reNext {
			return ev, nil
		}
		// A range body that starts on the line being stepped: next
		// goes on from inside it. An intermediate stop, resumed as a
		// repeated command's.
		e.clearPlan()
		e.cur = ev.t
		ev.t.skipPC = e.pcOf(ev.t)
		e.requeueSignal(ev.t)
	}
}

func (e *engine) nextOnce() (stopEvent, error) {
	t := e.cur
	if err := e.getRegs(t); err != nil {
		return stopEvent{}, err
	}
	pc := t.regs.Rip
	li, line, ok := e.lineInfoAt(pc)
	if !ok {
		return stopEvent{}, fmt.Errorf("no line information at %#x: use stepi, nexti or stepout", pc)
	}
	frames := e.unwind(t, 1)
	if len(frames) == 0 {
		return stopEvent{}, fmt.Errorf("cannot find the current frame at %#x", pc)
	}
	fid := e.frameID(t, frames[0].CFA)
	pe := e.bin.PrologueEnd(li.fn) + e.bias
	keep := e.nextStops(pc, line, false) // step_inline.go
	floor := e.untilFloor                // until.go: until never goes back
	e.untilFloor = 0
	e.newPlan(t)
	for a, l := range li.stmts {
		if !keep(a, l) || a < pe || a == pc || a < floor {
			continue
		}
		e.planAdd(a, planCond{cfaFrame: true, frame: fid})
	}
	if !e.addRangeBreakpoints(t, li.fn, line, fid) {
		if ret, rfid, skip, ok := e.returnTargetSkip(t); ok {
			e.planAdd(ret, planCond{spFrame: true, frame: rfid})
			e.expectReturn(t, ret, skip)
		}
		e.addDeferBreakpoint(t, deferPanic)
	}
	ev := e.run()
	if !e.isGoCode(li.fn) && e.retWait != nil && ev.kind == stopPlan && ev.t != nil && e.pcOf(ev.t) == e.retWait.ret {
		// C: back in the caller mid-line, gdb's next goes on to the
		// start of a line, and says nothing of the value returned.
		e.retWait = nil
		pc := e.pcOf(ev.t)
		if nli, _, ok := e.lineInfoAt(pc); ok {
			if _, start := nli.stmts[pc]; !start {
				e.cur = ev.t
				return e.nextOnce()
			}
		}
		return ev, nil
	}
	e.returnedAt(ev)
	return ev, nil
}

// isGoCode tells Go functions from C ones (cgo, or a C program): they step
// differently where Delve and gdb differ.
func (e *engine) isGoCode(fn *source.Function) bool {
	if fn == nil {
		return e.bin.IsGo()
	}
	unit, goCode := e.bin.UnitAt(fn.Entry)
	if unit == "" {
		return e.bin.IsGo() // no DWARF unit: a stripped Go binary's code
	}
	return goCode
}

func (e *engine) stepOut() (stopEvent, error) {
	t := e.cur
	if ev, ok, err := e.stepOutSelected(t); ok { // step_finish.go
		return ev, err
	}
	if ev, ok, err := e.stepOutInlined(t); ok { // step_inline.go
		return ev, err
	}
	ret, rfid, ok := e.rangeReturnTarget(t)
	ranged := ok
	var skip uint64
	if !ok {
		ret, rfid, skip, ok = e.returnTargetSkip(t)
	}
	if !ok {
		return stopEvent{}, fmt.Errorf("stepout: the current function has no caller")
	}
	e.newPlan(t)
	e.planAdd(ret, planCond{spFrame: true, frame: rfid})
	if !ranged {
		// (Out of a range body the parent returns, not this function.)
		e.expectReturn(t, ret, skip)
	}
	// A panic on the way out runs deferred calls: stop in the first.
	e.addDeferBreakpoint(t, deferPanic)
	ev := e.run()
	e.returnedAt(ev)
	return ev, nil
}

// steppable: a function step goes into. Go's runtime is stepped over, as
// Delve does, except its exported functions (runtime.Breakpoint, which
// Delve's TestRuntimeBreakpoint steps into; runtime.GC); code without line
// information (PLT stubs, assembly) too.
func (e *engine) steppable(fn *source.Function) bool {
	if fn == nil {
		return false
	}
	if _, _, ok := e.bin.PCToLine(fn.Entry); !ok {
		return false
	}
	if e.bin.IsGo() {
		if rest, ok := strings.CutPrefix(fn.Name, "runtime."); ok && rest != "" && 'A' <= rest[0] && rest[0] <= 'Z' {
			return true
		}
		for _, p := range []string{"runtime.", "runtime/", "internal/", "sync/atomic."} {
			if strings.HasPrefix(fn.Name, p) {
				return false
			}
		}
	}
	return true
}

// decode decodes the instruction at pc (the program's bytes, not our 0xCC).
func (e *engine) decode(pc uint64) (x86asm.Inst, error) {
	buf := make([]byte, 16)
	if err := e.readMem(pc, buf); err != nil {
		return x86asm.Inst{}, err
	}
	e.unpatch(pc, buf)
	return x86asm.Decode(buf, 64)
}

// step: single-step the thread through the current line; step into
// functions that have source, over those that do not, as Delve does:
//   - a call on the line into a function with source stops after its
//     prologue; compiler-made wrappers on the way are passed through;
//   - a call over which the step goes (the runtime) runs to its return
//     address, stopping in a deferred function the runtime calls from it
//     (runtime.deferreturn on a closing line, or a panic);
//   - returning stops at the return address, mid-line in the caller,
//     past wrappers, and past runtime.deferreturn when a deferred
//     function returns (stopping in the next deferred function);
//   - otherwise the step ends at the first statement of another line.
func (e *engine) step() (stopEvent, error) { return e.stepThrough(false) }

// stepThrough is step; through: the current function is one to pass
// through, not to stop in (a coroutine's body reached from iter.Pull).
func (e *engine) stepThrough(through bool) (stopEvent, error) {
	t := e.cur
	if err := e.getRegs(t); err != nil {
		return stopEvent{}, err
	}
	li, line, ok := e.lineInfoAt(t.regs.Rip)
	if !ok {
		return stopEvent{}, fmt.Errorf("no line information at %#x: use stepi, nexti or stepout", t.regs.Rip)
	}
	if ev, stop := e.hitBeforeStep(t); stop {
		return ev, nil
	}
	// passing: inside a wrapper, whose lines are no place to stop.
	passing := through || e.isWrapper(li.fn)
	returned := false // the values returned are collected (retvals.go)
	for n := 0; n < 1_000_000; n++ {
		if e.s.interrupt.Load() {
			return stopEvent{kind: stopInterrupt, t: t}, nil
		}
		if len(e.s.reqs) > 0 {
			if e.serveRequests() {
				return stopEvent{kind: stopEnded}, nil
			}
		}
		if err := e.getRegs(t); err != nil {
			return stopEvent{}, err
		}
		pc, sp := t.regs.Rip, t.regs.Rsp
		inst, derr := e.decode(pc)
		if derr == nil && inst.Op == x86asm.CALL {
			ret := pc + uint64(inst.Len)
			into := passing || line < 0 || e.lineOf(pc) == line
			if into {
				if ev, ok := e.stepIntoGoStatement(t, inst, pc); ok {
					return ev, nil
				}
			}
			if passing && isPullClosure(li.fn.Name) {
				if ev, ok := e.stepIntoCoroutine(t, inst, pc); ok {
					return ev, nil
				}
			}
			if ev, stop, err := e.stepCounted(t); err != nil {
				return e.stepFailed(err)
			} else if stop {
				return ev, nil
			}
			npc := e.pcOf(t)
			callee := e.bin.FuncAt(npc - e.bias)
			if into {
				// A PLT stub: into a library's function (step_solib.go).
				if ev, ok := e.stepIntoLibrary(t, npc, ret, sp); ok {
					return ev, nil
				}
			}
			if into && e.steppable(callee) {
				if e.isWrapper(callee) || isPullClosure(callee.Name) {
					li, line, passing = e.funcLineInfo(callee), -1, true
					continue
				}
				return e.stepInto(t, callee, npc)
			}
			// Over it: run to the return address in this frame.
			ev := e.stepOverCall(t, ret, sp)
			if ev.kind != stopPlan || e.pcOf(ev.t) != ret {
				return ev, nil // a breakpoint, a signal, a deferred call
			}
			t = ev.t
			t.skipPC = ret
			if !passing && e.atNewLine(li, line, ret) {
				return ev, nil
			}
			continue
		}
		isRet := derr == nil && inst.Op == x86asm.RET
		if ev, stop, err := e.stepCounted(t); err != nil {
			return e.stepFailed(err)
		} else if stop {
			return ev, nil
		}
		npc := e.pcOf(t)
		if isRet || npc < li.fn.Entry+e.bias || npc >= li.fn.End+e.bias {
			// Returned (or jumped) into another function.
			nfn := e.bin.FuncAt(npc - e.bias)
			switch {
			case isRet && nfn != nil && nfn.Name == "runtime.deferreturn":
				return e.stepOutOfDeferreturn(t)
			case isRet && e.isWrapper(nfn) && e.steppable(nfn):
				if !e.isWrapper(li.fn) {
					// What the function returned, read now, before
					// the wrapper it returns to runs on.
					e.collectReturned(t, li.fn, pc, 0)
					returned = true
				}
				li, line, passing = e.funcLineInfo(nfn), -1, true
				continue
			case isRet && !e.isGoCode(li.fn):
				// C: gdb does not stop in the middle of the caller's
				// line: it steps on to the start of a line (a call
				// later on the line is entered).
				if nli, nline, ok := e.lineInfoAt(npc); ok && e.steppable(nli.fn) {
					if _, start := nli.stmts[npc]; !start {
						li, line, passing = nli, nline, false
						continue
					}
				}
				e.stopAll()
				return stopEvent{kind: stopPlan, t: t}, nil
			case isRet:
				// At the return address, mid-line in the caller.
				e.stopAll()
				if !returned {
					e.collectReturned(t, li.fn, pc, 0)
				}
				return stopEvent{kind: stopPlan, t: t}, nil
			case e.steppable(nfn) && npc == nfn.Entry+e.bias && !e.isWrapper(nfn):
				// A tail call (a wrapper's jump to the method).
				return e.stepInto(t, nfn, npc)
			}
			nli, _, ok := e.lineInfoAt(npc)
			if !ok || !e.steppable(nli.fn) {
				e.stopAll()
				return stopEvent{kind: stopPlan, t: t}, nil
			}
			li, line, passing = nli, -1, e.isWrapper(nli.fn)
		}
		if !passing && e.atNewLine(li, line, npc) {
			e.stopAll()
			return stopEvent{kind: stopPlan, t: t}, nil
		}
	}
	return stopEvent{kind: stopPlan, t: t}, nil
}

// lineOf is the line of pc, -1 if it has none.
func (e *engine) lineOf(pc uint64) int {
	if _, l, ok := e.bin.PCToLine(pc - e.bias); ok {
		return l
	}
	return -1
}

// funcLineInfo is fn's line table for stepping.
func (e *engine) funcLineInfo(fn *source.Function) *lineInfo {
	li, _, ok := e.lineInfoAt(fn.Entry + e.bias)
	if !ok {
		return &lineInfo{fn: fn, stmts: map[uint64]int{}}
	}
	return li
}

// stepInto ends a step that entered callee (t at npc, its entry): after
// the prologue, where a function breakpoint stops. When the stack check
// sends it to morestack (stack growth, or a preemption request), t runs
// to that address rather than single-stepping the runtime.
func (e *engine) stepInto(t *thread, callee *source.Function, npc uint64) (stopEvent, error) {
	target := e.funcBreakAddr(callee) + e.bias
	// The prologue's straight line (argument spills, the stack check
	// not taken, the frame setup) is single-stepped like the rest of
	// the step: running there lets other goroutines hit breakpoints
	// and end the step (teststepconcurrent's 100 goroutines calling
	// Foo). A jump to the stack growth path, past the target, or a
	// call falls back to running.
	for i := 0; i < 64 && npc >= callee.Entry+e.bias && npc < target; i++ {
		inst, err := e.decode(npc)
		if err != nil || inst.Op == x86asm.CALL {
			break
		}
		if ev, stop, err := e.stepCounted(t); err != nil {
			return e.stepFailed(err)
		} else if stop {
			return ev, nil
		}
		npc = e.pcOf(t)
	}
	if npc == target {
		e.stopAll()
		return stopEvent{kind: stopPlan, t: t}, nil
	}
	e.newPlan(t)
	e.planAdd(target, planCond{})
	return e.run(), nil
}

// stepOverCall runs t, which has just entered a function step does not enter,
// to the return address ret in the frame whose rsp was sp before the call,
// or to a deferred function the runtime runs meanwhile.
func (e *engine) stepOverCall(t *thread, ret, sp uint64) stopEvent {
	e.newPlan(t)
	e.planAdd(ret, planCond{spFrame: true, frame: e.frameID(t, sp)})
	e.addDeferBreakpoint(t, deferPanicRet)
	ev := e.run()
	e.clearPlan()
	return ev
}

// stepOutOfDeferreturn ends a step that returned from a deferred function
// into runtime.deferreturn: it runs the function's remaining deferred
// calls, stopping in the next one, else returns to the function that
// deferred them, where the step stops (after its call of deferreturn).
func (e *engine) stepOutOfDeferreturn(t *thread) (stopEvent, error) {
	ret, rfid, ok := e.returnTarget(t)
	if !ok {
		e.stopAll()
		return stopEvent{kind: stopPlan, t: t}, nil
	}
	e.newPlan(t)
	e.planAdd(ret, planCond{spFrame: true, frame: rfid})
	e.addDeferBreakpoint(t, deferPanicRet)
	return e.run(), nil
}

// stepQuiet single-steps t for step and stepi, holding back a signal
// pending for the thread (Go's SIGURG preemption, often recorded while
// stopping every thread): delivered with the step, it would stop the
// thread on its handler's first instruction, and a source step would end
// in runtime.sigtramp. gdb steps over the handler likewise; the signal is
// delivered at the thread's next resume. A fault or a SIGTRAP is the
// instruction's own and goes with it.
func (e *engine) stepQuiet(t *thread) (int, error) {
	held := t.pendingSig
	if held == 0 || isFault(unix.Signal(held)) || unix.Signal(held) == unix.SIGTRAP {
		return e.stepOne(t)
	}
	t.pendingSig = 0
	sig, err := e.stepOne(t)
	if t.pendingSig == 0 {
		t.pendingSig = held
	}
	return sig, err
}

// stepCounted single-steps t for step and stepi. A fault the instruction
// raised ends the command; so does a user breakpoint the step walked onto
// whose conditions hold. Walking onto a breakpoint is a hit, as a trap
// would be (gdb counts it too): without this, every hit-count and
// condition would miss the times a step passed the breakpoint, and the
// continue from there steps over it without a trap.
func (e *engine) stepCounted(t *thread) (stopEvent, bool, error) {
	from := e.pcOf(t)
	sig, err := e.stepQuiet(t)
	if err != nil {
		return stopEvent{}, false, err
	}
	if len(e.watch.resize) > 0 && e.isResize(from) {
		// Stepped through runtime.copystack's return: a watched stack
		// variable may have moved (stepi in the runtime).
		e.moveStackWatches()
	}
	if sig != 0 {
		e.stopAll()
		return stopEvent{kind: stopSignal, t: t, sig: sig}, true, nil
	}
	if t.watchHit != nil {
		e.stopAll()
		return stopEvent{kind: stopWatch, t: t, wp: t.watchHit}, true, nil
	}
	if u := e.watchScope(t, e.pcOf(t)); u != nil {
		// Stepped out of a watched variable's frame.
		e.stopAll()
		return stopEvent{kind: stopWatchScope, t: t, wp: u}, true, nil
	}
	bp := e.bps[e.pcOf(t)]
	if bp == nil || !bp.inserted || len(bp.enabledUsers()) == 0 || !e.condsHold(t, bp) {
		return stopEvent{}, false, nil
	}
	e.stopAll()
	return stopEvent{kind: stopBreakpoint, t: t, bp: bp}, true, nil
}

// hitBeforeStep counts the breakpoint t sits on when t has not executed
// it (an interrupt found it there: see uncounted), since the single-step
// would step over it unseen; a continue would hit it at once, so a step
// stops at once too when its conditions hold.
func (e *engine) hitBeforeStep(t *thread) (stopEvent, bool) {
	if e.getRegs(t) != nil || t.skipPC == t.regs.Rip {
		return stopEvent{}, false
	}
	bp := e.bps[t.regs.Rip]
	if bp == nil || !bp.inserted || len(bp.enabledUsers()) == 0 {
		return stopEvent{}, false
	}
	t.skipPC = t.regs.Rip
	if !e.condsHold(t, bp) {
		return stopEvent{}, false
	}
	return stopEvent{kind: stopBreakpoint, t: t, bp: bp}, true
}

func (e *engine) atNewLine(li *lineInfo, line int, pc uint64) bool {
	l, ok := li.stmts[pc]
	return ok && l != line
}

func (e *engine) stepFailed(err error) (stopEvent, error) {
	if err == errThreadExited {
		if e.exited != nil {
			return stopEvent{kind: stopExited}, nil
		}
		return stopEvent{}, fmt.Errorf("the thread exited while stepping")
	}
	return stopEvent{}, err
}

func (e *engine) stepInstruction() (stopEvent, error) {
	t := e.cur
	if ev, stop := e.hitBeforeStep(t); stop {
		return ev, nil
	}
	ev, stop, err := e.stepCounted(t)
	if err != nil {
		return e.stepFailed(err)
	}
	if stop {
		return ev, nil
	}
	return stopEvent{kind: stopPlan, t: t}, nil
}

func (e *engine) nextInstruction() (stopEvent, error) {
	t := e.cur
	if err := e.getRegs(t); err != nil {
		return stopEvent{}, err
	}
	pc, sp := t.regs.Rip, t.regs.Rsp
	inst, err := e.decode(pc)
	if err != nil || inst.Op != x86asm.CALL {
		return e.stepInstruction()
	}
	e.newPlan(t)
	// After the call returns, rsp is back to what it is now.
	e.planAdd(pc+uint64(inst.Len), planCond{spFrame: true, frame: e.frameID(t, sp)})
	return e.run(), nil
}
