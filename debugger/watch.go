package debugger

import (
	"bytes"
	"debug/dwarf"
	"errors"
	"fmt"

	"golang.org/x/arch/x86/x86asm"
	"golang.org/x/sys/unix"
)

// Watchpoints: the x86 debug registers.
//
// DR0-DR3 hold up to four addresses; DR7 enables each one (its L bit) with
// what to watch (R/W bits: 01 writes, 11 reads and writes; x86 has no
// read-only watch) and how many bytes (LEN bits: 1, 2, 4 or 8, the address
// aligned to that length). The registers are per thread, and a new thread
// starts with none (Linux clears ptrace's breakpoints at clone): the
// engine writes them, through PTRACE_POKEUSER, into every thread before
// that thread next runs (cont and singleStep compare the thread's
// generation with the watchpoints').
//
// The processor traps after the access: the thread stops with a SIGTRAP
// (si_code TRAP_HWBKPT) past the instruction, and DR6 (PTRACE_PEEKUSER)
// has bit N set for DRN; the engine clears DR6 after reading it, since the
// kernel keeps those bits until then. A trap of an int3 or a single-step
// leaves DR6's bits 0-3 clear, which is how the engine tells them apart.
//
// The emulator (passover.go, x86emu) executes instructions under breakpoints
// without the processor, so the debug registers would not see their
// accesses: an instruction that touches watched memory is not emulated,
// it takes the classic path (every thread stopped, one real single-step),
// and the watchpoint traps as usual.
//
// A Go stack variable moves when its goroutine's stack is copied (it grows
// or shrinks): the watchpoint keeps its distance from the top of the
// goroutine's stack (g.stack.hi), and an internal breakpoint on
// runtime.copystack's return moves it. Another internal breakpoint on the
// return address of the variable's frame, for that goroutine and frame,
// ends it: the stop says the watchpoint went out of scope and was cleared,
// as Delve does. A C local ends the same way (its thread, its CFA).
//
// The registers outlive their tracer: PTRACE_DETACH leaves them armed, and
// a free program would die of SIGTRAP at the next access, so detach clears
// DR7 in every thread, and the guardian of an attached program does after
// a killed tdb (guard_rescue.go). A restart clears every watchpoint, as
// Delve's does.

const maxWatchpoints = 4

// watchState is the engine's watchpoints. Only the ptrace goroutine uses it.
type watchState struct {
	slots [maxWatchpoints]*userBP // by debug register
	// gen changes with every change of the slots; a thread whose drGen
	// differs gets its registers rewritten before it runs.
	gen int
	// resize are runtime.copystack's returns, with an internal breakpoint
	// each while a stack variable is watched.
	resize []uint64
	// change is what the next report's State.Watch says.
	change *WatchChange
	// stalled: a resume in the emulator's verifying mode stopped short
	// at a watchpoint hit.
	stalled bool
	// restartNotes: the watchpoints the last restart cleared.
	restartNotes []string
}

// watchpoint is what a userBP that watches memory needs.
type watchpoint struct {
	kind WatchKind
	// addr and size are the watched bytes; the value shown is typ at
	// addr+voff (an interface is shown whole but only its data word is
	// watched).
	addr uint64
	size int
	voff int64
	typ  dwarf.Type
	old  []byte // the value at the last hit (or when set)
	// bits: a C bitfield; the debug register watches the bytes that
	// hold it, and a write that leaves its bits as they were (a
	// neighbour's) does not stop, as in gdb.
	bits *bitRef
	// A Go stack variable: the goroutine's g, the distance from
	// g.stack.hi (survives stack copies), and the sentinel on its frame's
	// return address, for that frame (the distance of its CFA from
	// stack.hi). A C local: the thread (tid), and frame is its frame's
	// CFA, which rsp equals after the return.
	g       uint64
	tid     int
	stackHi uint64
	off     int64
	retPC   uint64
	frame   uint64
}

// onStack: the watched memory is a local, which its frame's return ends.
func (w *watchpoint) onStack() bool { return w.g != 0 || w.tid != 0 }

var errWatchHit = errors.New("a watchpoint was hit")

// dr7 computes DR7 and DR0-DR3 for the enabled watchpoints.
func (e *engine) dr7() (uint64, [maxWatchpoints]uint64) {
	var v uint64
	var addrs [maxWatchpoints]uint64
	for i, u := range e.watch.slots {
		if u == nil || !u.Enabled {
			continue
		}
		w := u.w
		rw := uint64(1) // break on data writes
		if w.kind&WatchRead != 0 {
			rw = 3 // on data reads or writes
		}
		var ln uint64
		switch w.size {
		case 2:
			ln = 1
		case 8:
			ln = 2
		case 4:
			ln = 3
		}
		v |= 1 << (2 * i) // L0-L3: enabled for this task
		v |= (rw | ln<<2) << (16 + 4*i)
		addrs[i] = w.addr
	}
	return v, addrs
}

// syncDebugRegs writes the watchpoints into t's debug registers. DR7 is
// cleared first: the kernel checks each enabled slot's address and length
// as DR7 or the address is written.
func (e *engine) syncDebugRegs(t *thread) error {
	dr7, addrs := e.dr7()
	gen := e.watch.gen
	if t.dr7 != 0 && t.dr7 != dr7 {
		if err := e.pokeDebugReg(t.tid, 7, 0, "disable watchpoints to change them"); err != nil {
			return err
		}
		t.dr7 = 0
	}
	for i, a := range addrs {
		if dr7&(1<<(2*i)) != 0 && t.drAddr[i] != a {
			if err := e.pokeDebugReg(t.tid, i, a, fmt.Sprintf("watchpoint %d", e.watch.slots[i].ID)); err != nil {
				return err
			}
			t.drAddr[i] = a
		}
	}
	if dr7 != t.dr7 {
		if err := e.pokeDebugReg(t.tid, 7, dr7, "enable watchpoints"); err != nil {
			return err
		}
		t.dr7 = dr7
	}
	t.drGen = gen
	return nil
}

// syncAllDebugRegs writes the watchpoints into every stopped thread now,
// so that a refusal of the kernel is reported to the command that asked.
func (e *engine) syncAllDebugRegs() error {
	e.watch.gen++
	for _, t := range e.threadList() {
		if !t.stopped || t.newborn {
			continue
		}
		if err := e.syncDebugRegs(t); err != nil {
			if _, ok := e.threads[t.tid]; ok && e.isOurThread(t.tid) {
				return err
			}
		}
	}
	return nil
}

// watchTrap looks at DR6 after t's SIGTRAP. matched says that a
// watchpoint trapped (the SIGTRAP is the engine's); u is the watchpoint
// the program stops for, nil when the hit does not stop it (a write seen
// by a read watchpoint, a false condition, a hit count not reached).
// Hits are counted. Two watchpoints on one address both trap at once;
// each is counted, the first one stops.
func (e *engine) watchTrap(t *thread) (u *userBP, matched bool) {
	if t.dr7 == 0 {
		return nil, false
	}
	dr6, err := e.peekDebugReg(t.tid, 6)
	if err != nil || dr6&0xf == 0 {
		return nil, false
	}
	if err := e.pokeDebugReg(t.tid, 6, 0, "clear the watchpoint's status"); err != nil && !errors.Is(err, unix.ESRCH) {
		// A stale DR6 makes the next trap of t look like this hit again.
		e.logf("warning", "%v", err)
	}
	for i := 0; i < maxWatchpoints; i++ {
		if o := e.watch.slots[i]; dr6&(1<<i) != 0 && o != nil && o.Enabled {
			if e.watchCounts(t, o) {
				if u == nil {
					u = o
				} else {
					o.w.old = e.watchBytes(o.w) // counted, not reported
				}
			}
		}
	}
	return u, true // u nil: nothing to stop for, or cleared since
}

// watchCounts decides whether a trap of u on t stops the program, and
// counts it if its condition holds.
func (e *engine) watchCounts(t *thread, u *userBP) bool {
	w := u.w
	cur := e.watchBytes(w)
	if w.bits != nil && w.kind == WatchWrite && cur != nil && bytes.Equal(cur, w.old) {
		return false // a write to the bitfield's neighbours
	}
	if w.kind == WatchRead && cur != nil && !bytes.Equal(cur, w.old) {
		// x86 cannot watch reads alone: the register watches both, and a
		// write (the value changed) is not what a read watchpoint is for.
		// gdb's rwatch on x86 does the same.
		w.old = cur
		return false
	}
	if w.kind == WatchWrite && cur != nil && bytes.Equal(cur, w.old) && !e.bin.IsGo() {
		// gdb's watch stops only when the value changes: a write of
		// the same value (acc = 0 over a 0) is not reported in C.
		return false
	}
	if u.Cond != "" {
		fc, err := e.threadFrame(t)
		var c *evalCtx
		if err == nil {
			c = e.newEvalCtx(fc)
		}
		// A condition that cannot be evaluated stops, as a breakpoint's.
		if ok, err := e.condTrue(c, err, u.Cond); err == nil && !ok {
			w.old = cur
			return false
		}
	}
	u.HitCount++
	if u.HitCond != "" && !hitCondHolds(u.HitCount, u.HitCond) {
		w.old = cur
		return false
	}
	return true
}

// watchRefresh rereads every watchpoint's value, after tdb wrote the
// program's memory itself (set): the debug registers see no debugger's
// writes.
func (e *engine) watchRefresh() {
	for _, u := range e.watch.slots {
		if u != nil {
			u.w.old = e.watchBytes(u.w)
		}
	}
}

func (e *engine) watchBytes(w *watchpoint) []byte {
	if w.bits != nil {
		raw := make([]byte, (w.bits.off+w.bits.size+7)/8)
		if e.readMem(w.bits.addr, raw) != nil {
			return nil
		}
		return bitfieldValue(raw, w.bits, w.typ)
	}
	b := make([]byte, typeSize(w.typ))
	if e.readMem(uint64(int64(w.addr)+w.voff), b) != nil {
		return nil
	}
	return b
}

// watchedMem says whether an access of size bytes at a would trap a
// watchpoint: the emulator leaves such instructions to the processor.
func (e *engine) watchedMem(a uint64, size int, write bool) bool {
	for _, u := range e.watch.slots {
		if u == nil || !u.Enabled {
			continue
		}
		w := u.w
		if !write && w.kind&WatchRead == 0 {
			continue
		}
		if a < w.addr+uint64(w.size) && w.addr < a+uint64(size) {
			return true
		}
	}
	return false
}

// pendingWatch is a thread with a watchpoint hit not reported yet.
func (e *engine) pendingWatch() *thread {
	for _, t := range e.threads {
		if t.watchHit != nil {
			return t
		}
	}
	return nil
}

// watchStop reports a pending watchpoint hit; every thread is stopped.
func (e *engine) watchStop() stopEvent {
	t := e.pendingWatch()
	if t == nil {
		return stopEvent{kind: stopError, err: errors.New("a watchpoint hit went missing")}
	}
	e.stopAll()
	return stopEvent{kind: stopWatch, t: t, wp: t.watchHit}
}

// watchReason is the report of a watchpoint's stop: it sets the State's
// old and new values (report reads e.watch.change).
func (e *engine) watchReason(ev stopEvent) (StopReason, string) {
	u := ev.wp
	ev.t.watchHit = nil
	// Other threads may have hit the same watchpoint meanwhile: those
	// hits stay pending and are reported at the next resume.
	if ev.kind == stopWatchScope {
		note := e.scopeNote(u)
		return StopReason{Kind: "watchpoint", Breakpoint: u.ID}, note
	}
	w := u.w
	cur := e.watchBytes(w)
	e.watch.change = &WatchChange{Expr: u.Loc, Old: e.formatBytes(w, w.old), New: e.formatBytes(w, cur)}
	w.old = cur
	return StopReason{Kind: "watchpoint", Breakpoint: u.ID}, ""
}

func (e *engine) formatBytes(w *watchpoint, b []byte) string {
	if b == nil {
		return "(unreadable)"
	}
	return e.format(&value{typ: w.typ, addr: uint64(int64(w.addr) + w.voff), buf: b, reg: -1})
}

// setWatchpoint evaluates expr in the selected frame and watches it.
func (e *engine) setWatchpoint(r SetWatchpoint) Reply {
	if r.Kind&WatchReadWrite == 0 || r.Kind&^WatchReadWrite != 0 {
		return Reply{Err: fmt.Errorf("a watchpoint watches writes, reads or both")}
	}
	slot := -1
	for i, u := range e.watch.slots {
		if u == nil {
			slot = i
			break
		}
	}
	if slot < 0 {
		ids := ""
		for _, u := range e.watch.slots {
			ids += fmt.Sprintf(" %d", u.ID)
		}
		return Reply{Err: fmt.Errorf("cannot watch %s: all %d debug registers are in use (watchpoints%s): clear one first", r.Expr, maxWatchpoints, ids)}
	}
	fc, err := e.frameOf(SelectedFrame)
	if err != nil {
		return Reply{Err: err}
	}
	c := e.newEvalCtx(fc)
	v, err := c.eval(r.Expr)
	if err != nil {
		return Reply{Err: err}
	}
	var w *watchpoint
	switch {
	case v.bits != nil && v.bits.addr != 0:
		// A bitfield: the smallest aligned 1, 2, 4 or 8 bytes that
		// hold its bits.
		end := v.bits.addr + uint64((v.bits.off+v.bits.size+7)/8)
		w = &watchpoint{kind: r.Kind, typ: v.typ, bits: v.bits}
		for _, n := range []uint64{1, 2, 4, 8} {
			if base := v.bits.addr &^ (n - 1); base+n >= end {
				w.addr, w.size = base, int(n)
				break
			}
		}
		if w.size == 0 {
			return Reply{Err: fmt.Errorf("cannot watch %s: its bits span more than 8 aligned bytes", r.Expr)}
		}
	case v.addr == 0 || v.lit != nil || v.reg >= 0:
		return Reply{Err: fmt.Errorf("cannot watch %s: it is not in memory", r.Expr)}
	default:
		w = &watchpoint{kind: r.Kind, addr: v.addr, typ: v.typ, size: int(typeSize(v.typ))}
	}
	switch classify(v.typ) {
	case kEface, kIface:
		// The data word changes with every assignment of another value
		// (the type word may not): watch it, as Delve does.
		w.addr, w.size, w.voff = v.addr+8, 8, -8
	}
	if w.size <= 0 || w.size > 8 {
		return Reply{Err: fmt.Errorf("cannot watch %s: a %s is %d bytes and a debug register watches at most 8: watch a field or an element", r.Expr, e.typeName(v.typ), w.size)}
	}
	switch w.size {
	case 3:
		w.size = 4
	case 5, 6, 7:
		w.size = 8
	}
	if w.addr%uint64(w.size) != 0 {
		return Reply{Err: fmt.Errorf("cannot watch %s: its %d bytes at %#x are not aligned, and a debug register only watches aligned memory", r.Expr, w.size, w.addr)}
	}
	u := &userBP{Breakpoint: Breakpoint{ID: e.nextID, Loc: r.Expr, Function: fc.fn, Enabled: true,
		Watch: r.Kind, WatchAddr: w.addr, WatchSize: w.size}, w: w}
	var notes []string
	if err := e.watchStack(u, fc); err != nil {
		return Reply{Err: err}
	}
	switch {
	case w.g != 0:
		notes = append(notes, fmt.Sprintf("%s is on goroutine %d's stack: the watchpoint follows it when the stack moves and ends when its frame returns", r.Expr, e.state.Goroutine))
	case w.tid != 0:
		notes = append(notes, fmt.Sprintf("%s is on thread %d's stack: the watchpoint ends when its frame returns", r.Expr, w.tid))
	}
	w.old = e.watchBytes(w)
	e.watch.slots[slot] = u
	if err := e.syncAllDebugRegs(); err != nil {
		e.watch.slots[slot] = nil
		e.unwatchStack(u)
		e.syncAllDebugRegs()
		return Reply{Err: fmt.Errorf("cannot watch %s: %w", r.Expr, err)}
	}
	e.nextID++
	e.users = append(e.users, u)
	e.bpList = nil
	return Reply{Breakpoints: []Breakpoint{bpCopy(u)}, Notes: notes}
}

// watchStack makes a watchpoint on a goroutine's stack follow the stack
// and end with its frame.
func (e *engine) watchStack(u *userBP, fc *frameCtx) error {
	w := u.w
	if e.state == nil || e.cur == nil {
		return nil
	}
	if !e.goRT.ok {
		return e.watchCStack(u, fc)
	}
	g := e.userG(e.cur)
	if id := e.grs.parkedID; id != 0 && e.state.Seq == e.grs.parkedSeq && e.state.Goroutine == id {
		// A parked goroutine is selected (goroutine N): the frames are
		// its own, on its stack.
		pg, err := e.findGoroutine(id)
		if err != nil {
			return fmt.Errorf("cannot watch %s: %w", u.Loc, err)
		}
		g = pg.addr
	}
	if g == 0 {
		return nil
	}
	lo, err1 := e.bin.FieldOffset("runtime.g", "stack.lo")
	hi, err2 := e.read8(g + uint64(e.goRT.stackHi))
	if err1 != nil || err2 != nil {
		return nil
	}
	stackLo, err := e.read8(g + uint64(lo))
	if err != nil || w.addr < stackLo || w.addr >= hi {
		return nil // not on this goroutine's stack: a global or on the heap
	}
	if w.kind&WatchRead != 0 {
		// The runtime reads stacks as it copies and scans them.
		return fmt.Errorf("cannot watch %s for reads: it is on a goroutine's stack, which the runtime reads when it copies it", u.Loc)
	}
	frames := e.state.Frames
	if fc.index+1 >= len(frames) {
		return fmt.Errorf("cannot watch %s: its frame has no caller to return to", u.Loc)
	}
	w.g, w.stackHi, w.off = g, hi, int64(w.addr)-int64(hi)
	w.retPC = frames[fc.index+1].PC
	w.frame = hi - frames[fc.index].CFA
	if err := e.insertInternal(w.retPC); err != nil {
		return fmt.Errorf("cannot watch %s: the breakpoint on its frame's return: %w", u.Loc, err)
	}
	if len(e.watch.resize) == 0 {
		for _, a := range e.copystackReturns() {
			if e.insertInternal(a) == nil {
				e.watch.resize = append(e.watch.resize, a)
			}
		}
	}
	if len(e.watch.resize) == 0 {
		e.removeInternal(w.retPC)
		return fmt.Errorf("cannot watch %s: it is on a goroutine's stack, and runtime.copystack, which moves stacks, was not found", u.Loc)
	}
	return nil
}

// watchCStack: a local of a program without a Go runtime lies between
// the thread's rsp (less the red zone of the System V ABI, 128 bytes a
// leaf function may use below rsp) and the outermost frame's CFA. Its
// watchpoint ends when its frame returns, as gdb's does.
func (e *engine) watchCStack(u *userBP, fc *frameCtx) error {
	w := u.w
	frames := e.state.Frames
	sp, ok := e.state.Reg("rsp")
	if len(frames) == 0 || !ok || e.state.Thread == 0 {
		return nil
	}
	if w.addr+uint64(w.size) <= sp-128 || w.addr >= frames[len(frames)-1].CFA {
		return nil
	}
	if fc.index+1 >= len(frames) {
		return fmt.Errorf("cannot watch %s: its frame has no caller to return to", u.Loc)
	}
	w.tid, w.retPC, w.frame = e.state.Thread, frames[fc.index+1].PC, frames[fc.index].CFA
	if err := e.insertInternal(w.retPC); err != nil {
		w.tid = 0
		return fmt.Errorf("cannot watch %s: the breakpoint on its frame's return: %w", u.Loc, err)
	}
	return nil
}

// unwatchStack removes the internal breakpoints of a stack watchpoint.
func (e *engine) unwatchStack(u *userBP) {
	w := u.w
	if !w.onStack() || !e.alive() {
		return
	}
	e.removeInternal(w.retPC)
	w.g, w.tid = 0, 0
	for _, o := range e.watch.slots {
		if o != nil && o.w.g != 0 {
			return
		}
	}
	for _, a := range e.watch.resize {
		e.removeInternal(a)
	}
	e.watch.resize = nil
}

// copystackReturns are the RET instructions of runtime.copystack: when
// it returns, the goroutine's stack has moved.
func (e *engine) copystackReturns() []uint64 {
	fns, err := e.bin.LookupFunc("runtime.copystack")
	if err != nil || len(fns) != 1 {
		return nil
	}
	lo, hi := fns[0].Entry+e.bias, fns[0].End+e.bias
	code := make([]byte, hi-lo)
	if e.readMem(lo, code) != nil {
		return nil
	}
	e.unpatch(lo, code)
	var rets []uint64
	for off := 0; off < len(code); {
		inst, err := x86asm.Decode(code[off:], 64)
		if err != nil {
			off++
			continue
		}
		if inst.Op == x86asm.RET {
			rets = append(rets, lo+uint64(off))
		}
		off += inst.Len
	}
	return rets
}

// userG is the goroutine t works for: its g, or on the system stack its
// M's current goroutine.
func (e *engine) userG(t *thread) uint64 {
	g := e.curG(t)
	if g == 0 {
		return 0
	}
	if id, err := e.read8(g + uint64(e.goRT.goid)); err == nil && id != 0 {
		return g
	}
	l, err := e.layout()
	if err != nil {
		return 0
	}
	m, err := e.read8(g + uint64(l.m))
	if err != nil || m == 0 {
		return 0
	}
	curg, err := e.read8(m + uint64(l.mCurg))
	if err != nil {
		return 0
	}
	return curg
}

// watchResized moves the stack watchpoints whose goroutine's stack moved;
// it is called at a trap on runtime.copystack's return. It reports
// whether a debug register changed: every thread must then be stopped to
// get the new address before any runs on.
func (e *engine) watchResized(bp *physBP) bool {
	if !e.isResize(bp.addr) {
		return false
	}
	return e.moveStackWatches()
}

func (e *engine) isResize(addr uint64) bool {
	for _, a := range e.watch.resize {
		if a == addr {
			return true
		}
	}
	return false
}

// moveStackWatches follows the stacks of the watched goroutines: each
// watchpoint keeps its distance from its goroutine's stack.hi. Threads get
// the new addresses before they next run (the generation changes).
func (e *engine) moveStackWatches() bool {
	moved := false
	for _, u := range e.watch.slots {
		if u == nil || u.w.g == 0 {
			continue
		}
		w := u.w
		// Read the watched goroutine's own g: copystack may have run for
		// another goroutine (the GC shrinks stacks of others).
		hi, err := e.read8(w.g + uint64(e.goRT.stackHi))
		if err != nil || hi == w.stackHi {
			continue
		}
		w.stackHi = hi
		w.addr = uint64(int64(hi) + w.off)
		u.WatchAddr = w.addr
		moved = true
		e.mech("WATCHMOVE", 0, w.addr, "watchpoint %d follows its goroutine's stack to %#x", u.ID, w.addr)
	}
	if moved {
		e.watch.gen++
		e.bpList = nil
	}
	return moved
}

// watchScope says whether a trap at bp on t is the return of a watched
// stack variable's frame: the watchpoint's goroutine, with rsp at that
// frame's CFA (after the ret), not a deeper recursion's return.
func (e *engine) watchScope(t *thread, addr uint64) *userBP {
	for _, u := range e.watch.slots {
		if u == nil || !u.w.onStack() || u.w.retPC != addr || e.getRegs(t) != nil {
			continue
		}
		if u.w.tid != 0 {
			if t.tid == u.w.tid && t.regs.Rsp == u.w.frame {
				return u
			}
			continue
		}
		if e.userG(t) != u.w.g {
			continue
		}
		hi, err := e.read8(u.w.g + uint64(e.goRT.stackHi))
		if err == nil && hi-t.regs.Rsp == u.w.frame {
			return u
		}
	}
	return nil
}

// clearWatch frees u's debug register.
func (e *engine) clearWatch(u *userBP) {
	e.unwatchStack(u)
	for i, o := range e.watch.slots {
		if o == u {
			e.watch.slots[i] = nil
		}
	}
	if e.alive() {
		e.syncAllDebugRegs()
	} else {
		e.watch.gen++
	}
}

// watchAfterRestart clears every watchpoint, as Delve's restart does
// ("Discarded breakpoint ...: can not be enabled"): its expression was
// evaluated in a run that is gone. The notes say so in the restart's
// reply.
func (e *engine) watchAfterRestart() {
	e.watch.resize = nil
	e.watch.restartNotes = nil
	for _, u := range append([]*userBP(nil), e.users...) {
		if u.w == nil {
			continue
		}
		u.w.g, u.w.tid = 0, 0 // its sentinels went with the old process
		e.clearBreakpoint(u.ID)
		e.watch.restartNotes = append(e.watch.restartNotes,
			fmt.Sprintf("Watchpoint %d on [%s] cleared by the restart, as Delve does: set it again", u.ID, u.Loc))
	}
}

// scopeNote says a stack variable's watchpoint ended with its frame: in
// Delve's words for Go, in gdb's for C.
func (e *engine) scopeNote(u *userBP) string {
	if e.bin.IsGo() {
		return fmt.Sprintf("Watchpoint %d on [%s] went out of scope and was cleared", u.ID, u.Loc)
	}
	return fmt.Sprintf("Watchpoint %d deleted because the program has left the block in which its expression is valid.", u.ID)
}
