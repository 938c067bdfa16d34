package debugger

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// TestThreadChurnAcrossStops (issue 6: "threads that start and exit
// during a stop"): testdata/stubborn churns through 2,000 threads, eight
// alive at a time, each calling churn_work once, which holds a breakpoint
// whose condition never holds (every hit is taken and passed), while the
// program is interrupted again and again. Each stop lists only threads
// that exist, and the program ends exactly as an undebugged run does.
func TestThreadChurnAcrossStops(t *testing.T) {
	const n = 2000
	tg := launch(t, "stubborn", "churn", fmt.Sprint(n))
	if r := tg.s.Do(SetBreakpoint{Loc: mustLoc("churn_work"), Cond: "i < 0"}); r.Err != nil {
		t.Fatal(r.Err)
	}
	stops := 0
	ch := tg.s.Send(Continue{})
	for {
		// Interrupt only a running program; one that ended meanwhile
		// has already replied.
		var rep Reply
		select {
		case rep = <-ch:
		default:
			tg.waitRunningOrReply(ch, &rep)
			if rep.State == nil && rep.Exited == nil && rep.Err == nil {
				tg.s.Interrupt()
				rep = tg.reply(ch)
			}
		}
		if rep.Err != nil {
			t.Fatalf("after %d stops: %v", stops, rep.Err)
		}
		if rep.Exited != nil {
			if rep.Exited.Status != 0 || rep.Exited.Signal != "" {
				t.Fatalf("after %d stops: exited %+v, want status 0", stops, rep.Exited)
			}
			break
		}
		st := rep.State
		stops++
		if st.Reason.Kind != "interrupt" {
			t.Fatalf("stop %d: %s, want an interrupt (the condition never holds)", stops, where(st))
		}
		for _, th := range st.Threads {
			if _, err := os.Stat(fmt.Sprintf("/proc/%d/task/%d", st.PID, th.ID)); err != nil {
				t.Fatalf("stop %d: thread %d listed but gone", stops, th.ID)
			}
		}
		ch = tg.s.Send(Continue{})
	}
	tg.waitOutput(fmt.Sprintf("churn %d\n", n*(n-1)/2))
	t.Logf("%d interrupts while threads came and went", stops)
}

// waitRunningOrReply polls until the engine runs the program or the
// pending request has replied (the program may end first).
func (tg *target) waitRunningOrReply(ch <-chan Reply, rep *Reply) {
	tg.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !tg.s.running.Load() {
		select {
		case *rep = <-ch:
			return
		default:
		}
		if time.Now().After(deadline) {
			tg.t.Fatal("the program never ran")
		}
		time.Sleep(100 * time.Microsecond)
	}
}
