package debugger

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// TestAttachedStopHoldsNoBreakpointBytes: while an attached program is
// stopped, its code holds none of tdb's int3 bytes (a tdb killed then
// leaves clean code behind), and the breakpoints still work when it runs.
func TestAttachedStopHoldsNoBreakpointBytes(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "done")
	// Held past its ticks until attached: the attach opens the binary
	// first (slow under -race on a loaded machine), and a program that
	// ended meanwhile is a zombie, which no one can attach to.
	gate := fixture.NewGate(t)
	cmd := exec.Command(fixture.Build(t, "loop"), marker, "150")
	cmd.Env = gate.Environ()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	s, err := Start(Config{Attach: cmd.Process.Pid})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	gate.Open(t)
	go func() {
		for range s.Events() {
		}
	}()
	rep := s.Do(SetBreakpoint{Loc: mustLoc("main.tick")})
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	addr := rep.Breakpoints[0].Addrs[0]
	mem, err := os.Open(fmt.Sprintf("/proc/%d/mem", cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	codeAt := func() byte {
		b := make([]byte, 1)
		if _, err := mem.ReadAt(b, int64(addr)); err != nil {
			t.Fatal(err)
		}
		return b[0]
	}
	if b := codeAt(); b == int3 {
		t.Fatalf("a breakpoint set while stopped is already in the code at %#x", addr)
	}
	for i := 1; i <= 3; i++ {
		rep := s.Do(Continue{})
		if rep.State == nil || rep.State.Function != "main.tick" {
			t.Fatalf("continue %d: want a stop in main.tick, got %+v", i, rep)
		}
		if b := codeAt(); b == int3 {
			t.Fatalf("stop %d: the code at %#x holds an int3 while the program is stopped", i, addr)
		}
	}
	if rep := s.Do(Detach{}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after detach the program ended with %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(marker)
		if strings.HasPrefix(string(b), "done 150") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("marker file says %q", b)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
