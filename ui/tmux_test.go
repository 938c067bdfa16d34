package ui

import (
	"fmt"
	"os"
	"os/exec"
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
}

func startTmux(t *testing.T, w, h int, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	tdb := tdbBinary(t) // batch_test.go builds it once per process
	return startTmuxCmd(t, w, h, fmt.Sprintf("env TDB_CONFIG_DIR=%s LANG=C.UTF-8 %s %s", t.TempDir(), tdb, strings.Join(args, " ")))
}

// startTmuxCmd runs a shell command line (tdb with an environment of the
// test's own) in a w x h tmux window.
func startTmuxCmd(t *testing.T, w, h int, cmdline string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	ts := &tmuxSession{t: t, socket: fmt.Sprintf("tdb-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	if out, err := ts.tmux("new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmdline); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { ts.tmux("kill-server") })
	return ts
}

func (ts *tmuxSession) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", ts.socket}, args...)...).CombinedOutput()
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
