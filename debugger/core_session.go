//go:build linux && amd64

package debugger

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// A session on a core file (Config.Core) has no process: the engine's two
// doors to one, its memory reads (readMem) and its threads' registers
// (thread.regs, valid from the start), are answered from the core, and
// everything built on them (backtraces, values, goroutines, libraries,
// disassembly) works as on a stopped process. What would run or change the
// program is refused.

// Errors of a core session.
var (
	// ErrCoreCannotRun answers execution requests, breakpoints and
	// watchpoints (nothing will run into them), kill and detach.
	ErrCoreCannotRun = errors.New("a core file cannot run")
	// ErrCoreReadOnly answers a request to change a value.
	ErrCoreReadOnly = errors.New("a core file cannot be changed")
)

// coreLoop is the engine's goroutine for a core file: no target, so no
// idle check for its death and nothing to kill at the end.
func (s *Session) coreLoop(cfg Config, started chan<- error) {
	runtime.LockOSThread()
	defer close(s.done)
	e := newEngine(s, cfg)
	if err := e.openCore(); err != nil {
		started <- err
		close(s.events)
		return
	}
	started <- nil
	e.report(e.coreReason(), "")
	for !e.closing {
		env := <-s.reqs
		env.reply <- e.handleCore(env.req)
	}
	e.core.close()
	for {
		select {
		case env := <-s.reqs:
			env.reply <- Reply{Err: ErrClosed}
		default:
			close(s.events)
			return
		}
	}
}

// openCore loads the core: its threads (the first note's is current, the
// thread that crashed in a kernel's core), the PIE's load bias and the
// shared libraries from its auxiliary vector and the loader's list in its
// memory.
func (e *engine) openCore() error {
	c, err := openCore(e.cfg.Core, e.bin.Path())
	if err != nil {
		return err
	}
	e.core = c
	e.pid = c.pid
	for i, ct := range c.threads {
		t := &thread{tid: ct.tid, stopped: true, regs: ct.regs, regsValid: true}
		e.threads[t.tid] = t
		if i == 0 {
			e.cur = t
		}
	}
	if e.bin.PIE() {
		if entry := c.auxvValue(9); entry != 0 { // AT_ENTRY
			e.bias = entry - e.bin.Entry()
		}
	}
	c.bias = e.bias
	for _, w := range e.bin.Warnings() {
		e.logf("warning", "%s", w)
	}
	if !c.matches() {
		e.logf("warning", "core file may not match specified executable file (%s ran as %s)", e.bin.Path(), c.exe)
	}
	e.goRT = loadGoRuntime(e.bin)
	e.solibStart() // no r_brk breakpoint: the list is read once, complete
	what := "core file of pid " + fmt.Sprint(c.pid)
	if c.command != "" {
		what += " (" + c.command + ")"
	}
	if sig := c.threads[0].sig; sig != 0 {
		what += ": terminated with signal " + sigName(sig)
	}
	e.logf("info", "%s", what)
	return nil
}

// coreReason is why the program stopped for good: the signal its first
// thread was handling (a kernel's core, or gcore of a program stopped by
// a signal), else "core".
func (e *engine) coreReason() StopReason {
	if sig := e.core.threads[0].sig; sig != 0 {
		return StopReason{Kind: "signal", Signal: sigName(sig)}
	}
	return StopReason{Kind: "core"}
}

// handleCore answers a request about a core file.
func (e *engine) handleCore(req Request) Reply {
	switch req.(type) {
	case Continue, Next, Step, StepOut, StepInstruction, NextInstruction, RunToMain, Until,
		Restart, Kill, Detach, SetBreakpoint, ToggleBreakpointAt, SetWatchpoint:
		return Reply{Err: ErrCoreCannotRun, State: e.state}
	case SetVar:
		return Reply{Err: ErrCoreReadOnly}
	case DumpCore:
		return Reply{Err: fmt.Errorf("dump: this is a core file already (%s)", e.core.path)}
	case closeRequest:
		e.closing = true
		return Reply{}
	}
	return e.handle(req)
}

// readCore is readMem on a core file.
func (e *engine) readCore(addr uint64, buf []byte) error {
	if err := e.readAllowed(len(buf)); err != nil { // bounded.go
		return err
	}
	if err := e.core.readAt(addr, buf); err != nil {
		return fmt.Errorf("reading %d bytes at %#x: %w", len(buf), addr, err)
	}
	return nil
}

// coreXMM is xmm on a core file: the thread's NT_FPREGSET.
func (e *engine) coreXMM(tid, n int) (uint64, bool) {
	for _, t := range e.core.threads {
		if t.tid == tid && t.fxsave != nil {
			return le64(t.fxsave[160+16*n:]), true
		}
	}
	return 0, false
}

// CoreProgram is the program a core file was made of, as its NT_FILE note
// names the mapping that holds its entry point (tdb core COREFILE, as
// gdb -c finds it). It is an error when the core does not say, or the
// file is no longer there.
func CoreProgram(path string) (string, error) {
	c, err := openCore(path, "")
	if err != nil {
		return "", err
	}
	defer c.close()
	exe := strings.TrimSuffix(c.exe, " (deleted)")
	if exe == "" {
		return "", fmt.Errorf("%s does not name its program: give it, tdb core BINARY COREFILE", path)
	}
	if _, err := os.Stat(exe); err != nil {
		return "", fmt.Errorf("%s was made by %s, which is gone: give the program, tdb core BINARY COREFILE", path, exe)
	}
	return exe, nil
}
