package dap

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	godap "github.com/google/go-dap"

	"tdb/debugger"
)

// frameRef is a frame the client holds an id of: the DAP thread and the
// frame's index in that thread's backtrace.
type frameRef struct{ thread, index int }

// varRef is what a variablesReference names: a scope of a frame
// ("locals", "registers"), or the parts of an expression's value.
type varRef struct {
	frame frameRef
	scope string
	expr  string
	// length: a slice's or array's length, or a map's entries, for
	// paged children.
	length int
}

// handles hold the ids of one stop; reset drops them.
type handles struct {
	next   int
	frames map[int]frameRef
	vars   map[int]varRef
}

func (h *handles) reset() {
	h.frames, h.vars = map[int]frameRef{}, map[int]varRef{}
}

func (h *handles) add() int {
	h.next++
	return h.next
}

func (a *Adapter) newFrame(f frameRef) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	id := a.handles.add()
	a.handles.frames[id] = f
	return id
}

func (a *Adapter) newVar(v varRef) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	id := a.handles.add()
	a.handles.vars[id] = v
	return id
}

func (a *Adapter) frameHandle(id int) (frameRef, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.handles.frames[id]
	return f, ok
}

func (a *Adapter) varHandle(id int) (varRef, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.handles.vars[id]
	return v, ok
}

// maxThreads bounds the threads answer: a client lists every one, and a
// program of a million goroutines would drown it (Delve's limit too).
const maxThreads = 1024

func (a *Adapter) onThreads(m *godap.ThreadsRequest) {
	a.mu.Lock()
	s, running, last, isGo := a.sess, a.running, a.threads, a.isGo
	a.mu.Unlock()
	reply := func(ts []godap.Thread) {
		a.send(&godap.ThreadsResponse{Response: a.response(m.Request), Body: godap.ThreadsResponseBody{Threads: ts}})
	}
	if s == nil || running {
		// While it runs, the last answer (the client asks on every
		// continued event).
		if last == nil {
			last = []godap.Thread{{Id: 1, Name: "running"}}
		}
		reply(last)
		return
	}
	cur := s.Do(debugger.CurrentState{})
	if cur.Err != nil {
		if last == nil {
			last = []godap.Thread{}
		}
		reply(last)
		return
	}
	st := cur.State
	var ts []godap.Thread
	if isGo {
		rep := s.Do(debugger.ListGoroutines{Count: maxThreads})
		seen := false
		for _, g := range rep.Goroutines {
			loc := g.User
			if loc.Function == "" {
				loc = g.Current
			}
			name := fmt.Sprintf("[Go %d] %s", g.ID, loc.Function)
			if g.Thread != 0 {
				name += fmt.Sprintf(" (thread %d)", g.Thread)
			}
			seen = seen || int(g.ID) == threadID(st)
			ts = append(ts, godap.Thread{Id: int(g.ID), Name: name})
		}
		if !seen {
			// The stop's own goroutine is a runtime one, or there is no
			// goroutine yet (the process's entry).
			name := fmt.Sprintf("[Go %d] %s", st.Goroutine, st.Function)
			if st.Goroutine == 0 {
				name = fmt.Sprintf("thread %d %s", st.Thread, st.Function)
			}
			ts = append([]godap.Thread{{Id: threadID(st), Name: name}}, ts...)
		}
	} else {
		for _, t := range st.Threads {
			ts = append(ts, godap.Thread{Id: t.ID, Name: fmt.Sprintf("thread %d %s", t.ID, t.Function)})
		}
	}
	if ts == nil {
		ts = []godap.Thread{{Id: threadID(st), Name: st.Function}}
	}
	a.mu.Lock()
	a.threads = ts
	a.mu.Unlock()
	reply(ts)
}

// onStackTrace answers a page of a thread's backtrace: startFrame and
// levels select it; totalFrames says one more than the page when more
// frames are there, as Delve's adapter does, so the client asks again.
func (a *Adapter) onStackTrace(m *godap.StackTraceRequest) {
	s, err := a.stoppedSession()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	args := m.Arguments
	if err := a.selectThread(s, args.ThreadId); err != nil {
		a.fail(m.Request, err)
		return
	}
	cur := s.Do(debugger.CurrentState{})
	if cur.Err != nil {
		a.fail(m.Request, cur.Err)
		return
	}
	frames := cur.State.Frames
	start, levels := max(args.StartFrame, 0), args.Levels
	want := len(frames) + 1
	if levels > 0 {
		want = start + levels + 1
	}
	a.mu.Lock()
	own := a.state != nil && threadID(a.state) == threadID(cur.State)
	a.mu.Unlock()
	// The stop's snapshot keeps the innermost frames; a deeper page of
	// the stopped thread is unwound on demand (a switched-to parked
	// goroutine's snapshot is all there is of it).
	if own && want > len(frames) && len(frames) >= snapshotDepth {
		depth := want
		if levels <= 0 {
			depth = 0 // every frame, up to the engine's limit
		}
		if rep := s.Do(debugger.Backtrace{Depth: depth}); rep.Err == nil {
			frames = rep.Frames
		}
	}
	total := len(frames)
	if start > len(frames) {
		start = len(frames)
	}
	end := len(frames)
	if levels > 0 && start+levels < end {
		end = start + levels
	}
	thread := args.ThreadId
	if thread == 0 {
		thread = threadID(cur.State)
	}
	out := make([]godap.StackFrame, 0, end-start)
	for _, f := range frames[start:end] {
		sf := godap.StackFrame{
			Id:                          a.newFrame(frameRef{thread: thread, index: f.Index}),
			Name:                        f.Function,
			Line:                        f.Line,
			Column:                      1,
			InstructionPointerReference: fmt.Sprintf("%#x", f.PC),
		}
		if sf.Name == "" {
			sf.Name = fmt.Sprintf("%#x", f.PC)
		}
		if f.File != "" {
			path := s.Binary().SourcePath(f.File)
			sf.Source = &godap.Source{Name: filepath.Base(path), Path: path}
		} else {
			sf.PresentationHint = "subtle"
		}
		out = append(out, sf)
	}
	a.send(&godap.StackTraceResponse{Response: a.response(m.Request), Body: godap.StackTraceResponseBody{StackFrames: out, TotalFrames: total}})
}

// snapshotDepth is how many frames a stop's State holds (the engine's
// default depth); deeper ones are unwound on request.
const snapshotDepth = 100

// stoppedSession returns the session when the program is stopped.
func (a *Adapter) stoppedSession() (*debugger.Session, error) {
	s, err := a.session()
	if err != nil {
		return nil, err
	}
	if a.isRunning() {
		return nil, errRunning
	}
	return s, nil
}

func (a *Adapter) onScopes(m *godap.ScopesRequest) {
	f, ok := a.frameHandle(m.Arguments.FrameId)
	if !ok {
		a.fail(m.Request, fmt.Errorf("unknown frameId %d", m.Arguments.FrameId))
		return
	}
	scopes := []godap.Scope{{Name: "Locals", PresentationHint: "locals",
		VariablesReference: a.newVar(varRef{frame: f, scope: "locals"})}}
	if f.index == 0 {
		scopes = append(scopes, godap.Scope{Name: "Registers", PresentationHint: "registers",
			VariablesReference: a.newVar(varRef{frame: f, scope: "registers"}), Expensive: true})
	}
	a.send(&godap.ScopesResponse{Response: a.response(m.Request), Body: godap.ScopesResponseBody{Scopes: scopes}})
}

func (a *Adapter) onVariables(m *godap.VariablesRequest) {
	s, err := a.stoppedSession()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	v, ok := a.varHandle(m.Arguments.VariablesReference)
	if !ok {
		a.fail(m.Request, fmt.Errorf("unknown variablesReference %d", m.Arguments.VariablesReference))
		return
	}
	vars, err := a.variables(s, v, m.Arguments)
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	a.send(&godap.VariablesResponse{Response: a.response(m.Request), Body: godap.VariablesResponseBody{Variables: vars}})
}

func (a *Adapter) variables(s *debugger.Session, v varRef, args godap.VariablesArguments) ([]godap.Variable, error) {
	if err := a.selectFrame(s, v.frame); err != nil {
		return nil, err
	}
	out := []godap.Variable{}
	switch v.scope {
	case "registers":
		cur := s.Do(debugger.CurrentState{})
		if cur.Err != nil {
			return nil, cur.Err
		}
		for _, r := range cur.State.Registers {
			out = append(out, godap.Variable{Name: r.Name, Value: fmt.Sprintf("%#x", r.Value)})
		}
		return out, nil
	case "locals":
		var vals []debugger.Value
		for _, r := range []debugger.Request{debugger.Args{Frame: v.frame.index}, debugger.Locals{Frame: v.frame.index}} {
			rep := s.Do(r)
			if rep.Err != nil {
				return nil, rep.Err
			}
			vals = append(vals, rep.Values...)
		}
		for _, val := range vals {
			if val.Expr == "" && !strings.HasPrefix(val.Name, "~") {
				val.Expr = val.Name // a variable is its own expression
			}
			out = append(out, a.variable(v.frame, val, val.Name))
		}
		return out, nil
	}
	req := debugger.Children{Expr: v.expr, Frame: v.frame.index}
	if v.length > 0 && (args.Filter == "indexed" || args.Start > 0 || args.Count > 0) {
		// A page of a long slice, array or map: elements by index,
		// map entries in the map's order.
		req.Start, req.Count = args.Start, args.Count
		if req.Count <= 0 || req.Start+req.Count > v.length {
			req.Count = v.length - req.Start
		}
		if req.Count <= 0 {
			return out, nil
		}
	}
	rep := s.Do(req)
	if rep.Err != nil {
		return nil, rep.Err
	}
	for _, val := range rep.Values {
		if val.Expr == "" && val.Type != "" {
			// An interface's dynamic value: reached by a type
			// assertion, which the evaluator takes as Delve's does.
			val.Expr = fmt.Sprintf("%s.(%s)", v.expr, val.Type)
		}
		out = append(out, a.variable(v.frame, val, val.Name))
	}
	return out, nil
}

// variable is one value as the client shows it, with a handle when it has
// parts to expand.
func (a *Adapter) variable(f frameRef, val debugger.Value, name string) godap.Variable {
	out := godap.Variable{Name: name, Value: val.Value, Type: val.Type, EvaluateName: val.Expr}
	a.mu.Lock()
	isGo := a.isGo
	a.mu.Unlock()
	if isGo {
		out.Value, out.Type = goDisplay(val)
	}
	if val.Err != "" {
		out.Value = "<" + val.Err + ">"
	}
	if val.Kids && out.EvaluateName != "" {
		ref := varRef{frame: f, expr: out.EvaluateName, length: seqLength(val)}
		out.VariablesReference = a.newVar(ref)
		if ref.length > maxChildren {
			out.IndexedVariables = ref.length
		}
	}
	return out
}

// maxChildren is how many elements debugger.Children lists unasked; a
// longer slice, array or map is paged (IndexedVariables).
const maxChildren = 64

var sliceLen = regexp.MustCompile(`^\[\]\S* len: (\d+)`)
var arrayLen = regexp.MustCompile(`^\[(\d+)\]`)

// seqLength is a slice's or an array's length or a map's entries: the
// engine's count, else from the type and the value's text (Delve's
// "[]int len: 100, cap: 100, [...]"); 0 for anything else.
func seqLength(v debugger.Value) int {
	if v.Len > 0 {
		return int(v.Len)
	}
	if m := sliceLen.FindStringSubmatch(v.Value); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if m := arrayLen.FindStringSubmatch(v.Type); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// childExpr finds the expression of the part called name of v's value.
func (a *Adapter) childExpr(s *debugger.Session, v varRef, name string) (string, error) {
	if v.scope == "locals" {
		return name, nil
	}
	if v.scope != "" {
		return "", fmt.Errorf("%s cannot be changed here", name)
	}
	if strings.HasPrefix(name, "[") && v.length > 0 {
		return v.expr + name, nil
	}
	req := debugger.Children{Expr: v.expr, Frame: v.frame.index}
	if v.length > maxChildren {
		req.Count = v.length // a map's entry past the first page
	}
	rep := s.Do(req)
	if rep.Err != nil {
		return "", rep.Err
	}
	for _, c := range rep.Values {
		if c.Name == name && c.Expr != "" {
			return c.Expr, nil
		}
	}
	return "", fmt.Errorf("%s has no part %s", v.expr, name)
}

func (a *Adapter) onSetVariable(m *godap.SetVariableRequest) {
	s, err := a.stoppedSession()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	args := m.Arguments
	v, ok := a.varHandle(args.VariablesReference)
	if !ok {
		a.fail(m.Request, fmt.Errorf("unknown variablesReference %d", args.VariablesReference))
		return
	}
	if err := a.selectFrame(s, v.frame); err != nil {
		a.fail(m.Request, err)
		return
	}
	expr, err := a.childExpr(s, v, args.Name)
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	rep := s.Do(debugger.SetVar{Expr: expr, Value: args.Value, Frame: v.frame.index})
	if rep.Err != nil {
		a.fail(m.Request, rep.Err)
		return
	}
	val := debugger.Value{Value: args.Value}
	if len(rep.Values) > 0 {
		val = rep.Values[0]
	}
	body := godap.SetVariableResponseBody{Value: val.Value, Type: val.Type}
	if val.Kids {
		body.VariablesReference = a.newVar(varRef{frame: v.frame, expr: expr, length: seqLength(val)})
	}
	a.send(&godap.SetVariableResponse{Response: a.response(m.Request), Body: body})
}

// onEvaluate evaluates an expression for a hover, a watch or the variables
// view; in the repl it runs one of tdb's commands (print, break, bt,
// goroutines, x, ...), or evaluates a line that is no command.
func (a *Adapter) onEvaluate(m *godap.EvaluateRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	args := m.Arguments
	var f frameRef
	if args.FrameId != 0 {
		fr, ok := a.frameHandle(args.FrameId)
		if !ok {
			a.fail(m.Request, fmt.Errorf("unknown frameId %d", args.FrameId))
			return
		}
		f = fr
	}
	if args.Context == "repl" {
		// A command may run the program (continue): it works on a
		// goroutine of its own so that pause is answered meanwhile.
		go a.repl(m, s, f)
		return
	}
	if a.isRunning() {
		a.fail(m.Request, errRunning)
		return
	}
	body, err := a.eval(s, f, args.Expression)
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	a.send(&godap.EvaluateResponse{Response: a.response(m.Request), Body: body})
}

func (a *Adapter) eval(s *debugger.Session, f frameRef, expr string) (godap.EvaluateResponseBody, error) {
	if err := a.selectFrame(s, f); err != nil {
		return godap.EvaluateResponseBody{}, err
	}
	rep := s.Do(debugger.Eval{Expr: expr, Frame: f.index})
	if rep.Err != nil {
		return godap.EvaluateResponseBody{}, rep.Err
	}
	if len(rep.Values) == 0 {
		return godap.EvaluateResponseBody{}, fmt.Errorf("%s has no value", expr)
	}
	val := rep.Values[0]
	if val.Expr == "" {
		val.Expr = expr
	}
	v := a.variable(f, val, expr)
	return godap.EvaluateResponseBody{Result: v.Value, Type: v.Type, VariablesReference: v.VariablesReference,
		IndexedVariables: v.IndexedVariables}, nil
}

// repl runs one line of the debug console in the frame the client shows.
// A command that moved the program (continue, next, goroutine N) ends
// with a stopped event, so that the client shows the new stop.
func (a *Adapter) repl(m *godap.EvaluateRequest, s *debugger.Session, f frameRef) {
	line := strings.TrimSpace(m.Arguments.Expression)
	a.mu.Lock()
	cmds := a.cmds
	a.mu.Unlock()
	before := s.Do(debugger.CurrentState{})
	if before.Err == nil {
		if err := a.selectThread(s, f.thread); err == nil && f.index > 0 {
			s.Do(debugger.SelectFrame{Index: f.index})
		}
		before = s.Do(debugger.CurrentState{})
	}
	var out string
	var err error
	if cmds != nil {
		out, err = cmds.Run(line)
	}
	if cmds == nil || errors.Is(err, ErrUnknownCommand) {
		body, err := a.eval(s, f, line)
		if err != nil {
			a.fail(m.Request, err)
			return
		}
		a.send(&godap.EvaluateResponse{Response: a.response(m.Request), Body: body})
		return
	}
	after := s.Do(debugger.CurrentState{})
	if err != nil && out == "" {
		a.fail(m.Request, err)
	} else {
		a.send(&godap.EvaluateResponse{Response: a.response(m.Request),
			Body: godap.EvaluateResponseBody{Result: strings.TrimRight(out, "\n")}})
	}
	if after.Err == nil && (before.State == nil || after.State.Seq != before.State.Seq) {
		a.stopped(after.State)
	}
}

// selectFrame makes a frame's thread the current one and, for a frame
// past the stop's snapshot (which keeps the innermost 100), selects it:
// the engine then unwinds that deep, and values requests reach it.
func (a *Adapter) selectFrame(s *debugger.Session, f frameRef) error {
	if err := a.selectThread(s, f.thread); err != nil {
		return err
	}
	if f.index < snapshotDepth {
		return nil
	}
	cur := s.Do(debugger.CurrentState{})
	if cur.Err != nil {
		return cur.Err
	}
	if f.index < len(cur.State.Frames) {
		return nil
	}
	return s.Do(debugger.SelectFrame{Index: f.index}).Err
}

var unsignedTypes = map[string]bool{"uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true, "byte": true}

// goDisplay is a Go value as Delve's adapter shows it, which editors'
// users know: an unsigned integer with its hex ("65535 = 0xffff"), an
// interface's type with its dynamic type ("error(*errors.errorString)",
// as the value starts).
func goDisplay(v debugger.Value) (value, typ string) {
	value, typ = v.Value, v.Type
	if unsignedTypes[typ] {
		if n, err := strconv.ParseUint(value, 10, 64); err == nil {
			value = fmt.Sprintf("%s = %#x", value, n)
		}
	}
	if typ != "" && strings.HasPrefix(value, typ+"(") {
		if i := strings.Index(value[len(typ):], ") "); i > 0 {
			typ = value[:len(typ)+i+1]
		}
	}
	return value, typ
}
