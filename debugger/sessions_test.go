package debugger

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// TestTwoSessionsOneProcess: two engines in one process (the debug
// adapter's sessions one after another, a test's sessions, a server's)
// each see only their own program's stops. Session B runs testdata/loop
// freely, its engine blocked in wait4; meanwhile session A stops 30 times
// at a breakpoint in its own loop and runs to its exit. Waiting with
// wait4(-1, __WALL) alone, a thread collects the stops of every tracee of
// every thread of the process: B's engine took A's stops (about one in
// two), A then waited for ever (CI's "no message from the adapter in 1m0s"
// in TestExceptionFilters, as one adapter session still reaped while the
// next ran).
func TestTwoSessionsOneProcess(t *testing.T) {
	b := launch(t, "loop", filepath.Join(t.TempDir(), "b"), "100000000")
	bDone := make(chan Reply, 1)
	go func() { bDone <- b.s.Do(Continue{}) }()

	a := launch(t, "loop", filepath.Join(t.TempDir(), "a"), "30")
	line := fixture.LineOf(t, "loop", "main.go", "t := tick(i)")
	a.brk(fmt.Sprintf("main.go:%d", line))
	within := func(r Request) Reply {
		t.Helper()
		done := make(chan Reply, 1)
		go func() { done <- a.s.Do(r) }()
		select {
		case rep := <-done:
			return rep
		case <-time.After(time.Minute):
			t.Fatalf("session A's %T did not end in a minute: another engine took its stop", r)
		}
		return Reply{}
	}
	for i := 0; i < 30; i++ {
		rep := within(Continue{})
		if rep.Err != nil || rep.State == nil || rep.State.Line != line {
			t.Fatalf("stop %d: %+v, want the breakpoint at line %d", i, rep, line)
		}
	}
	a.s.Do(ClearBreakpoint{ID: 1})
	if rep := within(Continue{}); rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("A's continue to the end: %+v, want exit status 0", rep)
	}
	if out := a.output(); !strings.Contains(out, "loop total 870") {
		t.Errorf("A's output %q, want loop total 870", out)
	}

	select {
	case rep := <-bDone:
		t.Fatalf("session B's continue ended while its program runs: %+v", rep)
	default:
	}
	b.s.Interrupt()
	select {
	case rep := <-bDone:
		if rep.Err != nil || rep.State == nil || rep.State.Reason.Kind != "interrupt" {
			t.Fatalf("session B interrupted: %+v, want an interrupt stop", rep)
		}
	case <-time.After(time.Minute):
		t.Fatal("session B did not stop in a minute after Interrupt")
	}
}
