package debugger

import (
	"golang.org/x/arch/x86/x86asm"
)

// step on a go statement enters the new goroutine, as Delve does. The
// statement calls runtime.newproc with the func value to start (in rax,
// Go's first register argument); a closure the compiler made for the
// call's arguments (F.gowrapN) is passed through to the function it calls.
// Which goroutine is the new one is learnt where Delve learns it: newproc
// runs newproc.func1 on the system stack, which creates the g and queues
// it with runqput(pp, newg, true); at that call rbx holds newg. The step
// then ends at the function's breakpoint address in that goroutine. If the
// runtime was built so that the call is not there (inlined), any goroutine
// born after the step began that starts at the func value is taken.

// newGoroutine is the condition of the breakpoint a step on a go
// statement waits at.
type newGoroutine struct {
	startpc uint64         // the func value's code address, as g.startpc records it
	goid    int64          // the new goroutine, when known
	known   map[int64]bool // else: goroutines alive when the step began
}

// stepIntoGoStatement handles a step at pc, a call of runtime.newproc on
// the line being stepped; ok is false when pc is no such call or the new
// goroutine's function is not one step enters.
func (e *engine) stepIntoGoStatement(t *thread, inst x86asm.Inst, pc uint64) (stopEvent, bool) {
	if callee := e.callTarget(inst, pc-e.bias); callee == nil || callee.Name != "runtime.newproc" {
		return stopEvent{}, false
	}
	l, err := e.layout()
	if err != nil || e.getRegs(t) != nil {
		return stopEvent{}, false
	}
	startpc, err := e.read8(t.regs.Rax)
	if err != nil {
		return stopEvent{}, false
	}
	fn := e.bin.FuncAt(startpc - e.bias)
	if e.isWrapper(fn) {
		fn = e.wrappedCall(fn)
	}
	if !e.steppable(fn) {
		return stopEvent{}, false
	}
	cond := &newGoroutine{startpc: startpc}
	if queue := e.runqputCall(); queue != 0 {
		e.newPlan(t)
		e.planAdd(queue, planCond{curgOf: e.goidOf(t)})
		ev := e.run()
		e.clearPlan()
		if ev.kind != stopPlan {
			return ev, true
		}
		if err := e.getRegs(ev.t); err != nil {
			return stopEvent{kind: stopError, err: err}, true
		}
		id, err := e.read8(ev.t.regs.Rbx + uint64(l.goid)) // runqput's newg
		if err != nil {
			return stopEvent{kind: stopError, err: err}, true
		}
		cond.goid = int64(id)
		// An intermediate stop, as a repeated command's: resume it.
		ev.t.skipPC = queue
		e.requeueSignal(ev.t)
	} else {
		gs, err := e.readGoroutines()
		if err != nil {
			return stopEvent{}, false
		}
		cond.known = make(map[int64]bool, len(gs))
		for _, g := range gs {
			cond.known[g.id] = true
		}
	}
	e.newPlan(t)
	e.planAdd(e.funcBreakAddr(fn)+e.bias, planCond{newG: cond})
	return e.run(), true
}

// runqputCall is the address of runtime.newproc.func1's call of
// runtime.runqput, 0 if there is none.
func (e *engine) runqputCall() uint64 {
	fns, err := e.bin.LookupFunc("runtime.newproc.func1")
	if err != nil || len(fns) == 0 {
		return 0
	}
	fn := fns[0]
	for pc := fn.Entry; pc < fn.End; {
		inst, err := e.decode(pc + e.bias)
		if err != nil {
			return 0
		}
		if callee := e.callTarget(inst, pc); callee != nil && callee.Name == "runtime.runqput" {
			return pc + e.bias
		}
		pc += uint64(inst.Len)
	}
	return 0
}

// isNewGoroutine: the goroutine on t is the one a step on a go statement
// started.
func (e *engine) isNewGoroutine(t *thread, c *newGoroutine) bool {
	l, err := e.layout()
	if err != nil {
		return false
	}
	g := e.curG(t)
	if g == 0 {
		return false
	}
	id, err1 := e.read8(g + uint64(l.goid))
	start, err2 := e.read8(g + uint64(l.startpc))
	if err1 != nil || err2 != nil || start != c.startpc {
		return false
	}
	if c.goid != 0 {
		return int64(id) == c.goid
	}
	return !c.known[int64(id)]
}
