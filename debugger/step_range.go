package debugger

import (
	"tdb/source"
)

// next and stepout in range-over-func loops (Go 1.23), as Delve does. The
// loop body is a closure (PARENT-rangeN) that the iterator calls, so
// without help next over the for line would run the whole loop, and next
// off the end of the body would stop in the iterator. So:
//   - next in a function with such loops also stops at the first
//     statement of each body, when its range parent frame (the nearest
//     caller frame running the parent function) is this frame; a body
//     that starts on the line being stepped is not a stop: next goes on
//     from there, into the body's own lines;
//   - next in a body stops on the body's lines, on its re-entry (the next
//     turn of the loop), where the iterator returns into the parent (or
//     into an enclosing body), and at the parent's return address, but
//     not in the iterator;
//   - stepout of a body leaves the parent.

// rangeCond is the condition of a breakpoint on a range body's first
// statement: the nearest frame running parent must have the frame id.
type rangeCond struct {
	parent string
	frame  uint64
	reNext bool // the body starts on the line being stepped: go on
}

// rangeParentFrame finds, for t stopped in a body of parent's loops, the
// index of the nearest frame running parent in frames.
func (e *engine) rangeParentFrame(t *thread, parent string) ([]Frame, int, bool) {
	frames := e.unwind(t, 64)
	for i := 1; i < len(frames); i++ {
		if frames[i].Function == parent {
			return frames, i, true
		}
	}
	return nil, 0, false
}

// addRangeBreakpoints adds to next's plan what range-over-func loops need
// (t in fn, at line, in the frame with id fid). It returns true when t is
// in a body whose parent is on the stack: then it has also added the
// return breakpoints, which replace the body's own, and the deferred-call
// breakpoint, on the parent's deferred call rather than the iterator's.
func (e *engine) addRangeBreakpoints(t *thread, fn *source.Function, line int, fid uint64) bool {
	parent := source.RangeParent(fn.Name)
	pfid := fid
	var frames []Frame
	k := 0
	if parent != "" {
		var ok bool
		if frames, k, ok = e.rangeParentFrame(t, parent); !ok {
			return false
		}
		pfid = e.frameID(t, frames[k].CFA)
	} else {
		parent = fn.Name
	}
	for _, b := range e.bin.RangeBodies(parent) {
		a := e.funcBreakAddr(b) + e.bias
		e.planAdd(a, planCond{ranged: &rangeCond{parent: parent, frame: pfid, reNext: e.lineOf(a) == line}})
	}
	if frames == nil {
		return false
	}
	// Where the iterator returns into the parent or an enclosing body.
	for j := 1; j <= k; j++ {
		if j == k || source.RangeParent(frames[j].Function) == parent {
			e.planAdd(frames[j].PC, planCond{spFrame: true, frame: e.frameID(t, frames[j-1].CFA)})
		}
	}
	// The parent's own return.
	if k+1 < len(frames) {
		e.planAdd(frames[k+1].PC, planCond{spFrame: true, frame: e.frameID(t, frames[k].CFA)})
	}
	// The parent's deferred calls: its records' sp is at or above the
	// CFA of the frame it called (the iterator, or a wrapper of it).
	e.addDeferBreakpointAbove(t, deferPanic, frames[k-1].CFA)
	return true
}

// inRangeParent: the nearest frame running c.parent above t's is the
// frame c names.
func (e *engine) inRangeParent(t *thread, c *rangeCond) bool {
	frames, k, ok := e.rangeParentFrame(t, c.parent)
	return ok && e.frameID(t, frames[k].CFA) == c.frame
}

// rangeReturnTarget is stepout's target in a range body: the parent's
// return address (ok false when t is in no body).
func (e *engine) rangeReturnTarget(t *thread) (uint64, uint64, bool) {
	if err := e.getRegs(t); err != nil {
		return 0, 0, false
	}
	fn := e.bin.FuncAt(t.regs.Rip - e.bias)
	if fn == nil {
		return 0, 0, false
	}
	parent := source.RangeParent(fn.Name)
	if parent == "" {
		return 0, 0, false
	}
	frames, k, ok := e.rangeParentFrame(t, parent)
	if !ok || k+1 >= len(frames) {
		return 0, 0, false
	}
	return frames[k+1].PC, e.frameID(t, frames[k].CFA), true
}
