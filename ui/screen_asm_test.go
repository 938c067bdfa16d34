package ui

import (
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/source/fixture"
)

// gdbInst is one instruction of gdb's disassemble /r: address and bytes.
type gdbInst struct {
	addr  uint64
	bytes string // "48 83 ec 20"
}

// gdbDisassemble runs gdb on bin to bp and returns fn's instructions as
// gdb's `disassemble /r` lists them, and gdb's pc; it skips the test when
// gdb is not installed (CI installs it).
func gdbDisassemble(t *testing.T, bin, bp, fn string) ([]gdbInst, uint64) {
	t.Helper()
	if _, err := exec.LookPath("gdb"); err != nil {
		t.Skip("gdb is not installed")
	}
	out, err := exec.Command("gdb", "-batch", "-nx", "-ex", "break "+bp, "-ex", "run",
		"-ex", "disassemble /r "+fn, "-ex", "p/x $pc", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	// "   0x00000000004beb40 <+0>:\t49 3b 66 10        \tcmp ..." (=> on the pc's)
	re := regexp.MustCompile(`(?m)^(?:=>)?\s+0x([0-9a-f]+) <\+\d+>:\t([0-9a-f ]+?)\s*\t`)
	var ins []gdbInst
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		a, _ := strconv.ParseUint(m[1], 16, 64)
		ins = append(ins, gdbInst{a, m[2]})
	}
	pcm := regexp.MustCompile(`(?m)^\$1 = 0x([0-9a-f]+)`).FindStringSubmatch(string(out))
	if len(ins) == 0 || pcm == nil {
		t.Fatalf("cannot read gdb's disassembly:\n%s", out)
	}
	pc, _ := strconv.ParseUint(pcm[1], 16, 64)
	return ins, pc
}

// asmRowOf returns the screen row that shows the instruction at addr in
// the Disassembly pane, and whether there is one.
func asmRowOf(screen string, addr uint64) string {
	want := fmt.Sprintf("%#x <+", addr)
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, want) {
			return l
		}
	}
	return ""
}

// TestLiveDisassemblyPane: D puts the Disassembly pane beside the source
// (layout split), with main.fib's instructions and raw bytes as gdb's
// disassemble /r lists them, the source lines above them, the execution
// mark and the breakpoint mark on gdb's pc; stepi moves the mark to the
// next instruction; [ shows the caller's function with its return address
// marked; D again shows the disassembly alone, and again the source alone.
func TestLiveDisassemblyPane(t *testing.T) {
	bin := fixture.Build(t, "fib")
	gdbIns, gdbPC := gdbDisassemble(t, bin, "main.fib", "main.fib")
	la := startLive(t, "fib", 200, 60)
	la.waitText("stopped at main.go:")
	la.breakAndContinue("main.fib")
	la.keys('D')
	s := la.waitText("Disassembly: main.fib")
	if !strings.Contains(s, " main.go ") {
		t.Errorf("layout split hid the source:\n%s", s)
	}
	var text string
	la.onUI(func() { text = la.asm.Text() })
	for _, in := range gdbIns {
		if !strings.Contains(text, fmt.Sprintf("%#x ", in.addr)) || !strings.Contains(text, "  "+in.bytes+" ") {
			t.Errorf("gdb's instruction at %#x (%s) is not in the pane:\n%s", in.addr, in.bytes, text)
		}
	}
	ifLine := fixture.LineOf(t, "fib", "main.go", "if n < 2")
	if !strings.Contains(text, fmt.Sprintf("%-6d     if n < 2 {", ifLine)) {
		t.Errorf("the source line %d is not above its instructions:\n%s", ifLine, text)
	}
	if r := asmRowOf(s, gdbPC); !strings.Contains(r, "●▶ "+fmt.Sprintf("%#x", gdbPC)) {
		t.Errorf("gdb's pc %#x has no breakpoint and execution mark: %q", gdbPC, r)
	}

	// stepi: the mark moves to the instruction after gdb's pc.
	next := uint64(0)
	for i, in := range gdbIns {
		if in.addr == gdbPC && i+1 < len(gdbIns) {
			next = gdbIns[i+1].addr
		}
	}
	la.idle()
	la.keys('S')
	s = la.waitFor(fmt.Sprintf("the mark on %#x", next), func(s string) bool {
		return strings.Contains(asmRowOf(s, next), "▶ ")
	})
	if r := asmRowOf(s, gdbPC); strings.Contains(r, "▶") || !strings.Contains(r, "●") {
		t.Errorf("after stepi the breakpoint's row keeps the mark or loses the breakpoint: %q", r)
	}

	// A click in the gutter toggles a breakpoint on its instruction.
	row := slices.IndexFunc(strings.Split(s, "\n"), func(l string) bool { return strings.Contains(l, fmt.Sprintf("%#x <+", next)) })
	mouse := func(act tview.MouseAction, col, row int) {
		la.onUI(func() {
			la.asm.MouseHandler()(act, tcell.NewEventMouse(col, row, tcell.Button1, 0), func(tview.Primitive) {})
		})
	}
	var ax int
	la.onUI(func() { ax, _, _, _ = la.asm.GetInnerRect() })
	mouse(tview.MouseLeftClick, ax+1, row)
	la.waitFor(fmt.Sprintf("a breakpoint on %#x", next), func(s string) bool {
		return strings.Contains(asmRowOf(s, next), "●▶ ")
	})
	la.idle()
	mouse(tview.MouseLeftClick, ax+1, row)
	la.waitFor(fmt.Sprintf("no breakpoint on %#x", next), func(s string) bool {
		r := asmRowOf(s, next)
		return strings.Contains(r, "▶ ") && !strings.Contains(r, "●")
	})

	// The caller: its function, its return address marked.
	var ret uint64
	la.onUI(func() { ret = la.state.Frames[1].PC })
	la.keys('[')
	la.waitFor("main.main's disassembly", func(s string) bool {
		return strings.Contains(s, "Disassembly: main.main") && strings.Contains(asmRowOf(s, ret), "▷ ")
	})
	la.keys(']')
	la.waitText("Disassembly: main.fib")

	// layout asm: the disassembly alone in the source's place.
	la.keys('D')
	s = la.waitFor("layout asm", func(s string) bool { return !strings.Contains(s, " main.go ") })
	if !strings.Contains(s, "Disassembly: main.fib") {
		t.Errorf("layout asm shows no disassembly:\n%s", s)
	}
	la.keys('D')
	s = la.waitFor("layout source", func(s string) bool { return !strings.Contains(s, "Disassembly") })
	if !strings.Contains(s, " main.go ") {
		t.Errorf("layout source shows no source:\n%s", s)
	}
}

// TestLiveLayoutCommand: layout split stacks the panes below 160 columns,
// b in the Disassembly pane sets a breakpoint on the cursor's instruction
// (its mark in the gutter), and a wrong name is one error line.
func TestLiveLayoutCommand(t *testing.T) {
	la := startLive(t, "fib", 100, 40)
	la.waitText("stopped at main.go:")
	la.keys(':', "layout split", tcell.KeyEnter)
	s := la.waitText("Disassembly: main.main")
	// Stacked: the source's title row comes before the disassembly's.
	if strings.Index(s, "Disassembly: main.main") < strings.Index(s, " main.go ") {
		t.Errorf("layout split at 100 columns is not stacked:\n%s", s)
	}
	la.idle()
	la.keys(':', "layout sideways", tcell.KeyEnter)
	la.waitText("error: usage: layout source|asm|split|next|prev")
	la.idle()
	// The cursor starts on the execution mark; b there sets a breakpoint
	// on that instruction's address.
	var pc uint64
	la.onUI(func() { pc = la.state.PC; la.app.SetFocus(la.asm) })
	la.keys('j', 'b')
	la.waitText("Breakpoint 1 at")
	la.idle()
	var addr uint64
	la.onUI(func() { addr = la.asm.cursorAddr() })
	if addr == pc || addr == 0 {
		t.Fatalf("cursor address %#x (pc %#x)", addr, pc)
	}
	s = la.waitFor("the breakpoint's mark", func(s string) bool { return strings.Contains(asmRowOf(s, addr), "●") })
	if !strings.Contains(s, fmt.Sprintf("Breakpoint 1 at %#x", addr)) {
		t.Errorf("b set no breakpoint at the cursor's instruction %#x:\n%s", addr, s)
	}
}

// TestLiveDisassemblyInHistory: showing a past stop ({) in another
// function, the Disassembly pane shows that function with the stop's
// instruction marked; . returns it to the present.
func TestLiveDisassemblyInHistory(t *testing.T) {
	la := startLive(t, "fib", 200, 50)
	la.waitText("stopped at main.go:")
	la.breakAndContinue("main.fib")
	var bp uint64
	la.onUI(func() { bp = la.state.PC })
	la.idle()
	la.keys('f') // to main.main: the past stop is in another function
	la.waitFor("the return to main", func(s string) bool { return !strings.Contains(s, "[breakpoint 1]") })
	la.idle()
	var now uint64
	la.onUI(func() { now = la.state.PC })
	la.keys('D')
	la.waitFor("the mark on the present pc", func(s string) bool { return strings.Contains(asmRowOf(s, now), "▶ ") })
	la.keys('{')
	s := la.waitFor("the mark on the past stop's pc", func(s string) bool {
		return strings.Contains(statusLine(s), "read-only") && strings.Contains(asmRowOf(s, bp), "▶ ") &&
			strings.Contains(s, "Disassembly: main.fib")
	})
	if strings.Contains(asmRowOf(s, now), "▶") {
		t.Errorf("the present's pc %#x is still marked in the past stop's view:\n%s", now, s)
	}
	la.idle()
	la.keys('.')
	la.waitFor("the mark back on the present pc", func(s string) bool {
		return !strings.Contains(statusLine(s), "read-only") && strings.Contains(asmRowOf(s, now), "▶ ") && !strings.Contains(asmRowOf(s, bp), "▶")
	})
}

// statusLine is the screen's last line: the status bar.
func statusLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return lines[len(lines)-1]
}
