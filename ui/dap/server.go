package dap

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"

	godap "github.com/google/go-dap"

	"tdb/debugger"
)

// Commands runs tdb's console commands for the repl. The main package
// wires tdb's console in (it lives with the full-screen UI, which this
// package must not import).
type Commands interface {
	// Run runs one command line and returns the text it printed, errors
	// included. The error is the command's failure; one that wraps
	// ErrUnknownCommand says the line names no command, and the adapter
	// evaluates it as an expression instead.
	Run(line string) (string, error)
}

// ErrUnknownCommand: a repl line whose first word is no command of tdb's.
var ErrUnknownCommand = errors.New("unknown command")

// Options configure an Adapter.
type Options struct {
	// Commands makes the repl's command runner for a session once it is
	// started. nil: the repl evaluates expressions only.
	Commands func(*debugger.Session) Commands
}

// Adapter serves one client. Its methods other than Serve are called on
// the goroutines it starts itself (doc.go says which).
type Adapter struct {
	opts Options
	r    *bufio.Reader
	w    io.Writer
	wmu  sync.Mutex // one message at a time on w
	seq  atomic.Int64

	mu       sync.Mutex // guards the fields below
	sess     *debugger.Session
	cmds     Commands
	cleanup  func()
	attached bool
	entry    bool // stopOnEntry
	running  bool // an execution request waits for its stop
	state    *debugger.State
	isGo     bool
	threads  []godap.Thread // the last threads answer, for while it runs
	handles  handles
	// Breakpoints the client set, by the request that owns them: a
	// setBreakpoints replaces its source's, setFunctionBreakpoints all
	// function ones, setDataBreakpoints all watchpoints.
	srcBps  map[string][]int
	funcBps []int
	dataBps []int
	isFunc  map[int]bool
	logMsg  map[int]string // logpoints: breakpoint id -> message
	// exceptions: the filters of setExceptionBreakpoints that are on.
	exceptions map[string]bool
	terminated bool

	// The event goroutine's progress: the Seq of the last Stopped event it
	// passed, and whether the event channel closed.
	evMu   sync.Mutex
	evCond *sync.Cond
	evSeq  int
	evDone bool
	pumped chan struct{} // closed when the event goroutine returns
}

// Serve runs the protocol on r and w until the client disconnects or r
// ends, then ends the debugging session (killing a launched program,
// detaching from an attached one) and returns.
func Serve(r io.Reader, w io.Writer, opts Options) error {
	a := &Adapter{
		opts: opts, r: bufio.NewReader(r), w: w,
		srcBps: map[string][]int{}, isFunc: map[int]bool{}, logMsg: map[int]string{},
		exceptions: map[string]bool{"panic": true, "fatal": true, "signal": true},
	}
	a.evCond = sync.NewCond(&a.evMu)
	a.handles.reset()
	defer a.shutdown()
	for {
		content, err := godap.ReadBaseMessage(a.r)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrClosedPipe) {
				return nil
			}
			return err
		}
		msg, err := godap.DecodeProtocolMessage(content)
		if err != nil {
			// A request of a kind go-dap does not know, or arguments of
			// the wrong types: answer it as a failure and read on.
			var head struct {
				Seq     int    `json:"seq"`
				Type    string `json:"type"`
				Command string `json:"command"`
			}
			if json.Unmarshal(content, &head) == nil && head.Type == "request" {
				why := fmt.Errorf("bad %s request: %v", head.Command, err)
				var fe *godap.DecodeProtocolMessageFieldError
				if errors.As(err, &fe) && fe.FieldName == "command" {
					why = fmt.Errorf("%s is not supported", head.Command)
				}
				a.fail(godap.Request{ProtocolMessage: godap.ProtocolMessage{Seq: head.Seq}, Command: head.Command}, why)
			}
			continue
		}
		if a.handle(msg) {
			return nil
		}
	}
}

// ListenAndServe serves clients one at a time on a TCP address, as
// Delve's --listen does for one client: it returns after the first client
// disconnects. ready, if not nil, is called with the address listened on.
func ListenAndServe(addr string, opts Options, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if ready != nil {
		ready(ln.Addr())
	}
	conn, err := ln.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	return Serve(conn, conn, opts)
}

// send writes one message; a write error (the client gone) is dropped: the
// reader sees the connection end.
func (a *Adapter) send(m godap.Message) {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	godap.WriteProtocolMessage(a.w, m)
}

func (a *Adapter) nextSeq() int { return int(a.seq.Add(1)) }

func (a *Adapter) response(req godap.Request) godap.Response {
	return godap.Response{
		ProtocolMessage: godap.ProtocolMessage{Seq: a.nextSeq(), Type: "response"},
		Command:         req.Command, RequestSeq: req.Seq, Success: true,
	}
}

func (a *Adapter) failure(req godap.Request, err error) godap.Response {
	r := a.response(req)
	r.Command = req.Command
	r.Success = false
	r.Message = err.Error()
	return r
}

// fail answers req with err, as one clear line the client shows.
func (a *Adapter) fail(req godap.Request, err error) {
	a.send(&godap.ErrorResponse{
		Response: a.failure(req, err),
		Body:     godap.ErrorResponseBody{Error: &godap.ErrorMessage{Id: 1, Format: err.Error(), ShowUser: true}},
	})
}

func (a *Adapter) event(name string) godap.Event {
	return godap.Event{ProtocolMessage: godap.ProtocolMessage{Seq: a.nextSeq(), Type: "event"}, Event: name}
}

// output sends an output event: category "stdout" for the program's
// output, "console" for tdb's messages.
func (a *Adapter) output(category, text string) {
	if text == "" {
		return
	}
	a.send(&godap.OutputEvent{Event: a.event("output"), Body: godap.OutputEventBody{Category: category, Output: text}})
}

// session returns the debugging session, or an error before launch.
func (a *Adapter) session() (*debugger.Session, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil {
		return nil, errors.New("no program: launch or attach first")
	}
	return a.sess, nil
}

// handle answers one message; it reports whether the client disconnected.
func (a *Adapter) handle(msg godap.Message) (disconnect bool) {
	switch m := msg.(type) {
	case *godap.InitializeRequest:
		a.onInitialize(m)
	case *godap.LaunchRequest:
		a.onLaunch(m)
	case *godap.AttachRequest:
		a.onAttach(m)
	case *godap.DisconnectRequest:
		a.onDisconnect(m)
		return true
	case *godap.TerminateRequest:
		a.onTerminate(m)
	case *godap.SetBreakpointsRequest:
		a.onSetBreakpoints(m)
	case *godap.SetFunctionBreakpointsRequest:
		a.onSetFunctionBreakpoints(m)
	case *godap.SetExceptionBreakpointsRequest:
		a.onSetExceptionBreakpoints(m)
	case *godap.DataBreakpointInfoRequest:
		a.onDataBreakpointInfo(m)
	case *godap.SetDataBreakpointsRequest:
		a.onSetDataBreakpoints(m)
	case *godap.ConfigurationDoneRequest:
		a.onConfigurationDone(m)
	case *godap.ContinueRequest:
		a.onContinue(m)
	case *godap.NextRequest:
		a.onStep(m.Request, m.Arguments.ThreadId, debugger.Next{})
	case *godap.StepInRequest:
		a.onStep(m.Request, m.Arguments.ThreadId, debugger.Step{})
	case *godap.StepOutRequest:
		a.onStep(m.Request, m.Arguments.ThreadId, debugger.StepOut{})
	case *godap.PauseRequest:
		a.onPause(m)
	case *godap.ThreadsRequest:
		a.onThreads(m)
	case *godap.StackTraceRequest:
		a.onStackTrace(m)
	case *godap.ScopesRequest:
		a.onScopes(m)
	case *godap.VariablesRequest:
		a.onVariables(m)
	case *godap.EvaluateRequest:
		a.onEvaluate(m)
	case *godap.SetVariableRequest:
		a.onSetVariable(m)
	case godap.RequestMessage:
		req := m.GetRequest()
		a.fail(*req, fmt.Errorf("%s is not supported by tdb", req.Command))
	}
	return false
}

func (a *Adapter) onInitialize(m *godap.InitializeRequest) {
	a.send(&godap.InitializeResponse{Response: a.response(m.Request), Body: godap.Capabilities{
		SupportsConfigurationDoneRequest:  true,
		SupportsFunctionBreakpoints:       true,
		SupportsConditionalBreakpoints:    true,
		SupportsHitConditionalBreakpoints: true,
		SupportsEvaluateForHovers:         true,
		SupportsSetVariable:               true,
		SupportsLogPoints:                 true,
		SupportsDataBreakpoints:           true,
		SupportsTerminateRequest:          true,
		SupportsClipboardContext:          true,
		SupportTerminateDebuggee:          true,
		ExceptionBreakpointFilters: []godap.ExceptionBreakpointsFilter{
			{Filter: "panic", Label: "Unrecovered panics", Default: true},
			{Filter: "fatal", Label: "Fatal errors of the Go runtime", Default: true},
			{Filter: "signal", Label: "Signals that would kill the program", Default: true},
		},
	}})
}
