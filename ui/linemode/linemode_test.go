package linemode

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"tdb/source/fixture"
)

// ptyTDB is the real tdb binary on a pty of its own, as a user at a
// terminal runs it.
type ptyTDB struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	seen int // how much of out the last wait consumed
	done chan struct{}
}

func startPty(t *testing.T, env []string, args ...string) *ptyTDB {
	t.Helper()
	cmd := exec.Command(tdbBinary(t), args...)
	cmd.Env = append(os.Environ(), append([]string{"TDB_CONFIG_DIR=" + t.TempDir(), "LANG=C.UTF-8"}, env...)...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 200})
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	p := &ptyTDB{t: t, cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		tty.Close()
	})
	return p
}

func (p *ptyTDB) send(s string) {
	if _, err := io.WriteString(p.tty, s); err != nil {
		p.t.Fatalf("writing %q: %v", s, err)
	}
}

// wait polls (with a deadline) until the output after the last wait
// matches re, and returns that output up to the match's end.
func (p *ptyTDB) wait(re string) string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(60 * time.Second)
	for {
		p.mu.Lock()
		s := p.out.String()[p.seen:]
		if loc := rx.FindStringIndex(s); loc != nil {
			p.seen += loc[1]
			p.mu.Unlock()
			return s[:loc[1]]
		}
		p.mu.Unlock()
		select {
		case <-p.done:
			p.t.Fatalf("tdb ended before %q; output since the last match:\n%q", re, s)
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %q; output since the last match:\n%q", re, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// exit waits for tdb to end and returns its status.
func (p *ptyTDB) exit() int {
	p.t.Helper()
	ch := make(chan error, 1)
	go func() { ch <- p.cmd.Wait() }()
	select {
	case err := <-ch:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			p.t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(60 * time.Second):
		p.t.Fatalf("tdb did not exit; output:\n%s", p.out.String())
	}
	return -1
}

// processesOf lists the live processes running the executable bin.
func processesOf(bin string) []string {
	var pids []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == bin {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

// stopLine is DESIGN.md's stop line without the thread, which differs
// from run to run.
var threadRE = regexp.MustCompile(`thread \d+`)

// TestLineModePty drives `tdb --cli` on a pty: the prompt, the batch
// mode's lines for break/continue/print (compared with `tdb --batch` on
// the same program), the program's output, Ctrl+C interrupting a loop,
// quit with status 0 and no process left.
func TestLineModePty(t *testing.T) {
	fib := fixture.Build(t, "fib")
	cmds := []string{"break main.fib", "continue", "print n", "clear 1", "continue"}
	want := batch(t, fib, cmds...)

	p := startPty(t, nil, "--cli", "exec", fib)
	var got strings.Builder
	p.wait(`\(tdb\) $`)
	for _, c := range cmds {
		p.send(c + "\r")
		got.WriteString(p.wait(`(?s).*?\(tdb\) $`))
	}
	// The editor echoes each command, then tdb answers with the batch
	// lines; the program's output comes between them.
	gotLines := strings.Split(strings.ReplaceAll(got.String(), "\r\n", "\n"), "\n")
	var tdbLines []string
	for _, l := range gotLines {
		l = strings.TrimPrefix(l, Prompt)
		if slices.Contains(cmds, l) {
			continue
		}
		if l != "" && !strings.HasPrefix(l, "fib(") && !strings.HasPrefix(l, "sum ") {
			tdbLines = append(tdbLines, threadRE.ReplaceAllString(l, "thread N"))
		}
	}
	var wantLines []string
	for _, l := range want.Without(`^(fib\(|sum )`) {
		wantLines = append(wantLines, threadRE.ReplaceAllString(l, "thread N"))
	}
	if strings.Join(tdbLines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("line mode answered\n%s\nwant (tdb --batch)\n%s", strings.Join(tdbLines, "\n"), strings.Join(wantLines, "\n"))
	}
	if !strings.Contains(got.String(), "fib(10) = 55") || !strings.Contains(got.String(), "exited: status 3") {
		t.Errorf("the program's output or its exit is missing:\n%s", got.String())
	}
	p.send("quit\r")
	if st := p.exit(); st != 0 {
		t.Errorf("quit: status %d, want 0", st)
	}
}

// TestLineModeInterrupt: Ctrl+C on the pty stops a looping program (not
// tdb), the session goes on, and quit kills the program.
func TestLineModeInterrupt(t *testing.T) {
	loop := fixture.Build(t, "loop")
	p := startPty(t, []string{"TERM=dumb"}, "exec", loop, filepath.Join(t.TempDir(), "done"), "1000000")
	p.wait(`\(tdb\) $`)
	p.send("continue\r")
	p.wait(`continue\r?\n`)
	// The terminal is cooked while the program runs: Ctrl+C is SIGINT to
	// tdb's process group, which tdb turns into an interrupt.
	p.send("\x03")
	out := p.wait(`(?s)stopped: interrupt: .*?\(tdb\) $`)
	if !regexp.MustCompile(`stopped: interrupt: \S+ at \S+ \(pc 0x[0-9a-f]+, thread \d+`).MatchString(out) {
		t.Errorf("Ctrl+C: %q, want a stop line", out)
	}
	p.send("print 1+2\r")
	if out := p.wait(`(?s)\n3\r?\n\(tdb\) $`); out == "" {
		t.Error("no answer after the interrupt")
	}
	if pids := processesOf(loop); len(pids) != 1 {
		t.Errorf("while stopped: processes of %s: %v, want one", loop, pids)
	}
	p.send("\x04") // Ctrl+D quits as quit does
	if st := p.exit(); st != 0 {
		t.Errorf("Ctrl+D: status %d, want 0", st)
	}
	if pids := processesOf(loop); len(pids) != 0 {
		t.Errorf("after quit: processes of %s left: %v", loop, pids)
	}
}

// TestLineModeInterruptTypedAhead: continue, Enter and Ctrl+C written at
// once (as tmux's send-keys does) reach tdb while the editor still has
// the terminal raw, so no SIGINT comes; the Ctrl+C still stops that
// continue, and the next prompt starts empty.
func TestLineModeInterruptTypedAhead(t *testing.T) {
	loop := fixture.Build(t, "loop")
	p := startPty(t, nil, "--cli", "exec", loop, filepath.Join(t.TempDir(), "done"), "1000000")
	p.wait(`\(tdb\) $`)
	p.send("continue\r\x03")
	out := p.wait(`(?s)stopped: interrupt: .*?\(tdb\) $`)
	if !regexp.MustCompile(`stopped: interrupt: \S+ at \S+ \(pc 0x[0-9a-f]+, thread \d+`).MatchString(out) {
		t.Errorf("continue then Ctrl+C at once: %q, want a stop line", out)
	}
	p.send("print 1+2\r")
	p.wait(`(?s)\n3\r?\n\(tdb\) $`)
	p.send("quit\r")
	if st := p.exit(); st != 0 {
		t.Errorf("quit: status %d, want 0", st)
	}
}

// TestLineModeSignalWhileRunning: SIGTERM or SIGHUP (the terminal closed:
// an SSH connection dropped, tmux's kill-server) while a continue runs
// for ever ends tdb with status 1 and the program killed. tdb used to
// wait for the command, which never came back: both stayed.
func TestLineModeSignalWhileRunning(t *testing.T) {
	loop := fixture.Build(t, "loop")
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			p := startPty(t, nil, "--cli", "exec", loop, filepath.Join(t.TempDir(), "done"), "1000000")
			p.wait(`\(tdb\) $`)
			p.send("continue\r")
			p.wait(`continue\r?\n`)
			p.cmd.Process.Signal(sig)
			if st := p.exit(); st != 1 {
				t.Errorf("%v while running: status %d, want 1", sig, st)
			}
			if pids := processesOf(loop); len(pids) != 0 {
				t.Errorf("after %v: processes of %s left: %v", sig, loop, pids)
			}
		})
	}
}

// TestLineModeEditing checks the editor's keys on the pty: history,
// moving, deleting words and the whole line, and Tab completion.
func TestLineModeEditing(t *testing.T) {
	fib := fixture.Build(t, "fib")
	p := startPty(t, nil, "--cli", "exec", fib)
	p.wait(`\(tdb\) $`)
	// "b main.fix" mended into "break main.fib": Backspace, Ctrl+A,
	// Right, typing in the middle, Ctrl+E.
	p.send("b main.fix\x7fb\x01\x1b[Creak\x05\r")
	p.wait(`Breakpoint 1 at 0x[0-9a-f]+: main\.fib .*\n`)
	// Ctrl+U drops what was typed; Ctrl+W the last word.
	p.send("garbage\x15prin 7 junk\x17\x1b[D\x1b[D\x1b[Dt\r")
	p.wait(`\n7\r?\n\(tdb\) $`)
	// Up brings back the print; Enter runs it again.
	p.send("\x1b[A\r")
	p.wait(`\n7\r?\n\(tdb\) $`)
	// Ctrl+C at the prompt drops the line, not tdb.
	p.send("print 99\x03")
	p.wait(`print 99\^C\r?\n\(tdb\) $`)
	// Tab completes a function name after break.
	p.send("break main.fi\t")
	p.wait(`main\.fib $`)
	p.send("\x15continue\r")
	p.wait(`stopped: breakpoint 1: main\.fib`)
	p.send("quit\r")
	if st := p.exit(); st != 0 {
		t.Errorf("quit: status %d, want 0", st)
	}
}

// TestLineModeHistoryKept: the line mode's history is the screen's file:
// a command typed in one run comes back with Up in the next.
func TestLineModeHistoryKept(t *testing.T) {
	fib := fixture.Build(t, "fib")
	cfg := "TDB_CONFIG_DIR=" + t.TempDir()
	p := startPty(t, []string{cfg}, "--cli", "exec", fib)
	p.wait(`\(tdb\) $`)
	p.send("print 6*7\r")
	p.wait(`\n42\r?\n\(tdb\) $`)
	p.send("quit\r")
	p.exit()
	hist, err := os.ReadFile(filepath.Join(strings.TrimPrefix(cfg, "TDB_CONFIG_DIR="), "history"))
	if err != nil || !strings.Contains(string(hist), "print 6*7") {
		t.Fatalf("history file: %q, %v", hist, err)
	}
	p = startPty(t, []string{cfg}, "--cli", "exec", fib)
	p.wait(`\(tdb\) $`)
	p.send("\x1b[A\x1b[A\r") // quit, then print 6*7
	p.wait(`\n42\r?\n\(tdb\) $`)
	p.send("quit\r")
	if st := p.exit(); st != 0 {
		t.Errorf("status %d", st)
	}
}

// TestLineModeNoCursorAddressing: a terminal whose terminfo entry has no
// cup (compiled here with tic) gets the line mode, saying why, not an
// error.
func TestLineModeNoCursorAddressing(t *testing.T) {
	if _, err := exec.LookPath("tic"); err != nil {
		t.Skip("tic is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "nocup.src")
	if err := os.WriteFile(src, []byte("nocup|a terminal without cursor addressing,\n\tam, cols#80, lines#24,\n\tbel=^G, cr=\\r, cud1=\\n, ind=\\n,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("tic", "-o", dir, src).CombinedOutput(); err != nil {
		t.Fatalf("tic: %v\n%s", err, out)
	}
	fib := fixture.Build(t, "fib")
	p := startPty(t, []string{"TERMINFO=" + dir, "TERM=nocup"}, "exec", fib)
	out := p.wait(`\(tdb\) $`)
	if !strings.Contains(out, "tdb: TERM=nocup cannot move the cursor: line mode (--cli)") {
		t.Errorf("start: %q, want the line mode's reason", out)
	}
	p.send("quit\r")
	if st := p.exit(); st != 0 {
		t.Errorf("quit: status %d", st)
	}
}

// TestLineModeQuitDetaches: quit in the line mode after `tdb attach`
// leaves the program running, untraced, as gdb's quit does.
func TestLineModeQuitDetaches(t *testing.T) {
	prog := exec.Command(fixture.Build(t, "loop"), filepath.Join(t.TempDir(), "done"), "1000000")
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		prog.Process.Kill()
		prog.Wait()
	}()
	pid := prog.Process.Pid
	p := startPty(t, nil, "--cli", "attach", fmt.Sprint(pid))
	p.wait(`\(tdb\) $`)
	p.send("quit\r")
	out := p.wait(`detached from process \d+`)
	if st := p.exit(); st != 0 {
		t.Errorf("quit: status %d\n%s", st, out)
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("the program is gone after quit: %v", err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "State:") && (strings.Contains(l, "Z") || strings.Contains(l, "t (tracing")) {
			t.Errorf("program after quit: %s", l)
		}
		if strings.HasPrefix(l, "TracerPid:") && strings.TrimSpace(strings.TrimPrefix(l, "TracerPid:")) != "0" {
			t.Errorf("program still traced after quit: %s", l)
		}
	}
}

// TestLineModeSIGTERM: SIGTERM at the prompt ends tdb as quit does (the
// program killed) with status 1, and the terminal is cooked again.
func TestLineModeSIGTERM(t *testing.T) {
	loop := fixture.Build(t, "loop")
	p := startPty(t, nil, "--cli", "exec", loop, filepath.Join(t.TempDir(), "done"), "1000000")
	p.wait(`\(tdb\) $`)
	p.send("break main.tick\r")
	p.wait(`Breakpoint 1 at .*\n\(tdb\) $`)
	p.send("continue\r")
	p.wait(`stopped: breakpoint 1: .*\n\(tdb\) $`)
	// At the prompt the editor has the terminal raw.
	if tio, err := unix.IoctlGetTermios(int(p.tty.Fd()), unix.TCGETS); err != nil || tio.Lflag&unix.ICANON != 0 {
		t.Fatalf("at the prompt: lflag %#x, %v; want raw", tio.Lflag, err)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if st := p.exit(); st != 1 {
		t.Errorf("SIGTERM: status %d, want 1", st)
	}
	tio, err := unix.IoctlGetTermios(int(p.tty.Fd()), unix.TCGETS)
	if err != nil || tio.Lflag&(unix.ICANON|unix.ECHO|unix.ISIG) != unix.ICANON|unix.ECHO|unix.ISIG {
		t.Errorf("after SIGTERM: lflag %#x, %v; want cooked", tio.Lflag, err)
	}
	if pids := processesOf(loop); len(pids) != 0 {
		t.Errorf("after SIGTERM: processes of %s left: %v", loop, pids)
	}
}
