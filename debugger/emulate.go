//go:build linux && amd64

package debugger

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"golang.org/x/arch/x86/x86asm"
	"golang.org/x/sys/unix"
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
// itself, on the trapping thread's registers and memory: the int3 never
// leaves the code, the other threads never stop, and the thread goes on
// with one SETREGS and one CONT.
//
// Only general-register integer instructions are emulated: MOV, MOVZX,
// MOVSX(D), LEA, PUSH, POP, CALL, JMP, Jcc, RET, NOP and ADD, SUB, CMP,
// AND, OR, XOR, TEST, INC, DEC, SHL, SHR, SAR with their flags. Anything else (SSE, LOCK,
// string operations, segment overrides, multiplication) takes the classic
// path. The tests' verifying mode executes each emulated instruction for
// real too and compares.

// emuInsn is the decoded instruction under a breakpoint, cached on the
// physBP: code does not change under a breakpoint.
type emuInsn struct {
	inst     x86asm.Inst
	ok       bool // emulate() supports it
	verified int  // passes checked by the verifying mode
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
	inst, err := x86asm.Decode(code, 64)
	if err != nil {
		return b.emu
	}
	b.emu.inst = inst
	b.emu.ok = emulatable(inst)
	return b.emu
}

func emulatable(inst x86asm.Inst) bool {
	for _, p := range inst.Prefix {
		if p == 0 {
			break
		}
		if p&x86asm.PrefixIgnored != 0 {
			continue
		}
		switch p &^ (x86asm.PrefixImplicit | x86asm.PrefixIgnored) {
		case x86asm.PrefixLOCK, x86asm.PrefixREP, x86asm.PrefixREPN, x86asm.PrefixAddrSize,
			x86asm.PrefixCS, x86asm.PrefixDS, x86asm.PrefixES, x86asm.PrefixSS, x86asm.PrefixFS, x86asm.PrefixGS,
			x86asm.PrefixXACQUIRE, x86asm.PrefixXRELEASE:
			return false
		}
		if p&x86asm.PrefixInvalid != 0 {
			return false
		}
	}
	for _, a := range inst.Args {
		if a == nil {
			break
		}
		switch a := a.(type) {
		case x86asm.Reg:
			if _, _, ok := gpReg(a); !ok {
				return false
			}
		case x86asm.Mem:
			if a.Segment != 0 {
				return false
			}
			if a.Base != 0 && a.Base != x86asm.RIP && !isReg64(a.Base) {
				return false
			}
			if a.Index != 0 && !isReg64(a.Index) {
				return false
			}
		case x86asm.Imm, x86asm.Rel:
		default:
			return false
		}
	}
	switch inst.Op {
	case x86asm.MOV, x86asm.MOVZX, x86asm.MOVSX, x86asm.MOVSXD, x86asm.LEA, x86asm.NOP:
		return true
	case x86asm.PUSH, x86asm.POP:
		// 64-bit pushes and pops only (x86asm reports their DataSize as
		// 32: the default operand size of the encoding).
		switch a := inst.Args[0].(type) {
		case x86asm.Reg:
			return isReg64(a) && a != x86asm.RSP // not the stack pointer itself
		case x86asm.Imm:
			return inst.Op == x86asm.PUSH && inst.DataSize != 16
		case x86asm.Mem:
			// A pop's address is computed after rsp moves.
			return inst.Op == x86asm.PUSH && inst.MemBytes == 8
		}
		return false
	case x86asm.SHL, x86asm.SHR, x86asm.SAR:
		return true
	case x86asm.CALL, x86asm.JMP:
		return inst.DataSize == 64 || isRel(inst.Args[0])
	case x86asm.RET:
		return inst.Args[0] == nil || isImm(inst.Args[0])
	case x86asm.ADD, x86asm.SUB, x86asm.CMP, x86asm.AND, x86asm.OR, x86asm.XOR, x86asm.TEST,
		x86asm.INC, x86asm.DEC:
		return true
	}
	_, jcc := jccTaken[inst.Op]
	return jcc
}

func isReg64(r x86asm.Reg) bool { return r >= x86asm.RAX && r <= x86asm.R15 }

func isRel(a x86asm.Arg) bool { _, ok := a.(x86asm.Rel); return ok }

func isImm(a x86asm.Arg) bool { _, ok := a.(x86asm.Imm); return ok }

// gpReg maps a general register to its 64-bit slot (0-15, x86 encoding
// order), its width in bytes, and a shift of 8 for AH, CH, DH, BH.
func gpReg(r x86asm.Reg) (slot int, size int, ok bool) {
	switch {
	case r >= x86asm.AL && r <= x86asm.BL:
		return int(r - x86asm.AL), 1, true
	case r >= x86asm.AH && r <= x86asm.BH:
		return int(r-x86asm.AH) | 0x100, 1, true // high byte of slot 0-3
	case r >= x86asm.SPB && r <= x86asm.R15B:
		return int(r-x86asm.SPB) + 4, 1, true
	case r >= x86asm.AX && r <= x86asm.R15W:
		return int(r - x86asm.AX), 2, true
	case r >= x86asm.EAX && r <= x86asm.R15L:
		return int(r - x86asm.EAX), 4, true
	case r >= x86asm.RAX && r <= x86asm.R15:
		return int(r - x86asm.RAX), 8, true
	}
	return 0, 0, false
}

// slotPtr is the PtraceRegs field of slot n.
func slotPtr(r *unix.PtraceRegs, n int) *uint64 {
	switch n {
	case 0:
		return &r.Rax
	case 1:
		return &r.Rcx
	case 2:
		return &r.Rdx
	case 3:
		return &r.Rbx
	case 4:
		return &r.Rsp
	case 5:
		return &r.Rbp
	case 6:
		return &r.Rsi
	case 7:
		return &r.Rdi
	case 8:
		return &r.R8
	case 9:
		return &r.R9
	case 10:
		return &r.R10
	case 11:
		return &r.R11
	case 12:
		return &r.R12
	case 13:
		return &r.R13
	case 14:
		return &r.R14
	}
	return &r.R15
}

func readReg(regs *unix.PtraceRegs, r x86asm.Reg) uint64 {
	slot, size, _ := gpReg(r)
	if slot&0x100 != 0 {
		return *slotPtr(regs, slot&0xff) >> 8 & 0xff
	}
	return *slotPtr(regs, slot) & mask(size)
}

// writeReg follows x86-64: a 32-bit write clears the upper half, 8- and
// 16-bit writes keep the rest.
func writeRegArg(regs *unix.PtraceRegs, r x86asm.Reg, v uint64) {
	slot, size, _ := gpReg(r)
	if slot&0x100 != 0 {
		p := slotPtr(regs, slot&0xff)
		*p = *p&^0xff00 | (v&0xff)<<8
		return
	}
	p := slotPtr(regs, slot)
	switch size {
	case 8:
		*p = v
	case 4:
		*p = v & 0xffffffff
	default:
		*p = *p&^mask(size) | v&mask(size)
	}
}

func mask(size int) uint64 {
	if size >= 8 {
		return ^uint64(0)
	}
	return 1<<(8*uint(size)) - 1
}

func signExtend(v uint64, size int) uint64 {
	if size >= 8 {
		return v
	}
	shift := 64 - 8*uint(size)
	return uint64(int64(v<<shift) >> shift)
}

// memWrite is one store an emulated instruction makes.
type memWrite struct {
	addr uint64
	data []byte
}

// emuResult is an instruction's effect: the registers after it and the
// stores it makes.
type emuResult struct {
	regs   unix.PtraceRegs
	writes []memWrite
	// undefFlags are flags the instruction leaves undefined: the
	// verifying mode does not compare them.
	undefFlags uint64
}

// emulate computes what ins does on regs (rip at the instruction). It
// reads memory but writes nothing: the caller applies the result. An
// error means the instruction must be executed for real (for example a
// load from an unmapped address, which must fault in the program).
func (e *engine) emulate(ins *emuInsn, regs *unix.PtraceRegs) (*emuResult, error) {
	inst := ins.inst
	res := &emuResult{regs: *regs}
	r := &res.regs
	next := regs.Rip + uint64(inst.Len)
	r.Rip = next
	addr := func(m x86asm.Mem) uint64 {
		var a uint64
		switch {
		case m.Base == x86asm.RIP:
			a = next
		case m.Base != 0:
			a = readReg(regs, m.Base)
		}
		if m.Index != 0 {
			a += readReg(regs, m.Index) * uint64(m.Scale)
		}
		return a + uint64(m.Disp)
	}
	load := func(a uint64, size int) (uint64, error) {
		if e.watchedMem(a, size, false) {
			return 0, fmt.Errorf("%#x is watched: the processor must make the access", a)
		}
		if !e.memOK(a, size, false) {
			return 0, fmt.Errorf("the program may not read %#x", a)
		}
		var b [8]byte
		if err := e.readMem(a, b[:size]); err != nil {
			return 0, err
		}
		return binary.LittleEndian.Uint64(b[:]), nil
	}
	var storeErr error
	store := func(a uint64, v uint64, size int) {
		if e.watchedMem(a, size, true) && storeErr == nil {
			storeErr = fmt.Errorf("%#x is watched: the processor must make the access", a)
		}
		if !e.memOK(a, size, true) && storeErr == nil {
			storeErr = fmt.Errorf("the program may not write %#x", a)
		}
		b := make([]byte, size)
		var full [8]byte
		binary.LittleEndian.PutUint64(full[:], v)
		copy(b, full[:size])
		res.writes = append(res.writes, memWrite{addr: a, data: b})
	}
	// value reads an operand of size bytes.
	value := func(a x86asm.Arg, size int) (uint64, error) {
		switch a := a.(type) {
		case x86asm.Reg:
			return readReg(regs, a), nil
		case x86asm.Imm:
			return uint64(a) & mask(size), nil
		case x86asm.Mem:
			return load(addr(a), size)
		}
		return 0, fmt.Errorf("operand %v", a)
	}
	argSize := func(a x86asm.Arg) int {
		if reg, ok := a.(x86asm.Reg); ok {
			_, size, _ := gpReg(reg)
			return size
		}
		if inst.MemBytes > 0 {
			return inst.MemBytes
		}
		return inst.DataSize / 8
	}
	put := func(a x86asm.Arg, v uint64, size int) error {
		switch a := a.(type) {
		case x86asm.Reg:
			writeRegArg(r, a, v)
			return nil
		case x86asm.Mem:
			store(addr(a), v, size)
			return nil
		}
		return fmt.Errorf("destination %v", a)
	}
	push := func(v uint64) {
		r.Rsp -= 8
		store(r.Rsp, v, 8)
	}
	target := func(a x86asm.Arg) (uint64, error) {
		if rel, ok := a.(x86asm.Rel); ok {
			return next + uint64(int64(rel)), nil
		}
		return value(a, 8)
	}

	switch inst.Op {
	case x86asm.NOP:
	case x86asm.MOV:
		size := argSize(inst.Args[0])
		v, err := value(inst.Args[1], size)
		if err != nil {
			return nil, err
		}
		if err := put(inst.Args[0], v, size); err != nil {
			return nil, err
		}
	case x86asm.MOVZX, x86asm.MOVSX, x86asm.MOVSXD:
		from := argSize(inst.Args[1])
		v, err := value(inst.Args[1], from)
		if err != nil {
			return nil, err
		}
		v &= mask(from)
		if inst.Op != x86asm.MOVZX {
			v = signExtend(v, from)
		}
		if err := put(inst.Args[0], v, argSize(inst.Args[0])); err != nil {
			return nil, err
		}
	case x86asm.LEA:
		m, ok := inst.Args[1].(x86asm.Mem)
		if !ok {
			return nil, fmt.Errorf("lea without memory operand")
		}
		if err := put(inst.Args[0], addr(m), argSize(inst.Args[0])); err != nil {
			return nil, err
		}
	case x86asm.PUSH:
		v, err := value(inst.Args[0], 8)
		if err != nil {
			return nil, err
		}
		if imm, ok := inst.Args[0].(x86asm.Imm); ok {
			v = uint64(int64(imm)) // push imm sign-extends to 64 bits
		}
		push(v)
	case x86asm.POP:
		v, err := load(r.Rsp, 8)
		if err != nil {
			return nil, err
		}
		r.Rsp += 8
		if err := put(inst.Args[0], v, 8); err != nil {
			return nil, err
		}
	case x86asm.CALL:
		to, err := target(inst.Args[0])
		if err != nil {
			return nil, err
		}
		push(next)
		r.Rip = to
	case x86asm.JMP:
		to, err := target(inst.Args[0])
		if err != nil {
			return nil, err
		}
		r.Rip = to
	case x86asm.RET:
		to, err := load(r.Rsp, 8)
		if err != nil {
			return nil, err
		}
		r.Rsp += 8
		if imm, ok := inst.Args[0].(x86asm.Imm); ok {
			r.Rsp += uint64(imm)
		}
		r.Rip = to
	case x86asm.ADD, x86asm.SUB, x86asm.CMP, x86asm.AND, x86asm.OR, x86asm.XOR, x86asm.TEST,
		x86asm.INC, x86asm.DEC:
		size := argSize(inst.Args[0])
		a, err := value(inst.Args[0], size)
		if err != nil {
			return nil, err
		}
		b := uint64(1)
		if inst.Args[1] != nil {
			if b, err = value(inst.Args[1], size); err != nil {
				return nil, err
			}
		}
		v, flags, undef := alu(inst.Op, a, b, size, r.Eflags)
		r.Eflags = flags
		res.undefFlags = undef
		if inst.Op != x86asm.CMP && inst.Op != x86asm.TEST {
			if err := put(inst.Args[0], v, size); err != nil {
				return nil, err
			}
		}
	case x86asm.SHL, x86asm.SHR, x86asm.SAR:
		size := argSize(inst.Args[0])
		a, err := value(inst.Args[0], size)
		if err != nil {
			return nil, err
		}
		n, err := value(inst.Args[1], 1)
		if err != nil {
			return nil, err
		}
		v, flags, undef, changed := shift(inst.Op, a, n, size, r.Eflags)
		if changed {
			r.Eflags = flags
			res.undefFlags = undef
			if err := put(inst.Args[0], v, size); err != nil {
				return nil, err
			}
		}
	default:
		cond, ok := jccTaken[inst.Op]
		if !ok {
			return nil, fmt.Errorf("%v is not emulated", inst.Op)
		}
		if cond(r.Eflags) {
			to, err := target(inst.Args[0])
			if err != nil {
				return nil, err
			}
			r.Rip = to
		}
	}
	if storeErr != nil {
		return nil, storeErr
	}
	return res, nil
}

// The arithmetic flags.
const (
	flagCF  = 1 << 0
	flagPF  = 1 << 2
	flagAF  = 1 << 4
	flagZF  = 1 << 6
	flagSF  = 1 << 7
	flagOF  = 1 << 11
	flagsOS = flagCF | flagPF | flagAF | flagZF | flagSF | flagOF
)

// alu computes a two-operand integer instruction of size bytes and the
// flags after it, as the processor defines them. undef are the flags the
// instruction leaves undefined (AF after logic operations).
func alu(op x86asm.Op, a, b uint64, size int, flags uint64) (v, out, undef uint64) {
	m := mask(size)
	a, b = a&m, b&m
	sign := uint64(1) << (8*uint(size) - 1)
	var cf, of, af bool
	keepCF := false
	switch op {
	case x86asm.ADD, x86asm.INC:
		v = (a + b) & m
		cf = v < a
		of = (^(a ^ b) & (a ^ v) & sign) != 0
		af = (a^b^v)&0x10 != 0
		keepCF = op == x86asm.INC
	case x86asm.SUB, x86asm.CMP, x86asm.DEC:
		v = (a - b) & m
		cf = a < b
		of = ((a ^ b) & (a ^ v) & sign) != 0
		af = (a^b^v)&0x10 != 0
		keepCF = op == x86asm.DEC
	case x86asm.AND, x86asm.TEST:
		v = a & b
		undef = flagAF
	case x86asm.OR:
		v = a | b
		undef = flagAF
	case x86asm.XOR:
		v = a ^ b
		undef = flagAF
	}
	if keepCF {
		cf = flags&flagCF != 0
	}
	return v, arithFlags(flags, v, sign, cf, of, af), undef
}

// arithFlags is flags with CF, OF and AF as given and ZF, SF and PF set
// from the result v (sign is its top bit).
func arithFlags(flags, v, sign uint64, cf, of, af bool) uint64 {
	out := flags &^ flagsOS
	for _, f := range []struct {
		on  bool
		bit uint64
	}{
		{cf, flagCF}, {of, flagOF}, {af, flagAF}, {v == 0, flagZF}, {v&sign != 0, flagSF},
		{bits.OnesCount8(uint8(v))%2 == 0, flagPF},
	} {
		if f.on {
			out |= f.bit
		}
	}
	return out
}

// shift computes SHL, SHR and SAR of size bytes by count (masked as the
// processor does). A count of 0 changes nothing, flags included.
func shift(op x86asm.Op, a, count uint64, size int, flags uint64) (v, out, undef uint64, changed bool) {
	width := uint64(8 * size)
	if size == 8 {
		count &= 0x3f
	} else {
		count &= 0x1f
	}
	if count == 0 {
		return a, flags, 0, false
	}
	m := mask(size)
	a &= m
	sign := uint64(1) << (width - 1)
	var cf, of bool
	switch op {
	case x86asm.SHL:
		if count < 64 {
			v = (a << count) & m
		}
		cf = count <= width && (a>>(width-count))&1 != 0
		of = (v&sign != 0) != cf
	case x86asm.SHR:
		if count < 64 {
			v = a >> count
		}
		cf = count <= width && (a>>(count-1))&1 != 0
		of = a&sign != 0
	case x86asm.SAR:
		sa := int64(signExtend(a, size))
		c := count
		if c > 63 {
			c = 63
		}
		v = uint64(sa>>c) & m
		cf = (sa>>min(count-1, 63))&1 != 0
	}
	out = arithFlags(flags, v, sign, cf, of, false)
	undef = flagAF
	if count > 1 {
		undef |= flagOF
	}
	if count > width {
		undef |= flagCF
	}
	return v, out, undef, true
}

// jccTaken: the conditional jumps and when each is taken.
var jccTaken = map[x86asm.Op]func(f uint64) bool{
	x86asm.JO:  func(f uint64) bool { return f&flagOF != 0 },
	x86asm.JNO: func(f uint64) bool { return f&flagOF == 0 },
	x86asm.JB:  func(f uint64) bool { return f&flagCF != 0 },
	x86asm.JAE: func(f uint64) bool { return f&flagCF == 0 },
	x86asm.JE:  func(f uint64) bool { return f&flagZF != 0 },
	x86asm.JNE: func(f uint64) bool { return f&flagZF == 0 },
	x86asm.JBE: func(f uint64) bool { return f&(flagCF|flagZF) != 0 },
	x86asm.JA:  func(f uint64) bool { return f&(flagCF|flagZF) == 0 },
	x86asm.JS:  func(f uint64) bool { return f&flagSF != 0 },
	x86asm.JNS: func(f uint64) bool { return f&flagSF == 0 },
	x86asm.JP:  func(f uint64) bool { return f&flagPF != 0 },
	x86asm.JNP: func(f uint64) bool { return f&flagPF == 0 },
	x86asm.JL:  func(f uint64) bool { return (f&flagSF != 0) != (f&flagOF != 0) },
	x86asm.JGE: func(f uint64) bool { return (f&flagSF != 0) == (f&flagOF != 0) },
	x86asm.JLE: func(f uint64) bool { return f&flagZF != 0 || (f&flagSF != 0) != (f&flagOF != 0) },
	x86asm.JG:  func(f uint64) bool { return f&flagZF == 0 && (f&flagSF != 0) == (f&flagOF != 0) },
}

// applyEmu writes res's stores into the program and its registers into
// t. A store that fails leaves the program as it was: the caller then
// executes the instruction for real, which faults as it should.
func (e *engine) applyEmu(t *thread, res *emuResult) error {
	for _, w := range res.writes {
		if e.mem == nil {
			return ErrNotRunning
		}
		if _, err := e.mem.WriteAt(w.data, int64(w.addr)); err != nil {
			return fmt.Errorf("writing %d bytes at %#x: %w", len(w.data), w.addr, err)
		}
	}
	t.regs = res.regs
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
	if !ins.ok {
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
		e.mech("EMULATE", t.tid, bp.addr, "%#x: %s executed by tdb for tid %d, which goes on (the 0xCC stays; no thread stops)",
			bp.addr, x86asm.IntelSyntax(ins.inst, bp.addr, nil), t.tid)
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
func (e *engine) checkEmu(t *thread, bp *physBP, ins *emuInsn, want *emuResult) bool {
	if err := e.setRegs(t); err != nil {
		return false
	}
	e.stopAll()
	// Emulated again now that no thread runs: the first emulation read
	// memory while others ran, and one may have written it since (sysmon
	// setting g.stackguard0 to preempt: "registers differ" at
	// cmp r12, [r14+0x10], seen once under load). Both now see the same.
	if again, err := e.emulate(ins, &t.regs); err == nil {
		want = again
	}
	sig, err := e.stepOver(t, bp)
	if err == nil && sig == 0 {
		err = e.getRegs(t)
	}
	what := fmt.Sprintf("%#x %s", bp.addr, x86asm.IntelSyntax(ins.inst, bp.addr, nil))
	switch {
	case err != nil || sig != 0:
		e.s.test.noteEmu(fmt.Sprintf("%s: executing it failed (signal %d, %v)", what, sig, err))
	default:
		got := t.regs
		flagsIgnored := 0x100 | 0x10000 | want.undefFlags // TF and RF are the stepping's own
		got.Eflags &^= flagsIgnored
		w := want.regs
		w.Eflags &^= flagsIgnored
		if got != w {
			e.s.test.noteEmu(fmt.Sprintf("%s: registers differ:\n emulated %+v\n executed %+v", what, w, got))
		}
		for _, m := range want.writes {
			b := make([]byte, len(m.data))
			if e.readMem(m.addr, b) != nil || string(b) != string(m.data) {
				e.s.test.noteEmu(fmt.Sprintf("%s: memory at %#x: emulated % x, executed % x", what, m.addr, m.data, b))
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
