package debugger

import (
	"strings"
	"testing"
)

// TestInterruptPicksUserGoroutine: Ctrl+C on stepbusy (three goroutines
// spinning in main.busy while main sleeps) reports a thread that runs a
// goroutine in the program's code whenever one does, checked against
// the stop's own thread list, as Delve selects one. The SIGSTOP goes to
// the main thread, which is mostly idle in the runtime.
func TestInterruptPicksUserGoroutine(t *testing.T) {
	tg := launch(t, "stepbusy")
	tg.stop(RunToMain{})
	user := func(th Thread) bool {
		return th.Goroutine != 0 && !strings.HasPrefix(th.Function, "runtime.") && !strings.HasPrefix(th.Function, "internal/runtime/")
	}
	for i := 0; i < 5; i++ {
		done := tg.s.Send(Continue{})
		tg.waitRunning()
		tg.s.Interrupt()
		rep := <-done
		st := rep.State
		if rep.Err != nil || st == nil || st.Reason.Kind != "interrupt" {
			t.Fatalf("interrupt: %+v", rep)
		}
		var sel *Thread
		anyUser := false
		for j, th := range st.Threads {
			if th.ID == st.Thread {
				sel = &st.Threads[j]
			}
			anyUser = anyUser || user(th)
		}
		if sel == nil {
			t.Fatalf("stopped thread %d not among the threads %+v", st.Thread, st.Threads)
		}
		if anyUser && !user(*sel) {
			t.Errorf("interrupt %d selected thread %d in %s (goroutine %d); threads: %+v", i, sel.ID, sel.Function, sel.Goroutine, st.Threads)
		}
		if user(*sel) && (st.Goroutine != sel.Goroutine || st.Function != sel.Function) {
			t.Errorf("stop reports goroutine %d in %s, thread %d runs %d in %s", st.Goroutine, st.Function, sel.ID, sel.Goroutine, sel.Function)
		}
	}
}
