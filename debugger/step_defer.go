package debugger

import (
	"strings"

	"golang.org/x/arch/x86/x86asm"

	"tdb/source"
)

// Deferred calls and compiler-made wrappers, for next, step and stepout.
//
// A Go function's deferred calls run from runtime.deferreturn, which the
// function calls on its closing line, or from runtime.gopanic when a panic
// unwinds through it. Both are runtime code, which step does not enter, so
// the step commands arm one more temporary breakpoint, as Delve does: on
// the goroutine's most recently deferred function (the head of g._defer),
// taken only when the runtime is what called it. step enters a deferred
// call from either caller; next and stepout only from a panic, since the
// function's own deferred calls are part of the line being stepped over.

// deferCaller says which callers of a deferred function end a step there.
type deferCaller int

const (
	deferNone     deferCaller = iota
	deferPanic                // runtime.gopanic only (next, stepout)
	deferPanicRet             // runtime.gopanic or runtime.deferreturn (step)
)

// addDeferBreakpoint adds to the current plan a breakpoint on the first
// statement of the function the goroutine running t deferred last, if any.
// The deferred function is read from the runtime's _defer record: g._defer
// is the head of the goroutine's list and its fn field the func value.
func (e *engine) addDeferBreakpoint(t *thread, who deferCaller) {
	e.addDeferBreakpointAbove(t, who, 0)
}

// addDeferBreakpointAbove is addDeferBreakpoint for the deferred calls of
// the frames whose stack pointer is at least minSP: a range-over-func body
// skips the iterator's deferred calls, and takes its parent's (as Delve
// does: the parent frame's topmost defer).
func (e *engine) addDeferBreakpointAbove(t *thread, who deferCaller, minSP uint64) {
	pc := e.topDeferPC(t, minSP)
	if pc == 0 || e.getRegs(t) != nil {
		return
	}
	fn := e.bin.FuncAt(pc - e.bias)
	if fn == nil {
		return
	}
	if w := e.deferWrapTarget(fn); w != nil {
		fn = w
	}
	addr := e.funcBreakAddr(fn) + e.bias
	if t.regs.Rip == addr {
		return // already there (a step from the deferred function's first line)
	}
	e.planAdd(addr, planCond{deferCall: who})
}

// topDeferPC is the code address of the goroutine's most recently deferred
// function made by a frame whose stack pointer is at least minSP (the
// record's sp), 0 if none (or no Go runtime). runtime.deferreturn clears a
// record's fn for an instruction while it pops it: such a record is skipped
// like an empty list.
func (e *engine) topDeferPC(t *thread, minSP uint64) uint64 {
	g := e.curG(t)
	if g == 0 {
		return 0
	}
	gOff, err1 := e.bin.FieldOffset("runtime.g", "_defer")
	fnOff, err2 := e.bin.FieldOffset("runtime._defer", "fn")
	spOff, err3 := e.bin.FieldOffset("runtime._defer", "sp")
	linkOff, err4 := e.bin.FieldOffset("runtime._defer", "link")
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return 0
	}
	d, err := e.read8(g + uint64(gOff))
	// The list runs from the newest record, deepest in the stack, out:
	// its sps grow. A bound guards against a corrupt list.
	for n := 0; err == nil && d != 0 && minSP != 0 && n < 1000; n++ {
		var sp uint64
		if sp, err = e.read8(d + uint64(spOff)); err != nil {
			return 0
		}
		if sp >= minSP {
			break
		}
		d, err = e.read8(d + uint64(linkOff))
	}
	if err != nil || d == 0 {
		return 0
	}
	d = e.rangeDeferHead(d)
	if d == 0 {
		return 0
	}
	fv, err := e.read8(d + uint64(fnOff))
	if err != nil || fv == 0 {
		return 0
	}
	pc, err := e.read8(fv)
	if err != nil {
		return 0
	}
	return pc
}

// rangeDeferHead: a defer statement in a range-over-func body defers the
// call for the function that has the loop; the runtime keeps such calls
// on a list of their own, behind one record of that function with
// rangefunc set, whose head points to an atomic.Pointer[_defer] (its
// pointer is its first word: the fields before it have no size). The
// next call to run is that list's first record. Any other record is
// itself; 0 when the list is empty or unreadable.
func (e *engine) rangeDeferHead(d uint64) uint64 {
	rfOff, err1 := e.bin.FieldOffset("runtime._defer", "rangefunc")
	headOff, err2 := e.bin.FieldOffset("runtime._defer", "head")
	if err1 != nil || err2 != nil {
		return d // an older runtime: no such records
	}
	var rf [1]byte
	if e.readMem(d+uint64(rfOff), rf[:]) != nil || rf[0] == 0 {
		return d
	}
	head, err := e.read8(d + uint64(headOff))
	if err != nil || head == 0 {
		return 0
	}
	first, err := e.read8(head)
	if err != nil {
		return 0
	}
	return first
}

// deferWrapTarget is the function a defer wrapper calls, or nil. For
// `defer f(x)` Go defers a closure that calls f(x) (named F.deferwrapN
// since Go 1.22, F·dwrap·N before, and marked DW_AT_trampoline): the stop
// belongs in f. A wrapper that only calls the runtime (`defer recover()`)
// is kept: Delve stops in it too.
func (e *engine) deferWrapTarget(fn *source.Function) *source.Function {
	if !strings.Contains(fn.Name, ".deferwrap") && !strings.Contains(fn.Name, "·dwrap·") {
		return nil
	}
	return e.wrappedCall(fn)
}

// wrappedCall is the first function a wrapper calls directly that is not
// the runtime's own, or nil.
func (e *engine) wrappedCall(fn *source.Function) *source.Function {
	for pc := fn.Entry; pc < fn.End; {
		inst, err := e.decode(pc + e.bias)
		if err != nil {
			return nil
		}
		if callee := e.callTarget(inst, pc); callee != nil && !privateRuntime(callee.Name) {
			return callee
		}
		pc += uint64(inst.Len)
	}
	return nil
}

// callTarget is the function a direct call at link address pc goes to,
// nil for anything else.
func (e *engine) callTarget(inst x86asm.Inst, pc uint64) *source.Function {
	if inst.Op != x86asm.CALL {
		return nil
	}
	rel, ok := inst.Args[0].(x86asm.Rel)
	if !ok {
		return nil
	}
	return e.bin.FuncAt(uint64(int64(pc) + int64(inst.Len) + int64(rel)))
}

// privateRuntime: an unexported function of package runtime.
func privateRuntime(name string) bool {
	const p = "runtime."
	return strings.HasPrefix(name, p) && len(name) > len(p) && !(name[len(p)] >= 'A' && name[len(p)] <= 'Z')
}

// calledByDefer reports whether the function t has just entered was called
// by the runtime to run a deferred call: by runtime.gopanic, or (with
// deferPanicRet) runtime.deferreturn, directly or through a defer wrapper.
func (e *engine) calledByDefer(t *thread, who deferCaller) bool {
	frames := e.unwind(t, 3)
	for i := 1; i < len(frames) && i <= 2; i++ {
		switch frames[i].Function {
		case "runtime.gopanic":
			return true
		case "runtime.deferreturn":
			return who == deferPanicRet
		}
		if !e.isWrapperFrame(frames[i]) {
			return false
		}
	}
	return false
}

// isWrapper: a function the compiler made to adapt a call: a method value
// or promoted method (recorded at <autogenerated>:1), a defer or go
// statement's closure, a generic method's wrapper around its shape
// instantiation (all marked DW_AT_trampoline). step passes through them,
// and next and stepout return past them, as Delve does.
func (e *engine) isWrapper(fn *source.Function) bool {
	return fn != nil && (fn.File == "<autogenerated>" || isWrapperName(fn.Name) || e.bin.IsTrampoline(fn.Entry))
}

// isWrapperFrame: frame f (a caller's, whose PC is a return address) runs
// a wrapper.
func (e *engine) isWrapperFrame(f Frame) bool {
	return f.File == "<autogenerated>" || isWrapperName(f.Function) || e.bin.IsTrampoline(f.PC-1-e.bias)
}

// isWrapperName: the names Go gives a go or defer statement's closure,
// known without reading DWARF.
func isWrapperName(name string) bool {
	return strings.Contains(name, ".deferwrap") || strings.Contains(name, ".gowrap") || strings.Contains(name, "·dwrap·")
}

// returnTarget is where next and stepout stop when the function t is in
// returns: the return address in its caller, skipping callers that are
// wrappers or runtime.deferreturn (a deferred function returns to it; the
// stop belongs after the call of the function that deferred it). It gives
// the address and the frame id the spFrame condition wants, and false when
// there is no caller.
func (e *engine) returnTarget(t *thread) (uint64, uint64, bool) {
	ret, fid, _, ok := e.returnTargetSkip(t)
	return ret, fid, ok
}

// returnTargetSkip is returnTarget, also giving how far above the CFA of
// t's frame the returned-to frame's rsp is: 0 unless wrappers were
// skipped (retvals.go finds the callee's frame with it).
func (e *engine) returnTargetSkip(t *thread) (uint64, uint64, uint64, bool) {
	frames := e.unwind(t, 2)
	if len(frames) < 2 {
		return 0, 0, 0, false
	}
	skip := func(f Frame) bool { return f.Function == "runtime.deferreturn" || e.isWrapperFrame(f) }
	i := 1
	if skip(frames[1]) {
		frames = e.unwind(t, 10)
		for i < len(frames)-1 && skip(frames[i]) {
			i++
		}
	}
	return frames[i].PC, e.frameID(t, frames[i-1].CFA), frames[i-1].CFA - frames[0].CFA, true
}
