package source

import (
	"encoding/binary"
	"fmt"
)

// LocContext is what evaluating a location expression needs from the
// stopped program: registers of the frame (ok false when the frame's value
// of that register is unknown: in callers, only rsp and the CFA are), the
// frame's canonical frame address, and memory.
type LocContext struct {
	Reg     func(dwarfReg int) (uint64, bool)
	CFA     uint64
	ReadMem func(addr uint64, n int) ([]byte, error)
	// FrameBase is the function's DW_AT_frame_base expression
	// (DW_OP_call_frame_cfa for Go and modern gcc).
	FrameBase []byte
	// Bias is added to DW_OP_addr's link-time address: the load bias of
	// a PIE program, whose static locals are otherwise read at the
	// file's address.
	Bias uint64
}

// PieceKind says where one piece of a variable lives.
type PieceKind int

const (
	PieceMemory   PieceKind = iota // at Addr
	PieceRegister                  // in DWARF register Reg
	PieceValue                     // the value itself is Value (DW_OP_stack_value)
	PieceImplicit                  // the bytes are Bytes (DW_OP_implicit_value)
	PieceEmpty                     // optimised out
)

// Piece is one part of a variable's location. Size is 0 for a location that
// is not split in pieces: the whole variable is there.
type Piece struct {
	Kind  PieceKind
	Addr  uint64
	Reg   int
	Value uint64
	Bytes []byte
	Size  int
}

// EvalLocation evaluates a DWARF location expression. It understands the
// operations compilers emit for variables: registers, register-relative
// and frame-base-relative addresses, the CFA, constants and stack
// arithmetic, dereference, pieces, stack and implicit values. Like
// debug/dwarf it is not hardened against hostile input beyond never
// panicking and bounding its work.
func EvalLocation(expr []byte, ctx LocContext) ([]Piece, error) {
	return evalLoc(expr, ctx, 0)
}

// DWARF expression operations (DWARF 5, section 2.5 and 2.6) that
// location expressions use.
const (
	opAddr          = 0x03
	opDeref         = 0x06
	opConst1u       = 0x08
	opConst1s       = 0x09
	opConst2u       = 0x0a
	opConst2s       = 0x0b
	opConst4u       = 0x0c
	opConst4s       = 0x0d
	opConst8u       = 0x0e
	opConst8s       = 0x0f
	opConstu        = 0x10
	opConsts        = 0x11
	opDup           = 0x12
	opDrop          = 0x13
	opOver          = 0x14
	opSwap          = 0x16
	opAnd           = 0x1a
	opMinus         = 0x1c
	opMul           = 0x1e
	opNeg           = 0x1f
	opOr            = 0x21
	opPlus          = 0x22
	opPlusUconst    = 0x23
	opXor           = 0x27
	opLit0          = 0x30
	opLit31         = 0x4f
	opReg0          = 0x50
	opReg31         = 0x6f
	opBreg0         = 0x70
	opBreg31        = 0x8f
	opRegx          = 0x90
	opFbreg         = 0x91
	opBregx         = 0x92
	opPiece         = 0x93
	opCallFrameCFA  = 0x9c
	opImplicitValue = 0x9e
	opStackValue    = 0x9f
)

func evalLoc(expr []byte, ctx LocContext, depth int) ([]Piece, error) {
	if depth > 4 {
		return nil, fmt.Errorf("location expression: frame base nests too deep")
	}
	if len(expr) == 0 {
		return []Piece{{Kind: PieceEmpty}}, nil
	}
	m := &locMachine{r: &cfiReader{data: expr}, ctx: ctx, depth: depth, cur: Piece{Kind: PieceMemory}}
	for steps := 0; m.r.left() > 0; steps++ {
		if steps > 10000 {
			return nil, fmt.Errorf("location expression: too long")
		}
		if err := m.step(m.r.u8()); err != nil {
			return nil, err
		}
		if m.r.bad {
			return nil, fmt.Errorf("location expression: truncated")
		}
	}
	return m.result(), nil
}

// locMachine is one evaluation of a location expression: DWARF's stack
// machine, the pieces finished and the location of the piece being
// built.
type locMachine struct {
	r      *cfiReader
	ctx    LocContext
	depth  int // of frame-base expressions evaluated for DW_OP_fbreg
	stack  []uint64
	pieces []Piece
	cur    Piece
	have   bool // cur holds a register/value/implicit location
}

func (m *locMachine) push(v uint64) { m.stack = append(m.stack, v) }

func (m *locMachine) pop() (uint64, error) {
	if len(m.stack) == 0 {
		return 0, fmt.Errorf("location expression: stack underflow at byte %d", m.r.pos)
	}
	v := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	return v, nil
}

func (m *locMachine) reg(n int) (uint64, error) {
	if m.ctx.Reg == nil {
		return 0, fmt.Errorf("register %s is not known in this frame", DwarfRegName(n))
	}
	v, ok := m.ctx.Reg(n)
	if !ok {
		return 0, fmt.Errorf("register %s is not known in this frame", DwarfRegName(n))
	}
	return v, nil
}

// step executes one operation, by its group.
func (m *locMachine) step(op uint8) error {
	switch {
	case op == opAddr, op >= opConst1u && op <= opConsts, op >= opLit0 && op <= opLit31:
		m.constant(op)
		return nil
	case op == opDeref, op == opDup, op == opDrop, op == opOver, op == opSwap:
		return m.stackOp(op)
	case op == opMinus, op == opMul, op == opPlus, op == opAnd, op == opOr, op == opXor,
		op == opNeg, op == opPlusUconst:
		return m.arith(op)
	case op >= opBreg0 && op <= opBreg31, op == opBregx, op == opFbreg, op == opCallFrameCFA:
		return m.address(op)
	case op >= opReg0 && op <= opReg31, op == opRegx, op == opStackValue, op == opImplicitValue, op == opPiece:
		return m.location(op)
	}
	return fmt.Errorf("location expression: unsupported operation %#x", op)
}

// constant pushes a literal, a constant operand or an address.
func (m *locMachine) constant(op uint8) {
	r := m.r
	switch op {
	case opAddr:
		m.push(r.u64() + m.ctx.Bias)
	case opConst1u:
		m.push(uint64(r.u8()))
	case opConst1s:
		m.push(uint64(int64(int8(r.u8()))))
	case opConst2u:
		m.push(uint64(r.u16()))
	case opConst2s:
		m.push(uint64(int64(int16(r.u16()))))
	case opConst4u:
		m.push(uint64(r.u32()))
	case opConst4s:
		m.push(uint64(int64(int32(r.u32()))))
	case opConst8u, opConst8s:
		m.push(r.u64())
	case opConstu:
		m.push(r.uleb())
	case opConsts:
		m.push(uint64(r.sleb()))
	default: // lit0..lit31
		m.push(uint64(op - opLit0))
	}
}

// stackOp is the operations that move stack entries: deref, dup, drop,
// over, swap.
func (m *locMachine) stackOp(op uint8) error {
	switch op {
	case opDeref:
		a, err := m.pop()
		if err != nil {
			return err
		}
		b, err := readMem(m.ctx, a, 8)
		if err != nil {
			return err
		}
		m.push(binary.LittleEndian.Uint64(b))
	case opDup:
		if len(m.stack) == 0 {
			return fmt.Errorf("location expression: stack underflow")
		}
		m.push(m.stack[len(m.stack)-1])
	case opDrop:
		if _, err := m.pop(); err != nil {
			return err
		}
	case opOver:
		if len(m.stack) < 2 {
			return fmt.Errorf("location expression: stack underflow")
		}
		m.push(m.stack[len(m.stack)-2])
	case opSwap:
		if len(m.stack) < 2 {
			return fmt.Errorf("location expression: stack underflow")
		}
		n := len(m.stack)
		m.stack[n-1], m.stack[n-2] = m.stack[n-2], m.stack[n-1]
	}
	return nil
}

// arith is the arithmetic and logic operations.
func (m *locMachine) arith(op uint8) error {
	switch op {
	case opNeg:
		a, err := m.pop()
		if err != nil {
			return err
		}
		m.push(-a)
		return nil
	case opPlusUconst:
		a, err := m.pop()
		if err != nil {
			return err
		}
		m.push(a + m.r.uleb())
		return nil
	}
	b, err := m.pop()
	if err != nil {
		return err
	}
	a, err := m.pop()
	if err != nil {
		return err
	}
	switch op {
	case opMinus:
		m.push(a - b)
	case opMul:
		m.push(a * b)
	case opPlus:
		m.push(a + b)
	case opAnd:
		m.push(a & b)
	case opOr:
		m.push(a | b)
	case opXor:
		m.push(a ^ b)
	}
	return nil
}

// address pushes an address relative to a register, the frame base or
// the CFA.
func (m *locMachine) address(op uint8) error {
	r := m.r
	var base uint64
	var off int64
	var err error
	switch {
	case op >= opBreg0 && op <= opBreg31:
		off = r.sleb()
		base, err = m.reg(int(op - opBreg0))
	case op == opBregx:
		n := int(r.uleb())
		off = r.sleb()
		base, err = m.reg(n)
	case op == opFbreg:
		off = r.sleb()
		base, err = frameBase(m.ctx, m.depth)
	case op == opCallFrameCFA:
		if m.ctx.CFA == 0 {
			return fmt.Errorf("the frame's CFA is not known")
		}
		base = m.ctx.CFA
	}
	if err != nil {
		return err
	}
	m.push(uint64(int64(base) + off))
	return nil
}

// location is the operations that say where the value is, not at an
// address: a register, the stack's top as the value, implicit bytes;
// and piece, which ends one piece of the value.
func (m *locMachine) location(op uint8) error {
	r := m.r
	switch {
	case op >= opReg0 && op <= opReg31:
		m.cur, m.have = Piece{Kind: PieceRegister, Reg: int(op - opReg0)}, true
	case op == opRegx:
		m.cur, m.have = Piece{Kind: PieceRegister, Reg: int(r.uleb())}, true
	case op == opStackValue:
		v, err := m.pop()
		if err != nil {
			return err
		}
		m.cur, m.have = Piece{Kind: PieceValue, Value: v}, true
	case op == opImplicitValue:
		n := int(r.uleb())
		m.cur, m.have = Piece{Kind: PieceImplicit, Bytes: append([]byte(nil), r.bytes(n)...)}, true
	case op == opPiece:
		size := int(r.uleb())
		p := m.cur
		if !m.have {
			if len(m.stack) == 0 {
				p = Piece{Kind: PieceEmpty}
			} else {
				p = Piece{Kind: PieceMemory, Addr: m.stack[len(m.stack)-1]}
			}
		}
		p.Size = size
		m.pieces = append(m.pieces, p)
		m.stack, m.have = m.stack[:0], false
	}
	return nil
}

// result is where the expression says the value is.
func (m *locMachine) result() []Piece {
	if len(m.pieces) > 0 {
		return m.pieces
	}
	if m.have {
		return []Piece{m.cur}
	}
	if len(m.stack) == 0 {
		return []Piece{{Kind: PieceEmpty}}
	}
	return []Piece{{Kind: PieceMemory, Addr: m.stack[len(m.stack)-1]}}
}

func frameBase(ctx LocContext, depth int) (uint64, error) {
	if len(ctx.FrameBase) == 0 {
		if ctx.CFA != 0 {
			return ctx.CFA, nil
		}
		return 0, fmt.Errorf("the function has no frame base")
	}
	ps, err := evalLoc(ctx.FrameBase, LocContext{Reg: ctx.Reg, CFA: ctx.CFA, ReadMem: ctx.ReadMem}, depth+1)
	if err != nil {
		return 0, err
	}
	if len(ps) != 1 {
		return 0, fmt.Errorf("frame base in pieces")
	}
	switch p := ps[0]; p.Kind {
	case PieceMemory:
		return p.Addr, nil
	case PieceRegister:
		if ctx.Reg != nil {
			if v, ok := ctx.Reg(p.Reg); ok {
				return v, nil
			}
		}
		return 0, fmt.Errorf("register %s is not known in this frame", DwarfRegName(p.Reg))
	case PieceValue:
		return p.Value, nil
	}
	return 0, fmt.Errorf("frame base not available")
}

func readMem(ctx LocContext, addr uint64, n int) ([]byte, error) {
	if ctx.ReadMem == nil {
		return nil, fmt.Errorf("cannot read memory at %#x", addr)
	}
	return ctx.ReadMem(addr, n)
}

// dwarfRegNames is tdb's one table of DWARF register numbers on x86-64
// (the System V psABI's numbering, 0-16: the general registers, then the
// return address column, which holds rip): the engine derives its
// name-to-number and number-to-field mappings from it.
var dwarfRegNames = []string{"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"}

// dwarfRegNumbers inverts dwarfRegNames.
var dwarfRegNumbers = func() map[string]int {
	m := make(map[string]int, len(dwarfRegNames))
	for n, name := range dwarfRegNames {
		m[name] = n
	}
	return m
}()

// DwarfRegs is the number of DWARF registers that DwarfRegName names
// from the table (0 to RegRIP); xmm0-15 follow them.
const DwarfRegs = RegRIP + 1

// DwarfRegNumber is the DWARF number of the general register name
// ("rax", "r8", "rip"); ok is false for any other name.
func DwarfRegNumber(name string) (n int, ok bool) {
	n, ok = dwarfRegNumbers[name]
	return n, ok
}

// DwarfRegName names DWARF register n on x86-64 (17-32 are xmm0-15).
func DwarfRegName(n int) string {
	switch {
	case n >= 0 && n < len(dwarfRegNames):
		return dwarfRegNames[n]
	case n >= 17 && n <= 32:
		return fmt.Sprintf("xmm%d", n-17)
	}
	return fmt.Sprintf("reg%d", n)
}
