package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"tdb/debugger"
	"tdb/source/fixture"
)

// TestAttachOtherUsersProcessExplains (issue 6: "a failed attach explains
// why and what to do"): tdb run as nobody may not attach to root's
// program; it says whose program it is and what to do, in one error line,
// and the program is untouched.
func TestAttachOtherUsersProcessExplains(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run tdb as another user")
	}
	tdb := guardTdb(t)
	// nobody must reach the binary through its 0700 temp directory.
	if err := os.Chmod(filepath.Dir(tdb), 0o755); err != nil {
		t.Fatal(err)
	}
	gate := fixture.NewGate(t) // held until tdb has tried
	prog := exec.Command(fixture.Build(t, "loop"), filepath.Join(t.TempDir(), "done"), "100")
	prog.Env = gate.Environ()
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer prog.Process.Kill()
	cmd := exec.Command(tdb, "--batch", "attach", strconv.Itoa(prog.Process.Pid))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	cmd.Env = append(os.Environ(), "HOME=/nonexistent", "TDB_CONFIG_DIR=/nonexistent", "TDB_CACHE_DIR=/nonexistent")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("tdb as nobody: %v, want exit status 1\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	want := "error: attach " + strconv.Itoa(prog.Process.Pid) + ": it belongs to uid 0 and tdb runs as uid 65534: run tdb as that user or as root\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
	}
	gate.Open(t)
	if err := prog.Wait(); err != nil {
		t.Errorf("the program ended with %v, want status 0", err)
	}
}

// TestAttachAlreadyTracedExplains: a program another debugger holds (here
// this test, through the engine) cannot be attached; tdb names the tracer.
func TestAttachAlreadyTracedExplains(t *testing.T) {
	tdb := guardTdb(t)
	prog := exec.Command(fixture.Build(t, "loop"), filepath.Join(t.TempDir(), "done"), "1000")
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer prog.Process.Kill()
	s, err := debugger.Start(debugger.Config{Attach: prog.Process.Pid})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range s.Events() {
		}
	}()
	defer s.Close()
	pid := strconv.Itoa(prog.Process.Pid)
	// The tracer is this test process (its engine thread is the tracing
	// thread): tdb names the process, not the thread.
	tracer := strconv.Itoa(os.Getpid())
	out, _ := exec.Command(tdb, "--batch", "attach", pid).CombinedOutput()
	want := "error: attach " + pid + ": it is already traced by process " + tracer
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), "detach that debugger first") {
		t.Errorf("tdb attach of a traced program:\n%s\nwant %q and what to do", out, want)
	}
}
