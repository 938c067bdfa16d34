package console

import (
	"errors"
	"fmt"
	"strings"

	"tdb/debugger"
	"tdb/source"
)

// While `history N` shows a stop, every command that reads the program
// is answered from the stop's record instead of the engine, so `bt`,
// `regs`, `locals`, `print x` (of a recorded variable or watch), `frame
// 1` and the full screen's panes show the stop as it was, the same in
// every front end. What was not recorded (memory, goroutines, a value's
// parts) says so. Execution commands are refused rather than run from
// the present: a user of gdb on rr who has gone back to a stop expects
// `next` to go on from that stop, and tdb cannot; resuming the live
// program from under a view of the past would be a surprise. Breakpoint
// changes and settings still reach the live program: they do not change
// what the view shows, and they are what one does after finding the
// stop that went wrong.

// target is the part of *debugger.Session the commands use.
type target interface {
	Do(debugger.Request) debugger.Reply
	Binary() *source.Binary
}

// router sends a request to the history's view while there is one, and
// to the live session otherwise.
type router struct {
	c    *Console
	live *debugger.Session
}

func (r router) Do(req debugger.Request) debugger.Reply {
	if v := r.c.viewing(); v != nil {
		if passThrough(req) && r.live != nil {
			return r.live.Do(req)
		}
		return r.c.answer(v, req)
	}
	if r.live == nil && r.c.follow != "" {
		return debugger.Reply{Err: &FollowerError{Socket: r.c.follow, Change: passThrough(req)}}
	}
	if r.live == nil && r.c.replay != "" {
		return debugger.Reply{Err: errNoProgram}
	}
	return r.live.Do(req) // a nil session outside a replay: a bug (the fuzz test's probe)
}

func (r router) Binary() *source.Binary {
	if r.live == nil {
		return nil
	}
	return r.live.Binary()
}

// hasTarget says there is something to ask: a session or a replay.
func (c *Console) hasTarget() bool {
	rt, ok := c.s.(router)
	return ok && (rt.live != nil || c.replay != "")
}

var errNoProgram = errors.New("a replay has no program: history N shows a recorded stop")

// stopView is the stop the history shows and the frame selected in it.
type stopView struct {
	rec   *StopRecord
	frame int
}

// viewing returns the view, or nil in the present.
func (c *Console) viewing() *stopView {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.view
}

// Viewing returns the stop `history N` shows, with the frame selected in
// it, or nil in the present. The full screen draws it.
func (c *Console) Viewing() (*StopRecord, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.view == nil {
		return nil, 0
	}
	return c.view.rec, c.view.frame
}

// Stops is the console's stop history.
func (c *Console) Stops() *StopHistory { return c.stops }

// Replay reports whether the console has no program, only a saved
// history.
func (c *Console) Replay() bool { return c.replay != "" }

// NewReplay returns a console over a saved stop history: no program, its
// newest stop shown, as a core file shows where the program died.
func NewReplay(h *StopHistory, file string, p Printer) *Console {
	c := &Console{p: p, stops: h, replay: file}
	c.s = router{c: c}
	if r := h.Last(); r != nil {
		c.view = &stopView{rec: r, frame: r.State.SelectedFrame}
	}
	return c
}

// passThrough says which requests reach the live program even in a view:
// breakpoint changes and settings, which change nothing the view shows,
// and the decoding of code at an address.
func passThrough(req debugger.Request) bool {
	switch r := req.(type) {
	case debugger.Disassemble:
		// The Disassembly pane asks by address (At): the code is the
		// same at every stop (its bytes are the program's, without
		// tdb's int3s), so a past stop's pc decodes as it did then.
		return r.At != 0
	case debugger.SetBreakpoint, debugger.ToggleBreakpointAt, debugger.ClearBreakpoint,
		debugger.ClearAllBreakpoints, debugger.ToggleBreakpoint, debugger.SetCondition,
		debugger.SetMechanics, debugger.HandleSignals, debugger.CatchExec,
		debugger.BacktracePastMain:
		return true
	}
	return false
}

// ReadOnlyError is a request refused because the history shows a past
// stop.
type ReadOnlyError struct {
	N      int
	Replay bool
}

func (e *ReadOnlyError) Error() string {
	if e.Replay {
		return fmt.Sprintf("history #%d is read-only: a replay runs no program", e.N)
	}
	return fmt.Sprintf("history #%d is read-only: `.` returns to the present", e.N)
}

// answer serves req from the view's record.
func (c *Console) answer(v *stopView, req debugger.Request) debugger.Reply {
	c.mu.Lock()
	rec, frame := v.rec, v.frame
	c.mu.Unlock()
	switch req.(type) {
	case debugger.Locals, debugger.Args, debugger.Eval, debugger.TypeOf:
		// The values may still be on their way from the stop (recordStop);
		// these requests come from workers, never the screen's goroutine.
		if s := c.stops.Settled(rec); s != rec {
			rec = s
			c.mu.Lock()
			if v.rec.N == rec.N {
				v.rec = rec
			}
			c.mu.Unlock()
		}
	}
	notRecorded := func(what string) debugger.Reply {
		return debugger.Reply{Err: fmt.Errorf("history #%d: %s was not recorded (a stop keeps its registers, backtrace, breakpoints, args, locals and watches)", rec.N, what)}
	}
	st := *rec.State
	st.SelectedFrame = frame
	switch r := req.(type) {
	case debugger.CurrentState:
		return debugger.Reply{State: &st}
	case debugger.SelectFrame:
		if r.Index < 0 || r.Index >= len(st.Frames) {
			return debugger.Reply{Err: fmt.Errorf("no frame %d (the stack has %d frames: 0 to %d)", r.Index, len(st.Frames), len(st.Frames)-1)}
		}
		c.mu.Lock()
		v.frame = r.Index
		c.mu.Unlock()
		st.SelectedFrame = r.Index
		return debugger.Reply{State: &st}
	case debugger.Backtrace:
		fs := st.Frames
		if r.Depth > 0 && r.Depth < len(fs) {
			fs = fs[:r.Depth]
		}
		return debugger.Reply{Frames: fs}
	case debugger.ListBreakpoints:
		return debugger.Reply{Breakpoints: st.Breakpoints}
	case debugger.Locals:
		if err := recordedFrame(rec, r.Frame, frame); err != nil {
			return debugger.Reply{Err: err}
		}
		return debugger.Reply{Values: leaves(rec.Locals)}
	case debugger.Args:
		if err := recordedFrame(rec, r.Frame, frame); err != nil {
			return debugger.Reply{Err: err}
		}
		return debugger.Reply{Values: leaves(rec.Args)}
	case debugger.Eval:
		if r.Address || r.Format != 0 {
			return notRecorded("memory")
		}
		if val, ok := recordedValue(rec, r.Expr, r.Frame, frame); ok {
			if val.Err != "" {
				return debugger.Reply{Err: errors.New(val.Err)}
			}
			return debugger.Reply{Values: []debugger.Value{val}}
		}
		return notRecorded(fmt.Sprintf("%q", r.Expr))
	case debugger.ReadMemory, debugger.Disassemble:
		return notRecorded("memory")
	case debugger.ListGoroutines:
		return notRecorded("the goroutine list")
	case debugger.ListSharedLibraries:
		return notRecorded("the library list")
	case debugger.Children:
		return notRecorded("a value's parts")
	case debugger.TypeOf:
		if val, ok := recordedValue(rec, r.Expr, r.Frame, frame); ok && !r.Expand && !r.Offsets && val.Type != "" {
			return debugger.Reply{Values: []debugger.Value{{Name: r.Expr, Type: val.Type}}}
		}
		return notRecorded("the type")
	case debugger.SignalInfo:
		return notRecorded("the signal table")
	}
	if c.follow != "" {
		return debugger.Reply{Err: &FollowerError{Socket: c.follow, Change: passThrough(req)}}
	}
	return debugger.Reply{Err: &ReadOnlyError{N: rec.N, Replay: c.replay != ""}}
}

// recordedFrame checks that a values request is for the frame whose
// values were recorded.
func recordedFrame(rec *StopRecord, asked, selected int) error {
	if asked == debugger.SelectedFrame {
		asked = selected
	}
	if !rec.Values {
		why := ""
		if rec.ValuesErr != "" {
			why = ": " + rec.ValuesErr
		}
		return fmt.Errorf("history #%d: the args and locals were not recorded%s", rec.N, why)
	}
	if asked != rec.Frame {
		return fmt.Errorf("history #%d: only frame %d's args and locals were recorded", rec.N, rec.Frame)
	}
	return nil
}

// recordedValue finds expr among the stop's watches, then its args and
// locals (of the recorded frame) by name.
func recordedValue(rec *StopRecord, expr string, asked, selected int) (debugger.Value, bool) {
	expr = strings.TrimSpace(expr)
	for _, w := range rec.Watch {
		if w.Name == expr {
			return w, true
		}
		if f, e := cutFormat(w.Name); f == "" && strings.TrimSpace(e) == expr {
			return w, true
		}
	}
	if asked == debugger.SelectedFrame {
		asked = selected
	}
	if asked != rec.Frame {
		return debugger.Value{}, false
	}
	for _, list := range [][]debugger.Value{rec.Locals, rec.Args} {
		for _, v := range list {
			if v.Name == expr {
				return leaves([]debugger.Value{v})[0], true
			}
		}
	}
	return debugger.Value{}, false
}

// leaves copies vs without their Kids marks: a recorded value's parts
// were not recorded, so no tree view should offer to expand them.
func leaves(vs []debugger.Value) []debugger.Value {
	out := make([]debugger.Value, len(vs))
	for i, v := range vs {
		v.Kids = false
		out[i] = v
	}
	return out
}

// AnswerInView answers req from the stop the history shows, as the
// commands' requests are; ok is false in the present, and for the
// requests that reach the live program even in a view. The full screen's
// panes send their requests through it, so they show the stop too.
func (c *Console) AnswerInView(req debugger.Request) (rep debugger.Reply, ok bool) {
	v := c.viewing()
	if v == nil {
		return rep, false
	}
	if rt, isRouter := c.s.(router); isRouter && rt.live != nil && passThrough(req) {
		return rep, false
	}
	return c.answer(v, req), true
}
