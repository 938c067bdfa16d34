package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source/fixture"
	"tdb/theme"
)

// wireTty is a terminal that counts what tcell writes to it: the bytes
// that would cross an SSH link.
type wireTty struct {
	mu     sync.Mutex
	n      int
	w, h   int
	closed chan struct{}
	once   sync.Once
}

func newWireTty(w, h int) *wireTty { return &wireTty{w: w, h: h, closed: make(chan struct{})} }

func (t *wireTty) Start() error        { return nil }
func (t *wireTty) Stop() error         { return nil }
func (t *wireTty) Drain() error        { return t.Close() } // wakes Read: Fini waits for it
func (t *wireTty) NotifyResize(func()) {}
func (t *wireTty) WindowSize() (tcell.WindowSize, error) {
	return tcell.WindowSize{Width: t.w, Height: t.h}, nil
}
func (t *wireTty) Read(p []byte) (int, error) { <-t.closed; return 0, io.EOF }
func (t *wireTty) Write(p []byte) (int, error) {
	t.mu.Lock()
	t.n += len(p)
	t.mu.Unlock()
	return len(p), nil
}
func (t *wireTty) Close() error { t.once.Do(func() { close(t.closed) }); return nil }

// sent returns the bytes written since the last call.
func (t *wireTty) sent() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.n
	t.n = 0
	return n
}

// wireApp is the screen of a stop in fib's main at 120x40, drawn on a
// terminfo screen (xterm-256color) writing to a wireTty, framed as Run
// frames it or, with cleared, as tview alone would (Clear, then draw).
type wireApp struct {
	*testApp
	tty    *wireTty
	screen tcell.Screen // what frames are drawn on
	seq    int
	path   string
	line   int
}

func newWireApp(tb testing.TB, framed bool) *wireApp {
	tb.Helper()
	const w, h = 120, 40
	ti, err := tcell.LookupTerminfo("xterm-256color")
	if err != nil {
		tb.Skip(err)
	}
	tty := newWireTty(w, h)
	real, err := tcell.NewTerminfoScreenFromTtyTerminfo(tty, ti)
	if err != nil {
		tb.Fatal(err)
	}
	if err := real.Init(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { real.Fini(); tty.Close() })
	th, _ := theme.LoadColour("dark")
	ta := newTestApp(tb, newFakeEngine(), &fakeConsole{}, th, false, w, h)
	wa := &wireApp{testApp: ta, tty: tty, screen: real,
		path: filepath.Join(fixture.Dir("fib"), "main.go"), line: 22}
	if framed {
		wa.screen = newFrameScreen(real)
	}
	wa.stop()
	ta.waitHighlighted()
	wa.frame()
	tty.sent()
	return wa
}

// stop shows a new stop at wa.line, with the registers a step changes and
// the log line the console prints.
func (wa *wireApp) stop() {
	wa.seq++
	pc := uint64(0x4bebd3 + 7*wa.seq)
	st := &debugger.State{Seq: wa.seq, Reason: debugger.StopReason{Kind: "step"}, Thread: 4242, Goroutine: 1, PC: pc,
		Function: "main.main", File: wa.path, Line: wa.line,
		Frames: []debugger.Frame{
			{PC: pc, Function: "main.main", File: wa.path, Line: wa.line},
			{PC: 0x43a1b2, Function: "runtime.main", File: "/usr/lib/go/src/runtime/proc.go", Line: 290},
		}}
	for i, r := range []string{"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
		"r12", "r13", "r14", "r15", "rip", "eflags", "cs", "fs_base"} {
		v := uint64(0xc000010000 + i*0x100)
		if r == "rip" {
			v = pc
		}
		if r == "rax" || r == "eflags" {
			v += uint64(wa.seq)
		}
		st.Registers = append(st.Registers, debugger.Register{Name: r, Value: v})
	}
	wa.apply(debugger.Stopped{State: st})
	wa.log.add(fmt.Sprintf("stopped: step: main.main at %s:%d (pc %#x, thread 4242, goroutine 1)", wa.path, wa.line, pc), theme.Text)
}

// frame draws one frame as tview's Application.draw does.
func (wa *wireApp) frame() {
	wa.settle()
	wa.layout.resize(wa.w, wa.h)
	wa.pages.SetRect(0, 0, wa.w, wa.h)
	wa.screen.Clear()
	wa.pages.Draw(wa.screen)
	wa.screen.Show()
}

// next moves the execution line one down (or back to the start): what a
// `next` redraws.
func (wa *wireApp) next() int {
	wa.line++
	if wa.line > 26 {
		wa.line = 22
	}
	wa.stop()
	wa.frame()
	return wa.tty.sent()
}

// TestFramesSendOnlyChanges: a stop that moves the execution line sends
// what changed (the arrow, the status bar, a register or two, the log),
// not the screen; a frame with no change sends a few bytes.
func TestFramesSendOnlyChanges(t *testing.T) {
	for _, framed := range []bool{true, false} {
		wa := newWireApp(t, framed)
		next := wa.next()
		wa.frame()
		idle := wa.tty.sent()
		t.Logf("framed %v: next %d bytes, a frame with no change %d bytes", framed, next, idle)
		if framed && (next > 3000 || idle > 500) {
			t.Errorf("a next sends %d bytes (want <= 3000), a frame with no change %d (want <= 500)", next, idle)
		}
		if !framed && next <= 3000 {
			// The harness must see tview's clear-then-draw resend every
			// cell, or it could not see the frame screen fail.
			t.Errorf("tview alone sends only %d bytes a next: is the wire counted?", next)
		}
	}
}

// BenchmarkNextOverSlowLink measures the bytes a `next` sends at 120x40
// and the time they take over a 64 kbit/s link (ssh to a far server), as
// tdb draws (framed) and as tview alone would (cleared).
func BenchmarkNextOverSlowLink(b *testing.B) {
	for _, framed := range []bool{true, false} {
		name := "cleared"
		if framed {
			name = "framed"
		}
		b.Run(name, func(b *testing.B) {
			wa := newWireApp(b, framed)
			total := 0
			for b.Loop() {
				total += wa.next()
			}
			per := float64(total) / float64(b.N)
			b.ReportMetric(per, "bytes/next")
			b.ReportMetric(per*8/64000, "s@64kbit/next")
		})
	}
}

// The screen's terminfo has no pad character, so tcell does not sleep
// for the padding of old terminals' entries (vt100: $<5> and more).
func TestScreenTerminfoHasNoPadding(t *testing.T) {
	ti, err := tcell.LookupTerminfo("vt100")
	if err != nil {
		t.Skip(err)
	}
	if ti.PadChar == "" || !strings.Contains(ti.Clear+ti.AttrOff+ti.Bold+ti.SetCursor, "$<") {
		t.Fatalf("vt100's entry lost its padding (pad %q): the test shows nothing", ti.PadChar)
	}
	got, err := screenTerminfo("vt100")
	if err != nil {
		t.Fatal(err)
	}
	if got.PadChar != "" {
		t.Errorf("pad character %q: tcell sleeps for padding", got.PadChar)
	}
	if ti.PadChar == "" {
		t.Errorf("screenTerminfo changed tcell's own entry")
	}
}
