package ui

import (
	"fmt"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestTmuxDisassembly runs the real binary in tmux: D shows the
// Disassembly pane (under the source at 120 columns) with gdb's
// instruction bytes at gdb's pc, marked; S moves the mark; layout asm and
// layout source, typed, put the disassembly alone and the source back.
func TestTmuxDisassembly(t *testing.T) {
	fib := fixture.Build(t, "fib")
	gdbIns, pc := gdbDisassemble(t, fib, "main.fib", "main.fib")
	var at, next gdbInst
	for i, in := range gdbIns {
		if in.addr == pc && i+1 < len(gdbIns) {
			at, next = in, gdbIns[i+1]
		}
	}
	ts := startTmux(t, 120, 40, "exec", fib)
	ts.waitText("stopped at main.go:")
	ts.send(":", "break main.fib", "Enter")
	ts.waitText("Breakpoint 1 at")
	ts.send("c")
	ts.waitText("[breakpoint 1]")
	ts.send("D")
	s := ts.waitFor("the execution mark in the Disassembly pane", func(s string) bool {
		return strings.Contains(asmRowOf(s, pc), "●▶")
	})
	if r := asmRowOf(s, pc); !strings.Contains(r, "  "+at.bytes+" ") {
		t.Errorf("pc %#x: want gdb's bytes %s: %q", pc, at.bytes, r)
	}
	if !strings.Contains(s, " main.go ") {
		t.Errorf("layout split hid the source:\n%s", s)
	}
	ts.send("S")
	ts.waitFor(fmt.Sprintf("the mark on %#x", next.addr), func(s string) bool {
		return strings.Contains(asmRowOf(s, next.addr), "▶") && !strings.Contains(asmRowOf(s, pc), "▶")
	})
	ts.send(":", "layout asm", "Enter")
	ts.waitFor("layout asm", func(s string) bool {
		return !strings.Contains(s, " main.go ") && strings.Contains(s, "Disassembly: main.fib")
	})
	ts.send(":", "layout source", "Enter")
	ts.waitFor("layout source", func(s string) bool {
		return strings.Contains(s, " main.go ") && !strings.Contains(s, "Disassembly")
	})
}

// TestTmuxMemoryAndRawX: X asks for the Memory pane's expression (memory
// &sum) and shows sum's bytes; x -raw at the breakpoint's address shows
// tdb's 0xCC where plain x shows the binary's byte, in the Log.
func TestTmuxMemoryAndRawX(t *testing.T) {
	fib := fixture.Build(t, "fib")
	line := fixture.LineOf(t, "fib", "main.go", "sum += v")
	ts := startTmux(t, 120, 40, "exec", fib)
	ts.waitText("stopped at main.go:")
	ts.send(":", fmt.Sprintf("break main.go:%d", line), "Enter")
	s := ts.waitText("Breakpoint 1 at 0x")
	var bp uint64
	if _, err := fmt.Sscanf(s[strings.Index(s, "Breakpoint 1 at ")+len("Breakpoint 1 at "):], "%v", &bp); err != nil || bp == 0 {
		t.Fatalf("no breakpoint address (%v):\n%s", err, s)
	}
	ts.send("c")
	ts.waitText("[breakpoint 1]")
	ts.send("c") // sum is 1 at the second stop
	ts.waitFor("the second hit", func(s string) bool {
		return strings.Count(s, "stopped: breakpoint 1: ") == 2 && strings.Contains(s, "[breakpoint 1]")
	})
	ts.send("X")
	ts.waitText("\n:memory") // the command line, its trailing space trimmed by capture-pane
	ts.send("&sum", "Enter")
	ts.waitFor("sum's bytes", func(s string) bool {
		return strings.Contains(s, "Memory: &sum = 0x") && strings.Contains(s, ": 01 00 00 00")
	})
	want := hexBytes(elfBytes(t, fib, bp, 4))
	ts.send(":", fmt.Sprintf("x -raw %#x 4", bp), "Enter")
	ts.waitText(fmt.Sprintf("%#x: cc %s", bp, want[3:]))
	ts.send(":", fmt.Sprintf("x %#x 4", bp), "Enter")
	ts.waitText(fmt.Sprintf("%#x: %s ", bp, want))
}
