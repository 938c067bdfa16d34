package debugger

import "errors"

// stepOutSelected is gdb's finish with an outer frame selected (up,
// then finish): it runs until the selected frame returns, not frame 0,
// and prints what that frame's function returned. ok is false when the
// ordinary stepout applies: frame 0 selected, a Go program (Delve's
// stepout leaves the topmost frame whatever is selected), an inlined
// frame, or the stop's thread no longer the current one.
func (e *engine) stepOutSelected(t *thread) (ev stopEvent, ok bool, err error) {
	st := e.state
	if st == nil || e.bin.IsGo() || st.Thread != t.tid {
		return stopEvent{}, false, nil
	}
	sel := st.SelectedFrame
	if sel <= 0 || sel >= len(st.Frames) || st.Frames[sel].Inlined {
		return stopEvent{}, false, nil
	}
	if sel+1 >= len(st.Frames) {
		return stopEvent{}, true, errors.New(`"finish" not meaningful in the outermost frame.`) // gdb's words
	}
	f := st.Frames[sel]
	ret := st.Frames[sel+1].PC
	e.newPlan(t)
	// After the selected frame's ret, rsp is its CFA: a recursive call
	// of the same function returning to the same address does not stop.
	e.planAdd(ret, planCond{spFrame: true, frame: e.frameID(t, f.CFA)})
	e.retWait = &retExpect{ret: ret, pc: f.PC - 1}
	ev = e.run()
	e.returnedAt(ev)
	return ev, true, nil
}
