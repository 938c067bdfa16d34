package debugger

import (
	"errors"
	"fmt"

	"tdb/source"
)

// Config says what to debug and how.
type Config struct {
	Path string   // the executable (ignored when Attach is set)
	Args []string // its arguments, without argv[0]
	Dir  string   // working directory; "" for tdb's own
	Env  []string // environment; nil for tdb's own

	// TTY, when set, is a terminal device the program gets as its stdin,
	// stdout and stderr instead of a pty owned by the session. No Output
	// events are sent then.
	TTY string

	// Attach is the pid of a running process to attach to instead of
	// launching Path.
	Attach int

	// Core is a core file of Path to open instead of running it
	// (core_session.go): read-only, nothing runs.
	Core string

	// Test says Path is a test binary (tdb test): RunToMain stops at the
	// first test function that runs (the -test.run match in Args), not in
	// the generated main.
	Test bool

	// Mechanics starts the session with mechanics reporting on.
	Mechanics bool

	// Substitutions say where the program's sources are now when the
	// binary records them elsewhere (gdb's set substitute-path). They
	// become the binary's (Binary.SetSubstitutions), and pass on to the
	// program an exec replaces it with.
	Substitutions []source.Substitution
}

// Request is one of the request structs below. Requests are sent to the
// ptrace goroutine with Session.Do or Session.Send.
type Request interface{ isRequest() }

// Execution requests: they resume the target and reply when it stops again
// (or exits). Count repeats the request; only the final stop is reported.
type (
	Continue struct {
		To Loc // where to run to, as a temporary breakpoint; the zero Loc: run
	}
	Next            struct{ Count int }
	Step            struct{ Count int }
	StepOut         struct{}
	StepInstruction struct{ Count int }
	NextInstruction struct{ Count int }
	// RunToMain continues to the first line of main.main (Go) or main (C),
	// reporting the stop with reason "entry". User breakpoints hit on the
	// way stop it as usual.
	RunToMain struct{}
)

// Breakpoint requests. They work while the target runs too: the engine stops
// it, applies the change and resumes.
type (
	SetBreakpoint struct {
		Loc       Loc // from ParseLoc, or FileLine; Breakpoint.Loc spells it
		Temporary bool
		Cond      string
		// Pending: a function no loaded object defines is kept for a
		// library loaded later (gdb's `set breakpoint pending on`).
		// Without it, only a name a library of DT_NEEDED defines is
		// kept; any other is an error (a typo: gdb -batch refuses it).
		Pending bool
	}
	// ToggleBreakpointAt clears the breakpoints on FILE:LINE or, if there
	// are none, sets one there (the source pane's gutter).
	ToggleBreakpointAt struct {
		File string
		Line int
	}
	ClearBreakpoint     struct{ ID int }
	ClearAllBreakpoints struct{}
	// ToggleBreakpoint enables a disabled breakpoint and disables an enabled one.
	ToggleBreakpoint struct{ ID int }
	SetCondition     struct {
		ID   int
		Cond string // "" removes the condition
		// HitCount: Cond is a hit-count condition ("> 100", "== 5",
		// "% 10") instead of an expression.
		HitCount bool
	}
	ListBreakpoints struct{}
	// SetWatchpoint watches the memory Expr names (evaluated in the
	// selected frame) with one of the processor's four debug registers.
	// It needs a stopped target. The watchpoint is a Breakpoint with an
	// ID of the same series: ClearBreakpoint, ToggleBreakpoint and
	// ListBreakpoints work on it. A hit stops with reason "watchpoint N"
	// and State.Watch holding the value before and after.
	SetWatchpoint struct {
		Expr string
		Kind WatchKind
	}
)

// WatchKind says which accesses a watchpoint stops on.
type WatchKind int

const (
	WatchWrite     WatchKind = 1
	WatchRead      WatchKind = 2
	WatchReadWrite WatchKind = WatchWrite | WatchRead
)

// String is the kind as breakpoints lists show it: write, read, read-write.
func (k WatchKind) String() string {
	switch k {
	case WatchWrite:
		return "write"
	case WatchRead:
		return "read"
	case WatchReadWrite:
		return "read-write"
	}
	return fmt.Sprintf("watch kind %d", int(k))
}

// Inspection and control requests.
type (
	// SelectFrame selects frame Index of the current thread's backtrace.
	SelectFrame struct{ Index int }
	// CurrentState returns the current snapshot (ErrRunning while the
	// target runs, ErrNotRunning after it exited).
	CurrentState struct{}
	// Backtrace returns up to Depth frames (0: the default depth).
	Backtrace struct{ Depth int }
	// ReadMemory reads Len bytes at Addr as the program sees them: the
	// original bytes under tdb's breakpoints. Raw reads them as they
	// are, with the 0xCC tdb wrote (x -raw, issue 15).
	ReadMemory struct {
		Addr uint64
		Len  int
		Raw  bool
	}
	// Disassemble decodes [Start, End); zero Start and End mean the function
	// of the selected frame, or with At the function containing At (64
	// bytes from At outside any function): the Disassembly pane asks for
	// the frame it shows, whichever frame the engine has selected since.
	Disassemble  struct{ Start, End, At uint64 }
	SetMechanics struct{ On bool }
	Kill         struct{}
	Detach       struct{}
	// Restart kills the target and starts it again, stopped at entry;
	// breakpoints are kept, hit counts reset; watchpoints are cleared, as
	// Delve does (Reply.Notes names them).
	Restart struct{}
)

func (Continue) isRequest()            {}
func (Next) isRequest()                {}
func (Step) isRequest()                {}
func (StepOut) isRequest()             {}
func (StepInstruction) isRequest()     {}
func (NextInstruction) isRequest()     {}
func (RunToMain) isRequest()           {}
func (SetBreakpoint) isRequest()       {}
func (ToggleBreakpointAt) isRequest()  {}
func (ClearBreakpoint) isRequest()     {}
func (ClearAllBreakpoints) isRequest() {}
func (ToggleBreakpoint) isRequest()    {}
func (SetCondition) isRequest()        {}
func (ListBreakpoints) isRequest()     {}
func (SetWatchpoint) isRequest()       {}
func (SelectFrame) isRequest()         {}
func (CurrentState) isRequest()        {}
func (Backtrace) isRequest()           {}
func (ReadMemory) isRequest()          {}
func (Disassemble) isRequest()         {}
func (SetMechanics) isRequest()        {}
func (Kill) isRequest()                {}
func (Detach) isRequest()              {}
func (Restart) isRequest()             {}

// Reply answers one request.
type Reply struct {
	Err error
	// State is the snapshot after the request, when the target is stopped.
	State *State
	// Exited is set when the target exited during the request.
	Exited *Exited
	// Breakpoints: the breakpoint set or changed (SetBreakpoint,
	// ToggleBreakpoint, ...), or the whole list (ListBreakpoints).
	Breakpoints []Breakpoint
	// Frames answers Backtrace.
	Frames []Frame
	// Memory answers ReadMemory.
	Memory []byte
	// Instructions answers Disassemble.
	Instructions []Instruction
	// Values answers Eval, Locals, Args and SetVar (api_values.go).
	Values []Value
	// Goroutines answers ListGoroutines (one page); Total counts every
	// goroutine that matched.
	Goroutines []Goroutine
	Total      int
	// Groups answers ListGoroutines with Group (one page of groups; Total
	// then counts the groups, Grouped the goroutines in them all).
	Groups  []GoroutineGroup
	Grouped int
	// Notes are informational lines for the user, e.g. "line 12 has no
	// code: breakpoint moved to line 13".
	Notes []string
}

// Event is one of the event structs below, sent on Session.Events().
type Event interface{ isEvent() }

type (
	// Running: the target was resumed.
	Running struct{}
	// Stopped: the target stopped; State is a snapshot.
	Stopped struct{ State *State }
	// Output is a chunk of the program's output (its pty).
	Output struct{ Data []byte }
	// Exited: the target is gone.
	Exited struct {
		PID    int
		Status int    // exit status, when Signal == ""
		Signal string // e.g. "SIGKILL", when killed by a signal
	}
	// Detached: the target runs on without the debugger.
	Detached struct{ PID int }
	// Log is a message from tdb for the user.
	Log struct {
		Level string // "info", "warning", "error"
		Text  string
	}
	// Mechanics is one ptrace operation the engine performed, reported
	// only while mechanics reporting is on.
	Mechanics struct {
		Op   string // "PEEKDATA", "POKEDATA", "GETREGS", "SETREGS", "CONT", "SINGLESTEP", "WAIT", ...
		Tid  int
		Addr uint64
		Text string // the whole line, e.g. "ptrace POKEDATA tid 4242 0x4beaa4: 48 -> cc (breakpoint 1)"
		// Explain says what the operation means, in words: "int3
		// replaces the first byte of `sub rsp, 0x18` (breakpoint 1,
		// main.go:10)" (mechanics_explain.go). Batch output leaves it out.
		Explain string
		// Pending: in step mode (Session.MechanicsStep) the engine has not
		// made the call yet and waits for Session.MechanicsNext; Text is
		// the call without its results. The performed operation's own
		// event follows.
		Pending bool
	}
)

func (Running) isEvent()   {}
func (Stopped) isEvent()   {}
func (Output) isEvent()    {}
func (Exited) isEvent()    {}
func (Detached) isEvent()  {}
func (Log) isEvent()       {}
func (Mechanics) isEvent() {}

// String gives the batch form: "exited: status 3" or "exited: signal SIGKILL".
func (e Exited) String() string {
	if e.Signal != "" {
		return "exited: signal " + e.Signal
	}
	return fmt.Sprintf("exited: status %d", e.Status)
}

// Errors callers branch on.
var (
	ErrRunning    = errors.New("the program is running: interrupt it first (Ctrl+C)")
	ErrNotRunning = errors.New("the program is not running: restart it first")
	ErrClosed     = errors.New("the debugging session is closed")
)

// ErrNoSource reports a PC without line information.
type ErrNoSource struct{ PC uint64 }

func (e ErrNoSource) Error() string { return fmt.Sprintf("no source for pc %#x", e.PC) }
