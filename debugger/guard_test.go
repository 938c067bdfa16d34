package debugger

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tdb/source"
	"tdb/source/fixture"
)

// startLoop runs testdata/loop untraced: n ticks 10ms apart, then it
// prints its total and writes "done N" to the returned marker file.
func startLoop(t *testing.T, n int) (cmd *exec.Cmd, out *bytes.Buffer, marker string) {
	t.Helper()
	marker = filepath.Join(t.TempDir(), "done")
	cmd = exec.Command(fixture.Build(t, "loop"), marker, fmt.Sprint(n))
	out = &bytes.Buffer{}
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, out, marker
}

// startHeldLoop is startLoop with the program held after its n ticks
// until the test calls release (fixture.Gate): a test that attaches, or
// stops the program, finds it still there however loaded the machine.
func startHeldLoop(t *testing.T, n int) (cmd *exec.Cmd, out *bytes.Buffer, marker string, release func()) {
	t.Helper()
	gate := fixture.NewGate(t)
	marker = filepath.Join(t.TempDir(), "done")
	cmd = exec.Command(fixture.Build(t, "loop"), marker, fmt.Sprint(n))
	cmd.Env = gate.Environ()
	out = &bytes.Buffer{}
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, out, marker, func() { gate.Open(t) }
}

// loopAddr is the address of the first instruction of the line of
// testdata/loop/main.go containing text (the binary is not PIE).
func loopAddr(t *testing.T, text string) uint64 {
	t.Helper()
	b, err := source.Open(fixture.Build(t, "loop"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	pcs, _, err := b.ResolveLine(fixture.Source("loop", "main.go"), fixture.LineOf(t, "loop", "main.go", text))
	if err != nil || len(pcs) == 0 {
		t.Fatalf("no code for %q: %v", text, err)
	}
	return pcs[0]
}

// TestRescueRestoresBreakpointBytes: the guardian's work on a process
// that has an int3 left in its code where no debugger will catch it. The
// program passes that line after its loop: unrescued, it would die of
// SIGTRAP there; rescued, it ends as if never touched.
func TestRescueRestoresBreakpointBytes(t *testing.T) {
	addr := loopAddr(t, `fmt.Println("loop total"`)
	cmd, out, marker, release := startHeldLoop(t, 30)
	// Stopped, the program cannot pass the line before the int3 and the
	// rescue are in place, however loaded the machine; the rescue's
	// SIGCONT lets it go on.
	stopAndWait(t, cmd.Process.Pid)
	release()
	mem, err := os.OpenFile(fmt.Sprintf("/proc/%d/mem", cmd.Process.Pid), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	orig := make([]byte, 1)
	if _, err := mem.ReadAt(orig, int64(addr)); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.WriteAt([]byte{int3}, int64(addr)); err != nil {
		t.Fatal(err)
	}
	n, err := rescue(cmd.Process.Pid, time.Now().Add(guardTimeout))
	if err != nil || n != 1 {
		t.Fatalf("rescue = %d, %v, want 1 byte restored", n, err)
	}
	got := make([]byte, 1)
	mem.ReadAt(got, int64(addr))
	mem.Close()
	if got[0] != orig[0] {
		t.Fatalf("byte at %#x is %#x after the rescue, want %#x", addr, got[0], orig[0])
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the program ended with %v, want status 0 (output %q)", err, out)
	}
	if b, _ := os.ReadFile(marker); string(b) != "done 30\n" || !strings.Contains(out.String(), "loop total") {
		t.Fatalf("marker %q, output %q: the program did not finish its work", b, out)
	}
}

// stopAndWait sends pid SIGSTOP and polls until every thread has stopped
// (any of them may run the loop's goroutine).
func stopAndWait(t *testing.T, pid int) {
	t.Helper()
	if err := unix.Kill(pid, unix.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !allStopped(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d did not stop", pid)
		}
		time.Sleep(time.Millisecond)
	}
}

// allStopped reports whether each thread of pid is in state T (stopped).
func allStopped(pid int) bool {
	stats, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
	for _, p := range stats {
		stat, err := os.ReadFile(p)
		if err != nil {
			return false
		}
		// tid (comm) state ...: comm may hold spaces and parentheses.
		if f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:])); len(f) == 0 || f[0] != "T" {
			return false
		}
	}
	return len(stats) > 0
}

// TestRescueGivesUpOnAGoneProcess: the guardian of a process that has
// already exited says so at once.
func TestRescueGivesUpOnAGoneProcess(t *testing.T) {
	cmd, _, _ := startLoop(t, 1)
	cmd.Wait()
	_, err := rescue(cmd.Process.Pid, time.Now().Add(guardTimeout))
	if err == nil {
		t.Fatal("rescue of an exited process succeeded")
	}
}

func TestProcStartTimeNamesTheProcess(t *testing.T) {
	a, err := procStartTime(os.Getpid())
	if err != nil || a == "" {
		t.Fatalf("procStartTime(self) = %q, %v", a, err)
	}
	if b, _ := procStartTime(os.Getpid()); b != a {
		t.Fatalf("start time changed: %q then %q", a, b)
	}
	if _, err := procStartTime(1 << 30); err == nil {
		t.Fatal("procStartTime of no process succeeded")
	}
}
