package debugger

import "fmt"

// State is a snapshot of the stopped target, taken at each stop. It is
// plain data and serialisable as JSON: front ends render it and never ask
// the engine for pieces while drawing. Each one handed out is the
// receiver's own copy (handout.go): it may keep it, read it on any
// goroutine, or change it, without touching the engine's.
type State struct {
	Seq    int        `json:"seq"` // increases with each stop of a session
	PID    int        `json:"pid"`
	Reason StopReason `json:"reason"`
	// Note says more about the stop, e.g. "next interrupted: goroutine 7
	// hit breakpoint 2".
	Note string `json:"note,omitempty"`

	Thread    int    `json:"thread"`              // the thread that stopped
	Goroutine int64  `json:"goroutine,omitempty"` // its goroutine id, 0 without a Go runtime
	PC        uint64 `json:"pc"`
	Function  string `json:"function"`
	File      string `json:"file"` // as the binary records it
	Line      int    `json:"line"`

	Registers []Register `json:"registers"` // of the selected frame's thread, fixed order
	Frames    []Frame    `json:"frames"`    // backtrace of Thread, innermost first
	// SelectedFrame indexes Frames: the frame the source pane and `frame`,
	// `up`, `down` work on.
	SelectedFrame int          `json:"selected_frame"`
	Breakpoints   []Breakpoint `json:"breakpoints"`
	Threads       []Thread     `json:"threads"`
	// Watch: at a watchpoint's stop, the watched value before and after.
	Watch *WatchChange `json:"watch,omitempty"`
	// Returned: after a stepout, or a step or next that left a function
	// through its return, the values it returned (its results, ~r0 for
	// an unnamed one), as print shows them.
	Returned []Value `json:"returned,omitempty"`
}

// WatchChange is what a watchpoint saw: the value of its expression at the
// previous stop (or hit) and now. A read leaves them equal.
type WatchChange struct {
	Expr string `json:"expr"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// StopReason says why the target stopped.
type StopReason struct {
	// Kind: entry, breakpoint, step, interrupt, signal, panic, fatal (a
	// fatal error of the Go runtime), hardcoded (the program's own int3:
	// runtime.Breakpoint), watchpoint; core for a core file whose
	// threads were handling no signal (core_session.go).
	Kind       string `json:"kind"`
	Breakpoint int    `json:"breakpoint,omitempty"`
	Signal     string `json:"signal,omitempty"`
}

// String gives the batch form: "entry", "breakpoint 1", "signal SIGSEGV", ...
func (r StopReason) String() string {
	switch r.Kind {
	case "breakpoint", "watchpoint":
		return fmt.Sprintf("%s %d", r.Kind, r.Breakpoint)
	case "signal":
		return "signal " + r.Signal
	case "fatal":
		return "fatal error"
	case "hardcoded":
		return "hardcoded breakpoint"
	}
	return r.Kind
}

// Register is one register's value.
type Register struct {
	Name  string `json:"name"`
	Value uint64 `json:"value"`
}

// Frame is one frame of a backtrace.
type Frame struct {
	Index    int    `json:"index"`
	PC       uint64 `json:"pc"`
	CFA      uint64 `json:"cfa"` // canonical frame address: rsp before the call
	Function string `json:"function"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	// Library: the shared library the frame's pc is in (solib.go), as
	// the loader names it; "" in the program.
	Library string `json:"library,omitempty"`
	// Inlined: this frame is a call the compiler inlined into the next
	// frame (its caller): the two share PC, CFA and registers.
	Inlined bool `json:"inlined,omitempty"`
	// CallerPC is C's main's return address, into libc, where the
	// backtrace stops (unless past main is asked for): gdb's "saved rip"
	// of main's frame.
	CallerPC uint64 `json:"caller_pc,omitempty"`
}

// Breakpoint is a user breakpoint as the user sees it. One breakpoint may
// have several addresses (a line in an inlined or generic function).
type Breakpoint struct {
	ID        int      `json:"id"`
	Loc       string   `json:"loc"` // where it was set, as Loc.String spells it
	Addrs     []uint64 `json:"addrs"`
	Function  string   `json:"function"`
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Enabled   bool     `json:"enabled"`
	Temporary bool     `json:"temporary,omitempty"`
	Cond      string   `json:"cond,omitempty"`
	HitCond   string   `json:"hit_cond,omitempty"` // e.g. "> 100": stop when the hit count matches
	HitCount  int      `json:"hit_count"`
	// Watch is set on a watchpoint (Loc is then its expression): the
	// accesses it stops on, and the memory the debug register watches.
	Watch     WatchKind `json:"watch,omitempty"`
	WatchAddr uint64    `json:"watch_addr,omitempty"`
	WatchSize int       `json:"watch_size,omitempty"`
}

// Thread is one thread of the target.
type Thread struct {
	ID        int    `json:"id"`
	PC        uint64 `json:"pc"`
	Function  string `json:"function"`
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Goroutine int64  `json:"goroutine,omitempty"`
}

// Instruction is one decoded machine instruction.
type Instruction struct {
	Addr     uint64 `json:"addr"`
	Bytes    []byte `json:"bytes"`
	Text     string `json:"text"` // Go assembler or Intel syntax
	Function string `json:"function,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	// Breakpoint is set when a breakpoint sits on this instruction (the
	// bytes shown are the original ones, not the int3).
	Breakpoint bool `json:"breakpoint,omitempty"`
}

// Reg returns the value of the named register in s, and whether it is there.
func (s *State) Reg(name string) (uint64, bool) {
	for _, r := range s.Registers {
		if r.Name == name {
			return r.Value, true
		}
	}
	return 0, false
}
