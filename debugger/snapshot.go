package debugger

import (
	"fmt"
	"sort"
)

// report takes a snapshot of the stopped target and sends it.
func (e *engine) report(reason StopReason, note string) {
	e.flushOutput()
	e.state = e.snapshot(reason, note)
	e.sourceNewer(e.state) // srcnewer.go
	if w := e.optimizedWarning(e.state); w != "" {
		if e.state.Note != "" {
			w = e.state.Note + "\n" + w
		}
		e.state.Note = w
	}
	// The thread reported on steps over a breakpoint at its pc when
	// resumed, instead of reporting it again.
	e.cur.skipPC = e.state.PC
	e.emit(Stopped{State: e.state})
}

func (e *engine) snapshot(reason StopReason, note string) *State {
	t := e.cur
	if _, ok := e.threads[t.tid]; !ok {
		for _, x := range e.threadList() {
			t = x
			break
		}
		e.cur = t
	}
	e.seq++
	st := &State{Seq: e.seq, PID: e.pid, Reason: reason, Note: note, Thread: t.tid, Watch: e.watch.change}
	e.watch.change = nil
	st.Returned, e.returned = e.returned, nil
	if e.getRegs(t) == nil {
		st.PC = t.regs.Rip
		st.Registers = registerList(&t.regs)
	}
	st.Goroutine = e.goidOf(t)
	st.Frames = e.withInlined(e.unwind(t, defaultDepth))
	if len(st.Frames) > 0 {
		// The stop names the function whose code runs, at the pc's
		// line, as Delve does: in inlined code that is the caller the
		// code was inlined into; the backtrace shows the inlined frames.
		st.Function, st.File, st.Line = physicalFunction(st.Frames, 0), st.Frames[0].File, st.Frames[0].Line
	}
	if reason.Kind == "panic" || reason.Kind == "fatal" {
		// Show where the panic or fatal error was raised, not the
		// runtime's fatalpanic or throw, and what it says (rtstop.go).
		st.SelectedFrame = userFrame(st.Frames, reason.Kind, e.goSrc())
		if n := e.runtimeStopNote(t, reason.Kind); n != "" && st.Note == "" {
			st.Note = n
		}
	}
	st.Breakpoints = e.breakpointList()
	for _, x := range e.threadList() {
		th := Thread{ID: x.tid}
		if e.getRegs(x) == nil {
			th.PC = x.regs.Rip
			// A thread waiting in libc is named by libc's symbols, as
			// gdb's info threads names it.
			bin, bias := e.binAt(th.PC)
			if fn := bin.FuncAt(th.PC - bias); fn != nil {
				th.Function = fn.Name
			}
			if f, l, ok := bin.PCToLine(th.PC - bias); ok {
				th.File, th.Line = f, l
			}
			th.Goroutine = e.goidOf(x)
		}
		st.Threads = append(st.Threads, th)
	}
	sort.Slice(st.Threads, func(i, j int) bool { return st.Threads[i].ID < st.Threads[j].ID })
	return st
}

func (e *engine) selectFrame(i int) Reply {
	if e.state == nil {
		return Reply{Err: ErrNotRunning}
	}
	c := *e.state
	if i >= len(c.Frames) && len(c.Frames) >= defaultDepth && i < BacktraceLimit {
		// The stop's snapshot keeps defaultDepth frames; gdb's frame
		// 125 in cJSON's 126-deep recursion is there to select.
		if fs := e.withInlined(e.unwind(e.cur, BacktraceLimit)); len(fs) > len(c.Frames) {
			c.Frames = fs
		}
	}
	if i < 0 || i >= len(c.Frames) {
		return Reply{Err: fmt.Errorf("no frame %d (the stack has %d frames: 0 to %d)", i, len(c.Frames), len(c.Frames)-1)}
	}
	c.SelectedFrame = i
	e.state = &c
	e.emit(Stopped{State: e.state})
	return Reply{State: e.state}
}

// BacktraceLimit bounds a backtrace asked for without a depth: a
// runaway recursion (or a stack that loops) stops there.
const BacktraceLimit = 10000

func (e *engine) backtrace(depth int) Reply {
	if e.state == nil {
		return Reply{Err: ErrNotRunning}
	}
	if depth <= len(e.state.Frames) && depth > 0 {
		return Reply{Frames: e.state.Frames[:depth]}
	}
	if depth <= 0 {
		if len(e.state.Frames) < defaultDepth {
			return Reply{Frames: e.state.Frames}
		}
		// The stop's snapshot keeps defaultDepth frames; a bare bt
		// shows them all, as gdb's does (cJSON's parser on 60 nested
		// arrays is 126 deep), up to BacktraceLimit.
		depth = BacktraceLimit
	}
	fs := e.withInlined(e.unwind(e.cur, depth))
	if len(fs) > depth {
		fs = fs[:depth]
	}
	return Reply{Frames: fs}
}
