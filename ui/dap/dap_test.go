package dap

import (
	"path/filepath"
	"strings"
	"testing"

	godap "github.com/google/go-dap"

	"tdb/source/fixture"
)

// TestFibBreakStepExit drives fib (testdata/fib) as an editor does: a
// breakpoint with a hit condition in main's loop, the stack and locals
// there, stepIn into fib, stepOut, next, then on to the exit. The
// expected values are what the program computes: the third call is
// fib(3), after fib(1) + fib(2) = 2 summed, and it exits with status 3.
func TestFibBreakStepExit(t *testing.T) {
	bin := fixture.Build(t, "fib")
	src := filepath.Join(fixture.Dir("fib"), "main.go")
	c := newClient(t)
	c.start(map[string]any{"program": bin, "mode": "exec"}, func() {
		r := c.request("setBreakpoints", map[string]any{
			"source":      map[string]any{"path": src},
			"breakpoints": []map[string]any{{"line": 25, "hitCondition": "== 3"}},
		}).(*godap.SetBreakpointsResponse)
		if bps := r.Body.Breakpoints; len(bps) != 1 || !bps[0].Verified || bps[0].Line != 25 || bps[0].Source.Path != src {
			t.Fatalf("setBreakpoints answered %+v", bps)
		}
	})
	st := c.stopped()
	if st.Reason != "breakpoint" || len(st.HitBreakpointIds) != 1 {
		t.Fatalf("stopped %+v, want a breakpoint", st)
	}
	// The output before the stop came before the stopped event.
	if got := c.output("stdout"); strings.ReplaceAll(got, "\r\n", "\n") != "fib(1) = 1\nfib(2) = 1\n" {
		t.Errorf("output before the stop = %q", got)
	}
	thread := st.ThreadId
	threads := c.request("threads", nil).(*godap.ThreadsResponse).Body.Threads
	if !hasThread(threads, thread) {
		t.Errorf("threads %+v lack the stopped one %d", threads, thread)
	}
	frames := c.stack(thread, 0, 20).StackFrames
	if len(frames) < 1 || frames[0].Name != "main.main" || frames[0].Line != 25 || frames[0].Source.Path != src {
		t.Fatalf("frame 0 = %+v, want main.main at %s:25", frames[0], src)
	}
	locals := c.locals(frames[0].Id)
	for name, want := range map[string]string{"i": "3", "sum": "2"} {
		if v, ok := find(locals, name); !ok || v.Value != want {
			t.Errorf("local %s = %+v, want %s (locals %+v)", name, v, want, locals)
		}
	}

	c.request("stepIn", map[string]any{"threadId": thread})
	if st := c.stopped(); st.Reason != "step" {
		t.Fatalf("stepIn stopped %+v", st)
	}
	frames = c.stack(thread, 0, 20).StackFrames
	if frames[0].Name != "main.fib" || frames[1].Name != "main.main" || frames[1].Line != 25 {
		t.Fatalf("after stepIn: %s:%d <- %s:%d, want main.fib <- main.main:25", frames[0].Name, frames[0].Line, frames[1].Name, frames[1].Line)
	}
	if v, ok := find(c.locals(frames[0].Id), "n"); !ok || v.Value != "3" {
		t.Errorf("fib's n = %+v, want 3", v)
	}
	// The caller's frame keeps its own locals.
	if v, ok := find(c.locals(frames[1].Id), "i"); !ok || v.Value != "3" {
		t.Errorf("main's i from frame 1 = %+v, want 3", v)
	}

	c.request("stepOut", map[string]any{"threadId": thread})
	if st := c.stopped(); st.Reason != "step" {
		t.Fatalf("stepOut stopped %+v", st)
	}
	frames = c.stack(thread, 0, 1).StackFrames
	if frames[0].Name != "main.main" || frames[0].Line != 25 {
		t.Fatalf("after stepOut: %s:%d, want main.main:25", frames[0].Name, frames[0].Line)
	}
	c.request("next", map[string]any{"threadId": thread})
	c.stopped()
	if frames = c.stack(thread, 0, 1).StackFrames; frames[0].Line != 26 {
		t.Fatalf("after next: line %d, want 26", frames[0].Line)
	}
	if v, ok := find(c.locals(frames[0].Id), "v"); !ok || v.Value != "2" {
		t.Errorf("v after next = %+v, want fib(3) = 2", v)
	}

	c.request("setBreakpoints", map[string]any{"source": map[string]any{"path": src}, "breakpoints": []any{}})
	c.request("continue", map[string]any{"threadId": thread})
	if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
	c.event("terminated")
	if got := c.output("stdout"); !strings.Contains(got, "sum 143") {
		t.Errorf("output %q lacks the program's last line", got)
	}
	c.finish()
}

func hasThread(ts []godap.Thread, id int) bool {
	for _, t := range ts {
		if t.Id == id {
			return true
		}
	}
	return false
}
