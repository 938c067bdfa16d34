package debugger

import (
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// step into a coroutine, as Delve does (TestStepIntoCoroutine). iter.Pull
// runs the sequence on a coroutine: a goroutine of its own that next (and
// yield, from the other side) switch to with runtime.coroswitch(c). A step
// on a call of next or yield passes through iter.Pull's closures and, at
// their coroswitch, follows the switch: c.gp is the goroutine that runs
// next. If it has not started (it waits in runtime.corostart), the step
// goes on in it from the start of c.f, iter.Pull's body, through to the
// sequence function it calls; else it stops where that goroutine's user
// code called into iter.Pull (the return address of its yield, or of its
// next), when it gets there.

// isPullClosure: one of iter.Pull's closures (next, stop, the coroutine's
// body, yield), named iter.Pull[shape].funcN.
func isPullClosure(name string) bool {
	return strings.HasPrefix(name, "iter.Pull") && strings.Contains(name, ".func")
}

// stepIntoCoroutine handles a step passing through iter.Pull's closures
// at pc; ok is false when pc is no call of runtime.coroswitch.
func (e *engine) stepIntoCoroutine(t *thread, inst x86asm.Inst, pc uint64) (stopEvent, bool) {
	if callee := e.callTarget(inst, pc-e.bias); callee == nil || callee.Name != "runtime.coroswitch" {
		return stopEvent{}, false
	}
	l, err := e.layout()
	gpOff, err1 := e.bin.FieldOffset("runtime.coro", "gp")
	fOff, err2 := e.bin.FieldOffset("runtime.coro", "f")
	if err != nil || err1 != nil || err2 != nil || e.getRegs(t) != nil {
		return stopEvent{}, false
	}
	c := t.regs.Rax // coroswitch(c *coro): Go's first register argument
	gp, err := e.read8(c + uint64(gpOff))
	if err != nil || gp == 0 {
		return stopEvent{}, false
	}
	spc, err1 := e.read8(gp + uint64(l.schedPC))
	ssp, err2 := e.read8(gp + uint64(l.schedSP))
	sbp, err3 := e.read8(gp + uint64(l.schedBP))
	if err1 != nil || err2 != nil || err3 != nil {
		return stopEvent{}, false
	}
	if fn := e.bin.FuncAt(spc - e.bias); fn != nil && fn.Name == "runtime.corostart" {
		// Not started: run to the start of its body (c.f), then step on
		// through it in that goroutine.
		fv, err := e.read8(c + uint64(fOff))
		if err != nil {
			return stopEvent{}, false
		}
		code, err := e.read8(fv)
		if err != nil {
			return stopEvent{}, false
		}
		body := e.bin.FuncAt(code - e.bias)
		if body == nil {
			return stopEvent{}, false
		}
		e.newPlan(t)
		e.plan.g = gp
		e.planAdd(e.funcBreakAddr(body)+e.bias, planCond{})
		ev := e.run()
		e.clearPlan()
		if ev.kind != stopPlan {
			return ev, true
		}
		// An intermediate stop, as a repeated command's.
		e.cur = ev.t
		ev.t.skipPC = e.pcOf(ev.t)
		e.requeueSignal(ev.t)
		ev, err = e.stepThrough(true)
		if err != nil {
			return stopEvent{kind: stopError, err: err, t: ev.t}, true
		}
		return ev, true
	}
	ret := e.coroUserPC(spc, ssp, sbp)
	if ret == 0 {
		return stopEvent{}, false
	}
	e.newPlan(t)
	e.plan.g = gp
	e.planAdd(ret, planCond{})
	return e.run(), true
}

// coroUserPC walks a parked goroutine's stack from its saved registers up
// to the first frame outside the runtime and iter, and gives that frame's
// pc (a return address), 0 if none is near.
func (e *engine) coroUserPC(pc, sp, bp uint64) uint64 {
	for i := 0; i < 16 && pc != 0 && sp != 0; i++ {
		lookup := pc - e.bias
		if i > 0 {
			lookup-- // a return address: the call belongs to this frame
		}
		fn := e.bin.FuncAt(lookup)
		if fn == nil || fn.Name == "runtime.goexit" {
			return 0
		}
		if !strings.HasPrefix(fn.Name, "runtime.") && !strings.HasPrefix(fn.Name, "iter.") {
			return pc
		}
		row, ok := e.bin.FrameRowAt(lookup)
		if !ok {
			return 0
		}
		cfa, ra, nbp, ok := e.applyRow(row, sp, bp)
		if !ok || cfa <= sp {
			return 0
		}
		pc, sp, bp = ra, cfa, nbp
	}
	return 0
}
