package debugger

import "tdb/source"

// goRuntime holds what the engine needs to know of Go's runtime.g.
type goRuntime struct {
	ok      bool
	goid    int64 // offset of g.goid
	stackHi int64 // offset of g.stack.hi
}

func loadGoRuntime(bin *source.Binary) goRuntime {
	if !bin.IsGo() {
		return goRuntime{}
	}
	goid, err1 := bin.FieldOffset("runtime.g", "goid")
	hi, err2 := bin.FieldOffset("runtime.g", "stack.hi")
	if err1 != nil || err2 != nil {
		return goRuntime{}
	}
	return goRuntime{ok: true, goid: goid, stackHi: hi}
}

// curG reads the g running on t. Go keeps it in thread-local storage at
// fs_base-8 on linux/amd64; R14 holds g only inside Go's ABIInternal code,
// so it is no use at an arbitrary stop.
func (e *engine) curG(t *thread) uint64 {
	if !e.goRT.ok || e.getRegs(t) != nil || t.regs.Fs_base == 0 {
		return 0
	}
	g, err := e.read8(t.regs.Fs_base - 8)
	if err != nil {
		return 0
	}
	return g
}

// goidOf is the id of the goroutine on t, 0 if none. On its M's system
// stack (g0, or gsignal in a signal handler: both have id 0) a thread
// works for the M's current goroutine (m.curg), which the goroutine list
// shows running on that thread: say that one, as the list does, or
// switching to a goroutine that is inside systemstack would select
// goroutine 0.
func (e *engine) goidOf(t *thread) int64 {
	g := e.curG(t)
	if g == 0 {
		return 0
	}
	id, err := e.read8(g + uint64(e.goRT.goid))
	if err != nil {
		return 0
	}
	if id == 0 {
		return e.curgID(g)
	}
	return int64(id)
}

// curgID is the id of the current goroutine of the M whose g0 (or
// gsignal) g is, 0 if the M runs none (it schedules, or idles).
func (e *engine) curgID(g uint64) int64 {
	l, err := e.layout()
	if err != nil {
		return 0
	}
	m, err := e.read8(g + uint64(l.m))
	if err != nil || m == 0 {
		return 0
	}
	curg, err := e.read8(m + uint64(l.mCurg))
	if err != nil || curg == 0 || curg == g {
		return 0
	}
	id, err := e.read8(curg + uint64(l.goid))
	if err != nil {
		return 0
	}
	return int64(id)
}
