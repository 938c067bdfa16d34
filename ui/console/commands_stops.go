package console

import (
	"fmt"
	"strconv"
	"strings"

	"tdb/debugger"
)

// The stop history's commands: history [N|-|+|.|save FILE] and `.`.

// recordStop keeps st in the stop history with the display values
// printed at it and returns its number (0 when st is the stop already
// kept last: a CurrentState reported again). It asks for the args and
// locals of the selected frame without waiting: the command that reported
// the stop returns at once (a key pressed as the stop shows is not told
// the program still runs), and the engine answers these requests before
// any later one, at this stop; the record is completed when they come.
func (c *Console) recordStop(st *debugger.State, watch []debugger.Value) int {
	if last := c.stops.Last(); last != nil && last.State.Seq == st.Seq && last.State.PID == st.PID {
		return 0
	}
	rt, ok := c.s.(router)
	if !ok || rt.live == nil {
		return 0
	}
	rec := &StopRecord{State: st, Frame: st.SelectedFrame, Watch: watch, ready: make(chan struct{})}
	args := rt.live.Send(debugger.Args{Frame: debugger.SelectedFrame})
	locals := rt.live.Send(debugger.Locals{Frame: debugger.SelectedFrame})
	n := c.stops.add(rec)
	go func() {
		a, l := <-args, <-locals
		c.stops.replace(n, func(r StopRecord) StopRecord {
			switch {
			case a.Err != nil:
				r.ValuesErr = a.Err.Error()
			case l.Err != nil:
				r.ValuesErr = l.Err.Error()
			default:
				r.Values, r.Args, r.Locals = true, nonEmpty(a.Values), nonEmpty(l.Values)
			}
			return r
		})
	}()
	return n
}

// nonEmpty is vs, or nil when empty, so a record reads back as it was
// written (JSON drops an empty list).
func nonEmpty(vs []debugger.Value) []debugger.Value {
	if len(vs) == 0 {
		return nil
	}
	return vs
}

func cmdHistory(c *Console, args string) error {
	first, rest := splitFirst(args)
	switch first {
	case "":
		return c.listStops()
	case "save":
		if rest == "" {
			return fmt.Errorf("usage: history save FILE")
		}
		if c.stops.Len() == 0 {
			return fmt.Errorf("no stops to save yet")
		}
		if err := c.stops.Save(rest); err != nil {
			return err
		}
		c.p.Print(fmt.Sprintf("saved %d stops to %s", c.stops.Len(), rest))
		return nil
	case ".":
		if rest != "" {
			return fmt.Errorf("unexpected arguments %q", rest)
		}
		return cmdPresent(c, "")
	case "-", "+":
		if rest != "" {
			return fmt.Errorf("unexpected arguments %q", rest)
		}
		return c.stepHistory(map[string]int{"-": -1, "+": +1}[first])
	}
	if rest != "" {
		return fmt.Errorf("unexpected arguments %q", rest)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(first, "#"))
	if err != nil || n <= 0 {
		return fmt.Errorf("bad stop %q: want a number from the history list, -, +, . or save FILE", first)
	}
	return c.showStop(n)
}

// listStops prints one line a stop: "#N REASON FUNC FILE:LINE".
func (c *Console) listStops() error {
	recs := c.stops.Records()
	if len(recs) == 0 {
		c.p.Print("No stops yet")
		return nil
	}
	if d := c.stops.Dropped(); d > 0 {
		c.p.Print(fmt.Sprintf("(%d older stops dropped: the history keeps the newest %d)", d, c.stops.maxStops))
	}
	for _, r := range recs {
		c.p.Print(FormatStopEntry(r))
	}
	return nil
}

// FormatStopEntry is a line of the history list: "#N REASON FUNC
// FILE:LINE" (the file as the binary records it, as stop lines do).
func FormatStopEntry(r *StopRecord) string {
	st := r.State
	where := st.Function
	if where == "" {
		where = fmt.Sprintf("%#x", st.PC)
	}
	if st.File != "" {
		where += fmt.Sprintf(" %s:%d", st.File, st.Line)
	}
	return fmt.Sprintf("#%d %s %s", r.N, st.Reason, where)
}

// showStop makes stop n the view and prints it as its stop was reported,
// with the watches as they were.
func (c *Console) showStop(n int) error {
	rec := c.stops.Get(n)
	if rec == nil {
		if c.stops.Len() == 0 {
			return fmt.Errorf("no stops recorded yet")
		}
		recs := c.stops.Records()
		return fmt.Errorf("no stop #%d (the history has #%d to #%d)", n, recs[0].N, recs[len(recs)-1].N)
	}
	if c.viewing() == nil {
		// Entering the view needs a stopped (or finished) program: a
		// stop arriving under the view would be hidden by it.
		if rep := c.s.Do(debugger.CurrentState{}); rep.Err == debugger.ErrRunning {
			return rep.Err
		}
	}
	c.mu.Lock()
	c.view = &stopView{rec: rec, frame: rec.State.SelectedFrame}
	c.mu.Unlock()
	c.printStop(rec)
	return nil
}

// printStop prints a recorded stop as ReportStop printed it.
func (c *Console) printStop(rec *StopRecord) {
	st := rec.State
	c.p.Print(fmt.Sprintf("history #%d (read-only)", rec.N))
	c.p.Print(FormatStop(st))
	if w := st.Watch; w != nil {
		c.p.Print("old value: " + w.Old)
		c.p.Print("new value: " + w.New)
	}
	for _, v := range st.Returned {
		c.p.Print("returned: " + FormatValueLine(v))
	}
	if st.Note != "" {
		c.p.Print(st.Note)
	}
	for i, w := range rec.Watch {
		c.p.Print(fmt.Sprintf("%d: %s = %s", i, w.Name, displayText(w)))
	}
}

// stepHistory shows the stop before (dir -1) or after (+1) the one shown.
// From the present, - goes to the newest stop that is not the present
// one; + onto the present stop returns to the present.
func (c *Console) stepHistory(dir int) error {
	var live *debugger.State
	if c.replay == "" {
		if rep := c.liveDo(debugger.CurrentState{}); rep.Err == nil {
			live = rep.State
		}
	}
	isLive := func(r *StopRecord) bool {
		return live != nil && r.State.Seq == live.Seq && r.State.PID == live.PID
	}
	rec, _ := c.Viewing()
	var to *StopRecord
	switch {
	case rec == nil && dir > 0:
		return fmt.Errorf("already in the present: history - goes one stop back")
	case rec == nil:
		to = c.stops.Last()
		if to != nil && isLive(to) {
			to = c.stops.Neighbour(to.N, -1)
		}
		if to == nil {
			return fmt.Errorf("no earlier stop recorded")
		}
	default:
		to = c.stops.Neighbour(rec.N, dir)
		if to == nil && dir < 0 {
			return fmt.Errorf("history #%d is the oldest stop kept", rec.N)
		}
		if to == nil || isLive(to) {
			if c.replay != "" {
				return fmt.Errorf("history #%d is the newest stop recorded", rec.N)
			}
			return cmdPresent(c, "")
		}
	}
	return c.showStop(to.N)
}

// liveDo sends r to the live session, past any view.
func (c *Console) liveDo(r debugger.Request) debugger.Reply {
	if rt, ok := c.s.(router); ok && rt.live != nil {
		return rt.live.Do(r)
	}
	return debugger.Reply{Err: errNoProgram}
}

// cmdPresent is `.`: leave the history's view.
func cmdPresent(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if c.follow != "" {
		c.mu.Lock()
		last := c.stops.Last()
		if last != nil {
			c.view = &stopView{rec: last, frame: last.State.SelectedFrame}
		}
		c.mu.Unlock()
		if last == nil {
			return fmt.Errorf("no stop yet")
		}
		c.p.Print(fmt.Sprintf("back to the present: #%d", last.N))
		return nil
	}
	if c.replay != "" {
		return fmt.Errorf("a replay has no present: history N shows a recorded stop")
	}
	c.mu.Lock()
	was := c.view
	c.view = nil
	c.mu.Unlock()
	if was == nil {
		return fmt.Errorf("already in the present")
	}
	rep := c.s.Do(debugger.CurrentState{})
	switch {
	case rep.State != nil:
		c.p.Print("back to the present")
		c.p.Print(FormatStop(rep.State))
	default:
		c.p.Print("back to the present: the program is not stopped")
	}
	return nil
}
