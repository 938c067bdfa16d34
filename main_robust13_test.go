package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tdb/source/fixture"
)

// Issue 13's cases driven through the tdb binary.

// A batch session that attached and did not end in detach leaves the
// program running (issue 13), as gdb does on exit; before, the end of the
// script killed it. The program then ends as undebugged: status 0 and its
// marker file written.
func TestBatchAttachEndsDetached(t *testing.T) {
	skipUnlessSiblingAttach(t)
	tdb := guardTdb(t)
	marker := filepath.Join(t.TempDir(), "done")
	gate := fixture.NewGate(t) // held until tdb's batch has ended
	prog := exec.Command(fixture.Build(t, "loop"), marker, "100")
	prog.Env = gate.Environ()
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer prog.Process.Kill()
	out, err := exec.Command(tdb, "--batch", "-ex", "break main.tick", "-ex", "continue",
		"attach", strconv.Itoa(prog.Process.Pid)).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "stopped: breakpoint 1: main.tick") {
		t.Fatalf("tdb: %v\n%s", err, out)
	}
	gate.Open(t)
	if err := prog.Wait(); err != nil {
		t.Fatalf("the program ended with %v after tdb's batch ended, want status 0\ntdb said:\n%s", err, out)
	}
	if b, err := os.ReadFile(marker); err != nil || !strings.HasPrefix(string(b), "done 100") {
		t.Errorf("marker: %q %v", b, err)
	}
}

// Batch mode killed by SIGTERM while the program runs says the program
// was killed, and leaves no process behind (it said "detached").
func TestBatchSIGTERMSaysKilled(t *testing.T) {
	tdb := guardTdb(t)
	cmd := exec.Command(tdb, "--batch", "-ex", "continue", "exec", fixture.Build(t, "cstop"), "wait")
	cmd.Env = append(os.Environ(), "CSTOP_GO="+filepath.Join(t.TempDir(), "never"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.Contains(sc.Text(), "cstop: waiting") {
	}
	// The program runs: its output came, and only a continue runs it.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("tdb did not end within 20s of SIGTERM")
	}
	if got, want := stderr.String(), "error: stopped: tdb is ending: the program was killed\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}

// A command line longer than 64 KiB gets one clear error, and the next
// command runs (issue 13: a 112 KB print took 1.7 GB and 8 s).
func TestBatchLongLineRefused(t *testing.T) {
	tdb := guardTdb(t)
	file := filepath.Join(t.TempDir(), "cmds")
	long := "print " + strings.Repeat("1+", 40000) + "1"
	if err := os.WriteFile(file, []byte(long+"\nprint 6*7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tdb, "--batch", "-x", file, "exec", fixture.Build(t, "cprog"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run()
	want := "error: the command line is " + strconv.Itoa(len(long)) + " bytes long: at most 64 KiB\n"
	if stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if stdout.String() != "42\n" {
		t.Errorf("stdout %q, want the next command's 42", stdout.String())
	}
}
