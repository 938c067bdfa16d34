package debugger

import "tdb/source"

// A frame in a shared library built with -g has its variables, types and
// lines in the library's DWARF. The values code reads the program's
// (e.bin at e.bias); for a request about such a frame the engine lends it
// the library's binary and load bias for the request's duration. The
// ptrace goroutine serves one request at a time, so nothing else sees the
// swap.

// inFrameObject makes frame (an index of State.Frames, or SelectedFrame)
// the object the values code reads, when it is a library with DWARF, and
// returns what restores the program.
func (e *engine) inFrameObject(frame int) func() {
	st := e.state
	if st == nil {
		return func() {}
	}
	if frame == SelectedFrame {
		frame = st.SelectedFrame
	}
	if frame < 0 || frame >= len(st.Frames) {
		return func() {}
	}
	pc := st.Frames[frame].PC
	if phys, _, _ := physicalFrame(st.Frames, frame); phys > 0 {
		pc-- // a return address: the call is the caller's
	}
	return e.inObjectAt(pc)
}

// inObjectAt is inFrameObject for a run-time pc.
func (e *engine) inObjectAt(pc uint64) func() {
	if e.lent != nil || e.bin.FuncAt(pc-e.bias) != nil {
		return func() {}
	}
	l := e.libAt(pc)
	if l == nil || l.bin == nil || !l.bin.HasDWARF() {
		return func() {}
	}
	return e.lend(l)
}

// lentObject is the program's binary and bias while a library's are lent.
type lentObject struct {
	bin  *source.Binary
	bias uint64
}

// lend puts l's binary and bias in e.bin and e.bias, and returns what
// puts the program's back.
func (e *engine) lend(l *solib) func() {
	if e.lent != nil {
		return func() {} // already lent
	}
	p := &lentObject{e.bin, e.bias}
	e.lent = p
	e.bin, e.bias = l.bin, l.bias
	return func() { e.bin, e.bias, e.lent = p.bin, p.bias, nil }
}

// valuesFrame is the frame a values request is about.
func valuesFrame(req Request) (int, bool) {
	switch r := req.(type) {
	case Eval:
		return r.Frame, true
	case Locals:
		return r.Frame, true
	case Args:
		return r.Frame, true
	case SetVar:
		return r.Frame, true
	case Children:
		return r.Frame, true
	case TypeOf:
		return r.Frame, true
	}
	return 0, false
}
