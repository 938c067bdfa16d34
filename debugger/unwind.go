package debugger

import (
	"strings"

	"tdb/source"
)

const defaultDepth = 100

// unwind walks t's stack: call-frame information where the binary has it
// (frame pointers lie at a function's entry and in frameless code), the
// frame-pointer chain where it does not. It stops at runtime.goexit (the
// bottom of every goroutine), at main for C, and at anything that does not
// move up the stack.
func (e *engine) unwind(t *thread, max int) []Frame {
	if max <= 0 {
		max = defaultDepth
	}
	if err := e.getRegs(t); err != nil {
		return nil
	}
	pc, sp, bp := t.regs.Rip, t.regs.Rsp, t.regs.Rbp
	var frames []Frame
	var prevCFA uint64
	prevFn := ""
	var resume stackResume
	for i := 0; i < max; i++ {
		lookup := pc
		if i > 0 && !injectedCall(prevFn) {
			// A return address is the instruction after the call; the
			// call itself is what belongs to this frame.
			lookup = pc - 1
		}
		f := Frame{Index: i, PC: pc}
		// The program or a shared library (solib.go).
		bin, bias := e.binAt(lookup)
		if l := e.libAt(lookup); bin != e.bin && l != nil {
			f.Library = l.name
		}
		fn := bin.FuncAt(lookup - bias)
		if fn != nil {
			f.Function = fn.Name
		}
		if file, line, ok := bin.PCToLine(lookup - bias); ok {
			f.File, f.Line = file, line
		}
		var cfa, ra, nbp uint64
		ok := false
		if row, found := bin.FrameRowAt(lookup - bias); found {
			cfa, ra, nbp, ok = e.applyRow(row, sp, bp)
		}
		if !ok && fn != nil && pc == fn.Entry+bias {
			// At a function's first instruction the return address is
			// on top of the stack, whatever rbp says.
			if v, err := e.read8(sp); err == nil {
				cfa, ra, nbp, ok = sp+8, v, bp, true
			}
		}
		if !ok && bp != 0 {
			r, err1 := e.read8(bp + 8)
			b, err2 := e.read8(bp)
			if err1 == nil && err2 == nil {
				cfa, ra, nbp, ok = bp+16, r, b, true
			}
		}
		f.CFA = cfa
		if i > 0 && ok && cfa <= prevCFA {
			break // not moving up the stack: garbage
		}
		if ok && !e.bin.IsGo() && f.Function == "main" {
			// gdb's "saved rip" of main: in libc, the frames past it
			// (unwind_pastmain.go).
			f.CallerPC = ra
		}
		frames = append(frames, f)
		if !ok || isOutermost(f.Function, e.bin.IsGo()) && !(e.pastMain && f.Function == "main") {
			break
		}
		prevCFA = cfa
		prevFn = f.Function
		if e.bin.IsGo() {
			// Before the return address is looked at: morestack's,
			// on the system stack of a thread the runtime started, is
			// the 0 at the top of that stack, and the walk ended
			// there (TestBacktraceFromNewstack failed 3 runs in 40
			// when the goroutine grew its stack on such a thread).
			if npc, nsp, nbp2, sw := e.switchStack(t, f.Function, pc, cfa, ra, nbp, &resume); sw {
				// On another stack now (unwind_switch.go): its
				// addresses need not be above this one's.
				prevCFA = 0
				pc, sp, bp = npc, nsp, nbp2
				continue
			}
		}
		if ra == 0 {
			break
		}
		pc, sp, bp = ra, cfa, nbp
	}
	return frames
}

func isOutermost(fn string, isGo bool) bool {
	switch fn {
	case "runtime.goexit", "runtime.mstart", "runtime.mstart0", "runtime.rt0_go", "_rt0_amd64_linux", "_start":
		return true
	case "main":
		return !isGo
	}
	return false
}

func (e *engine) applyRow(row source.FrameRow, sp, bp uint64) (cfa, ra, nbp uint64, ok bool) {
	return unwindRow(&row, sp, bp, func(addr uint64) (uint64, bool) {
		v, err := e.read8(addr)
		return v, err == nil
	})
}

// unwindRow applies a call-frame row to sp and bp with read8 reading the
// stack: the caller's CFA, return address and rbp. The unwinder reads
// one word at a time, the goroutine walker from a window of the stack.
func unwindRow(row *source.FrameRow, sp, bp uint64, read8 func(uint64) (uint64, bool)) (cfa, ra, nbp uint64, ok bool) {
	switch row.CFAReg {
	case source.RegRSP:
		cfa = uint64(int64(sp) + row.CFAOffset)
	case source.RegRBP:
		cfa = uint64(int64(bp) + row.CFAOffset)
	default:
		return 0, 0, 0, false
	}
	if row.RA.Kind != source.RuleOffset {
		return 0, 0, 0, false
	}
	if ra, ok = read8(uint64(int64(cfa) + row.RA.Offset)); !ok {
		return 0, 0, 0, false
	}
	nbp = bp
	switch row.RBP.Kind {
	case source.RuleOffset:
		if v, ok := read8(uint64(int64(cfa) + row.RBP.Offset)); ok {
			nbp = v
		}
	case source.RuleValOffset:
		nbp = uint64(int64(cfa) + row.RBP.Offset)
	}
	return cfa, ra, nbp, true
}

// injectedCall: functions the Go runtime's signal handler makes the
// interrupted code "call" by pushing the interrupted pc as a return
// address (sigpanic for a fault, asyncPreempt for preemption). That pc is
// the faulting instruction itself, not one after a call: looked up at
// pc-1, a nil dereference on the first instruction of a line would be
// shown on the line before, or in the function before.
func injectedCall(fn string) bool {
	switch strings.TrimSuffix(fn, ".abi0") {
	case "runtime.sigpanic", "runtime.asyncPreempt":
		return true
	case "runtime.sigtramp", "runtime.cgoSigtramp":
		// Above a signal handler, the interrupted frame's pc comes
		// from the signal frame (unwind_switch.go): the instruction
		// that was running, or faulted.
		return true
	}
	return false
}
