package console

import (
	"reflect"
	"testing"

	"tdb/debugger"
)

func TestFormatStop(t *testing.T) {
	tests := []struct {
		s    debugger.State
		want string
	}{
		{debugger.State{Reason: debugger.StopReason{Kind: "breakpoint", Breakpoint: 1}, Function: "main.fib",
			File: "/abs/path/prog.go", Line: 18, PC: 0x4beaa4, Thread: 4242, Goroutine: 1},
			"stopped: breakpoint 1: main.fib at /abs/path/prog.go:18 (pc 0x4beaa4, thread 4242, goroutine 1)"},
		{debugger.State{Reason: debugger.StopReason{Kind: "step"}, Function: "main.main",
			File: "/abs/path/prog.go", Line: 44, PC: 0x4bead0, Thread: 4242, Goroutine: 1},
			"stopped: step: main.main at /abs/path/prog.go:44 (pc 0x4bead0, thread 4242, goroutine 1)"},
		{debugger.State{Reason: debugger.StopReason{Kind: "signal", Signal: "SIGSEGV"}, Function: "main.crash",
			File: "/abs/path/prog.go", Line: 9, PC: 0x4be000, Thread: 7, Goroutine: 1},
			"stopped: signal SIGSEGV: main.crash at /abs/path/prog.go:9 (pc 0x4be000, thread 7, goroutine 1)"},
		// C: no goroutine.
		{debugger.State{Reason: debugger.StopReason{Kind: "breakpoint", Breakpoint: 2}, Function: "main",
			File: "/src/prog.c", Line: 5, PC: 0x401126, Thread: 99},
			"stopped: breakpoint 2: main at /src/prog.c:5 (pc 0x401126, thread 99)"},
		// No source, no symbol.
		{debugger.State{Reason: debugger.StopReason{Kind: "entry"}, Function: "_rt0_amd64_linux", PC: 0x401000, Thread: 5},
			"stopped: entry: _rt0_amd64_linux (pc 0x401000, thread 5)"},
		{debugger.State{Reason: debugger.StopReason{Kind: "interrupt"}, PC: 0x10, Thread: 5},
			"stopped: interrupt: ?? (pc 0x10, thread 5)"},
	}
	for _, tt := range tests {
		if got := FormatStop(&tt.s); got != tt.want {
			t.Errorf("FormatStop =\n  %s\nwant\n  %s", got, tt.want)
		}
	}
}

func TestFormatFrame(t *testing.T) {
	tests := []struct {
		f    debugger.Frame
		want string
	}{
		{debugger.Frame{Index: 0, PC: 0x4beaa4, Function: "main.fib", File: "/abs/path/prog.go", Line: 18},
			"#0 0x4beaa4 main.fib at /abs/path/prog.go:18"},
		{debugger.Frame{Index: 1, PC: 0x4beabb, Function: "main.fib", File: "/abs/path/prog.go", Line: 20},
			"#1 0x4beabb main.fib at /abs/path/prog.go:20"},
		{debugger.Frame{Index: 3, PC: 0x401000, Function: "runtime.goexit"},
			"#3 0x401000 runtime.goexit"},
	}
	for _, tt := range tests {
		if got := FormatFrame(tt.f); got != tt.want {
			t.Errorf("FormatFrame = %q, want %q", got, tt.want)
		}
	}
}

func TestFormatBreakpoint(t *testing.T) {
	bp := debugger.Breakpoint{ID: 1, Addrs: []uint64{0x4beaa4}, Function: "main.fib",
		File: "/abs/path/prog.go", Line: 18, Enabled: true, HitCount: 2}
	if got, want := FormatBreakpoint(bp), "Breakpoint 1 at 0x4beaa4: main.fib /abs/path/prog.go:18"; got != want {
		t.Errorf("FormatBreakpoint = %q, want %q", got, want)
	}
	if got, want := FormatBreakpointEntry(bp), "Breakpoint 1 at 0x4beaa4: main.fib /abs/path/prog.go:18 (hits 2)"; got != want {
		t.Errorf("FormatBreakpointEntry = %q, want %q", got, want)
	}
	bp2 := debugger.Breakpoint{ID: 3, Addrs: []uint64{0x401000, 0x402000}, Function: "main.f",
		File: "/p.go", Line: 4, Temporary: true, Cond: "i == 3"}
	if got, want := FormatBreakpointEntry(bp2), "Breakpoint 3 at 0x401000: main.f /p.go:4 (2 locations) (hits 0) disabled temporary\n\tcond i == 3"; got != want {
		t.Errorf("FormatBreakpointEntry = %q, want %q", got, want)
	}
	// A hit-count condition, alone and with an expression condition, in
	// Delve's words (the form `condition -hitcount` takes).
	bp.HitCond = " >100"
	if got, want := FormatBreakpointEntry(bp), "Breakpoint 1 at 0x4beaa4: main.fib /abs/path/prog.go:18 (hits 2)\n\tcond -hitcount >100"; got != want {
		t.Errorf("FormatBreakpointEntry = %q, want %q", got, want)
	}
	bp.Cond, bp.HitCond = "n < 3", "% 10"
	if got, want := FormatBreakpointEntry(bp), "Breakpoint 1 at 0x4beaa4: main.fib /abs/path/prog.go:18 (hits 2)\n\tcond n < 3\n\tcond -hitcount % 10"; got != want {
		t.Errorf("FormatBreakpointEntry = %q, want %q", got, want)
	}
	// An address breakpoint without symbols.
	bp3 := debugger.Breakpoint{ID: 4, Addrs: []uint64{0x1234}, Enabled: true}
	if got, want := FormatBreakpoint(bp3), "Breakpoint 4 at 0x1234"; got != want {
		t.Errorf("FormatBreakpoint = %q, want %q", got, want)
	}
}

func TestFormatRegister(t *testing.T) {
	tests := []struct {
		r    debugger.Register
		want string
	}{
		{debugger.Register{Name: "rip", Value: 0x4beaa4}, "rip 0x4beaa4"},
		{debugger.Register{Name: "rax", Value: 0}, "rax 0x0"},
		{debugger.Register{Name: "eflags", Value: 0x246}, "eflags 0x246 [PF ZF IF]"},
		{debugger.Register{Name: "eflags", Value: 0x202}, "eflags 0x202 [IF]"},
		{debugger.Register{Name: "eflags", Value: 0xa97}, "eflags 0xa97 [CF PF AF SF IF OF]"},
		{debugger.Register{Name: "eflags", Value: 0x2}, "eflags 0x2 []"},
	}
	for _, tt := range tests {
		if got := FormatRegister(tt.r); got != tt.want {
			t.Errorf("FormatRegister(%v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestFormatExited(t *testing.T) {
	if got := FormatExited(debugger.Exited{Status: 3}); got != "exited: status 3" {
		t.Errorf("got %q", got)
	}
	if got := FormatExited(debugger.Exited{Signal: "SIGKILL"}); got != "exited: signal SIGKILL" {
		t.Errorf("got %q", got)
	}
}

func TestFormatThreadGoroutine(t *testing.T) {
	th := debugger.Thread{ID: 4242, PC: 0x4beaa4, Function: "main.fib", File: "/p.go", Line: 18, Goroutine: 1}
	if got, want := FormatThread(th, true), "* Thread 4242 at 0x4beaa4 main.fib /p.go:18 (goroutine 1)"; got != want {
		t.Errorf("FormatThread = %q, want %q", got, want)
	}
	th2 := debugger.Thread{ID: 4243, PC: 0x46f0e3, Function: "runtime.futex"}
	if got, want := FormatThread(th2, false), "  Thread 4243 at 0x46f0e3 runtime.futex"; got != want {
		t.Errorf("FormatThread = %q, want %q", got, want)
	}
	s := &debugger.State{Goroutine: 1, PC: 0x4beaa4, Function: "main.fib", File: "/p.go", Line: 18, Thread: 4242}
	if got, want := FormatGoroutine(s), "* Goroutine 1 at 0x4beaa4 main.fib /p.go:18 (thread 4242)"; got != want {
		t.Errorf("FormatGoroutine = %q, want %q", got, want)
	}
}

func TestFormatMemory(t *testing.T) {
	b := []byte("Hello, tdb!\x00\x01\xff~ and more")
	got := FormatMemory(0xc000010000, b)
	want := []string{
		"0xc000010000: 48 65 6c 6c 6f 2c 20 74 64 62 21 00 01 ff 7e 20  Hello, tdb!...~ ",
		"0xc000010010: 61 6e 64 20 6d 6f 72 65                          and more",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FormatMemory =\n%q\nwant\n%q", got, want)
	}
	if got := FormatMemory(0x10, nil); len(got) != 0 {
		t.Errorf("FormatMemory(nil) = %q", got)
	}
}

func TestFormatInstructionAndSource(t *testing.T) {
	in := debugger.Instruction{Addr: 0x4beaa4, Bytes: []byte{0x48, 0x83, 0xec, 0x18}, Text: "SUBQ $0x18, SP"}
	if got, want := FormatInstruction(in, 0x4beaa4), "=> 0x4beaa4  48 83 ec 18                    SUBQ $0x18, SP"; got != want {
		t.Errorf("FormatInstruction = %q, want %q", got, want)
	}
	in.Breakpoint = true
	if got, want := FormatInstruction(in, 0), "  *0x4beaa4  48 83 ec 18                    SUBQ $0x18, SP"; got != want {
		t.Errorf("FormatInstruction = %q, want %q", got, want)
	}
	if got, want := FormatSourceLine(18, "\tif n < 2 {", true), "=>   18:\t\tif n < 2 {"; got != want {
		t.Errorf("FormatSourceLine = %q, want %q", got, want)
	}
	if got, want := FormatSourceLine(1234, "}", false), "   1234:\t}"; got != want {
		t.Errorf("FormatSourceLine = %q, want %q", got, want)
	}
}
