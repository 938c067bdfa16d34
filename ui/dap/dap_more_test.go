package dap

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	godap "github.com/google/go-dap"

	"tdb/source/fixture"
)

// TestCProgramAgainstGdb stops a C program (testdata/cprog) at a
// conditioned function breakpoint and checks the stack and each frame's
// n against gdb's backtrace at the same stop, when gdb is installed, and
// against what the program does (fact(5) recursing to n == 2); a
// setVariable there changes the program's result.
func TestCProgramAgainstGdb(t *testing.T) {
	bin := fixture.Build(t, "cprog")
	c := newClient(t)
	c.start(map[string]any{"program": bin, "mode": "exec"}, func() {
		c.request("setFunctionBreakpoints", map[string]any{"breakpoints": []map[string]any{{"name": "fact", "condition": "n == 2"}}})
	})
	st := c.stopped()
	if st.Reason != "function breakpoint" {
		t.Fatalf("stopped %+v", st)
	}
	body := c.stack(st.ThreadId, 0, 0)
	var got []string
	for _, f := range body.StackFrames {
		got = append(got, fmt.Sprintf("%s:%d", f.Name, f.Line))
	}
	want := []string{"fact:10", "fact:12", "fact:12", "fact:12", "main:17"}
	if _, err := exec.LookPath("gdb"); err == nil {
		want = gdbFrames(t, bin)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("frames %v, want %v", got, want)
	}
	for i, n := range []string{"2", "3", "4", "5"} {
		if v, ok := find(c.locals(body.StackFrames[i].Id), "n"); !ok || v.Value != n {
			t.Errorf("frame %d n = %+v, want %s", i, v, n)
		}
	}
	// Paging: frames 1 and 2 only, with the total telling of more.
	page := c.stack(st.ThreadId, 1, 2)
	if len(page.StackFrames) != 2 || page.StackFrames[0].Line != 12 || page.TotalFrames <= 3 {
		t.Errorf("page [1,3) = %+v", page)
	}
	// setVariable changes what the program computes: fact(2) with n = 1
	// returns 1, so fact(5) = 5*4*3*1.
	scopes := c.request("scopes", map[string]any{"frameId": body.StackFrames[0].Id}).(*godap.ScopesResponse).Body.Scopes
	set := c.request("setVariable", map[string]any{"variablesReference": scopes[0].VariablesReference, "name": "n", "value": "1"}).(*godap.SetVariableResponse)
	if set.Body.Value != "1" {
		t.Errorf("setVariable n answered %+v", set.Body)
	}
	c.request("setFunctionBreakpoints", map[string]any{"breakpoints": []any{}})
	c.request("continue", map[string]any{"threadId": st.ThreadId})
	if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != 7 {
		t.Errorf("exit code %d, want 7", code)
	}
	if out := c.output("stdout"); !strings.Contains(out, "fact(5) = 60") {
		t.Errorf("output %q, want fact(5) = 60 after n = 1 in fact(2)", out)
	}
	c.finish()
}

// gdbFrames is gdb's backtrace at `break fact if n == 2` as FUNC:LINE.
func gdbFrames(t *testing.T, bin string) []string {
	out, err := exec.Command("gdb", "-batch", "-nx", "-ex", "break fact if n == 2", "-ex", "run", "-ex", "bt", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	re := regexp.MustCompile(`(?m)^#\d+\s+(?:0x[0-9a-f]+ in )?(\w+) \(.*\) at .*:(\d+)$`)
	var frames []string
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		frames = append(frames, m[1]+":"+m[2])
	}
	return frames
}

// TestGoroutinesAsThreads stops a worker goroutine of testdata/watch at
// its send and reads main's goroutine, parked in its receive loop, as
// another thread: its stack reaches main.main at the receive line, with
// main's locals.
func TestGoroutinesAsThreads(t *testing.T) {
	bin := fixture.Build(t, "watch")
	src := filepath.Join(fixture.Dir("watch"), "main.go")
	c := newClient(t)
	c.start(map[string]any{"program": bin}, func() {
		c.request("setBreakpoints", map[string]any{"source": map[string]any{"path": src},
			"breakpoints": []map[string]any{{"line": 41}}})
	})
	st := c.stopped()
	if st.Reason != "breakpoint" || st.ThreadId == 1 {
		t.Fatalf("stopped %+v, want a worker's breakpoint", st)
	}
	if f := c.stack(st.ThreadId, 0, 1).StackFrames[0]; f.Name != "main.work" || f.Line != 41 {
		t.Fatalf("worker at %s:%d", f.Name, f.Line)
	}
	threads := c.request("threads", nil).(*godap.ThreadsResponse).Body.Threads
	if !hasThread(threads, 1) || !hasThread(threads, st.ThreadId) {
		t.Fatalf("threads %+v lack goroutine 1 or %d", threads, st.ThreadId)
	}
	var mainFrame godap.StackFrame
	for _, f := range c.stack(1, 0, 0).StackFrames {
		if f.Name == "main.main" {
			mainFrame = f
			break
		}
	}
	if mainFrame.Line != 79 {
		t.Fatalf("goroutine 1's main.main frame %+v, want line 79", mainFrame)
	}
	if v, ok := find(c.locals(mainFrame.Id), "x"); !ok || v.Value != "8" {
		t.Errorf("main's x = %+v, want 8", v)
	}
	// Stepping the worker works after looking at main's goroutine. The
	// breakpoint goes first: another worker reaching it would end the
	// next there, as in Delve.
	c.request("setBreakpoints", map[string]any{"source": map[string]any{"path": src}, "breakpoints": []any{}})
	c.request("next", map[string]any{"threadId": st.ThreadId})
	if st2 := c.stopped(); st2.ThreadId != st.ThreadId || st2.Reason != "step" {
		t.Errorf("next stopped %+v, want a step of goroutine %d", st2, st.ThreadId)
	}
	c.finish()
}

// TestDataBreakpoint watches the global seen from main's first line: the
// write in bump stops with "data breakpoint" and the old and new values.
func TestDataBreakpoint(t *testing.T) {
	bin := fixture.Build(t, "watch")
	src := filepath.Join(fixture.Dir("watch"), "main.go")
	c := newClient(t)
	c.start(map[string]any{"program": bin}, func() {
		c.request("setBreakpoints", map[string]any{"source": map[string]any{"path": src},
			"breakpoints": []map[string]any{{"line": 67}}})
	})
	st := c.stopped()
	fid := c.stack(st.ThreadId, 0, 1).StackFrames[0].Id
	info := c.request("dataBreakpointInfo", map[string]any{"name": "seen", "frameId": fid}).(*godap.DataBreakpointInfoResponse)
	id, _ := info.Body.DataId.(string)
	if id == "" {
		t.Fatalf("dataBreakpointInfo answered %+v", info.Body)
	}
	r := c.request("setDataBreakpoints", map[string]any{"breakpoints": []map[string]any{{"dataId": id, "accessType": "write"}}}).(*godap.SetDataBreakpointsResponse)
	if len(r.Body.Breakpoints) != 1 || !r.Body.Breakpoints[0].Verified {
		t.Fatalf("setDataBreakpoints answered %+v", r.Body.Breakpoints)
	}
	c.request("continue", map[string]any{"threadId": st.ThreadId})
	st = c.stopped()
	if st.Reason != "data breakpoint" || st.Text != "seen: 0 -> 7" {
		t.Fatalf("stopped %+v, want the write of 7", st)
	}
	if f := c.stack(st.ThreadId, 0, 1).StackFrames[0]; f.Name != "main.bump" {
		t.Errorf("the write stopped in %s:%d, want main.bump", f.Name, f.Line)
	}
	c.request("setDataBreakpoints", map[string]any{"breakpoints": []any{}})
	c.request("setBreakpoints", map[string]any{"source": map[string]any{"path": src}, "breakpoints": []any{}})
	c.request("continue", map[string]any{"threadId": st.ThreadId})
	if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != 0 {
		t.Errorf("exit code %d", code)
	}
	if out := c.output("stdout"); !strings.Contains(out, "writes 100 seen 7 x 8 0") {
		t.Errorf("output %q", out)
	}
	c.finish()
}

// TestExceptionFilters: a panic, a fatal error of the Go runtime and a
// signal that would kill a C program each stop with "exception" while
// their filter is on (the default) and not once it is off; the program
// then dies of it as it would undebugged (status 2 with Go's message for
// Go, 128+11 for SIGSEGV).
func TestExceptionFilters(t *testing.T) {
	for _, tc := range []struct {
		prog, mode, filter, desc, frame string
		code                            int
		output                          string
	}{
		{"crash", "panic", "panic", "panic", "main.boom", 2, "panic: boom"},
		{"rtstop", "deadlock", "fatal", "fatal error", "runtime.checkdead", 2, "fatal error: all goroutines are asleep - deadlock!"},
		{"csignals", "segv", "signal", "signal SIGSEGV", "main", 128 + 11, ""},
	} {
		bin := fixture.Build(t, tc.prog)
		for _, on := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s filter %v", tc.filter, on), func(t *testing.T) {
				c := newClient(t)
				c.start(map[string]any{"program": bin, "args": []string{tc.mode}}, func() {
					filters := []string{"panic", "fatal", "signal"}
					if !on {
						filters = slices.DeleteFunc(filters, func(f string) bool { return f == tc.filter })
					}
					c.request("setExceptionBreakpoints", map[string]any{"filters": filters})
				})
				if on {
					st := c.stopped()
					if st.Reason != "exception" || st.Description != tc.desc {
						t.Fatalf("stopped %+v, want %s", st, tc.desc)
					}
					found := false
					for _, f := range c.stack(st.ThreadId, 0, 0).StackFrames {
						found = found || f.Name == tc.frame
					}
					if !found {
						var names []string
						for _, f := range c.stack(st.ThreadId, 0, 0).StackFrames {
							names = append(names, f.Name)
						}
						t.Errorf("no %s frame at the %s: %v", tc.frame, tc.desc, names)
					}
					c.request("continue", map[string]any{"threadId": st.ThreadId})
				}
				if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != tc.code {
					t.Errorf("exit code %d, want %d", code, tc.code)
				}
				if out := c.output("stdout"); !strings.Contains(out, tc.output) {
					t.Errorf("output %q lacks %q", out, tc.output)
				}
				for _, m := range c.events {
					if e, ok := m.(*godap.StoppedEvent); ok && !on {
						t.Errorf("stopped with the filter off: %+v", e.Body)
					}
				}
				c.finish()
			})
		}
	}
}

// TestPauseAndDisconnect pauses testdata/loop right after it is let run,
// then kills it with disconnect.
func TestPauseAndDisconnect(t *testing.T) {
	bin := fixture.Build(t, "loop")
	marker := filepath.Join(t.TempDir(), "done")
	c := newClient(t)
	c.start(map[string]any{"program": bin, "args": []string{marker, "100000"}}, nil)
	c.request("pause", map[string]any{"threadId": 1})
	if st := c.stopped(); st.Reason != "pause" {
		t.Fatalf("stopped %+v", st)
	}
	c.finish()
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("the program ran to its end after disconnect")
	}
}

// TestTerminateWhileRunning: terminate kills the running program (exit
// code 128+9 for SIGKILL), then exited and terminated follow.
func TestTerminateWhileRunning(t *testing.T) {
	bin := fixture.Build(t, "loop")
	marker := filepath.Join(t.TempDir(), "done")
	c := newClient(t)
	c.start(map[string]any{"program": bin, "args": []string{marker, "100000"}}, nil)
	c.request("terminate", nil)
	if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != 128+9 {
		t.Errorf("exit code %d, want 137 (SIGKILL)", code)
	}
	c.event("terminated")
	c.finish()
}

// TestAttachDetach attaches to a running testdata/loop with processId,
// pauses it (or not), and disconnects: it is detached (no tracer) and runs
// on (not stopped).
func TestAttachDetach(t *testing.T) {
	for _, pause := range []bool{true, false} {
		t.Run(fmt.Sprint("pause ", pause), func(t *testing.T) { attachDetach(t, pause) })
	}
}

func attachDetach(t *testing.T, pause bool) {
	bin := fixture.Build(t, "loop")
	marker := filepath.Join(t.TempDir(), "done")
	cmd := exec.Command(bin, marker, "100000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	c := newClient(t)
	c.request("initialize", map[string]any{"adapterID": "tdb"})
	c.request("attach", map[string]any{"processId": strconv.Itoa(cmd.Process.Pid)}) // as VS Code's ${input:...} gives it
	c.event("initialized")
	c.request("configurationDone", nil)
	if pause {
		paused(t, c)
	}
	c.request("disconnect", map[string]any{})
	// Detached: no tracer, and not stopped ('t' or 'T' in /proc/PID/stat).
	deadline := time.Now().Add(msgWait)
	for {
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		if err != nil {
			t.Fatalf("the program is gone after detach: %v", err)
		}
		traced := !strings.Contains(string(status), "TracerPid:\t0\n")
		stopped := regexp.MustCompile(`(?m)^State:\s+[tT]`).Match(status)
		if !traced && !stopped {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after detach: traced %v, stopped %v:\n%s", traced, stopped, status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// paused pauses an attached testdata/loop and finds main in goroutine 1.
func paused(t *testing.T, c *client) {
	t.Helper()
	c.request("pause", map[string]any{"threadId": 1})
	st := c.stopped()
	// The pause stops whichever thread the signal reached (often one
	// with no goroutine, in the runtime): main's goroutine is 1.
	found := false
	for _, f := range c.stack(1, 0, 0).StackFrames {
		found = found || f.Name == "main.main"
	}
	if st.Reason != "pause" || !found {
		t.Errorf("attached and paused: %+v, main.main in goroutine 1's stack %v", st, found)
	}
}

// TestListen serves one client over TCP on the loopback address.
func TestListen(t *testing.T) {
	bin := fixture.Build(t, "cprog")
	addrs := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() { served <- ListenAndServe("127.0.0.1:0", testOptions(), func(a net.Addr) { addrs <- a }) }()
	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-served:
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	seq := 0
	send := func(cmd string, args string) {
		seq++
		b := fmt.Sprintf(`{"seq":%d,"type":"request","command":%q,"arguments":%s}`, seq, cmd, args)
		fmt.Fprintf(conn, "Content-Length: %d\r\n\r\n%s", len(b), b)
	}
	until := func(pred func(godap.Message) bool) godap.Message {
		conn.SetReadDeadline(time.Now().Add(msgWait))
		for {
			m, err := godap.ReadProtocolMessage(r)
			if err != nil {
				t.Fatal(err)
			}
			if pred(m) {
				return m
			}
		}
	}
	send("initialize", `{"adapterID":"tdb"}`)
	send("launch", `{"program":`+strconv.Quote(bin)+`}`)
	until(func(m godap.Message) bool { _, ok := m.(*godap.InitializedEvent); return ok })
	send("configurationDone", `{}`)
	ex := until(func(m godap.Message) bool { _, ok := m.(*godap.ExitedEvent); return ok }).(*godap.ExitedEvent)
	if ex.Body.ExitCode != 7 {
		t.Errorf("exit code %d", ex.Body.ExitCode)
	}
	send("disconnect", `{}`)
	until(func(m godap.Message) bool { _, ok := m.(*godap.DisconnectResponse); return ok })
	if err := <-served; err != nil {
		t.Errorf("ListenAndServe: %v", err)
	}
}

// TestLaunchModes builds what it debugs: mode "debug" builds fib's
// package and stopOnEntry stops at main's opening line with reason
// "entry"; mode "test" builds testdata/gotest's tests and, with
// -test.run, stops in TestMul; env and cwd reach the program (a C
// binary without debug information: /usr/bin/env and /bin/pwd, which
// print what they got).
func TestLaunchModes(t *testing.T) {
	t.Run("debug", func(t *testing.T) {
		c := newClient(t)
		c.start(map[string]any{"program": fixture.Dir("fib"), "mode": "debug", "stopOnEntry": true}, nil)
		st := c.stopped()
		f := c.stack(st.ThreadId, 0, 1).StackFrames[0]
		if st.Reason != "entry" || f.Name != "main.main" || f.Line != 22 {
			t.Errorf("stopOnEntry stopped %+v at %s:%d, want entry at main.main:22 (where Delve's break main.main stops)", st, f.Name, f.Line)
		}
		c.request("continue", map[string]any{"threadId": st.ThreadId})
		if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != 3 {
			t.Errorf("exit code %d", code)
		}
		c.finish()
	})
	t.Run("test", func(t *testing.T) {
		c := newClient(t)
		c.start(map[string]any{"program": fixture.Dir("gotest"), "mode": "test", "stopOnEntry": true,
			"args": []string{"-test.run", "TestMul", "-test.v"}}, nil)
		st := c.stopped()
		if f := c.stack(st.ThreadId, 0, 1).StackFrames[0]; st.Reason != "entry" || !strings.HasSuffix(f.Name, ".TestMul") {
			t.Errorf("stopped %+v in %s, want entry in TestMul", st, f.Name)
		}
		c.request("continue", map[string]any{"threadId": st.ThreadId})
		if code := c.event("exited").(*godap.ExitedEvent).Body.ExitCode; code != 0 {
			t.Errorf("exit code %d", code)
		}
		if out := c.output("stdout"); !strings.Contains(out, "--- PASS: TestMul") {
			t.Errorf("output %q", out)
		}
		c.finish()
	})
	dir := t.TempDir()
	for _, tc := range []struct {
		prog string
		want string
	}{{"/usr/bin/env", "TDB_DAP_TEST=yes"}, {"/bin/pwd", dir}} {
		t.Run(filepath.Base(tc.prog), func(t *testing.T) {
			c := newClient(t)
			c.start(map[string]any{"program": tc.prog, "cwd": dir, "env": map[string]any{"TDB_DAP_TEST": "yes", "HOME": nil}}, nil)
			c.event("exited")
			out := c.output("stdout")
			if !strings.Contains(out, tc.want) {
				t.Errorf("output %q lacks %q", out, tc.want)
			}
			if tc.prog == "/usr/bin/env" && strings.Contains(out, "HOME=") {
				t.Errorf("HOME was unset by the launch configuration, yet: %q", out)
			}
			c.finish()
		})
	}
}

// TestReplRunsTheProgram: console commands that run the program (break,
// continue) work from the repl; the client, which did not ask for the
// run, is told with a continued event, then the stop.
func TestReplRunsTheProgram(t *testing.T) {
	bin := fixture.Build(t, "cprog")
	c := newClient(t)
	c.start(map[string]any{"program": bin, "stopOnEntry": true}, nil)
	st := c.stopped()
	fid := c.stack(st.ThreadId, 0, 1).StackFrames[0].Id
	for _, line := range []string{"break fact if n == 1", "continue"} {
		if r := c.evaluate(line, "repl", fid); !r.GetResponse().Success {
			t.Fatalf("repl %q: %s", line, r.GetResponse().Message)
		} else if line == "continue" && !strings.Contains(r.(*godap.EvaluateResponse).Body.Result, "stopped: breakpoint 1: fact") {
			t.Errorf("repl continue printed %q", r.(*godap.EvaluateResponse).Body.Result)
		}
	}
	c.event("continued")
	st = c.stopped()
	body := c.stack(st.ThreadId, 0, 0)
	if st.Reason != "breakpoint" || len(body.StackFrames) != 6 {
		t.Fatalf("stopped %+v with %d frames, want fact(1) under 4 more facts and main", st, len(body.StackFrames))
	}
	c.finish()
}

// TestDeepStackPaging stops at the bottom of testdata/watch's 2000-deep
// recursion (deep(2000, &v) down to n == 0) and pages through the stack
// as VS Code does: 20 frames at a time, a total that says there are
// more, a page far down read on demand, with each frame's n its depth.
func TestDeepStackPaging(t *testing.T) {
	bin := fixture.Build(t, "watch")
	src := filepath.Join(fixture.Dir("watch"), "main.go")
	c := newClient(t)
	c.start(map[string]any{"program": bin}, func() {
		c.request("setBreakpoints", map[string]any{"source": map[string]any{"path": src},
			"breakpoints": []map[string]any{{"line": 53}}})
	})
	st := c.stopped()
	first := c.stack(st.ThreadId, 0, 20)
	if len(first.StackFrames) != 20 || first.TotalFrames <= 20 {
		t.Fatalf("first page: %d frames, total %d", len(first.StackFrames), first.TotalFrames)
	}
	page := c.stack(st.ThreadId, 1995, 10)
	var names []string
	for _, f := range page.StackFrames {
		names = append(names, f.Name)
	}
	// Frames 1995..2000 are deep(1995..2000), then local and main.
	want := "main.deep main.deep main.deep main.deep main.deep main.deep main.local main.main"
	if got := strings.Join(names[:min(len(names), 8)], " "); got != want {
		t.Fatalf("frames 1995.. = %s, want %s", got, want)
	}
	if v, ok := find(c.locals(page.StackFrames[2].Id), "n"); !ok || v.Value != "1997" {
		t.Errorf("frame 1997's n = %+v", v)
	}
	all := c.stack(st.ThreadId, 0, 0)
	if n := len(all.StackFrames); n < 2003 || all.StackFrames[2001].Name != "main.local" {
		t.Errorf("the whole stack: %d frames", n)
	}
	c.finish()
}

// TestBadRequests: what the adapter cannot do is one clear failure, and
// the session goes on: an unknown command, an unsupported one, a launch
// of a program that is not there, a breakpoint on a line that does not
// exist, a request before launch.
func TestBadRequests(t *testing.T) {
	c := newClient(t)
	c.request("initialize", map[string]any{"adapterID": "tdb"})
	for _, tc := range []struct {
		cmd  string
		args any
		want string
	}{
		{"frobnicate", map[string]any{}, "frobnicate is not supported"},
		{"stepBack", map[string]any{"threadId": 1}, "stepBack is not supported by tdb"},
		{"next", map[string]any{"threadId": "one"}, "bad next request"},
		{"threads", nil, ""}, // answered before launch: no threads
		{"stackTrace", map[string]any{"threadId": 1}, "no program: launch or attach first"},
		{"launch", map[string]any{"program": "/nonexistent/prog", "mode": "exec"}, "/nonexistent/prog"},
		{"launch", map[string]any{"program": "x", "mode": "replay"}, `unknown mode "replay"`},
		{"attach", map[string]any{"processId": "abc"}, "attach needs a processId"},
	} {
		r := c.requestMaybe(tc.cmd, tc.args).GetResponse()
		if tc.want == "" {
			if !r.Success {
				t.Errorf("%s failed: %s", tc.cmd, r.Message)
			}
			continue
		}
		if r.Success || !strings.Contains(r.Message, tc.want) || strings.Contains(r.Message, "\n") {
			t.Errorf("%s answered success %v %q, want one line with %q", tc.cmd, r.Success, r.Message, tc.want)
		}
	}
	bin := fixture.Build(t, "cprog")
	c.request("launch", map[string]any{"program": bin})
	c.event("initialized")
	r := c.request("setBreakpoints", map[string]any{"source": map[string]any{"path": filepath.Join(fixture.Dir("cprog"), "prog.c")},
		"breakpoints": []map[string]any{{"line": 999}, {"line": 17}}}).(*godap.SetBreakpointsResponse)
	if bps := r.Body.Breakpoints; len(bps) != 2 || bps[0].Verified || bps[0].Message == "" || !bps[1].Verified {
		t.Errorf("breakpoints on lines 999 and 17: %+v", bps)
	}
	c.request("configurationDone", nil)
	if st := c.stopped(); st.Reason != "breakpoint" {
		t.Errorf("stopped %+v", st)
	}
	c.finish()
}
