package debugger

import "fmt"

// Stepping through inlined code (an optimised build, or -gcflags=all=-N).
// The code of an inlined call is part of the function it was inlined
// into, with the inlined function's file and lines. Delve's rules
// (pkg/proc/target_exec.go, next and removeInlinedCalls), which tdb
// follows:
//   - `next` stops at a statement of the frame's own code: in the
//     function, not in any call inlined into it; in an inlined frame, in
//     that inlined call, not in calls inlined into it. Over a call that was
//     inlined, `next` goes as over any call.
//   - `stepout` of an inlined frame stops at the next statement of the
//     caller's own code, in the same machine frame.
//   - a line is a file and a line: inlined code from another file may
//     have the same line numbers.
//
// One difference on purpose: Delve sets no breakpoint on the return
// address for a `next` or `stepout` in an inlined frame, so when the
// inlined call was the function's last statement the program runs on to
// its next breakpoint or its end; tdb keeps it and stops in the caller.
// In a -N -l build no code is inlined and these rules change nothing.

// nextStops says which statement rows of the current function can end a
// `next` (or, with out, a `stepout` of an inlined frame) started at pc on
// line: a row a of line l qualifies when keep(a, l).
func (e *engine) nextStops(pc uint64, line int, out bool) (keep func(a uint64, l int) bool) {
	link := pc - e.bias
	depth := 0
	if out {
		depth = 1
	}
	own, ok := e.bin.InlinedRanges(link, depth)
	if !ok {
		return func(a uint64, l int) bool { return l != line }
	}
	file, _, _ := e.bin.PCToLine(link)
	return func(a uint64, l int) bool {
		if !own(a - e.bias) {
			return false
		}
		if l != line {
			return true
		}
		f, _, _ := e.bin.PCToLine(a - e.bias)
		return f != file
	}
}

// stepOutInlined is `stepout` from an inlined frame: there is no return
// to wait for, the caller's code goes on in the same machine frame. ok is
// false when the current frame is not inlined.
func (e *engine) stepOutInlined(t *thread) (ev stopEvent, ok bool, err error) {
	if err := e.getRegs(t); err != nil {
		return stopEvent{}, false, nil
	}
	pc := t.regs.Rip
	if len(e.bin.InlineStack(pc-e.bias)) == 0 {
		return stopEvent{}, false, nil
	}
	li, line, found := e.lineInfoAt(pc)
	if !found {
		return stopEvent{}, false, nil
	}
	frames := e.unwind(t, 2)
	if len(frames) == 0 {
		return stopEvent{}, true, fmt.Errorf("cannot find the current frame at %#x", pc)
	}
	fid := e.frameID(t, frames[0].CFA)
	keep := e.nextStops(pc, line, true)
	pe := e.bin.PrologueEnd(li.fn) + e.bias
	e.newPlan(t)
	for a, l := range li.stmts {
		if a < pe || a == pc || !keep(a, l) {
			continue
		}
		e.planAdd(a, planCond{cfaFrame: true, frame: fid})
	}
	// Should the rest of the caller have no statement (the inlined call
	// was its last), stop where it returns.
	if len(frames) > 1 {
		e.planAdd(frames[1].PC, planCond{spFrame: true, frame: fid})
	}
	return e.run(), true, nil
}
