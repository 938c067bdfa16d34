//go:build linux && amd64

package debugger

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"tdb/debugger/x86emu"
)

// Passing a breakpoint without stopping the world.
//
// The classic way past an int3 is to put the original byte back,
// single-step, and write the int3 again. While the byte is out, any other
// thread could run through the breakpoint unseen, so every thread must be
// stopped first: that costs a signal and a wait per thread at every hit.
// When a hit does not stop the program (a false condition, a hit-count
// that has not been reached, a step plan's breakpoint met by another
// goroutine), the engine instead executes the instruction under the int3
// itself with package x86emu, on the trapping thread's registers and
// memory: the int3 never leaves the code, the other threads never stop,
// and the thread goes on with one SETREGS and one CONT.
//
// Instructions x86emu refuses (SSE, LOCK, string operations, segment
// overrides, multiplication) take the classic path. The tests' verifying
// mode executes each emulated instruction for real too and compares.

// emuInsn is the decoded instruction under a breakpoint, cached on the
// physBP: code does not change under a breakpoint.
type emuInsn struct {
	insn     *x86emu.Insn // nil: the processor must execute it
	verified int          // passes checked by the verifying mode
}

// emuFor decodes the instruction under b once.
func (e *engine) emuFor(b *physBP) *emuInsn {
	if b.emu != nil {
		return b.emu
	}
	b.emu = &emuInsn{}
	code := make([]byte, 16)
	if err := e.readMem(b.addr, code); err != nil {
		// Near the end of a mapping: decode what is readable.
		code = code[:1]
		if e.readMem(b.addr, code) != nil {
			return b.emu
		}
	}
	e.unpatch(b.addr, code)
	if insn, err := x86emu.Decode(code); err == nil {
		b.emu.insn = insn
	}
	return b.emu
}

// emuMemory is the program's memory as x86emu reads it: an access the
// processor must make (one that would fault, or trap on a watchpoint) is
// refused.
type emuMemory struct{ e *engine }

func (m emuMemory) Read(a uint64, b []byte) error {
	if m.e.watchedMem(a, len(b), false) {
		return fmt.Errorf("%#x is watched: the processor must make the access", a)
	}
	if !m.e.memOK(a, len(b), false) {
		return fmt.Errorf("the program may not read %#x", a)
	}
	return m.e.readMem(a, b)
}

func (m emuMemory) CheckWrite(a uint64, size int) error {
	if m.e.watchedMem(a, size, true) {
		return fmt.Errorf("%#x is watched: the processor must make the access", a)
	}
	if !m.e.memOK(a, size, true) {
		return fmt.Errorf("the program may not write %#x", a)
	}
	return nil
}

// emuRegs are the registers of r that x86emu reads.
func emuRegs(r *unix.PtraceRegs) x86emu.Regs {
	x := x86emu.Regs{Rip: r.Rip, Rflags: r.Eflags}
	for i, f := range emuFields {
		x.GP[i] = *f(r)
	}
	return x
}

// withEmuRegs is r with the registers x86emu computed.
func withEmuRegs(r unix.PtraceRegs, x *x86emu.Regs) unix.PtraceRegs {
	for i, f := range emuFields {
		*f(&r) = x.GP[i]
	}
	r.Rip, r.Eflags = x.Rip, x.Rflags
	return r
}

// emulate computes what ins does on t's registers. An error means the
// processor must execute it.
func (e *engine) emulate(ins *emuInsn, regs *unix.PtraceRegs) (*x86emu.Result, error) {
	if ins.insn == nil {
		return nil, errors.New("not emulated")
	}
	x := emuRegs(regs)
	return ins.insn.Exec(&x, emuMemory{e})
}

// applyEmu writes res's stores into the program and its registers into
// t. A store that fails leaves the program as it was: the caller then
// executes the instruction for real, which faults as it should.
func (e *engine) applyEmu(t *thread, res *x86emu.Result) error {
	for _, w := range res.Writes {
		if e.mem == nil {
			return ErrNotRunning
		}
		if _, err := e.mem.WriteAt(w.Data, int64(w.Addr)); err != nil {
			return fmt.Errorf("writing %d bytes at %#x: %w", len(w.Data), w.Addr, err)
		}
	}
	t.regs = withEmuRegs(t.regs, &res.Regs)
	e.because("SETREGS", "write the registers as the emulated instruction left them: rip past it")
	return e.setRegs(t)
}

// passOver moves t past the instruction under bp by emulating it, when it
// can, and resumes t alone. It reports false when the classic path must be
// taken; nothing has changed then.
func (e *engine) passOver(t *thread, bp *physBP) bool {
	if t.pendingSig != 0 || e.mem == nil {
		return false
	}
	ins := e.emuFor(bp)
	if ins.insn == nil {
		return false
	}
	res, err := e.emulate(ins, &t.regs)
	if err != nil {
		return false
	}
	if h := e.s.test; h != nil && h.verifyEmu && ins.verified < 3 {
		ins.verified++
		return e.checkEmu(t, bp, ins, res)
	}
	if e.mechanics {
		e.mech("EMULATE", t.tid, bp.addr, "%#x: %s executed by tdb for tid %d, which goes on (the int3 stays; no thread stops)",
			bp.addr, ins.insn.Intel(bp.addr), t.tid)
	}
	if err := e.applyEmu(t, res); err != nil {
		return false
	}
	if err := e.cont(t, 0); err != nil {
		return false
	}
	e.s.test.emuPassed()
	return true
}

// checkEmu is passOver in the tests' verifying mode: it executes the
// instruction for real (every thread stopped, the classic step over) and
// records any difference from what emulation computed.
func (e *engine) checkEmu(t *thread, bp *physBP, ins *emuInsn, want *x86emu.Result) bool {
	wantRegs := withEmuRegs(t.regs, &want.Regs)
	if err := e.setRegs(t); err != nil {
		return false
	}
	e.stopAll()
	// Emulated again now that no thread runs: the first emulation read
	// memory while others ran, and one may have written it since (sysmon
	// setting g.stackguard0 to preempt: "registers differ" at
	// cmp r12, [r14+0x10], seen once under load). Both now see the same.
	if again, err := e.emulate(ins, &t.regs); err == nil {
		want, wantRegs = again, withEmuRegs(t.regs, &again.Regs)
	}
	sig, err := e.stepOver(t, bp)
	if err == nil && sig == 0 {
		err = e.getRegs(t)
	}
	what := fmt.Sprintf("%#x %s", bp.addr, ins.insn.Intel(bp.addr))
	switch {
	case err != nil || sig != 0:
		e.s.test.noteEmu(fmt.Sprintf("%s: executing it failed (signal %d, %v)", what, sig, err))
	default:
		got := t.regs
		flagsIgnored := 0x100 | 0x10000 | want.UndefFlags // TF and RF are the stepping's own
		got.Eflags &^= flagsIgnored
		w := wantRegs
		w.Eflags &^= flagsIgnored
		if got != w {
			e.s.test.noteEmu(fmt.Sprintf("%s: registers differ:\n emulated %+v\n executed %+v", what, w, got))
		}
		for _, m := range want.Writes {
			b := make([]byte, len(m.Data))
			if e.readMem(m.Addr, b) != nil || string(b) != string(m.Data) {
				e.s.test.noteEmu(fmt.Sprintf("%s: memory at %#x: emulated % x, executed % x", what, m.Addr, m.Data, b))
			}
		}
		e.s.test.emuPassed()
	}
	if err := e.resumeAll(); err == errWatchHit {
		e.watch.stalled = true
	} else if err != nil {
		e.s.test.noteEmu(fmt.Sprintf("%s: resuming: %v", what, err))
	}
	return true
}
