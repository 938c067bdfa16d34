package debugger

import (
	"fmt"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tdb/source/fixture"
)

// TestDeathWhileIdleIsReported: a stopped program killed from outside
// (kill -9, the OOM killer) is reported exited by an event, with no
// request sent, launched or attached: the screen shows it at once rather
// than "stopped at" until a key is pressed.
func TestDeathWhileIdleIsReported(t *testing.T) {
	for _, attach := range []bool{false, true} {
		t.Run(fmt.Sprintf("attach=%v", attach), func(t *testing.T) {
			cfg := Config{Path: fixture.Build(t, "loop"), Args: []string{t.TempDir() + "/done", "100000"}}
			if attach {
				cmd, _, _ := startLoop(t, 100000)
				cfg = Config{Attach: cmd.Process.Pid}
			}
			s, err := Start(cfg)
			if err != nil {
				t.Fatal(err)
			}
			exited := make(chan Exited, 1)
			go func() {
				for ev := range s.Events() {
					if ex, ok := ev.(Exited); ok {
						exited <- ex
					}
				}
			}()
			defer s.Close()
			rep := s.Do(ListBreakpoints{}) // the session is up and idle
			if rep.Err != nil {
				t.Fatal(rep.Err)
			}
			pid := int(s.pid.Load())
			if pid == 0 {
				t.Fatal("no pid")
			}
			start := time.Now()
			if err := unix.Kill(pid, unix.SIGKILL); err != nil {
				t.Fatal(err)
			}
			select {
			case ex := <-exited:
				t.Logf("reported after %v: %+v", time.Since(start), ex)
				if ex.Signal != "SIGKILL" {
					t.Errorf("exited %+v, want signal SIGKILL", ex)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("no Exited event without a request")
			}
			// The first request that would run it answers with the
			// exit (batch mode prints exits from replies only), the
			// next ones say there is nothing to run.
			if r := s.Do(Next{}); r.Exited == nil || r.Exited.Signal != "SIGKILL" {
				t.Errorf("next after the kill: %+v, want exited: signal SIGKILL", r)
			}
			if r := s.Do(Next{}); r.Err != ErrNotRunning {
				t.Errorf("second next after the kill: %v, want ErrNotRunning", r.Err)
			}
		})
	}
}
