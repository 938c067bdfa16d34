package console

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// TestTDBKilledTakesTheTargetWithIt: tdb dying by SIGKILL (no cleanup runs)
// must not leave the program it launched running or stopped: the engine
// sets PTRACE_O_EXITKILL, so the kernel kills the tracee with its tracer.
func TestTDBKilledTakesTheTargetWithIt(t *testing.T) {
	bin := fixture.Build(t, "forker")
	cmd := exec.Command(tdbBinary(t), "--batch", "-ex", "continue", "exec", bin, "ignore")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	pids := make(chan int, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var pid int
			if _, err := fmt.Sscanf(sc.Text(), "pid %d", &pid); err == nil {
				pids <- pid
			}
		}
	}()
	var pid int
	select {
	case pid = <-pids:
	case <-time.After(30 * time.Second):
		t.Fatal("the program never printed its pid")
	}
	// The tracer is tdb's ptrace thread.
	tracer := procField(pid, "TracerPid:")
	if _, err := os.Stat(fmt.Sprintf("/proc/%d/task/%s", cmd.Process.Pid, tracer)); err != nil || tracer == "0" {
		t.Fatalf("program %d traced by %q, want a thread of tdb %d", pid, tracer, cmd.Process.Pid)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for {
		state := procField(pid, "State:")
		if state == "" || strings.HasPrefix(state, "Z") || strings.HasPrefix(state, "X") {
			return // gone, or dead and waiting for init to reap it
		}
		if time.Now().After(deadline) {
			t.Fatalf("program %d still alive (%s) 10s after tdb was killed", pid, state)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// procField reads one field of /proc/PID/status ("" when the process is
// gone).
func procField(pid int, name string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, name); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
