package debugger

// step on a call of a shared library's function goes through the
// program's PLT stub (and, the first time, the loader's lazy binding):
// code without lines, which step would step over. gdb steps through to
// the function when the library has line information; so does the
// engine: the stub's relocation names the function, the loaded libraries
// say where it is, and the thread runs to its first line after the
// prologue, or back to the return address if it never gets there.

// stepIntoLibrary: t has just entered the call whose return address is
// ret (rsp was sp before it) at npc, a PLT stub or a library function's
// entry (a call through a pointer). ok is false when npc is neither, or
// the function has no lines.
func (e *engine) stepIntoLibrary(t *thread, npc, ret, sp uint64) (stopEvent, bool) {
	var target uint64
	if name, ok := e.bin.PLTFunction(npc - e.bias); ok {
		l, ok := e.lookupLibFunc(name)
		if !ok || len(l.addrs) == 0 {
			return stopEvent{}, false
		}
		target = l.addrs[0]
	} else if lib := e.libAt(npc); lib != nil && lib.bin != nil && lib.bin.HasDWARF() {
		// A call through a pointer straight into the library (a
		// function dlsym returned).
		fn := lib.bin.FuncAt(npc - lib.bias)
		if fn == nil || fn.Entry != npc-lib.bias {
			return stopEvent{}, false
		}
		target = e.libBreakAddr(lib, fn)
	} else {
		return stopEvent{}, false
	}
	lib := e.libAt(target)
	if lib == nil || lib.bin == nil || !lib.bin.HasDWARF() {
		return stopEvent{}, false
	}
	if _, _, ok := lib.bin.PCToLine(target - lib.bias); !ok {
		return stopEvent{}, false
	}
	e.newPlan(t)
	e.planAdd(target, planCond{})
	e.planAdd(ret, planCond{spFrame: true, frame: e.frameID(t, sp)})
	return e.run(), true
}

// libStep is a step command that started in a library's code, which the
// step code reads through e.bin (lent, solib_values.go).
type libStep struct {
	restore func()
}

// stepInLibrary lends the library's binary to a step command (next,
// step, stepout, until) that starts in a library with DWARF; nil when it
// does not.
func (e *engine) stepInLibrary(req Request) *libStep {
	switch req.(type) {
	case Next, Step, StepOut, Until:
	default:
		return nil
	}
	if e.lent != nil || e.cur == nil || e.getRegs(e.cur) != nil {
		return nil
	}
	pc := e.cur.regs.Rip
	if e.bin.FuncAt(pc-e.bias) != nil {
		return nil
	}
	l := e.libAt(pc)
	if l == nil || l.bin == nil || !l.bin.HasDWARF() {
		return nil
	}
	if _, _, ok := l.bin.PCToLine(pc - l.bias); !ok {
		return nil
	}
	return &libStep{restore: e.lend(l)}
}

// leftLibrary gives the program back after a step command that started
// in a library. A step or next that returned into the program stopped
// mid-line (the library's line table knows nothing of the caller's):
// gdb finishes the caller's line, and so does the engine, with the
// program's next.
func (e *engine) leftLibrary(ls *libStep, req Request, ev stopEvent, err error) (stopEvent, error) {
	ls.restore()
	if err != nil || ev.kind != stopPlan || ev.t == nil {
		return ev, err
	}
	switch req.(type) {
	case Next, Step:
	default:
		return ev, err
	}
	pc := e.pcOf(ev.t)
	if e.bin.FuncAt(pc-e.bias) == nil {
		return ev, err // still in a library
	}
	li, _, ok := e.lineInfoAt(pc)
	if !ok {
		return ev, err
	}
	if _, start := li.stmts[pc]; start {
		return ev, err
	}
	e.clearPlan()
	e.cur = ev.t
	ev.t.skipPC = pc
	return e.next()
}
