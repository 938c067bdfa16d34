package debugger

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tdb/source/fixture"
)

// Targets that misbehave (issue 6): fork children, threads that come and
// go, kills from outside, ignored signals.

// reply waits for an asynchronous request's reply, failing after a
// deadline instead of hanging the suite.
func (tg *target) reply(ch <-chan Reply) Reply {
	tg.t.Helper()
	select {
	case rep := <-ch:
		return rep
	case <-time.After(20 * time.Second):
		tg.t.Fatalf("no reply within 20s")
	}
	return Reply{}
}

func TestForkChildRunsFreeWithoutBreakpoints(t *testing.T) {
	tg := launch(t, "forker", "fork")
	tg.brk("work")
	// The child runs work(7) before the parent's work(1): had it kept the
	// int3 it would die of SIGTRAP ("child killed by signal 5"), and had it
	// stayed traced it would hang the parent's waitpid.
	st := tg.stop(Continue{})
	if st.Function != "work" || st.Thread != st.PID {
		t.Fatalf("stopped at %s in thread %d, want work in the parent %d", where(st), st.Thread, st.PID)
	}
	tg.waitOutput("child exited 14\n")
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 || rep.Exited.Signal != "" {
		t.Fatalf("continue: %+v, want exit status 0 (one hit, the parent's)", rep)
	}
}

func TestSpawnChildRunsFree(t *testing.T) {
	tg := launch(t, "forker", "spawn")
	line := fixture.LineOf(t, "forker", "forker.c", `printf("spawn exited`)
	tg.brk("main")
	tg.brk(fmt.Sprintf("forker.c:%d", line))
	tg.stop(Continue{})
	st := tg.stop(Continue{})
	if st.Line != line {
		t.Fatalf("stopped at %s, want line %d", where(st), line)
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("continue: %+v, want exit status 0", rep)
	}
	tg.waitOutput("spawn exited 0\n")
	if !strings.Contains(tg.output(), "spawned\n") {
		t.Errorf("output %q lacks the spawned echo's", tg.output())
	}
}

func TestThreadsStartAndExitBetweenStops(t *testing.T) {
	tg := launch(t, "forker", "threads")
	tg.brk("worker")
	hits := 0
	for {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			if rep.Exited.Status != 0 || rep.Exited.Signal != "" {
				t.Fatalf("exit %v after %d hits", rep.Exited, hits)
			}
			break
		}
		st := rep.State
		hits++
		if st.Function != "worker" || st.Reason.Kind != "breakpoint" {
			t.Fatalf("hit %d: stopped at %s", hits, where(st))
		}
		found := false
		for _, th := range st.Threads {
			if th.ID == st.Thread {
				found = true
			}
			if _, err := os.Stat(fmt.Sprintf("/proc/%d/task/%d", st.PID, th.ID)); err != nil {
				t.Fatalf("hit %d: thread %d listed but gone", hits, th.ID)
			}
		}
		if !found || st.Thread == st.PID {
			t.Fatalf("hit %d: stopped thread %d (not the main thread, and listed in %+v)", hits, st.Thread, st.Threads)
		}
		if hits > 100 {
			t.Fatalf("more hits than threads")
		}
	}
	if hits != 100 {
		t.Errorf("%d hits, want 100 (one per thread)", hits)
	}
	tg.waitOutput("threads 4950\n")
}

func TestKilledFromOutsideWhileStopped(t *testing.T) {
	tg := launch(t, "forker", "ignore")
	tg.brk("spin")
	st := tg.stop(Continue{})
	if err := unix.Kill(st.PID, unix.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Whoever sees the death first, the continue or the idle check
	// between requests (vanish.go, every 200 ms; a loaded CI run's
	// continue came after it), the continue answers with the exit.
	rep := tg.reply(tg.s.Send(Continue{}))
	if rep.Exited == nil || rep.Exited.Signal != "SIGKILL" {
		t.Fatalf("continue after SIGKILL: %+v, want exited: signal SIGKILL", rep)
	}
	if rep := tg.s.Do(Next{}); rep.Err != ErrNotRunning {
		t.Errorf("next after the exit: %v, want ErrNotRunning", rep.Err)
	}
}

func TestKilledFromOutsideWhileRunning(t *testing.T) {
	tg := launch(t, "forker", "ignore")
	ch := tg.s.Send(Continue{})
	tg.waitOutput("pid ")
	if err := unix.Kill(int(tg.s.pid.Load()), unix.SIGKILL); err != nil {
		t.Fatal(err)
	}
	rep := tg.reply(ch)
	if rep.Exited == nil || rep.Exited.Signal != "SIGKILL" {
		t.Fatalf("running program killed: %+v, want exited: signal SIGKILL", rep)
	}
}

func TestProgramIgnoringSIGINTAndSIGTERM(t *testing.T) {
	tg := launch(t, "forker", "ignore")
	// SIGTERM and SIGINT stop the program first by default, as in gdb
	// (signals.go): passed without a stop here, as gdb's handle says.
	tg.do(HandleSignals{Signals: []string{"SIGINT", "SIGTERM"}, Actions: []string{"nostop", "noprint", "pass"}})
	ch := tg.s.Send(Continue{})
	tg.waitOutput("pid ")
	pid := int(tg.s.pid.Load())
	// The program's own signals are delivered to it, and it ignores them.
	unix.Kill(pid, unix.SIGTERM)
	unix.Kill(pid, unix.SIGINT)
	for i := 0; i < 2; i++ {
		tg.s.Interrupt()
		rep := tg.reply(ch)
		if rep.State == nil || rep.State.Reason.Kind != "interrupt" {
			t.Fatalf("interrupt %d: %+v, want a stop (the program ignores SIGINT, not tdb's SIGSTOP)", i, rep)
		}
		ch = tg.s.Send(Continue{})
		// Interrupt acts only on a running program: wait until the
		// engine has resumed it.
		for deadline := time.Now().Add(10 * time.Second); !tg.s.running.Load(); {
			if time.Now().After(deadline) {
				t.Fatal("the program never ran again")
			}
			time.Sleep(time.Millisecond)
		}
	}
	kill := tg.reply(tg.s.Send(Kill{}))
	if kill.Exited == nil || kill.Exited.Signal != "SIGKILL" {
		t.Fatalf("kill: %+v", kill)
	}
	tg.reply(ch)
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Errorf("process %d still exists after kill", pid)
	}
}
