package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source/fixture"
	"tdb/theme"
)

// fibState is a hand-made stop in testdata/fib: breakpoint 1 in the third
// call of fib, with three kinds of breakpoint in the gutter.
func fibState(t *testing.T, seq int, rax uint64) *debugger.State {
	src := fixture.Source("fib", "main.go")
	line := func(s string) int { return fixture.LineOf(t, "fib", "main.go", s) }
	return &debugger.State{
		Seq: seq, PID: 4242, Reason: debugger.StopReason{Kind: "breakpoint", Breakpoint: 1},
		Thread: 4242, Goroutine: 1, PC: 0x4beb4a, Function: "main.fib", File: src, Line: line("if n < 2"),
		Registers: []debugger.Register{
			{Name: "rip", Value: 0x4beb4a}, {Name: "rsp", Value: 0xc000050e98}, {Name: "rbp", Value: 0xc000050eb0},
			{Name: "rax", Value: rax}, {Name: "rbx", Value: 0}, {Name: "eflags", Value: 0x246}, {Name: "fs_base", Value: 0x593208},
		},
		Frames: []debugger.Frame{
			{Index: 0, PC: 0x4beb4a, Function: "main.fib", File: src, Line: line("if n < 2")},
			{Index: 1, PC: 0x4beb8d, Function: "main.fib", File: src, Line: line("a := fib(n - 1)")},
			{Index: 2, PC: 0x4bec05, Function: "main.main", File: src, Line: line("v := fib(i)")},
			{Index: 3, PC: 0x452687, Function: "runtime.main"},
		},
		Breakpoints: []debugger.Breakpoint{
			{ID: 1, File: src, Line: line("if n < 2"), Enabled: true, HitCount: 3},
			{ID: 2, File: src, Line: line("b := fib(n - 2)"), Enabled: false},
			{ID: 3, File: src, Line: line("return a + b"), Enabled: true, Cond: "n == 3"},
		},
	}
}

func TestScreenGolden(t *testing.T) {
	dark, err := theme.LoadColour("dark")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		ascii bool
		w, h  int
		frame int
	}{
		{"fib_80x24.txt", false, 80, 24, 0},
		{"fib_80x24_ascii.txt", true, 80, 24, 0},
		{"fib_80x24_frame2.txt", false, 80, 24, 2},
		{"fib_120x40.txt", false, 120, 40, 0},
		{"fib_250x70.txt", false, 250, 70, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, dark, c.ascii, c.w, c.h)
			ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
			st := fibState(t, 2, 2)
			st.SelectedFrame = c.frame
			ta.apply(debugger.Stopped{State: st})
			golden(t, c.name, ta.draw())
		})
	}
}

// TestScreenMarks checks what golden text cannot: styles, under colour
// and under NO_COLOR.
func TestScreenMarks(t *testing.T) {
	dark, _ := theme.LoadColour("dark")
	for _, th := range []*theme.Theme{dark, theme.Mono()} {
		t.Run(th.Name, func(t *testing.T) {
			ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, th, false, 80, 24)
			ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
			ta.apply(debugger.Stopped{State: fibState(t, 2, 2)})
			ta.draw()
			// The execution line is highlighted across the pane.
			x, y, _ := findCell(ta.screen, "if n < 2")
			if x < 0 {
				t.Fatal("exec line not shown")
			}
			_, _, arrowStyle := findCell(ta.screen, "▶")
			if arrowStyle != th.OnLine(th.Style(theme.Arrow), theme.ExecLine) {
				t.Errorf("arrow style %v", arrowStyle)
			}
			cells, w, _ := ta.screen.GetContents()
			lineStyle := th.Style(theme.ExecLine)
			_, wantBg, wantAttr := lineStyle.Decompose()
			for cx := x; cx < x+20; cx++ {
				_, bg, attr := cells[y*w+cx].Style.Decompose()
				if th.Mono && attr&wantAttr == 0 || !th.Mono && bg != wantBg {
					t.Fatalf("cell %d of the exec line is not highlighted: %v", cx, cells[y*w+cx].Style)
				}
			}
			// rax changed since the last stop, rbx did not.
			if _, _, s := findCell(ta.screen, "rax "); s != th.Style(theme.Changed) {
				t.Errorf("rax (changed) style %v, want %v", s, th.Style(theme.Changed))
			}
			if _, _, s := findCell(ta.screen, "rbx "); s != th.Style(theme.Text) {
				t.Errorf("rbx (unchanged) style %v, want text", s)
			}
			// Three breakpoint looks.
			for _, c := range []struct {
				mark rune
				role theme.Role
			}{{'●', theme.Breakpoint}, {'○', theme.BreakpointOff}, {'◆', theme.BreakpointCond}} {
				_, y, s := findCell(ta.screen, string(c.mark))
				if y < 0 {
					t.Errorf("mark %c missing", c.mark)
					continue
				}
				fg, _, attr := s.Decompose()
				wfg, _, wattr := th.Style(c.role).Decompose()
				if fg != wfg || attr&wattr != wattr {
					t.Errorf("mark %c style %v, want %v", c.mark, s, th.Style(c.role))
				}
			}
			if th.Mono {
				_, _, s := findCell(ta.screen, "if n < 2")
				if _, _, a := s.Decompose(); a&tcell.AttrReverse == 0 {
					t.Error("NO_COLOR: exec line not in reverse video")
				}
			}
		})
	}
}

// TestScreenDoesNotJump: pane borders stay put whatever the stop shows.
func TestScreenDoesNotJump(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 80, 24)
	borders := func(s string) string {
		var b strings.Builder
		for _, l := range strings.Split(s, "\n") {
			for _, r := range l {
				if strings.ContainsRune("┌┐└┘╔╗╚╝│║", r) { // not ─: titles sit on those
					b.WriteRune(r)
				} else {
					b.WriteRune(' ')
				}
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
	first := borders(ta.draw())
	st := fibState(t, 2, 2)
	st.SelectedFrame = 2
	st.Note = strings.Repeat("a very long note ", 20)
	ta.apply(debugger.Stopped{State: st})
	ta.log.add(strings.Repeat("long log line ", 30), theme.Text)
	if second := borders(ta.draw()); second != first {
		t.Errorf("layout moved:\n%s\nvs\n%s", first, second)
	}
}

func TestScreenDisassemblyWithoutSource(t *testing.T) {
	eng := newFakeEngine()
	eng.replies["Disassemble"] = debugger.Reply{Instructions: []debugger.Instruction{
		{Addr: 0x401000, Text: "MOVQ SP, BP"},
		{Addr: 0x401003, Text: "CALL runtime.foo(SB)", Breakpoint: true},
		{Addr: 0x401008, Text: "RET"},
	}}
	ta := newTestApp(t, eng, &fakeConsole{}, nil, false, 80, 24)
	st := &debugger.State{Seq: 1, PC: 0x401003, Function: "runtime.asmthing",
		Frames:      []debugger.Frame{{PC: 0x401003, Function: "runtime.asmthing"}},
		Breakpoints: []debugger.Breakpoint{{ID: 1, Addrs: []uint64{0x401003}, Enabled: true}}}
	ta.apply(debugger.Stopped{State: st})
	ta.settle()
	s := ta.draw()
	if !strings.Contains(s, "Disassembly: runtime.asmthing") {
		t.Errorf("no disassembly title:\n%s", s)
	}
	if !strings.Contains(s, "●▶ 0x401003  CALL runtime.foo(SB)") {
		t.Errorf("current instruction not marked:\n%s", s)
	}
	if !slices.Contains(eng.sentNames(), "Disassemble") {
		t.Errorf("no Disassemble request: %v", eng.sentNames())
	}
}

func TestScreenStatusBar(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 80, 24)
	last := func() string {
		lines := strings.Split(strings.TrimRight(ta.draw(), "\n"), "\n")
		return lines[len(lines)-1]
	}
	ta.apply(debugger.Stopped{State: fibState(t, 1, 1)})
	if l := last(); !strings.Contains(l, "stopped at main.go:") || !strings.Contains(l, "[breakpoint 1]") {
		t.Errorf("stopped: %q", l)
	}
	ta.apply(debugger.Running{})
	if l := last(); !strings.HasPrefix(strings.TrimSpace(l), "running") {
		t.Errorf("running: %q", l)
	}
	ta.apply(debugger.Exited{Status: 3})
	if l := last(); !strings.Contains(l, "exited: status 3") {
		t.Errorf("exited: %q", l)
	}
	ta.apply(debugger.Exited{Signal: "SIGKILL"})
	if l := last(); !strings.Contains(l, "exited: signal SIGKILL") {
		t.Errorf("killed: %q", l)
	}
}
