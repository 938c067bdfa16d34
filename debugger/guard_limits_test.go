package debugger

import (
	"strings"
	"testing"
	"time"
)

// TestRescueGivesUpOnATracedProcess: a guardian whose process is held by
// another tracer (tdb not dead after all, or another debugger) gives up
// at its deadline, says why, and leaves the process to its tracer.
func TestRescueGivesUpOnATracedProcess(t *testing.T) {
	cmd, _, marker, release := startHeldLoop(t, 100)
	s := attachTo(t, cmd.Process.Pid) // this test's engine is the tracer
	release()
	deadline := time.Now().Add(200 * time.Millisecond)
	done := make(chan error, 1)
	go func() {
		_, err := rescue(cmd.Process.Pid, deadline)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "still traced") {
			t.Fatalf("rescue of a traced process: %v, want it to give up saying it is still traced", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("rescue did not give up")
	}
	// The tracer still has it, and can let it go.
	if r := s.Do(Detach{}); r.Err != nil {
		t.Fatalf("detach after the guardian gave up: %v", r.Err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the program ended with %v, want status 0", err)
	}
	waitFileContent(t, marker, "done 100\n")
}
