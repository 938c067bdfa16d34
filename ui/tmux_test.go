package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// tmuxSession is tdb running in a detached tmux session on a private
// server, so tests neither see nor disturb the user's tmux.
type tmuxSession struct {
	t      *testing.T
	socket string
	cfgDir string // tdb's TDB_CONFIG_DIR (the history is there)
}

func startTmux(t *testing.T, w, h int, args ...string) *tmuxSession {
	t.Helper()
	return startTmuxEnv(t, w, h, nil, args...)
}

// startTmuxEnv is startTmux with environment settings (TERM=..., LANG=...)
// for tdb, after the defaults.
func startTmuxEnv(t *testing.T, w, h int, env []string, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	tdb := tdbBinary(t) // batch_test.go builds it once per process
	cfgDir := t.TempDir()
	cmdline := fmt.Sprintf("env TDB_CONFIG_DIR=%s LANG=C.UTF-8 %s %s %s", cfgDir, strings.Join(env, " "), tdb, strings.Join(args, " "))
	ts := startTmuxCmd(t, w, h, cmdline)
	ts.cfgDir = cfgDir
	return ts
}

// startTmuxCmd runs cmdline (a shell command) in a new tmux server. The
// pane stays when its command exits, so that tests can read what the
// command left on the terminal.
func startTmuxCmd(t *testing.T, w, h int, cmdline string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	// The server's socket lives in the test's own directory, removed
	// with it: named sockets (-L) stayed behind in /tmp/tmux-UID, one
	// per test and run (21 after one CI run).
	ts := &tmuxSession{t: t, socket: filepath.Join(t.TempDir(), "tmux")}
	if out, err := ts.tmux("new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmdline); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(ts.end)
	return ts
}

// end kills the server and waits (bounded) until the pane's processes are
// gone: tdb ends on the SIGHUP by saving its history into the test's
// config directory, and removing that directory before tdb is done left
// it behind in TMPDIR (TestTmuxMechanicsStep*/001 after loaded CI runs).
// The wait bounds zombies too: tdb's parent, the pane's shell, dies with
// the server, so tdb is reaped by init.
func (ts *tmuxSession) end() {
	var pids []int
	if out, err := ts.tmux("display-message", "-p", "#{pane_pid}"); err == nil {
		if root, err := strconv.Atoi(strings.TrimSpace(out)); err == nil {
			pids = append([]int{root}, descendants(root)...)
		}
	}
	ts.tmux("kill-server")
	deadline := time.Now().Add(20 * time.Second)
	for _, p := range pids {
		for s := procState(p); s != "" && s != "Z" && time.Now().Before(deadline); s = procState(p) {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func (ts *tmuxSession) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-S", ts.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (ts *tmuxSession) capture() string {
	out, _ := ts.tmux("capture-pane", "-p")
	return out
}

// send sends keys one by one with a pause: tcell reads an Escape followed
// at once by a key as Alt+key, as terminals do.
func (ts *tmuxSession) send(keys ...string) {
	for _, k := range keys {
		if out, err := ts.tmux("send-keys", k); err != nil {
			ts.t.Fatalf("send-keys %q: %v\n%s", k, err, out)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func (ts *tmuxSession) waitFor(what string, cond func(string) bool) string {
	ts.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = ts.capture()
		if cond(s) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.t.Fatalf("timed out waiting for %s; pane:\n%s", what, s)
	return ""
}

func (ts *tmuxSession) waitText(text string) string {
	ts.t.Helper()
	return ts.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// TestTmuxSession runs the real binary in tmux at 80x24 and 120x40: it
// sets a breakpoint with the keyboard, continues, steps, selects a frame,
// and quits, reading the pane after each step.
func TestTmuxSession(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	ifLine := fixture.LineOf(t, "fib", "main.go", "if n < 2")
	retLine := fixture.LineOf(t, "fib", "main.go", "return n")
	callLine := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			ts := startTmux(t, size[0], size[1], "exec", fib)
			ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
			for i := 0; i < mainLine-ifLine; i++ {
				ts.send("k")
			}
			ts.send("b")
			ts.waitFor("the breakpoint mark", func(s string) bool {
				return strings.Contains(rowOf(s, ifLine), "●")
			})
			ts.send("c")
			s := ts.waitText(fmt.Sprintf("stopped at main.go:%d [breakpoint 1]", ifLine))
			if r := rowOf(s, ifLine); !strings.Contains(r, "●▶") {
				t.Errorf("line %d: %q", ifLine, r)
			}
			ts.send("n")
			ts.waitText(fmt.Sprintf("stopped at main.go:%d", retLine))
			// The Locals pane takes the Registers pane's place: fib(1)
			// returns n at once.
			ts.send("L")
			s = ts.waitText("n = 1")
			if !strings.Contains(s, "Locals") || !strings.Contains(s, "Backtrace") {
				t.Errorf("Locals in the side slot, Backtrace below:\n%s", s)
			}
			ts.send("R")
			ts.waitText("Registers")
			ts.send("Tab", "Tab", "j")
			s = ts.waitText("(frame #1)")
			if r := rowOf(s, callLine); !strings.Contains(r, "▷") {
				t.Errorf("caller line %d not marked: %q", callLine, r)
			}
			// Nothing from the program's output reached the screen
			// outside the Log pane: fib prints only when main resumes.
			ts.send("q")
			ts.waitFor("tdb to exit", func(string) bool {
				_, err := ts.tmux("has-session")
				return err != nil
			})
		})
	}
}

// TestTmuxProgramOutputStaysInLog: a program printing while tdb draws
// never scribbles on the screen: its lines appear inside the Log pane.
func TestTmuxProgramOutputStaysInLog(t *testing.T) {
	fib := fixture.Build(t, "fib")
	ts := startTmux(t, 80, 24, "exec", fib)
	ts.waitText("stopped at main.go:")
	ts.send("c")
	s := ts.waitText("exited: status 3")
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "sum 143") && !strings.HasPrefix(l, "│") {
			t.Errorf("output outside the Log pane: %q", l)
		}
	}
	if !strings.Contains(s, "│sum 143") {
		t.Errorf("output not in the Log pane:\n%s", s)
	}
}

// wire is what tdb wrote to its tmux pane, copied by pipe-pane.
type wire struct {
	ts   *tmuxSession
	path string
}

func (ts *tmuxSession) pipe() *wire {
	ts.t.Helper()
	w := &wire{ts: ts, path: ts.t.TempDir() + "/wire"}
	if out, err := ts.tmux("pipe-pane", "-o", "cat >> "+w.path); err != nil {
		ts.t.Fatalf("pipe-pane: %v\n%s", err, out)
	}
	return w
}

func (w *wire) bytes() []byte {
	b, _ := os.ReadFile(w.path)
	return b
}

// emptyFrame is what tcell sends for a frame in which no cell changed
// (synchronized output on, the cursor hidden twice).
const emptyFrame = "\x1b[?2026h\x1b[?25l\x1b[?25l\x1b[?2026l"

// fence presses '.' (jump to the execution line, which is where the
// cursor is: nothing changes) until its frame, empty, is the last thing
// on the wire: everything drawn before it has arrived. It returns the
// size of the wire without that empty frame.
func (w *wire) fence() int {
	w.ts.t.Helper()
	for try := 0; try < 20; try++ {
		before := len(w.bytes())
		w.ts.send(".")
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			b := w.bytes()
			if len(b) >= before+len(emptyFrame) && strings.HasSuffix(string(b), emptyFrame) {
				return len(b) - len(emptyFrame)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	w.ts.t.Fatalf("no empty frame came after 20 presses of '.': every frame redraws; the last bytes: %q", tail(w.bytes(), 300))
	return 0
}

func tail(b []byte, n int) []byte { return b[max(0, len(b)-n):] }

// TestTmuxBytesOnTheWire counts what reaches the terminal at 120x40: a
// `next` that moves the execution line sends under 3 KB, a key that
// changes nothing under 0.5 KB (before tdb drew on a frame buffer, tview's
// clear-then-draw resent every cell: 40-50 KB and 9-12 KB).
func TestTmuxBytesOnTheWire(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	ts := startTmuxEnv(t, 120, 40, []string{"TERM=xterm-256color"}, "exec", fib)
	w := ts.pipe()
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	ts.waitText("tdb: press ? for help")
	// The source is highlighted off the UI goroutine and redrawn in
	// colour when done: wait for it (the keyword and the name in
	// different colours), or its frame would count as the next's.
	ts.waitFor("highlighting", func(string) bool {
		out, _ := ts.tmux("capture-pane", "-p", "-e")
		return strings.Contains(out, "func\x1b[") && !strings.Contains(out, "func main()")
	})
	start := w.fence()

	before := len(w.bytes())
	ts.send("n")
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+1))
	next := w.fence() - before

	before = len(w.bytes())
	ts.send(".")
	noop := w.fence() - before
	t.Logf("the first screen %d bytes, a next %d bytes, a key that changes nothing %d bytes", start, next, noop)
	if next > 3000 {
		t.Errorf("a next sent %d bytes, want at most 3000", next)
	}
	if noop > 500 {
		t.Errorf("a key that changes nothing sent %d bytes, want at most 500", noop)
	}
}

// TestTmuxEightBitLocales: in a Latin-1 or KOI8-R locale the screen
// opens (tcell knew only UTF-8 and ASCII: a stack trace at start), with
// ASCII marks and borders, and steps.
func TestTmuxEightBitLocales(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	for _, lang := range []string{"en_US.ISO-8859-1", "ru_RU.KOI8-R"} {
		t.Run(lang, func(t *testing.T) {
			ts := startTmuxEnv(t, 100, 30, []string{"LANG=" + lang, "LC_ALL=" + lang}, "exec", fib)
			ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
			ts.send("n")
			s := ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+1))
			if r := rowOf(s, mainLine+1); !strings.Contains(r, "=>") {
				t.Errorf("line %d has no ASCII arrow: %q", mainLine+1, r)
			}
			if strings.ContainsAny(s, "●▶│─") {
				t.Errorf("Unicode marks in an 8-bit locale:\n%s", s)
			}
		})
	}
}

// TestTmuxVT100: a terminfo entry with padding (vt100's $<5>) draws and
// steps like any other: tcell slept for every padding, 6 s to the first
// screen and 7.5 s a next, and the deadlines here would not be met on a
// loaded machine. screenTerminfo's test checks the padding is gone.
func TestTmuxVT100(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	ts := startTmuxEnv(t, 80, 24, []string{"TERM=vt100"}, "exec", fib)
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	for i := 1; i <= 3; i++ {
		ts.send("n")
		ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+i))
	}
}
