package debugger

import "fmt"

// gdb's until and advance.
//
// until without a location is next that never goes back: gdb steps over
// the range from the function's entry to the end of the current line, so
// a jump back to the top of a loop (the body, at lower addresses than the
// loop's condition in gcc's code) does not stop it, and the loop runs to
// its end. The engine's next does that with its statement breakpoints
// below the end of the line left out (untilFloor).
//
// until LOC and advance LOC run until LOC or until the current frame
// returns, whichever comes first. until stops at LOC only in the current
// frame (gdb 13 on cstep: `until twice` from main runs main to its end,
// since twice runs in a frame below it); advance stops at LOC in any frame
// of the thread. Either stops at the caller's return address, mid-line,
// as gdb's ("0x4011e8 in main () ... 42").

// Until is gdb's until [LOC] (Anywhere false) and advance LOC (Anywhere
// true).
type Until struct {
	Loc      Loc // the zero Loc: until without a location
	Anywhere bool
}

func (Until) isRequest() {}

func (e *engine) until(r Until) (stopEvent, error) {
	if r.Loc.Kind == LocNone {
		if r.Anywhere {
			return stopEvent{}, fmt.Errorf("advance needs a location")
		}
		return e.untilNext()
	}
	l, err := e.resolveLoc(r.Loc)
	if err != nil {
		return stopEvent{}, err
	}
	t := e.cur
	frames := e.unwind(t, 2)
	if len(frames) == 0 {
		return stopEvent{}, fmt.Errorf("cannot find the current frame")
	}
	fid := e.frameID(t, frames[0].CFA)
	e.newPlan(t)
	for _, a := range l.addrs {
		c := planCond{cfaFrame: true, frame: fid}
		if r.Anywhere {
			c = planCond{} // this thread (goroutine), any frame
		}
		e.planAdd(a, c)
	}
	// The return: main's goes back into libc, where the backtrace stops.
	ret := frames[0].CallerPC
	if len(frames) > 1 {
		ret = frames[1].PC
	}
	if ret != 0 {
		e.planAdd(ret, planCond{spFrame: true, frame: fid})
	}
	return e.run(), nil
}

// untilNext is next with the statements of the current function below
// the end of the current line left out.
func (e *engine) untilNext() (stopEvent, error) {
	t := e.cur
	if err := e.getRegs(t); err != nil {
		return stopEvent{}, err
	}
	e.untilFloor = e.lineEnd(t.regs.Rip)
	return e.nextOnce()
}

// lineEnd is the address where the line-table rows of pc's line end: the
// first row after pc's for another line.
func (e *engine) lineEnd(pc uint64) uint64 {
	fn := e.bin.FuncAt(pc - e.bias)
	if fn == nil {
		return 0
	}
	_, line, ok := e.bin.PCToLine(pc - e.bias)
	if !ok {
		return 0
	}
	rows := e.bin.LineEntries(fn)
	end := fn.End
	for _, r := range rows {
		if r.PC > pc-e.bias && r.Line != line && r.PC < end {
			end = r.PC
		}
	}
	return end + e.bias
}
