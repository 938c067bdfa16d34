package debugger

// gdb's `set backtrace past-main`: a C backtrace ends at main by default,
// as gdb's does, though the stack goes on into libc
// (__libc_start_call_main, __libc_start_main_impl, then _start). With
// past main on, the unwinder follows it there; off, main's frame still
// knows its return address (Frame.CallerPC), which gdb's `info frame`
// shows as main's saved rip.

// BacktracePastMain turns `set backtrace past-main on|off`; the current
// stop's backtrace is taken again.
type BacktracePastMain struct{ On bool }

func (BacktracePastMain) isRequest() {}

func (e *engine) setPastMain(on bool) Reply {
	e.pastMain = on
	if e.state == nil || !e.alive() {
		return Reply{}
	}
	t := e.threads[e.state.Thread]
	if t == nil {
		return Reply{}
	}
	c := *e.state
	c.Frames = e.withInlined(e.unwind(t, defaultDepth))
	if c.SelectedFrame >= len(c.Frames) {
		c.SelectedFrame = 0
	}
	e.state = &c
	return Reply{State: e.state}
}
