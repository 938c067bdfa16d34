package dap

import (
	"fmt"
	"strconv"
	"strings"

	godap "github.com/google/go-dap"

	"tdb/debugger"
)

// onSetBreakpoints replaces the breakpoints of one source file. A hit
// condition is tdb's (and Delve's) syntax: "> 5", "== 3", "% 10", or a bare
// number meaning "== N". A log message makes a logpoint: its hits print
// the message, with each {expr} replaced by the expression's value, and
// the program goes on.
func (a *Adapter) onSetBreakpoints(m *godap.SetBreakpointsRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	path := m.Arguments.Source.Path
	if path == "" {
		a.fail(m.Request, fmt.Errorf("setBreakpoints needs a source path"))
		return
	}
	a.mu.Lock()
	old := a.srcBps[path]
	delete(a.srcBps, path)
	a.mu.Unlock()
	a.clear(s, old)
	out := make([]godap.Breakpoint, 0, len(m.Arguments.Breakpoints))
	var ids []int
	for _, sb := range m.Arguments.Breakpoints {
		loc := fmt.Sprintf("%s:%d", path, sb.Line)
		bp, err := a.set(s, loc, sb.Condition, sb.HitCondition, sb.LogMessage, false)
		if err != nil {
			out = append(out, godap.Breakpoint{Verified: false, Message: err.Error(), Line: sb.Line,
				Source: &godap.Source{Path: path, Name: baseName(path)}})
			continue
		}
		ids = append(ids, bp.ID)
		out = append(out, a.dapBreakpoint(s, bp, path))
	}
	a.mu.Lock()
	a.srcBps[path] = ids
	a.mu.Unlock()
	a.send(&godap.SetBreakpointsResponse{Response: a.response(m.Request), Body: godap.SetBreakpointsResponseBody{Breakpoints: out}})
}

func (a *Adapter) onSetFunctionBreakpoints(m *godap.SetFunctionBreakpointsRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	a.mu.Lock()
	old := a.funcBps
	a.funcBps = nil
	a.mu.Unlock()
	a.clear(s, old)
	out := make([]godap.Breakpoint, 0, len(m.Arguments.Breakpoints))
	var ids []int
	for _, fb := range m.Arguments.Breakpoints {
		bp, err := a.set(s, fb.Name, fb.Condition, fb.HitCondition, "", true)
		if err != nil {
			out = append(out, godap.Breakpoint{Verified: false, Message: err.Error()})
			continue
		}
		ids = append(ids, bp.ID)
		out = append(out, a.dapBreakpoint(s, bp, ""))
	}
	a.mu.Lock()
	a.funcBps = ids
	a.mu.Unlock()
	a.send(&godap.SetFunctionBreakpointsResponse{Response: a.response(m.Request), Body: godap.SetFunctionBreakpointsResponseBody{Breakpoints: out}})
}

// onSetExceptionBreakpoints turns the filters on and off: a panic, a
// fatal error or a signal the engine stops on is reported only while its
// filter is on; otherwise the program goes on (and dies of it).
func (a *Adapter) onSetExceptionBreakpoints(m *godap.SetExceptionBreakpointsRequest) {
	on := map[string]bool{}
	var out []godap.Breakpoint
	for _, f := range m.Arguments.Filters {
		switch f {
		case "panic", "fatal", "signal":
			on[f] = true
			out = append(out, godap.Breakpoint{Verified: true})
		default:
			out = append(out, godap.Breakpoint{Verified: false, Message: fmt.Sprintf("no exception filter %q", f)})
		}
	}
	a.mu.Lock()
	a.exceptions = on
	a.mu.Unlock()
	a.send(&godap.SetExceptionBreakpointsResponse{Response: a.response(m.Request), Body: godap.SetExceptionBreakpointsResponseBody{Breakpoints: out}})
}

// set sets one breakpoint with its conditions; on any error nothing of it
// is left.
func (a *Adapter) set(s *debugger.Session, loc, cond, hitCond, logMsg string, fn bool) (debugger.Breakpoint, error) {
	l, err := debugger.ParseLoc(loc)
	if err != nil {
		return debugger.Breakpoint{}, err
	}
	rep := s.Do(debugger.SetBreakpoint{Loc: l, Cond: cond})
	if rep.Err != nil {
		return debugger.Breakpoint{}, rep.Err
	}
	if len(rep.Breakpoints) == 0 {
		return debugger.Breakpoint{}, fmt.Errorf("no breakpoint set at %s", loc)
	}
	bp := rep.Breakpoints[0]
	if hitCond = strings.TrimSpace(hitCond); hitCond != "" {
		if r := s.Do(debugger.SetCondition{ID: bp.ID, Cond: hitCond, HitCount: true}); r.Err != nil {
			s.Do(debugger.ClearBreakpoint{ID: bp.ID})
			return debugger.Breakpoint{}, r.Err
		}
		bp.HitCond = hitCond
	}
	a.mu.Lock()
	if logMsg != "" {
		a.logMsg[bp.ID] = logMsg
	}
	if fn {
		a.isFunc[bp.ID] = true
	}
	a.mu.Unlock()
	return bp, nil
}

// clear removes breakpoints the client no longer has.
func (a *Adapter) clear(s *debugger.Session, ids []int) {
	for _, id := range ids {
		s.Do(debugger.ClearBreakpoint{ID: id})
		a.mu.Lock()
		delete(a.logMsg, id)
		delete(a.isFunc, id)
		a.mu.Unlock()
	}
}

// dapBreakpoint is a set breakpoint as the client shows it: the line the
// engine placed it on (a line without code moves to the next with code).
func (a *Adapter) dapBreakpoint(s *debugger.Session, bp debugger.Breakpoint, path string) godap.Breakpoint {
	out := godap.Breakpoint{Id: bp.ID, Verified: true, Line: bp.Line}
	if path == "" && bp.File != "" {
		path = s.Binary().SourcePath(bp.File)
	}
	if path != "" {
		out.Source = &godap.Source{Path: path, Name: baseName(path)}
	}
	if len(bp.Addrs) > 0 {
		out.InstructionReference = fmt.Sprintf("%#x", bp.Addrs[0])
	}
	return out
}

// onDataBreakpointInfo names the memory a variable occupies as a data
// id: the frame and the expression, which setDataBreakpoints watches with
// one of the processor's debug registers.
func (a *Adapter) onDataBreakpointInfo(m *godap.DataBreakpointInfoRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	args := m.Arguments
	var fr frameRef
	expr := args.Name
	if args.VariablesReference != 0 {
		v, ok := a.varHandle(args.VariablesReference)
		if !ok {
			a.fail(m.Request, fmt.Errorf("unknown variablesReference %d", args.VariablesReference))
			return
		}
		fr = v.frame
		if v.scope == "" {
			e, err := a.childExpr(s, v, args.Name)
			if err != nil {
				a.fail(m.Request, err)
				return
			}
			expr = e
		} else if v.scope != "locals" {
			a.send(&godap.DataBreakpointInfoResponse{Response: a.response(m.Request),
				Body: godap.DataBreakpointInfoResponseBody{Description: "registers cannot be watched"}})
			return
		}
	} else if args.FrameId != 0 {
		f, ok := a.frameHandle(args.FrameId)
		if !ok {
			a.fail(m.Request, fmt.Errorf("unknown frameId %d", args.FrameId))
			return
		}
		fr = f
	}
	a.send(&godap.DataBreakpointInfoResponse{Response: a.response(m.Request), Body: godap.DataBreakpointInfoResponseBody{
		DataId:      fmt.Sprintf("%d:%d:%s", fr.thread, fr.index, expr),
		Description: expr,
		AccessTypes: []godap.DataBreakpointAccessType{"write", "read", "readWrite"},
	}})
}

// onSetDataBreakpoints replaces the watchpoints the client set.
func (a *Adapter) onSetDataBreakpoints(m *godap.SetDataBreakpointsRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	a.mu.Lock()
	old := a.dataBps
	a.dataBps = nil
	a.mu.Unlock()
	a.clear(s, old)
	out := make([]godap.Breakpoint, 0, len(m.Arguments.Breakpoints))
	var ids []int
	for _, db := range m.Arguments.Breakpoints {
		bp, err := a.watch(s, db)
		if err != nil {
			out = append(out, godap.Breakpoint{Verified: false, Message: err.Error()})
			continue
		}
		ids = append(ids, bp.ID)
		out = append(out, godap.Breakpoint{Id: bp.ID, Verified: true, Message: fmt.Sprintf("%s watchpoint on %s", bp.Watch, bp.Loc)})
	}
	a.mu.Lock()
	a.dataBps = ids
	a.mu.Unlock()
	a.send(&godap.SetDataBreakpointsResponse{Response: a.response(m.Request), Body: godap.SetDataBreakpointsResponseBody{Breakpoints: out}})
}

// watch sets one watchpoint: its expression is evaluated in the frame the
// data id names, which is selected for it.
func (a *Adapter) watch(s *debugger.Session, db godap.DataBreakpoint) (debugger.Breakpoint, error) {
	parts := strings.SplitN(db.DataId, ":", 3)
	if len(parts) != 3 {
		return debugger.Breakpoint{}, fmt.Errorf("bad data id %q", db.DataId)
	}
	thread, err1 := strconv.Atoi(parts[0])
	index, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return debugger.Breakpoint{}, fmt.Errorf("bad data id %q", db.DataId)
	}
	if err := a.selectThread(s, thread); err != nil {
		return debugger.Breakpoint{}, err
	}
	if rep := s.Do(debugger.SelectFrame{Index: index}); rep.Err != nil {
		return debugger.Breakpoint{}, rep.Err
	}
	defer s.Do(debugger.SelectFrame{Index: 0})
	kind := debugger.WatchWrite
	switch db.AccessType {
	case "read":
		kind = debugger.WatchRead
	case "readWrite":
		kind = debugger.WatchReadWrite
	}
	rep := s.Do(debugger.SetWatchpoint{Expr: parts[2], Kind: kind})
	if rep.Err != nil {
		return debugger.Breakpoint{}, rep.Err
	}
	if len(rep.Breakpoints) == 0 {
		return debugger.Breakpoint{}, fmt.Errorf("no watchpoint set on %s", parts[2])
	}
	bp := rep.Breakpoints[0]
	for _, c := range []struct {
		cond string
		hit  bool
	}{{db.Condition, false}, {db.HitCondition, true}} {
		if strings.TrimSpace(c.cond) == "" {
			continue
		}
		if r := s.Do(debugger.SetCondition{ID: bp.ID, Cond: c.cond, HitCount: c.hit}); r.Err != nil {
			s.Do(debugger.ClearBreakpoint{ID: bp.ID})
			return debugger.Breakpoint{}, r.Err
		}
	}
	return bp, nil
}

func baseName(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}
