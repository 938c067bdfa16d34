package debugger

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"tdb/source/fixture"
)

// target is a session under test with its events collected.
type target struct {
	t   *testing.T
	s   *Session
	mu  sync.Mutex
	out bytes.Buffer
	evs []Event
	end chan struct{}
	// last is the latest reply that reported a stop or an exit: settle
	// waits for its event.
	last Reply
}

func launch(t *testing.T, prog string, args ...string) *target {
	t.Helper()
	bin := fixture.Build(t, prog)
	// With hooks for the tests that force an order (interruptWorking).
	s, err := start(Config{Path: bin, Args: args}, &testHooks{})
	if err != nil {
		t.Fatalf("Start(%s): %v", prog, err)
	}
	return adoptSession(t, s)
}

// adoptSession collects s's events and closes it at the end of the test.
func adoptSession(t *testing.T, s *Session) *target {
	t.Helper()
	tg := &target{t: t, s: s, end: make(chan struct{})}
	go func() {
		defer close(tg.end)
		for ev := range s.Events() {
			tg.mu.Lock()
			if o, ok := ev.(Output); ok {
				tg.out.Write(o.Data)
			}
			tg.evs = append(tg.evs, ev)
			tg.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		pid := int(s.pid.Load())
		s.Close()
		<-tg.end
		if pid != 0 {
			if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil && !tg.detached() {
				t.Errorf("process %d still exists after Close", pid)
			}
		}
	})
	return tg
}

func (tg *target) detached() bool {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	for _, ev := range tg.evs {
		if _, ok := ev.(Detached); ok {
			return true
		}
	}
	return false
}

func (tg *target) output() string {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return tg.out.String()
}

// do sends r and fails the test on an error.
func (tg *target) do(r Request) Reply {
	tg.t.Helper()
	rep := tg.s.Do(r)
	if rep.Err != nil {
		tg.t.Fatalf("%T%+v: %v", r, r, rep.Err)
	}
	if rep.State != nil || rep.Exited != nil {
		tg.mu.Lock()
		tg.last = rep
		tg.mu.Unlock()
	}
	return rep
}

// settle waits until the collector has taken in the event of the latest
// stop or exit a reply reported. The engine emits a stop's logs, then its
// Stopped (or Exited) event, then replies; the reply can reach the test
// before the collector goroutine has appended those events (two channels),
// so a test that reads tg.evs right after a reply must settle first.
// TestHandleSignals and TestSourceNewerWarnsOnce missed their log lines
// about once in three full runs on a busy machine. Call with tg.mu held;
// it returns with tg.mu held.
func (tg *target) settle() {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for i := len(tg.evs) - 1; i >= 0; i-- {
			switch ev := tg.evs[i].(type) {
			case Stopped:
				// The reply's State may be a copy of the event's
				// (breakpoints added), so they are compared by value.
				if l := tg.last.State; l != nil && ev.State != nil && ev.State.PC == l.PC &&
					ev.State.Thread == l.Thread && ev.State.Reason == l.Reason {
					return
				}
			case Exited:
				if tg.last.Exited != nil {
					return
				}
			}
		}
		if tg.last.State == nil && tg.last.Exited == nil {
			return
		}
		tg.mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		tg.mu.Lock()
	}
}

// stop runs r and expects a stop.
func (tg *target) stop(r Request) *State {
	tg.t.Helper()
	rep := tg.do(r)
	if rep.State == nil {
		tg.t.Fatalf("%T%+v: no stop (exited: %v)", r, r, rep.Exited)
	}
	return rep.State
}

func (tg *target) brk(loc string) Breakpoint {
	tg.t.Helper()
	rep := tg.do(SetBreakpoint{Loc: mustLoc(loc)})
	return rep.Breakpoints[0]
}

// waitOutput polls until the program's output contains s.
func (tg *target) waitOutput(s string) {
	tg.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(tg.output(), s) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	tg.t.Fatalf("output never contained %q; got %q", s, tg.output())
}

// waitRunning polls until the engine runs the program: Interrupt acts only
// on a running program, and a request sent meanwhile is served before the
// run starts, so a test of either must not race the start of a Continue.
func (tg *target) waitRunning() {
	tg.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !tg.s.running.Load() {
		if time.Now().After(deadline) {
			tg.t.Fatal("the program never ran")
		}
		time.Sleep(time.Millisecond)
	}
}

func funcs(fr []Frame) []string {
	var out []string
	for _, f := range fr {
		out = append(out, f.Function)
	}
	return out
}

func where(st *State) string {
	return fmt.Sprintf("%s %s:%d (%s)", st.Function, st.File, st.Line, st.Reason)
}
