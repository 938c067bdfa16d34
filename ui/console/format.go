package console

import (
	"fmt"
	"strings"

	"tdb/debugger"
)

// The plain-text forms of the engine's data. The batch front end prints
// them as they are, and scripts and tests depend on them (DESIGN.md, "Batch
// output lines"); the full-screen UI reuses them for its log and command
// line. They are pure functions of plain data.

// FormatStop is the line printed after every execution command:
//
//	stopped: breakpoint 1: main.fib at /abs/prog.go:18 (pc 0x4beaa4, thread 4242, goroutine 1)
//
// The goroutine is left out for programs without a Go runtime, the
// location for a pc without line information.
func FormatStop(s *debugger.State) string {
	var b strings.Builder
	b.WriteString("stopped: ")
	b.WriteString(s.Reason.String())
	b.WriteString(": ")
	b.WriteString(FuncName(s.Function))
	if s.File != "" {
		fmt.Fprintf(&b, " at %s:%d", s.File, s.Line)
	}
	fmt.Fprintf(&b, " (pc %#x, thread %d", s.PC, s.Thread)
	if s.Goroutine != 0 {
		fmt.Fprintf(&b, ", goroutine %d", s.Goroutine)
	}
	b.WriteString(")")
	return b.String()
}

// FormatExited is "exited: status 3" or "exited: signal SIGKILL".
func FormatExited(e debugger.Exited) string { return e.String() }

// FormatFrame is one backtrace line: "#0 0x4beaa4 main.fib at /abs/prog.go:18",
// or "#3 0x401000 runtime.goexit" for a frame without source.
func FormatFrame(f debugger.Frame) string {
	s := fmt.Sprintf("#%d %#x %s", f.Index, f.PC, FuncName(f.Function))
	if f.File != "" {
		s += fmt.Sprintf(" at %s:%d", f.File, f.Line)
	} else if f.Library != "" {
		s += " from " + f.Library // gdb's form for a library without line info
	}
	return s
}

// FormatBreakpoint is the line printed when a breakpoint is set:
// "Breakpoint 1 at 0x4beaa4: main.fib /abs/prog.go:18". A breakpoint with
// several addresses (a line in several functions) names the first and
// says how many there are.
func FormatBreakpoint(bp debugger.Breakpoint) string {
	if bp.Watch != 0 {
		// Watchpoint 2 (write) on globalvar1 at 0x5a1b30 (8 bytes)
		return fmt.Sprintf("Watchpoint %d (%s) on %s at %#x (%d bytes)", bp.ID, bp.Watch, bp.Loc, bp.WatchAddr, bp.WatchSize)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Breakpoint %d", bp.ID)
	if len(bp.Addrs) > 0 {
		fmt.Fprintf(&b, " at %#x", bp.Addrs[0])
	}
	where := bp.Function
	if bp.File != "" {
		if where != "" {
			where += " "
		}
		where += fmt.Sprintf("%s:%d", bp.File, bp.Line)
	}
	if where != "" {
		b.WriteString(": ")
		b.WriteString(where)
	}
	if len(bp.Addrs) > 1 {
		fmt.Fprintf(&b, " (%d locations)", len(bp.Addrs))
	}
	return b.String()
}

// FormatBreakpointEntry is one entry of the `breakpoints` list: the
// FormatBreakpoint line, the hit count and the marks that apply, then one
// indented line per condition, as Delve lists them (users of both read the
// same thing; `cond -hitcount > 100` is also what they type):
//
//	Breakpoint 2 at 0x4bead0: main.main /abs/prog.go:25 (hits 0) disabled temporary
//		cond i == 3
//		cond -hitcount > 100
func FormatBreakpointEntry(bp debugger.Breakpoint) string {
	s := fmt.Sprintf("%s (hits %d)", FormatBreakpoint(bp), bp.HitCount)
	if !bp.Enabled {
		s += " disabled"
	}
	if bp.Temporary {
		s += " temporary"
	}
	if bp.Cond != "" {
		s += "\n\tcond " + bp.Cond
	}
	if bp.HitCond != "" {
		s += "\n\tcond -hitcount " + strings.TrimSpace(bp.HitCond)
	}
	return s
}

// FormatRegister is "rip 0x4beaa4"; eflags also names the flags that are
// set: "eflags 0x246 [PF ZF IF]".
func FormatRegister(r debugger.Register) string {
	s := fmt.Sprintf("%s %#x", r.Name, r.Value)
	if r.Name == "eflags" {
		s += " [" + strings.Join(EflagsNames(r.Value), " ") + "]"
	}
	return s
}

// eflagsBits are the status and control flags a user reads, in bit order
// (Intel SDM vol. 1, 3.4.3), with gdb's names.
var eflagsBits = []struct {
	bit  uint
	name string
}{
	{0, "CF"}, {2, "PF"}, {4, "AF"}, {6, "ZF"}, {7, "SF"}, {8, "TF"},
	{9, "IF"}, {10, "DF"}, {11, "OF"}, {16, "RF"}, {17, "VM"}, {18, "AC"},
	{19, "VIF"}, {20, "VIP"}, {21, "ID"},
}

// EflagsNames returns the names of the flags set in v, low bit first.
func EflagsNames(v uint64) []string {
	names := []string{}
	for _, f := range eflagsBits {
		if v&(1<<f.bit) != 0 {
			names = append(names, f.name)
		}
	}
	return names
}

// FormatThread is one line of `threads`; the thread that stopped is marked
// with "*": "* Thread 4242 at 0x4beaa4 main.fib /abs/prog.go:18 (goroutine 1)".
func FormatThread(t debugger.Thread, current bool) string {
	mark := " "
	if current {
		mark = "*"
	}
	s := fmt.Sprintf("%s Thread %d at %#x %s", mark, t.ID, t.PC, FuncName(t.Function))
	if t.File != "" {
		s += fmt.Sprintf(" %s:%d", t.File, t.Line)
	}
	if t.Goroutine != 0 {
		s += fmt.Sprintf(" (goroutine %d)", t.Goroutine)
	}
	return s
}

// FormatGoroutine is one line of `goroutines` for the stopped goroutine:
// "* Goroutine 1 at 0x4beaa4 main.fib /abs/prog.go:18 (thread 4242)".
func FormatGoroutine(s *debugger.State) string {
	line := fmt.Sprintf("* Goroutine %d at %#x %s", s.Goroutine, s.PC, FuncName(s.Function))
	if s.File != "" {
		line += fmt.Sprintf(" %s:%d", s.File, s.Line)
	}
	return line + fmt.Sprintf(" (thread %d)", s.Thread)
}

// FormatMemory renders b, read at addr, as a hex dump of 16 bytes a line
// with the printable ASCII beside it:
//
//	0xc000012345: 48 65 6c 6c 6f 00 00 00 00 00 00 00 00 00 00 00  Hello...........
func FormatMemory(addr uint64, b []byte) []string {
	var lines []string
	for off := 0; off < len(b); off += 16 {
		row := b[off:min(off+16, len(b))]
		var hex, text strings.Builder
		for i := 0; i < 16; i++ {
			if i < len(row) {
				fmt.Fprintf(&hex, "%02x ", row[i])
				c := row[i]
				if c < 0x20 || c > 0x7e {
					c = '.'
				}
				text.WriteByte(c)
			} else {
				hex.WriteString("   ")
			}
		}
		lines = append(lines, fmt.Sprintf("%#x: %s %s", addr+uint64(off), hex.String(), text.String()))
	}
	return lines
}

// FormatInstruction is one disassembly line: "=>" marks the instruction at
// pc, "*" one with a breakpoint on it:
//
//	=> 0x4beaa4  48 83 ec 18     SUBQ $0x18, SP
func FormatInstruction(in debugger.Instruction, pc uint64) string {
	mark := "  "
	if in.Addr == pc {
		mark = "=>"
	}
	bp := " "
	if in.Breakpoint {
		bp = "*"
	}
	hex := make([]string, len(in.Bytes))
	for i, c := range in.Bytes {
		hex[i] = fmt.Sprintf("%02x", c)
	}
	return fmt.Sprintf("%s%s%#x  %-30s %s", mark, bp, in.Addr, strings.Join(hex, " "), in.Text)
}

// FormatSourceLine is one line of `list`: "=>" marks the current line.
//
//	=>   18:	if n < 2 {
func FormatSourceLine(n int, text string, current bool) string {
	mark := "  "
	if current {
		mark = "=>"
	}
	return fmt.Sprintf("%s %4d:\t%s", mark, n, text)
}

// FuncName stands in for a pc no symbol covers.
func FuncName(name string) string {
	if name == "" {
		return "??"
	}
	return name
}
