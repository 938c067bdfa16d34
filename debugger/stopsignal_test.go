package debugger

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"tdb/source/fixture"
)

// procState is the state letter of /proc/PID/stat: 't' while traced and
// stopped, 'T' in a group stop.
func procState(t *testing.T, pid int) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndexByte(b, ')')
	return strings.Fields(string(b[i+1:]))[0]
}

// A program that stops itself with each stop signal is reported stopped
// by that signal, as gdb reports it, and stays stopped; continue runs it
// on to its end (cstop prints "cstop: continued" and exits 0). Before,
// the stop was swallowed and the program ran on unreported.
func TestStopSignalSelf(t *testing.T) {
	for _, c := range []struct{ arg, sig string }{{"", "SIGSTOP"}, {"TSTP", "SIGTSTP"}, {"TTIN", "SIGTTIN"}, {"TTOU", "SIGTTOU"}} {
		t.Run(c.sig, func(t *testing.T) {
			var args []string
			if c.arg != "" {
				args = []string{c.arg}
			}
			tg := launch(t, "cstop", args...)
			st := tg.stop(Continue{})
			if st.Reason.Kind != "signal" || st.Reason.Signal != c.sig {
				t.Fatalf("stopped: %s, want signal %s", st.Reason, c.sig)
			}
			if s := procState(t, int(tg.s.pid.Load())); s != "t" {
				t.Errorf("process state %q while tdb shows the stop, want t", s)
			}
			if strings.Contains(tg.output(), "continued") {
				t.Fatalf("the program ran on past its stop: %q", tg.output())
			}
			rep := tg.do(Continue{})
			if rep.Exited == nil || rep.Exited.Status != 0 {
				t.Fatalf("after continue: %+v %v, want exit status 0", rep.Exited, rep.State)
			}
			tg.waitOutput("cstop: continued")
			if _, err := exec.LookPath("gdb"); err != nil || c.arg != "" {
				return
			}
			out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", "run", fixture.Build(t, "cstop")).CombinedOutput()
			if !strings.Contains(string(out), "Program received signal "+c.sig) {
				t.Errorf("gdb does not report %s:\n%s", c.sig, out)
			}
		})
	}
}

// kill -STOP from outside stops a running program (C and Go) and tdb
// reports it; it stays stopped while shown, and continue runs it on.
func TestStopSignalOutside(t *testing.T) {
	dir := t.TempDir()
	t.Run("C", func(t *testing.T) {
		goFile := filepath.Join(dir, "go")
		t.Setenv("CSTOP_GO", goFile)
		tg := launch(t, "cstop", "wait")
		ch := tg.s.Send(Continue{})
		tg.waitOutput("cstop: waiting")
		pid := int(tg.s.pid.Load())
		killStop(t, pid)
		rep := tg.reply(ch)
		if rep.State == nil || rep.State.Reason.Signal != "SIGSTOP" {
			t.Fatalf("after kill -STOP: %+v", rep)
		}
		if err := os.WriteFile(goFile, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if s := procState(t, pid); s != "t" {
			t.Errorf("process state %q while tdb shows the stop, want t", s)
		}
		rep = tg.do(Continue{})
		if rep.Exited == nil || rep.Exited.Status != 0 {
			t.Fatalf("after continue: %+v", rep.Exited)
		}
		tg.waitOutput("cstop: done")
	})
	t.Run("Go", func(t *testing.T) {
		marker := filepath.Join(dir, "marker")
		tg := launch(t, "loop", marker, "100000")
		ch := tg.s.Send(Continue{})
		tg.waitRunning()
		killStop(t, int(tg.s.pid.Load()))
		rep := tg.reply(ch)
		if rep.State == nil || rep.State.Reason.Signal != "SIGSTOP" {
			t.Fatalf("after kill -STOP: %+v", rep)
		}
		// It runs on: the next breakpoint is hit.
		tg.brk("main.tick")
		if st := tg.stop(Continue{}); st.Function != "main.tick" {
			t.Fatalf("after continue: stopped in %s", st.Function)
		}
	})
}

// killStop sends pid a SIGSTOP as another process would. A kill(2) from
// this test process is the engine's own as far as the engine can tell
// (same sender pid), and running kill(1) races the engine's wait4(-1),
// which reaps every child of tdb's: so the signal is queued with
// rt_sigqueueinfo and si_code SI_QUEUE, which the engine never uses.
func killStop(t *testing.T, pid int) {
	t.Helper()
	var info [128]byte
	binary.LittleEndian.PutUint32(info[0:], uint32(unix.SIGSTOP))
	binary.LittleEndian.PutUint32(info[8:], uint32(0xffffffff)) // SI_QUEUE (-1)
	binary.LittleEndian.PutUint32(info[16:], uint32(os.Getpid()))
	if _, _, errno := unix.Syscall(unix.SYS_RT_SIGQUEUEINFO, uintptr(pid), uintptr(unix.SIGSTOP), uintptr(unsafe.Pointer(&info[0]))); errno != 0 {
		t.Fatalf("sigqueue SIGSTOP to %d: %v", pid, errno)
	}
}
