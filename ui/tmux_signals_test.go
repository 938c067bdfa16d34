package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tdb/source/fixture"
)

// format reads one of tmux's formats for the pane (#{alternate_on}, ...).
func (ts *tmuxSession) format(f string) string {
	out, err := ts.tmux("display-message", "-p", f)
	if err != nil {
		ts.t.Fatalf("display-message %s: %v\n%s", f, err, out)
	}
	return strings.TrimSpace(out)
}

// tdbPid finds tdb in the pane: the pane's process or a descendant.
func (ts *tmuxSession) tdbPid() int {
	ts.t.Helper()
	root, err := strconv.Atoi(ts.format("#{pane_pid}"))
	if err != nil {
		ts.t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, p := range append([]int{root}, descendants(root)...) {
			if comm(p) == "tdb" {
				return p
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.t.Fatalf("no tdb under pid %d", root)
	return 0
}

func comm(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return strings.TrimSpace(string(b))
}

// descendants lists pid's children, grandchildren, ...
func descendants(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		for _, w := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(w); err == nil {
				out = append(out, c)
				out = append(out, descendants(c)...)
			}
		}
	}
	return out
}

// procState is the state letter of /proc/PID/stat, "" once it is gone.
func procState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func tracerPid(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "TracerPid:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func poll(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startTmuxHeld runs tdb as startTmuxEnv does, under a shell that, when
// tdb exits, prints "tdb-exit-STATUS" and holds the terminal open, so
// that its state can be read.
func startTmuxHeld(t *testing.T, w, h int, env []string, args ...string) *tmuxSession {
	t.Helper()
	cfgDir := t.TempDir()
	cmdline := fmt.Sprintf("env TDB_CONFIG_DIR=%s LANG=C.UTF-8 %s %s %s; echo tdb-exit-$?; exec sleep 1000000",
		cfgDir, strings.Join(env, " "), tdbBinary(t), strings.Join(args, " "))
	ts := startTmuxCmd(t, w, h, "sh -c '"+cmdline+"'")
	ts.cfgDir = cfgDir
	return ts
}

// checkTerminalRestored checks the pane's terminal after tdb left it:
// cooked mode, the main screen, mouse reporting off, the cursor shown,
// and the exit sequences on the wire.
func checkTerminalRestored(t *testing.T, ts *tmuxSession, w *wire) {
	t.Helper()
	tty := ts.format("#{pane_tty}")
	f, err := os.OpenFile(tty, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open %s: %v", tty, err)
	}
	defer f.Close()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Lflag&unix.ICANON == 0 || tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ISIG == 0 || tio.Oflag&unix.OPOST == 0 {
		t.Errorf("the terminal is left raw: lflag %#o oflag %#o", tio.Lflag, tio.Oflag)
	}
	for f, want := range map[string]string{"#{alternate_on}": "0", "#{mouse_any_flag}": "0",
		"#{mouse_button_flag}": "0", "#{mouse_standard_flag}": "0", "#{cursor_flag}": "1"} {
		if got := ts.format(f); got != want {
			t.Errorf("%s is %s after tdb, want %s", f, got, want)
		}
	}
	if b := string(w.bytes()); !strings.Contains(b, "\x1b[?1049l") {
		t.Errorf("tdb did not leave the alternate screen; the last bytes: %q", tail([]byte(b), 200))
	}
}

// TestTmuxQuitSignals: SIGTERM, SIGHUP, SIGQUIT and SIGINT end tdb as
// quit does: the terminal restored, the history saved, the program
// killed and `tdb debug`'s build directory removed; the status is the
// signal's (128+n).
func TestTmuxQuitSignals(t *testing.T) {
	fixture.Build(t, "fib") // the fixture's go.mod and sources are checked
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	for _, sig := range []syscall.Signal{unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGINT} {
		t.Run(unix.SignalName(sig), func(t *testing.T) {
			tmp := t.TempDir()
			ts := startTmuxHeld(t, 100, 30, []string{"TERM=xterm-256color", "TMPDIR=" + tmp},
				"debug", fixture.Dir("fib"))
			w := ts.pipe()
			ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
			ts.send(":", "p 40+2", "Enter")
			ts.waitText("(tdb) p 40+2")
			tdb := ts.tdbPid()
			kids := descendants(tdb)
			if len(kids) == 0 {
				t.Fatal("tdb has no children: where is the program?")
			}
			if dirs, _ := filepath.Glob(filepath.Join(tmp, "tdb-build-*")); len(dirs) == 0 {
				t.Fatalf("no build directory in %s: the check below shows nothing", tmp)
			}
			if err := unix.Kill(tdb, sig); err != nil {
				t.Fatal(err)
			}
			ts.waitText("tdb-exit-")
			if want := fmt.Sprintf("tdb-exit-%d", 128+int(sig)); !strings.Contains(ts.capture(), want) {
				t.Errorf("want the exit status %s:\n%s", want, ts.capture())
			}
			checkTerminalRestored(t, ts, w)
			for _, k := range kids {
				poll(t, fmt.Sprintf("the program's process %d (%s) to go", k, comm(k)), func() bool {
					s := procState(k)
					return s == "" || s == "Z"
				})
			}
			if dirs, _ := filepath.Glob(filepath.Join(tmp, "tdb-build-*")); len(dirs) != 0 {
				t.Errorf("build directory left behind: %v", dirs)
			}
			if b, err := os.ReadFile(filepath.Join(ts.cfgDir, "history")); err != nil || !strings.Contains(string(b), "p 40+2") {
				t.Errorf("history not saved: %q, %v", b, err)
			}
			if strings.Contains(ts.capture(), "goroutine ") {
				t.Errorf("a stack trace on the terminal:\n%s", ts.capture())
			}
		})
	}
}

// TestTmuxQuitSignalReleasesAttached: a signal releases an attached
// program, which runs on untraced.
func TestTmuxQuitSignalReleasesAttached(t *testing.T) {
	prog := exec.Command(fixture.Build(t, "loop"), filepath.Join(t.TempDir(), "done"), "100000")
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { prog.Process.Kill(); prog.Wait() }()
	pid := prog.Process.Pid
	ts := startTmuxHeld(t, 100, 30, []string{"TERM=xterm-256color"}, "attach", fmt.Sprint(pid))
	w := ts.pipe()
	ts.waitFor("the program under tdb", func(s string) bool {
		return strings.Contains(s, "running (Ctrl+C") || strings.Contains(s, "stopped at")
	})
	if tracerPid(pid) == "0" {
		t.Fatal("the program is not traced: the check below shows nothing")
	}
	unix.Kill(ts.tdbPid(), unix.SIGTERM)
	ts.waitText("tdb-exit-143")
	checkTerminalRestored(t, ts, w)
	poll(t, "the program to be released", func() bool { return tracerPid(pid) == "0" })
	poll(t, "the program to run", func() bool {
		s := procState(pid)
		return s == "R" || s == "S"
	})
}

// startTmuxShell runs an interactive bash (job control on) in tmux.
func startTmuxShell(t *testing.T, w, h int) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	cfg := t.TempDir()
	ts := startTmuxCmd(t, w, h, fmt.Sprintf("env -i PATH=%s HOME=%s TERM=xterm-256color LANG=C.UTF-8 TDB_CONFIG_DIR=%s PS1='$ ' bash --norc --noprofile -i",
		os.Getenv("PATH"), t.TempDir(), cfg))
	ts.cfgDir = cfg
	ts.waitText("$")
	return ts
}

// TestTmuxSuspend: Ctrl+Z (a key to tdb's raw terminal) and SIGTSTP (kill
// -TSTP) hand the terminal back to the shell, which reports tdb stopped;
// fg brings the screen back, drawn, and keys work.
func TestTmuxSuspend(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	ts := startTmuxShell(t, 100, 30)
	ts.send(tdbBinary(t)+" exec "+fib, "Enter")
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	tdb := ts.tdbPid()
	line := mainLine
	for _, how := range []string{"Ctrl+Z", "kill -TSTP"} {
		if how == "Ctrl+Z" {
			ts.send("C-z")
		} else {
			unix.Kill(tdb, unix.SIGTSTP)
		}
		ts.waitText("Stopped")
		if got := ts.format("#{alternate_on}"); got != "0" {
			t.Errorf("%s: still on the alternate screen", how)
		}
		poll(t, "tdb to stop", func() bool { return procState(tdb) == "T" })
		// The shell reads its next command (its prompt is the last line).
		ts.waitFor("the prompt", func(s string) bool {
			l := strings.Split(strings.TrimRight(s, "\n "), "\n")
			return strings.TrimSpace(l[len(l)-1]) == "$"
		})
		ts.send("fg", "Enter")
		ts.waitText(fmt.Sprintf("stopped at main.go:%d", line))
		ts.waitText("Registers") // drawn whole, not just what changed
		// Keys work: tdb took the terminal back in raw mode.
		ts.waitFor("the terminal in raw mode after fg", func(string) bool { return !cooked(t, ts) })
		ts.send("n")
		line++
		ts.waitText(fmt.Sprintf("stopped at main.go:%d", line))
	}
	ts.send("q")
	poll(t, "tdb to exit", func() bool { s := procState(tdb); return s == "" || s == "Z" })
}

// TestTmuxAttachJobShell: a program that is a background job of an
// interactive shell, attached to and left, is never reported "Stopped"
// by its shell, and outlives both tdb and the shell. (tdb had it take a
// SIGSTOP into a group stop at attach, which the shell's waitpid saw; the
// shell, exiting, then sent the "stopped" job SIGHUP and killed it.)
func TestTmuxAttachJobShell(t *testing.T) {
	loop := fixture.Build(t, "loop")
	ts := startTmuxShell(t, 100, 30)
	ts.send(loop+" "+filepath.Join(t.TempDir(), "done")+" 100000 &", "Enter")
	s := ts.waitText("[1] ")
	var pid int
	for _, l := range strings.Split(s, "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "[1]" {
			pid, _ = strconv.Atoi(f[1])
		}
	}
	if pid == 0 {
		t.Fatalf("no job pid:\n%s", s)
	}
	defer unix.Kill(pid, unix.SIGKILL)
	for _, mode := range []string{"batch", "screen"} {
		if mode == "batch" {
			out, err := exec.Command(tdbBinary(t), "--batch", "-ex", "bt", "attach", fmt.Sprint(pid)).CombinedOutput()
			if err != nil {
				t.Fatalf("tdb --batch attach: %v\n%s", err, out)
			}
		} else {
			tt := startTmuxEnv(t, 100, 30, []string{"TERM=xterm-256color"}, "attach", fmt.Sprint(pid))
			tt.waitFor("the program under tdb", func(s string) bool {
				return strings.Contains(s, "running (Ctrl+C") || strings.Contains(s, "stopped at")
			})
			tt.send("q")
			if strings.Contains(tt.capture(), "running (Ctrl+C") {
				tt.waitText("quit?  (y/n)")
				tt.send("y")
			}
			poll(t, "tdb to exit", func() bool { _, err := tt.tmux("has-session"); return err != nil })
		}
		poll(t, "the program to be released", func() bool { return tracerPid(pid) == "0" })
		ts.send("jobs", "Enter") // the shell reports job changes at a prompt
		ts.waitText("Running")
		if s := ts.capture(); strings.Contains(s, "Stopped") || strings.Contains(s, "Continued") {
			t.Fatalf("after tdb (%s) the shell reports the job stopped:\n%s", mode, s)
		}
	}
	ts.send("exit", "Enter")
	poll(t, "the shell to exit", func() bool { _, err := ts.tmux("has-session"); return err != nil })
	if st := procState(pid); st != "R" && st != "S" {
		t.Errorf("the program did not outlive its shell: state %q", st)
	}
}

// TestTmuxDeathWhileStopped: the program killed from outside while
// stopped shows on the screen with no key pressed.
func TestTmuxDeathWhileStopped(t *testing.T) {
	fib := fixture.Build(t, "fib")
	ts := startTmuxEnv(t, 100, 30, nil, "exec", fib)
	ts.waitText("stopped at main.go:")
	var prog int
	for _, p := range descendants(ts.tdbPid()) {
		if comm(p) == "fib" {
			prog = p
		}
	}
	if prog == 0 {
		t.Fatal("no fib under tdb")
	}
	unix.Kill(prog, unix.SIGKILL)
	ts.waitText("SIGKILL")
}

// cooked reports whether the pane's terminal is in canonical mode.
func cooked(t *testing.T, ts *tmuxSession) bool {
	f, err := os.OpenFile(ts.format("#{pane_tty}"), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&unix.ICANON != 0
}
