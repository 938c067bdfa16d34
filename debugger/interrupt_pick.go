package debugger

import (
	"sort"
	"strings"
)

// An interrupt is a SIGSTOP sent to the main thread, which in a busy Go
// program is as likely as not an M idling in runtime.futex: reporting that
// thread shows the user the scheduler instead of their loop. Delve selects
// the thread that runs a user goroutine; so does tdb.

// interruptThread returns the thread an interrupt should report, every
// thread being stopped: kicked (the one the SIGSTOP reached) unless another
// runs a goroutine in code outside the runtime, or kicked runs no goroutine
// at all and another does. Ties go to kicked, then to the lowest tid, so
// the choice does not depend on map order.
func (e *engine) interruptThread(kicked *thread) *thread {
	if !e.goRT.ok || kicked == nil {
		return kicked
	}
	best, bestScore := kicked, e.interruptScore(kicked)
	tids := make([]int, 0, len(e.threads))
	for tid := range e.threads {
		tids = append(tids, tid)
	}
	sort.Ints(tids)
	for _, tid := range tids {
		t := e.threads[tid]
		if t == kicked || bestScore == 2 {
			continue
		}
		if s := e.interruptScore(t); s > bestScore {
			best, bestScore = t, s
		}
	}
	return best
}

// interruptScore: 2 for a goroutine in the program's code (or a library's,
// anything outside package runtime), 1 for a goroutine in the runtime (a
// user goroutine in mallocgc is still the user's), 0 for a thread that
// runs no goroutine (scheduling, idle, sysmon).
func (e *engine) interruptScore(t *thread) int {
	if e.getRegs(t) != nil || e.goidOf(t) == 0 {
		return 0
	}
	fn := e.bin.FuncAt(t.regs.Rip - e.bias)
	if fn == nil || strings.HasPrefix(fn.Name, "runtime.") || strings.HasPrefix(fn.Name, "internal/runtime/") {
		return 1
	}
	return 2
}
