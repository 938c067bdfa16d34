package console

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tdb/debugger"
	"tdb/source/fixture"
)

// syncRecorder is a Printer safe for concurrent use.
type syncRecorder struct {
	mu        sync.Mutex
	out, errs []string
}

func (r *syncRecorder) Print(l string) { r.mu.Lock(); r.out = append(r.out, l); r.mu.Unlock() }
func (r *syncRecorder) Error(l string) { r.mu.Lock(); r.errs = append(r.errs, l); r.mu.Unlock() }

func (r *syncRecorder) lines() ([]string, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.out...), append([]string(nil), r.errs...)
}

// startSession debugs a testdata program in this process, draining its
// events, and ends it with the test.
func startSession(t *testing.T, prog string, args ...string) *debugger.Session {
	t.Helper()
	s, err := debugger.Start(debugger.Config{Path: fixture.Build(t, prog), Args: args})
	if err != nil {
		t.Fatalf("starting %s: %v", prog, err)
	}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range s.Events() {
		}
	}()
	t.Cleanup(func() {
		s.Close()
		<-drained
	})
	return s
}

func TestCompleteLocations(t *testing.T) {
	s := startSession(t, "fib")
	c := New(s, &syncRecorder{})
	tests := []struct {
		line     string
		want     []string // each must be among the candidates
		dontWant []string
	}{
		{"break ma", []string{"break main.go:", "break main.fib", "break main.main"}, nil},
		{"b fi", []string{"b main.fib"}, []string{"b main.main"}},
		{"list main.f", []string{"list main.fib"}, []string{"list main.main"}},
		{"continue runtime.goe", []string{"continue runtime.goexit1"}, nil},
		{"tbreak proc", []string{"tbreak proc.go:"}, nil},
		// FILE:FUNC: that file's functions.
		{"break main.go:ma", []string{"break main.go:main.main", "break main.go:main.fib"}, nil},
		{"b main.go:fi", []string{"b main.go:main.fib"}, []string{"b main.go:main.main"}},
		{"until runtime/proc.go:runtime.mai", []string{"until runtime/proc.go:runtime.main"}, nil},
	}
	for _, tt := range tests {
		got := c.Complete(tt.line)
		for _, w := range tt.want {
			if !contains(got, w) {
				t.Errorf("Complete(%q) = %q: no %q", tt.line, got, w)
			}
		}
		for _, w := range tt.dontWant {
			if contains(got, w) {
				t.Errorf("Complete(%q) = %q: has %q", tt.line, got, w)
			}
		}
		if len(got) > maxCompletions+50 {
			t.Errorf("Complete(%q): %d candidates", tt.line, len(got))
		}
	}
	for _, line := range []string{"break main.go:", "break main.go:1", "next ", "break *0x4", "break fib if n",
		"break main.go:runtime.mai", "break nosuch.go:ma", "break 12", "break fib;"} {
		if got := c.Complete(line); len(got) != 0 {
			t.Errorf("Complete(%q) = %q, want nothing", line, got)
		}
	}
	// Every function is reachable: the cap keeps the list short, not
	// incomplete for a precise prefix.
	if got := c.Complete("b runtime.mai"); !contains(got, "b runtime.main") {
		t.Errorf("Complete(b runtime.mai) = %q", got)
	}
}

// The full-screen UI runs `continue` on a worker goroutine and may set a
// breakpoint from the UI goroutine meanwhile: both must work.
func TestExecConcurrentBreakWhileRunning(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "done")
	// Ticks for hours (killed at the end): the program must still run when
	// the breakpoint is set, however slow a loaded machine makes that.
	s := startSession(t, "loop", marker, "1000000")
	r := &syncRecorder{}
	c := New(s, r)

	contDone := make(chan error, 1)
	go func() {
		_, err := c.Exec("continue")
		contDone <- err
	}()
	// Wait until the continue is really in flight: CurrentState says the
	// program runs.
	deadline := time.Now().Add(10 * time.Second)
	for s.Do(debugger.CurrentState{}).Err != debugger.ErrRunning {
		if time.Now().After(deadline) {
			t.Fatal("the program never ran")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := c.Exec("break main.tick"); err != nil {
		t.Fatalf("break while running: %v", err)
	}
	select {
	case err := <-contDone:
		if err != nil {
			t.Fatalf("continue: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("continue did not stop at the breakpoint set while it ran")
	}
	out, errs := r.lines()
	line := fixture.LineOf(t, "loop", "main.go", "func tick(i int) int {")
	want := fmt.Sprintf("main.tick at %s:%d", fixture.Source("loop", "main.go"), line)
	if len(errs) != 0 || len(out) != 2 || !strings.HasPrefix(out[0], "Breakpoint 1 at ") ||
		!strings.HasPrefix(out[1], "stopped: breakpoint 1: "+want) {
		t.Errorf("got\n%s\nerrors %q", strings.Join(out, "\n"), errs)
	}
}
