// Package x86emu executes one x86-64 instruction without the processor.
//
// A debugger that lets a thread past a breakpoint without stopping the
// world executes the instruction under the int3 itself, on the thread's
// registers and memory: the int3 never leaves the code, the other threads
// never stop, and the thread goes on with one SETREGS and one CONT (the
// engine's passover.go). This package is that execution. It knows nothing
// of ptrace: it reads memory through Memory, computes the registers after
// the instruction and the stores it makes, and writes nothing; the caller
// applies the Result.
//
// Only general-register integer instructions are emulated: MOV, MOVZX,
// MOVSX(D), LEA, PUSH, POP, CALL, JMP, Jcc, RET, NOP and ADD, SUB, CMP,
// AND, OR, XOR, TEST, INC, DEC, SHL, SHR, SAR with their flags. Decode
// refuses anything else (SSE, LOCK, string operations, segment overrides,
// multiplication) with ErrUnsupported: the caller then takes the classic
// path and lets the processor execute it. The engine's tests run every
// instruction of real programs both ways and compare.
package x86emu

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// ErrUnsupported is Decode's answer for an instruction it does not
// emulate: the processor must execute it.
var ErrUnsupported = errors.New("not emulated")

// Regs are the registers an emulated instruction reads or changes.
type Regs struct {
	// GP are the general registers in the encoding's order: rax, rcx,
	// rdx, rbx, rsp, rbp, rsi, rdi, r8-r15.
	GP     [16]uint64
	Rip    uint64
	Rflags uint64
}

// Memory is the program's memory as the instruction would see it. Both
// methods fail for an access the processor must make itself: one that
// would fault (an unmapped or protected page) or trap (a watchpoint).
type Memory interface {
	// Read fills b from addr.
	Read(addr uint64, b []byte) error
	// CheckWrite says whether the program may store size bytes at addr.
	CheckWrite(addr uint64, size int) error
}

// Write is one store an emulated instruction makes.
type Write struct {
	Addr uint64
	Data []byte
}

// Result is an instruction's effect: the registers after it and the
// stores it makes, in order.
type Result struct {
	Regs   Regs
	Writes []Write
	// UndefFlags are the flags the instruction leaves undefined: a
	// comparison with the processor must ignore them.
	UndefFlags uint64
}

// Insn is one decoded instruction that Exec can execute.
type Insn struct {
	inst x86asm.Inst
}

// Decode decodes the instruction at the start of code (64-bit mode). An
// instruction Exec does not support is refused with ErrUnsupported.
func Decode(code []byte) (*Insn, error) {
	inst, err := x86asm.Decode(code, 64)
	if err != nil {
		return nil, err
	}
	if !emulatable(inst) {
		return nil, fmt.Errorf("%s: %w", x86asm.IntelSyntax(inst, 0, nil), ErrUnsupported)
	}
	return &Insn{inst: inst}, nil
}

// RegName names slot i of Regs.GP: "rax", "rcx", ... "r15".
func RegName(slot int) string { return strings.ToLower((x86asm.RAX + x86asm.Reg(slot)).String()) }

// Len is the instruction's length in bytes.
func (in *Insn) Len() int { return in.inst.Len }

// Intel is the instruction in Intel syntax, as at address pc.
func (in *Insn) Intel(pc uint64) string { return x86asm.IntelSyntax(in.inst, pc, nil) }

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

// reg reads register r (any width) from the registers before the
// instruction.
func (rs *Regs) reg(r x86asm.Reg) uint64 {
	slot, size, _ := gpReg(r)
	if slot&0x100 != 0 {
		return rs.GP[slot&0xff] >> 8 & 0xff
	}
	return rs.GP[slot] & mask(size)
}

// setReg follows x86-64: a 32-bit write clears the upper half, 8- and
// 16-bit writes keep the rest.
func (rs *Regs) setReg(r x86asm.Reg, v uint64) {
	slot, size, _ := gpReg(r)
	if slot&0x100 != 0 {
		p := &rs.GP[slot&0xff]
		*p = *p&^0xff00 | (v&0xff)<<8
		return
	}
	p := &rs.GP[slot]
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

// slotRSP is rsp's slot in Regs.GP: the stack instructions name it
// implicitly.
const slotRSP = 4

// machine is one execution: the registers before (addresses and sources
// are read from them), the result being built and the first store that
// the program may not make.
type machine struct {
	inst     x86asm.Inst
	old      *Regs
	res      *Result
	r        *Regs // &res.Regs
	mem      Memory
	next     uint64 // the address after the instruction
	storeErr error
}

// Exec computes what the instruction does on regs (Rip at the
// instruction). It reads memory but writes nothing: the caller applies
// the Result. An error means the instruction must be executed for real
// (for example a load from an unmapped address, which must fault in the
// program).
func (in *Insn) Exec(regs *Regs, mem Memory) (*Result, error) {
	m := &machine{inst: in.inst, old: regs, res: &Result{Regs: *regs}, mem: mem}
	m.r = &m.res.Regs
	m.next = regs.Rip + uint64(in.inst.Len)
	m.r.Rip = m.next
	if err := m.exec(); err != nil {
		return nil, err
	}
	if m.storeErr != nil {
		return nil, m.storeErr
	}
	return m.res, nil
}

// exec dispatches on the instruction's class.
func (m *machine) exec() error {
	switch m.inst.Op {
	case x86asm.NOP:
		return nil
	case x86asm.MOV:
		return m.mov()
	case x86asm.MOVZX, x86asm.MOVSX, x86asm.MOVSXD:
		return m.movExtend()
	case x86asm.LEA:
		return m.lea()
	case x86asm.PUSH:
		return m.pushOp()
	case x86asm.POP:
		return m.pop()
	case x86asm.CALL:
		return m.call()
	case x86asm.JMP:
		return m.jmp()
	case x86asm.RET:
		return m.ret()
	case x86asm.ADD, x86asm.SUB, x86asm.CMP, x86asm.AND, x86asm.OR, x86asm.XOR, x86asm.TEST,
		x86asm.INC, x86asm.DEC:
		return m.arith()
	case x86asm.SHL, x86asm.SHR, x86asm.SAR:
		return m.shift()
	}
	return m.jcc()
}

// addr is a memory operand's effective address.
func (m *machine) addr(mem x86asm.Mem) uint64 {
	var a uint64
	switch {
	case mem.Base == x86asm.RIP:
		a = m.next
	case mem.Base != 0:
		a = m.old.reg(mem.Base)
	}
	if mem.Index != 0 {
		a += m.old.reg(mem.Index) * uint64(mem.Scale)
	}
	return a + uint64(mem.Disp)
}

// load reads size bytes at a, little-endian.
func (m *machine) load(a uint64, size int) (uint64, error) {
	var b [8]byte
	if err := m.mem.Read(a, b[:size]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b[:]), nil
}

// store records a store of size bytes; the first the program may not
// make fails the instruction once it is complete.
func (m *machine) store(a uint64, v uint64, size int) {
	if err := m.mem.CheckWrite(a, size); err != nil && m.storeErr == nil {
		m.storeErr = err
	}
	b := make([]byte, size)
	var full [8]byte
	binary.LittleEndian.PutUint64(full[:], v)
	copy(b, full[:size])
	m.res.Writes = append(m.res.Writes, Write{Addr: a, Data: b})
}

// value reads an operand of size bytes.
func (m *machine) value(a x86asm.Arg, size int) (uint64, error) {
	switch a := a.(type) {
	case x86asm.Reg:
		return m.old.reg(a), nil
	case x86asm.Imm:
		return uint64(a) & mask(size), nil
	case x86asm.Mem:
		return m.load(m.addr(a), size)
	}
	return 0, fmt.Errorf("operand %v", a)
}

// argSize is an operand's size in bytes.
func (m *machine) argSize(a x86asm.Arg) int {
	if reg, ok := a.(x86asm.Reg); ok {
		_, size, _ := gpReg(reg)
		return size
	}
	if m.inst.MemBytes > 0 {
		return m.inst.MemBytes
	}
	return m.inst.DataSize / 8
}

// put writes a destination operand.
func (m *machine) put(a x86asm.Arg, v uint64, size int) error {
	switch a := a.(type) {
	case x86asm.Reg:
		m.r.setReg(a, v)
		return nil
	case x86asm.Mem:
		m.store(m.addr(a), v, size)
		return nil
	}
	return fmt.Errorf("destination %v", a)
}

func (m *machine) push(v uint64) {
	m.r.GP[slotRSP] -= 8
	m.store(m.r.GP[slotRSP], v, 8)
}

// target is a branch's destination.
func (m *machine) target(a x86asm.Arg) (uint64, error) {
	if rel, ok := a.(x86asm.Rel); ok {
		return m.next + uint64(int64(rel)), nil
	}
	return m.value(a, 8)
}

func (m *machine) mov() error {
	size := m.argSize(m.inst.Args[0])
	v, err := m.value(m.inst.Args[1], size)
	if err != nil {
		return err
	}
	return m.put(m.inst.Args[0], v, size)
}

// movExtend is MOVZX, MOVSX and MOVSXD.
func (m *machine) movExtend() error {
	from := m.argSize(m.inst.Args[1])
	v, err := m.value(m.inst.Args[1], from)
	if err != nil {
		return err
	}
	v &= mask(from)
	if m.inst.Op != x86asm.MOVZX {
		v = signExtend(v, from)
	}
	return m.put(m.inst.Args[0], v, m.argSize(m.inst.Args[0]))
}

func (m *machine) lea() error {
	mem, ok := m.inst.Args[1].(x86asm.Mem)
	if !ok {
		return fmt.Errorf("lea without memory operand")
	}
	return m.put(m.inst.Args[0], m.addr(mem), m.argSize(m.inst.Args[0]))
}

func (m *machine) pushOp() error {
	v, err := m.value(m.inst.Args[0], 8)
	if err != nil {
		return err
	}
	if imm, ok := m.inst.Args[0].(x86asm.Imm); ok {
		v = uint64(int64(imm)) // push imm sign-extends to 64 bits
	}
	m.push(v)
	return nil
}

func (m *machine) pop() error {
	v, err := m.load(m.r.GP[slotRSP], 8)
	if err != nil {
		return err
	}
	m.r.GP[slotRSP] += 8
	return m.put(m.inst.Args[0], v, 8)
}

func (m *machine) call() error {
	to, err := m.target(m.inst.Args[0])
	if err != nil {
		return err
	}
	m.push(m.next)
	m.r.Rip = to
	return nil
}

func (m *machine) jmp() error {
	to, err := m.target(m.inst.Args[0])
	if err != nil {
		return err
	}
	m.r.Rip = to
	return nil
}

func (m *machine) ret() error {
	to, err := m.load(m.r.GP[slotRSP], 8)
	if err != nil {
		return err
	}
	m.r.GP[slotRSP] += 8
	if imm, ok := m.inst.Args[0].(x86asm.Imm); ok {
		m.r.GP[slotRSP] += uint64(imm)
	}
	m.r.Rip = to
	return nil
}

// arith is the two-operand integer instructions and INC, DEC: the
// flags, and the result unless it is a comparison.
func (m *machine) arith() error {
	size := m.argSize(m.inst.Args[0])
	a, err := m.value(m.inst.Args[0], size)
	if err != nil {
		return err
	}
	b := uint64(1)
	if m.inst.Args[1] != nil {
		if b, err = m.value(m.inst.Args[1], size); err != nil {
			return err
		}
	}
	v, flags, undef := alu(m.inst.Op, a, b, size, m.r.Rflags)
	m.r.Rflags = flags
	m.res.UndefFlags = undef
	if m.inst.Op == x86asm.CMP || m.inst.Op == x86asm.TEST {
		return nil
	}
	return m.put(m.inst.Args[0], v, size)
}

// shift is SHL, SHR and SAR; a count of 0 changes nothing.
func (m *machine) shift() error {
	size := m.argSize(m.inst.Args[0])
	a, err := m.value(m.inst.Args[0], size)
	if err != nil {
		return err
	}
	n, err := m.value(m.inst.Args[1], 1)
	if err != nil {
		return err
	}
	v, flags, undef, changed := shift(m.inst.Op, a, n, size, m.r.Rflags)
	if !changed {
		return nil
	}
	m.r.Rflags = flags
	m.res.UndefFlags = undef
	return m.put(m.inst.Args[0], v, size)
}

// jcc is the conditional jumps.
func (m *machine) jcc() error {
	cond, ok := jccTaken[m.inst.Op]
	if !ok {
		return fmt.Errorf("%v: %w", m.inst.Op, ErrUnsupported)
	}
	if !cond(m.r.Rflags) {
		return nil
	}
	to, err := m.target(m.inst.Args[0])
	if err != nil {
		return err
	}
	m.r.Rip = to
	return nil
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
