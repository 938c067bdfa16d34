package dap

import (
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	godap "github.com/google/go-dap"
	"golang.org/x/sys/unix"

	"tdb/debugger"
	"tdb/source"
)

// launchArgs are the launch request's arguments tdb reads; the names are
// Delve's, so a Go launch configuration works with either adapter.
type launchArgs struct {
	Program     string             `json:"program"`
	Args        []string           `json:"args"`
	Cwd         string             `json:"cwd"`
	Env         map[string]*string `json:"env"` // a null value unsets the variable
	StopOnEntry bool               `json:"stopOnEntry"`
	// Mode: "exec" (a binary, Go or C), "debug" (build the package,
	// directory or file with -gcflags='all=-N -l'), "test" (build its
	// test binary). Without it, a program that is an ELF file is exec'd,
	// anything else built.
	Mode string `json:"mode"`
}

type attachArgs struct {
	// ProcessID is a number, or a string of one: VS Code's
	// ${input:...} prompts give strings.
	ProcessID   json.RawMessage `json:"processId"`
	StopOnEntry bool            `json:"stopOnEntry"`
}

// pid reads a processId given as a number or as a string of one.
func (a attachArgs) pid() (int, error) {
	s := strings.Trim(strings.TrimSpace(string(a.ProcessID)), `"`)
	pid, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("attach needs a processId (a pid), not %s", string(a.ProcessID))
	}
	return pid, nil
}

func (a *Adapter) onLaunch(m *godap.LaunchRequest) {
	var args launchArgs
	if err := json.Unmarshal(m.Arguments, &args); err != nil {
		a.fail(m.Request, fmt.Errorf("bad launch arguments: %v", err))
		return
	}
	cfg, cleanup, err := prepareLaunch(args)
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	if err := a.start(cfg, cleanup, args.StopOnEntry); err != nil {
		a.fail(m.Request, err)
		return
	}
	a.send(&godap.LaunchResponse{Response: a.response(m.Request)})
	a.send(&godap.InitializedEvent{Event: a.event("initialized")})
}

func (a *Adapter) onAttach(m *godap.AttachRequest) {
	var args attachArgs
	if err := json.Unmarshal(m.Arguments, &args); err != nil {
		a.fail(m.Request, fmt.Errorf("bad attach arguments: %v", err))
		return
	}
	pid, err := args.pid()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	if err := a.start(debugger.Config{Attach: pid}, func() {}, args.StopOnEntry); err != nil {
		a.fail(m.Request, err)
		return
	}
	a.send(&godap.AttachResponse{Response: a.response(m.Request)})
	a.send(&godap.InitializedEvent{Event: a.event("initialized")})
}

// prepareLaunch turns launch arguments into a session's configuration,
// building the program when the mode asks for it. cleanup removes what
// was built.
func prepareLaunch(args launchArgs) (cfg debugger.Config, cleanup func(), err error) {
	cleanup = func() {}
	if args.Program == "" {
		return cfg, cleanup, errors.New("launch needs a program")
	}
	prog := args.Program
	if !filepath.IsAbs(prog) && args.Cwd != "" {
		prog = filepath.Join(args.Cwd, prog)
	}
	mode := args.Mode
	if mode == "" {
		mode = "debug"
		if f, err := elf.Open(prog); err == nil {
			f.Close()
			mode = "exec"
		}
	}
	cfg.Args, cfg.Dir = args.Args, args.Cwd
	switch mode {
	case "exec":
		cfg.Path = prog
	case "debug", "test":
		bin, clean, err := source.BuildGo(prog, mode == "test", args.Cwd)
		if err != nil {
			return cfg, cleanup, err
		}
		cfg.Path, cleanup = bin, clean
		if mode == "test" {
			cfg.Test = true
			// go test runs a test binary in its package's directory.
			if cfg.Dir == "" {
				if dir, err := source.PackageDir(prog, args.Cwd); err == nil {
					cfg.Dir = dir
				}
			}
		}
	default:
		return cfg, cleanup, fmt.Errorf("unknown mode %q: want exec, debug or test", mode)
	}
	if args.Env != nil {
		cfg.Env = mergeEnv(os.Environ(), args.Env)
	}
	return cfg, cleanup, nil
}

// mergeEnv applies a launch configuration's env to tdb's environment: a
// value replaces or adds the variable, a null unsets it.
func mergeEnv(base []string, env map[string]*string) []string {
	var out []string
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := env[k]; !ok {
			out = append(out, kv)
		}
	}
	for k, v := range env {
		if v != nil {
			out = append(out, k+"="+*v)
		}
	}
	return out
}

// start starts the session and the goroutine that drains its events.
func (a *Adapter) start(cfg debugger.Config, cleanup func(), stopOnEntry bool) error {
	a.mu.Lock()
	if a.sess != nil {
		a.mu.Unlock()
		cleanup()
		return errors.New("a program is already being debugged")
	}
	a.mu.Unlock()
	s, err := debugger.Start(cfg)
	if err != nil {
		cleanup()
		return err
	}
	st := s.Do(debugger.CurrentState{}).State
	a.mu.Lock()
	a.sess, a.cleanup, a.attached, a.entry = s, cleanup, cfg.Attach != 0, stopOnEntry
	a.state = st
	a.isGo = s.Binary().IsGo()
	if a.opts.Commands != nil {
		a.cmds = a.opts.Commands(s)
	}
	a.pumped = make(chan struct{})
	a.mu.Unlock()
	go a.pump(s.Events())
	return nil
}

func (a *Adapter) onConfigurationDone(m *godap.ConfigurationDoneRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	a.mu.Lock()
	entry, attached, st := a.entry, a.attached, a.state
	a.mu.Unlock()
	a.send(&godap.ConfigurationDoneResponse{Response: a.response(m.Request)})
	switch {
	case entry && attached && st != nil:
		// Attached, the program is stopped where it was.
		a.stopped(st)
	case entry:
		// stopOnEntry stops at the first line of main (the first test
		// for a test binary), where the program's own code starts: the
		// process's entry point is in the runtime's assembly.
		a.resume(s, debugger.RunToMain{})
	default:
		a.resume(s, debugger.Continue{})
	}
}

func (a *Adapter) onDisconnect(m *godap.DisconnectRequest) {
	a.mu.Lock()
	s, attached := a.sess, a.attached
	a.mu.Unlock()
	// Kill and Detach work while the program runs too: the engine stops
	// it for them.
	if s != nil {
		if attached && !m.Arguments.TerminateDebuggee {
			s.Do(debugger.Detach{})
		} else {
			s.Do(debugger.Kill{})
		}
	}
	a.shutdown()
	a.send(&godap.DisconnectResponse{Response: a.response(m.Request)})
}

// onTerminate kills the program; the exited and terminated events follow.
func (a *Adapter) onTerminate(m *godap.TerminateRequest) {
	s, err := a.session()
	if err != nil {
		a.fail(m.Request, err)
		return
	}
	if rep := s.Do(debugger.Kill{}); rep.Err != nil && !errors.Is(rep.Err, debugger.ErrNotRunning) {
		a.fail(m.Request, rep.Err)
		return
	}
	a.send(&godap.TerminateResponse{Response: a.response(m.Request)})
}

// shutdown ends the session (Close kills a launched program and detaches
// from an attached one), waits for its last events and removes what was
// built. It is safe to call twice.
func (a *Adapter) shutdown() {
	a.mu.Lock()
	s, cleanup, pumped := a.sess, a.cleanup, a.pumped
	a.cleanup = nil
	a.mu.Unlock()
	if s != nil {
		s.Close()
		<-pumped
	}
	if cleanup != nil {
		cleanup()
	}
}

// pump forwards the session's events: the program's output, tdb's log,
// the program's exit. Stopped events only mark progress (waitEvents):
// stops are reported from the execution requests' replies.
func (a *Adapter) pump(events <-chan debugger.Event) {
	defer close(a.pumped)
	for ev := range events {
		switch ev := ev.(type) {
		case debugger.Output:
			a.output("stdout", string(ev.Data))
		case debugger.Log:
			text := ev.Text
			if ev.Level == "warning" || ev.Level == "error" {
				text = ev.Level + ": " + text
			}
			a.output("console", text+"\n")
		case debugger.Exec:
			a.output("console", ev.String()+"\n")
		case debugger.Running:
			a.mu.Lock()
			ours := a.running
			a.mu.Unlock()
			if !ours {
				// A repl command runs the program: the client did not
				// ask for it, so it is told.
				a.send(&godap.ContinuedEvent{Event: a.event("continued"),
					Body: godap.ContinuedEventBody{AllThreadsContinued: true}})
			}
		case debugger.Stopped:
			a.evMu.Lock()
			if ev.State.Seq > a.evSeq {
				a.evSeq = ev.State.Seq
			}
			a.evCond.Broadcast()
			a.evMu.Unlock()
		case debugger.Exited:
			code := ev.Status
			if ev.Signal != "" {
				code = 128 + int(unix.SignalNum(ev.Signal))
			}
			a.send(&godap.ExitedEvent{Event: a.event("exited"), Body: godap.ExitedEventBody{ExitCode: code}})
			a.terminate()
		case debugger.Detached:
			a.terminate()
		}
	}
	a.evMu.Lock()
	a.evDone = true
	a.evCond.Broadcast()
	a.evMu.Unlock()
	a.terminate()
}

// terminate sends the terminated event, once.
func (a *Adapter) terminate() {
	a.mu.Lock()
	done := a.terminated
	a.terminated = true
	a.mu.Unlock()
	if !done {
		a.send(&godap.TerminatedEvent{Event: a.event("terminated")})
	}
}

// eventWait bounds how long a stop waits for the events before it: the
// engine sends a stop's Stopped event before its reply, so the wait ends
// at once unless the event goroutine is behind on a flood of output.
const eventWait = 5 * time.Second

// waitEvents returns once the event goroutine has forwarded every event
// up to the Stopped event of stop seq, so that the program's output
// before a stop reaches the client before the stopped event.
func (a *Adapter) waitEvents(seq int) {
	timedOut := false
	t := time.AfterFunc(eventWait, func() {
		a.evMu.Lock()
		timedOut = true // output may come after the stop then
		a.evCond.Broadcast()
		a.evMu.Unlock()
	})
	defer t.Stop()
	a.evMu.Lock()
	defer a.evMu.Unlock()
	for a.evSeq < seq && !a.evDone && !timedOut {
		a.evCond.Wait()
	}
}
