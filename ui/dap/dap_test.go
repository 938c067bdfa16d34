package dap

import (
	"fmt"
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

// TestValuesVariablesReplLogpoints stops in testdata/values' inspect and
// checks what the program set: a struct's fields through a handle, a
// 100-element slice paged past the 64 elements a first expansion lists,
// hover and watch evaluation, setVariable, and the repl running tdb's own
// commands (print, bt) and evaluating a line that is no command. Then a
// function breakpoint, and a logpoint whose {i} takes tick's argument.
func TestValuesVariablesReplLogpoints(t *testing.T) {
	bin := fixture.Build(t, "values")
	src := filepath.Join(fixture.Dir("values"), "main.go")
	c := newClient(t)
	c.start(map[string]any{"program": bin}, func() {
		c.request("setBreakpoints", map[string]any{
			"source": map[string]any{"path": src},
			"breakpoints": []map[string]any{
				{"line": 78},
				{"line": 105, "logMessage": "tick i={i} sq={sq}", "condition": "i < 3"},
			},
		})
		r := c.request("setFunctionBreakpoints", map[string]any{"breakpoints": []map[string]any{{"name": "main.scoped"}}}).(*godap.SetFunctionBreakpointsResponse)
		if bps := r.Body.Breakpoints; len(bps) != 1 || !bps[0].Verified || bps[0].Source == nil || bps[0].Source.Path != src {
			t.Fatalf("setFunctionBreakpoints answered %+v", bps)
		}
	})
	st := c.stopped()
	if st.Reason != "breakpoint" {
		t.Fatalf("stopped %+v", st)
	}
	frames := c.stack(st.ThreadId, 0, 0).StackFrames
	if frames[0].Name != "main.inspect" || frames[0].Line != 78 {
		t.Fatalf("frame 0 %s:%d", frames[0].Name, frames[0].Line)
	}
	fid := frames[0].Id
	locals := c.locals(fid)
	for name, want := range map[string]string{"n": "5", "s": `"hello"`, "str": `"text"`, "b": "true"} {
		if v, ok := find(locals, name); !ok || v.Value != want {
			t.Errorf("%s = %+v, want %s", name, v, want)
		}
	}
	pt, _ := find(locals, "pt")
	if pt.VariablesReference == 0 {
		t.Fatalf("pt has no children handle: %+v", pt)
	}
	kids := c.vars(pt.VariablesReference, nil)
	for name, want := range map[string]string{"X": "3", "Y": "6", "Name": `"p!"`} {
		if v, ok := find(kids, name); !ok || v.Value != want {
			t.Errorf("pt.%s = %+v, want %s", name, v, want)
		}
	}
	// An interface's dynamic value expands by a type assertion.
	errv, _ := find(locals, "err")
	dyn := c.vars(errv.VariablesReference, nil)
	if len(dyn) != 1 || dyn[0].EvaluateName != "err.(*errors.errorString)" || dyn[0].VariablesReference == 0 {
		t.Fatalf("err's children %+v", dyn)
	}
	ptr := c.vars(dyn[0].VariablesReference, nil)
	if len(ptr) != 1 || ptr[0].VariablesReference == 0 {
		t.Fatalf("*errors.errorString's children %+v", ptr)
	}
	if s, ok := find(c.vars(ptr[0].VariablesReference, nil), "s"); !ok || s.Value != `"boom"` {
		t.Errorf("err's message %+v, want \"boom\"", s)
	}
	nums, _ := find(locals, "nums")
	if nums.IndexedVariables != 100 || nums.VariablesReference == 0 {
		t.Fatalf("nums = %+v, want 100 indexed children", nums)
	}
	page := c.vars(nums.VariablesReference, map[string]any{"filter": "indexed", "start": 90, "count": 5})
	if len(page) != 5 || page[0].Name != "[90]" || page[0].Value != "90" || page[4].Value != "94" {
		t.Errorf("nums[90:95] = %+v", page)
	}

	// A map of 100 entries pages too (Delve's adapter pages maps as
	// indexed children): four pages hold each entry once, k: k*k.
	big, _ := find(locals, "big")
	if big.IndexedVariables != 100 || big.VariablesReference == 0 {
		t.Fatalf("big = %+v, want 100 indexed children", big)
	}
	seen := map[string]string{}
	for start := 0; start < 100; start += 30 {
		for _, e := range c.vars(big.VariablesReference, map[string]any{"filter": "indexed", "start": start, "count": 30}) {
			if _, dup := seen[e.Name]; dup {
				t.Errorf("big[%s] on two pages", e.Name)
			}
			seen[e.Name] = e.Value
		}
	}
	for k := 0; k < 100; k++ {
		if v := seen[fmt.Sprint(k)]; v != fmt.Sprint(k*k) {
			t.Errorf("big[%d] = %q over the pages, want %d", k, v, k*k)
		}
	}
	if len(seen) != 100 {
		t.Errorf("%d entries over the pages, want 100", len(seen))
	}

	for _, ctx := range []string{"hover", "watch"} {
		r := c.evaluate("pt.X + p.Y", ctx, fid)
		if !r.GetResponse().Success || r.(*godap.EvaluateResponse).Body.Result != "5" {
			t.Errorf("%s pt.X + p.Y = %+v, want 3+2 = 5", ctx, r)
		}
	}
	if r := c.evaluate("nosuchvar", "hover", fid); r.GetResponse().Success {
		t.Errorf("nosuchvar evaluated: %+v", r)
	}
	scopes := c.request("scopes", map[string]any{"frameId": fid}).(*godap.ScopesResponse).Body.Scopes
	c.request("setVariable", map[string]any{"variablesReference": scopes[0].VariablesReference, "name": "n", "value": "9"})
	c.request("setVariable", map[string]any{"variablesReference": pt.VariablesReference, "name": "Y", "value": "60"})
	if r := c.evaluate("n*100 + pt.Y", "watch", fid).(*godap.EvaluateResponse); r.Body.Result != "960" {
		t.Errorf("after setVariable n*100 + pt.Y = %q, want 960", r.Body.Result)
	}
	// An entry past the first 64 a first expansion lists.
	c.request("setVariable", map[string]any{"variablesReference": big.VariablesReference, "name": "99", "value": "7"})
	if r := c.evaluate("big[99]", "watch", fid).(*godap.EvaluateResponse); r.Body.Result != "7" {
		t.Errorf("after setVariable big[99] = %q, want 7", r.Body.Result)
	}

	repl := func(line string) string {
		t.Helper()
		r := c.evaluate(line, "repl", fid)
		if !r.GetResponse().Success {
			t.Fatalf("repl %q failed: %s", line, r.GetResponse().Message)
		}
		return r.(*godap.EvaluateResponse).Body.Result
	}
	if got := repl("print sl"); got != "[]int len: 3, cap: 3, [10,20,30]" {
		t.Errorf("repl print sl = %q", got)
	}
	if got := repl("bt"); !strings.Contains(got, "main.inspect") || !strings.Contains(got, "main.main") {
		t.Errorf("repl bt = %q", got)
	}
	if got := repl("len(nums) + arr[2]"); got != "103" {
		t.Errorf("repl expression = %q, want 103", got)
	}

	c.request("continue", map[string]any{"threadId": st.ThreadId})
	if st := c.stopped(); st.Reason != "function breakpoint" {
		t.Fatalf("stopped %+v, want the function breakpoint on main.scoped", st)
	}
	if f := c.stack(st.ThreadId, 0, 1).StackFrames[0]; f.Name != "main.scoped" {
		t.Errorf("function breakpoint stopped in %s", f.Name)
	}
	// The logpoint prints and goes on: the next event is the exit.
	c.request("continue", map[string]any{"threadId": st.ThreadId})
	if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != 0 {
		t.Errorf("exit code %d", code)
	}
	if got, want := c.output("console"), "tick i=0 sq=0\ntick i=1 sq=1\ntick i=2 sq=4\n"; !strings.Contains(got, want) {
		t.Errorf("console output %q lacks the logpoints' %q", got, want)
	}
	for _, m := range c.events {
		if e, ok := m.(*godap.StoppedEvent); ok {
			t.Errorf("a logpoint stopped: %+v", e.Body)
		}
	}
	c.finish()
}
