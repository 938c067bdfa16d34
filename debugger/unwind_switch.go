package debugger

import "strings"

// Stack switches. A goroutine's code runs on its own stack, but the
// runtime runs parts of it on the thread's system stack (g0): systemstack
// and asmcgocall (every cgo call, and the C code under it) save the
// goroutine's pc, sp and bp in g.sched (gosave_systemstack_switch, which
// names runtime.systemstack_switch as the pc) and switch; morestack saves
// the growing function's in g.sched and calls newstack on g0. A cgo callback
// (C calling an exported Go function) comes back through cgocallback,
// which moves to the goroutine's stack again, leaving the system stack's
// sp in m.g0.sched.sp. Walking frame by frame, each of these is where the
// walk must jump to the other stack, or it ends in garbage ("??", or a
// stale frame of g0's) and never reaches main.main.

// stackResume is where the goroutine's own stack goes on above a stretch
// run on the system stack (pc, sp, bp), and the system stack's sp of the
// next cgocallback out (g0sp, once one was crossed).
type stackResume struct{ pc, sp, bp, g0sp uint64 }

// switchStack gives the registers the walk goes on with after frame fn
// (its pc, its cfa and return address as found on the stack it ran on),
// when fn is where a stack switch happened. resume carries, from a
// cgocallback frame up to the asmcgocall frame below it, the goroutine
// stack's resume point, which g.sched no longer holds during a callback.
func (e *engine) switchStack(t *thread, fn string, pc, cfa, ra, nbp uint64, resume *stackResume) (npc, nsp, nbp2 uint64, ok bool) {
	fn = strings.TrimSuffix(fn, ".abi0")
	switch fn {
	case "runtime.systemstack", "runtime.asmcgocall", "runtime.morestack":
	case "runtime.cgocallback":
	case "runtime.sigtramp", "runtime.cgoSigtramp":
		return e.signalFrame(cfa)
	default:
		return 0, 0, 0, false
	}
	l, err := e.layout()
	if err != nil {
		return 0, 0, 0, false
	}
	g := e.curG(t)
	if g == 0 {
		return 0, 0, 0, false
	}
	m, err := e.read8(g + uint64(l.m))
	if err != nil || m == 0 {
		return 0, 0, 0, false
	}
	if fn == "runtime.cgocallback" {
		// On the goroutine's stack cgocallback's return address is the
		// goroutine's old g.sched.pc (it pushed it there) and its cfa
		// the old g.sched.sp: keep them for the asmcgocall below. Its
		// frame on the system stack starts at m.g0.sched.sp; the same
		// call-frame row, applied there, leads into the C caller
		// (crosscall2).
		// FieldOffset caches its answers: no DWARF walk per frame.
		off, err := e.bin.FieldOffset("runtime.m", "g0")
		if err != nil {
			return 0, 0, 0, false
		}
		g0, err := e.read8(m + uint64(off))
		if err != nil || g0 == 0 {
			return 0, 0, 0, false
		}
		// Only the frame on the goroutine's stack switches: the thread
		// may be back on g0 (C called by the callback), and cgocallback
		// also calls needm and dropm on g0.
		loOff, err := e.bin.FieldOffset("runtime.g", "stack.lo")
		if err != nil {
			return 0, 0, 0, false
		}
		lo, err1 := e.read8(g0 + uint64(loOff))
		hi, err2 := e.read8(g0 + uint64(e.goRT.stackHi))
		if err1 != nil || err2 != nil || (cfa >= lo && cfa <= hi) {
			return 0, 0, 0, false
		}
		// Each cgocallback saves the g0.sched.sp it replaces at the
		// bottom of its g0 frame: nested callbacks chain through it.
		sp0 := resume.g0sp
		if sp0 == 0 {
			if sp0, err = e.read8(g0 + uint64(l.schedSP)); err != nil || sp0 == 0 {
				return 0, 0, 0, false
			}
		}
		row, found := e.bin.FrameRowAt(pc - 1 - e.bias)
		if !found {
			return 0, 0, 0, false
		}
		_, ra0, bp0, ok := e.applyRow(row, sp0, 0)
		cfa0 := uint64(int64(sp0) + row.CFAOffset)
		if !ok || ra0 == 0 {
			return 0, 0, 0, false
		}
		prev, _ := e.read8(sp0)
		*resume = stackResume{pc: ra, sp: cfa, bp: nbp, g0sp: prev}
		return ra0, cfa0, bp0, true
	}
	// systemstack, asmcgocall and morestack: only when they did switch,
	// that is when the thread runs its system stack for another
	// goroutine.
	if resume.sp != 0 {
		r := *resume
		resume.pc, resume.sp, resume.bp = 0, 0, 0
		return r.pc, r.sp, r.bp, true
	}
	curg, err := e.read8(m + uint64(l.mCurg))
	if err != nil || curg == 0 || curg == g {
		return 0, 0, 0, false
	}
	spc, err1 := e.read8(curg + uint64(l.schedPC))
	ssp, err2 := e.read8(curg + uint64(l.schedSP))
	sbp, err3 := e.read8(curg + uint64(l.schedBP))
	if err1 != nil || err2 != nil || err3 != nil || spc == 0 || ssp == 0 {
		return 0, 0, 0, false
	}
	return spc, ssp, sbp, true
}

// signalFrame gives the registers of the code a signal interrupted, from
// the kernel's signal frame above the handler's: the handler returns to
// the restorer whose address the kernel put at the frame's top (the
// handler's cfa-8), and the ucontext follows it, at the handler's cfa.
// Without this the walk goes on from the restorer (libc's __restore_rt,
// which tdb has no call-frame information for) and loses the faulting
// frame: Delve's cgosigsegvstack lost C's sigsegv.
func (e *engine) signalFrame(cfa uint64) (pc, sp, bp uint64, ok bool) {
	// struct ucontext: uc_flags, uc_link, uc_stack (24 bytes), then
	// uc_mcontext, whose gregs are r8..r15, rdi, rsi, rbp, rbx, rdx,
	// rax, rcx, rsp, rip (asm/sigcontext.h).
	mc := cfa + 40
	bp, err1 := e.read8(mc + 10*8)
	sp, err2 := e.read8(mc + 15*8)
	pc, err3 := e.read8(mc + 16*8)
	if err1 != nil || err2 != nil || err3 != nil || pc == 0 || sp == 0 {
		return 0, 0, 0, false
	}
	return pc, sp, bp, true
}
