package dap

import (
	"errors"
	"fmt"
	"strings"
	"time"

	godap "github.com/google/go-dap"

	"tdb/debugger"
)

// errRunning answers a request that needs the program stopped.
var errRunning = errors.New("the program is running: pause it first")

func (a *Adapter) onContinue(m *godap.ContinueRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	if a.isRunning() {
		a.fail(m.Request, errRunning)
		return
	}
	// Execution is all-stop: every thread continues.
	a.send(&godap.ContinueResponse{Response: a.response(m.Request), Body: godap.ContinueResponseBody{AllThreadsContinued: true}})
	a.resume(s, debugger.Continue{})
}

// onStep runs next, stepIn or stepOut on the thread (goroutine) the client
// names, switching to it first, as Delve's adapter does.
func (a *Adapter) onStep(req godap.Request, thread int, r debugger.Request) {
	s, err := a.session()
	if err != nil {
		a.fail(req, err)
		return
	}
	if a.isRunning() {
		a.fail(req, errRunning)
		return
	}
	if err := a.selectThread(s, thread); err != nil {
		a.fail(req, err)
		return
	}
	a.send(&godap.Response{
		ProtocolMessage: godap.ProtocolMessage{Seq: a.nextSeq(), Type: "response"},
		Command:         req.Command, RequestSeq: req.Seq, Success: true,
	})
	a.resume(s, r)
}

func (a *Adapter) onPause(m *godap.PauseRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	a.send(&godap.PauseResponse{Response: a.response(m.Request)})
	// The stop is reported by the execution request that runs, with
	// reason "pause"; a pause while stopped does nothing.
	s.Interrupt()
	if a.isRunning() {
		go a.keepPausing(s)
	}
}

// keepPausing repeats a pause until the stop is reported. The engine
// applies an Interrupt to a run request sent before it, but takes one
// made before a request is sent as stale (a Ctrl+C never stops a later
// continue): the adapter's own requests (the first, sent on resume's
// goroutine, and the continue after a logpoint's hit) may be sent after
// the pause. Bounded: a program that does not stop in pauseTries tries is
// left running.
func (a *Adapter) keepPausing(s *debugger.Session) {
	for range pauseTries {
		time.Sleep(pauseRetry)
		if !a.isRunning() {
			return
		}
		s.Interrupt()
	}
}

const (
	pauseRetry = 20 * time.Millisecond
	pauseTries = 250
)

func (a *Adapter) isRunning() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.running
}

// resume runs an execution request on its own goroutine and reports where
// it ends: a stopped event, or nothing when the program exited (the event
// goroutine sends exited and terminated). A logpoint's hit prints its
// message and goes on, as does a stop the exception filters leave out.
func (a *Adapter) resume(s *debugger.Session, r debugger.Request) {
	a.mu.Lock()
	a.running = true
	plan := newStepPlan(r, a.state)
	a.mu.Unlock()
	go func() {
		for {
			rep := s.Do(r)
			st := rep.State
			if rep.Err != nil && rep.Exited == nil && !errors.Is(rep.Err, debugger.ErrClosed) {
				a.output("console", "error: "+rep.Err.Error()+"\n")
			}
			if rep.Exited != nil || st == nil {
				a.mu.Lock()
				a.running = false
				a.mu.Unlock()
				return
			}
			a.waitEvents(st.Seq)
			if rep.Err == nil {
				msg, isLog := a.logpoint(s, st)
				if isLog {
					// With the logpoint's place, which editors link to.
					a.send(&godap.OutputEvent{Event: a.event("output"), Body: godap.OutputEventBody{
						Category: "console", Output: msg + "\n", Line: st.Line,
						Source: &godap.Source{Path: s.Binary().SourcePath(st.File), Name: baseName(st.File)}}})
				}
				if isLog || plan.recovering && st.Reason.Kind == "step" {
					next, done := plan.after(st, isLog)
					if !done {
						r = next
						continue
					}
					// The step the logpoint interrupted is complete.
					c := *st
					c.Reason = debugger.StopReason{Kind: "step"}
					st = &c
				} else if !a.wanted(st) {
					a.output("console", fmt.Sprintf("%s: not stopping (the exception filter is off)\n", st.Reason))
					r = debugger.Continue{}
					continue
				}
			}
			a.stopped(st)
			return
		}
	}()
}

// stepPlan finishes a next or stepOut that a logpoint interrupted, as if
// the logpoint had not stopped the program (Delve's logpoints do not):
// from the logpoint's frame, stepOut back to the frame the step started
// in (or, for stepOut, out of it), then a next to the end of the line.
// Frames are told apart by their CFA; a goroutine whose stack is copied
// meanwhile ends the step early.
type stepPlan struct {
	first      debugger.Request
	goroutine  int64
	thread     int
	cfa        uint64
	recovering bool // a stepOut of ours runs, toward the step's frame
}

func newStepPlan(r debugger.Request, st *debugger.State) *stepPlan {
	p := &stepPlan{first: r}
	if st != nil && len(st.Frames) > 0 {
		p.goroutine, p.thread, p.cfa = st.Goroutine, st.Thread, st.Frames[0].CFA
	}
	return p
}

// after says what to run after a stop at a logpoint (log) or at the end
// of one of the plan's own stepOuts, or that the step is done.
func (p *stepPlan) after(st *debugger.State, log bool) (next debugger.Request, done bool) {
	switch p.first.(type) {
	case debugger.Next, debugger.StepOut:
	case debugger.Step:
		return nil, true // stepIn ends at the logpoint's line anyway
	default:
		// continue (or the run to main): on to where it was going.
		return p.first, false
	}
	if p.cfa == 0 || len(st.Frames) == 0 || st.Goroutine != p.goroutine || (p.goroutine == 0 && st.Thread != p.thread) {
		// Another goroutine's logpoint: the engine ended the step.
		if log {
			return debugger.Continue{}, false
		}
		return nil, true
	}
	_, out := p.first.(debugger.StepOut)
	cfa := st.Frames[0].CFA
	switch {
	case cfa < p.cfa, out && cfa == p.cfa:
		// Deeper than the step's frame (the stack grows down), or still
		// in the frame a stepOut leaves.
		p.recovering = true
		return debugger.StepOut{}, false
	case !out && cfa == p.cfa && p.recovering:
		// Back in the step's frame, in the middle of its line.
		p.recovering = false
		return debugger.Next{}, false
	}
	return nil, true
}

// wanted says whether a stop is one the exception filters let through.
func (a *Adapter) wanted(st *debugger.State) bool {
	filter := ""
	switch st.Reason.Kind {
	case "panic":
		filter = "panic"
	case "fatal":
		filter = "fatal"
	case "signal":
		filter = "signal"
	default:
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.exceptions[filter]
}

// threadID is the DAP thread of a stop: its goroutine in a Go program,
// its OS thread otherwise (and before the Go runtime has a goroutine).
func threadID(st *debugger.State) int {
	if st.Goroutine != 0 {
		return int(st.Goroutine)
	}
	return st.Thread
}

// stopped records a new stop, drops the handles of the last one and tells
// the client.
func (a *Adapter) stopped(st *debugger.State) {
	a.mu.Lock()
	a.running = false
	a.state = st
	a.handles.reset()
	isFunc := a.isFunc[st.Reason.Breakpoint]
	a.mu.Unlock()
	body := godap.StoppedEventBody{ThreadId: threadID(st), AllThreadsStopped: true, Text: st.Note}
	switch st.Reason.Kind {
	case "entry":
		body.Reason = "entry"
	case "breakpoint":
		body.Reason = "breakpoint"
		if isFunc {
			body.Reason = "function breakpoint"
		}
		body.HitBreakpointIds = []int{st.Reason.Breakpoint}
	case "hardcoded":
		body.Reason = "breakpoint"
	case "watchpoint":
		body.Reason = "data breakpoint"
		body.HitBreakpointIds = []int{st.Reason.Breakpoint}
		if w := st.Watch; w != nil {
			body.Text = fmt.Sprintf("%s: %s -> %s", w.Expr, w.Old, w.New)
		}
	case "interrupt":
		body.Reason = "pause"
	case "panic", "fatal", "signal":
		body.Reason = "exception"
		body.Description = st.Reason.String()
	default:
		body.Reason = "step"
	}
	a.send(&godap.StoppedEvent{Event: a.event("stopped"), Body: body})
}

// selectThread makes the client's thread the engine's current one: a
// goroutine in a Go program, an OS thread otherwise.
func (a *Adapter) selectThread(s *debugger.Session, thread int) error {
	a.mu.Lock()
	st := a.state
	a.mu.Unlock()
	if thread == 0 || st == nil {
		return nil
	}
	cur := s.Do(debugger.CurrentState{})
	if cur.Err != nil {
		return cur.Err
	}
	if threadID(cur.State) == thread {
		return nil
	}
	var rep debugger.Reply
	if cur.State.Goroutine != 0 || a.isGo && !isTid(cur.State, thread) {
		rep = s.Do(debugger.SwitchGoroutine{ID: int64(thread)})
	} else {
		rep = s.Do(debugger.SwitchThread{ID: thread})
	}
	return rep.Err
}

// isTid says whether id is one of the program's threads.
func isTid(st *debugger.State, id int) bool {
	for _, t := range st.Threads {
		if t.ID == id {
			return true
		}
	}
	return false
}

// logpoint formats the message of a logpoint a stop hit: each {expr} is
// the expression's value, as Delve's logpoints do. ok is false if the
// stop is not at a logpoint.
func (a *Adapter) logpoint(s *debugger.Session, st *debugger.State) (msg string, ok bool) {
	if st.Reason.Kind != "breakpoint" {
		return "", false
	}
	a.mu.Lock()
	tmpl, ok := a.logMsg[st.Reason.Breakpoint]
	a.mu.Unlock()
	if !ok {
		return "", false
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(tmpl[:i])
		expr := tmpl[i+1 : i+j]
		rep := s.Do(debugger.Eval{Expr: expr, Frame: 0})
		switch {
		case rep.Err != nil:
			b.WriteString("<" + rep.Err.Error() + ">")
		case len(rep.Values) > 0:
			b.WriteString(rep.Values[0].Value)
		}
		tmpl = tmpl[i+j+1:]
	}
	b.WriteString(tmpl)
	return b.String(), true
}
