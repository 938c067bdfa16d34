package debugger

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Attached programs that misbehave, and attaches that fail (issue 6).

// attachTo starts a session attached to pid whose events are drained.
func attachTo(t *testing.T, pid int) *Session {
	t.Helper()
	s, err := Start(Config{Attach: pid})
	if err != nil {
		t.Fatalf("attach %d: %v", pid, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range s.Events() {
		}
	}()
	t.Cleanup(func() { s.Close(); <-done })
	return s
}

func waitReply(t *testing.T, ch <-chan Reply) Reply {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("no reply within 30s")
	}
	return Reply{}
}

// TestAttachTwiceNamesTheTracer: a process has one tracer at a time; the
// second attach says who holds it and what to do. The first session is
// unharmed and detaches cleanly.
func TestAttachTwiceNamesTheTracer(t *testing.T) {
	cmd, _, marker, release := startHeldLoop(t, 150)
	s := attachTo(t, cmd.Process.Pid)
	release()
	_, err := Start(Config{Attach: cmd.Process.Pid})
	if err == nil {
		t.Fatal("a second attach succeeded")
	}
	// TracerPid is the engine's thread; the message names its process.
	tracer := fmt.Sprint(os.Getpid())
	if tid := procStatusField(cmd.Process.Pid, "TracerPid:"); tid == tracer {
		t.Logf("the tracing thread is the process's first: the test cannot tell them apart")
	}
	for _, want := range []string{"already traced by process " + tracer, "detach that debugger first"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("second attach: %q, want it to say %q", err, want)
		}
	}
	if r := s.Do(Detach{}); r.Err != nil {
		t.Fatalf("detach after the failed attach: %v", r.Err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the program ended with %v after detach, want status 0", err)
	}
	waitFileContent(t, marker, "done 150\n")
}

// TestAttachedKilledFromOutside: an attached program killed by someone
// else, while it runs and while it is stopped, is reported as killed.
func TestAttachedKilledFromOutside(t *testing.T) {
	for _, running := range []bool{true, false} {
		cmd, _, _, _ := startHeldLoop(t, 1000) // never released: killed below
		s := attachTo(t, cmd.Process.Pid)
		var ch <-chan Reply
		if running {
			ch = s.Send(Continue{})
			for deadline := time.Now().Add(10 * time.Second); !s.running.Load(); {
				if time.Now().After(deadline) {
					t.Fatal("the program never ran")
				}
				time.Sleep(time.Millisecond)
			}
		}
		if err := unix.Kill(cmd.Process.Pid, unix.SIGKILL); err != nil {
			t.Fatal(err)
		}
		if !running {
			ch = s.Send(Continue{})
		}
		rep := waitReply(t, ch)
		if rep.Exited == nil || rep.Exited.Signal != "SIGKILL" {
			t.Fatalf("running %v: %+v, want exited: signal SIGKILL", running, rep)
		}
		if r := s.Do(Next{}); r.Err != ErrNotRunning {
			t.Errorf("running %v: next after the kill: %v, want ErrNotRunning", running, r.Err)
		}
	}
}

// TestExplainAttach: each refusal names its cause and a way out.
func TestExplainAttach(t *testing.T) {
	status := func(tracer, uid string) string {
		return "Name:\tloop\nState:\tS (sleeping)\nTracerPid:\t" + tracer + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n"
	}
	tests := []struct {
		f    attachFacts
		want string
	}{
		{attachFacts{status: status("4242", "1000"), euid: 1000, tracer: "gdb"},
			"already traced by process 4242 (gdb), and a process has one tracer at a time: detach that debugger first"},
		{attachFacts{status: status("4242", "0"), euid: 0},
			"already traced by process 4242, and"},
		{attachFacts{status: status("0", "0"), euid: 1000},
			"it belongs to uid 0 and tdb runs as uid 1000: run tdb as that user or as root"},
		{attachFacts{status: status("0", "1000"), euid: 1000, yama: "1"},
			"Yama ptrace_scope is 1: only a process's ancestors may attach to it; start the program under tdb (tdb exec), or as root: echo 0 > /proc/sys/kernel/yama/ptrace_scope"},
		{attachFacts{status: status("0", "1000"), euid: 1000, yama: "2"},
			"Yama ptrace_scope is 2: only processes with CAP_SYS_PTRACE may attach: run tdb as root"},
		{attachFacts{status: status("0", "1000"), euid: 1000, yama: "3"},
			"no process may attach until the next reboot"},
		{attachFacts{status: status("0", "1000"), euid: 1000, yama: "0"},
			"you may not trace it (a setuid or otherwise protected program)"},
		{attachFacts{status: status("0", "1000"), euid: 0},
			"the kernel refused even root"},
		{attachFacts{euid: 1000}, // status unreadable
			"you may not trace it"},
	}
	for _, tt := range tests {
		if got := explainAttach(tt.f); !strings.Contains(got, tt.want) {
			t.Errorf("explainAttach(%+v) = %q, want it to contain %q", tt.f, got, tt.want)
		}
	}
	if err := attachError(1<<30, unix.ESRCH); err.Error() != "no process 1073741824" {
		t.Errorf("attachError(ESRCH) = %v", err)
	}
}

// TestAttachToNothingToDebug: a kernel thread and a zombie exist but
// have no program; the attach says so rather than "no process".
func TestAttachToNothingToDebug(t *testing.T) {
	if _, err := Start(Config{Attach: 2}); err == nil || !strings.Contains(err.Error(), "kernel thread") {
		t.Errorf("attach to kthreadd (pid 2): %v, want it to say it is a kernel thread", err)
	}
	cmd, _, _ := startLoop(t, 1)
	// Exited, not yet reaped: a zombie until Wait.
	for deadline := time.Now().Add(20 * time.Second); !strings.HasPrefix(procStatusField(cmd.Process.Pid, "State:"), "Z"); {
		if time.Now().After(deadline) {
			t.Fatalf("the program never became a zombie: %s", procStatusField(cmd.Process.Pid, "State:"))
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, err := Start(Config{Attach: cmd.Process.Pid})
	if err == nil || !strings.Contains(err.Error(), "zombie") {
		t.Errorf("attach to a zombie: %v, want it to say it is a zombie", err)
	}
}

func waitFileContent(t *testing.T, path, want string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; {
		if b, err := readFileOK(path); err == nil && b == want {
			return
		}
		if time.Now().After(deadline) {
			b, _ := readFileOK(path)
			t.Fatalf("%s holds %q, want %q", path, b, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func readFileOK(path string) (string, error) {
	s := readSmallFile(path)
	if s == "" {
		return "", unix.ENOENT
	}
	return s, nil
}
