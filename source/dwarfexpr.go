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

func evalLoc(expr []byte, ctx LocContext, depth int) ([]Piece, error) {
	if depth > 4 {
		return nil, fmt.Errorf("location expression: frame base nests too deep")
	}
	if len(expr) == 0 {
		return []Piece{{Kind: PieceEmpty}}, nil
	}
	r := &cfiReader{data: expr}
	var stack []uint64
	var pieces []Piece
	cur := Piece{Kind: PieceMemory}
	have := false // cur holds a register/value/implicit location
	push := func(v uint64) { stack = append(stack, v) }
	pop := func() (uint64, error) {
		if len(stack) == 0 {
			return 0, fmt.Errorf("location expression: stack underflow at byte %d", r.pos)
		}
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return v, nil
	}
	reg := func(n int) (uint64, error) {
		if ctx.Reg == nil {
			return 0, fmt.Errorf("register %s is not known in this frame", DwarfRegName(n))
		}
		v, ok := ctx.Reg(n)
		if !ok {
			return 0, fmt.Errorf("register %s is not known in this frame", DwarfRegName(n))
		}
		return v, nil
	}
	for steps := 0; r.left() > 0; steps++ {
		if steps > 10000 {
			return nil, fmt.Errorf("location expression: too long")
		}
		op := r.u8()
		switch {
		case op == 0x03: // DW_OP_addr
			push(r.u64() + ctx.Bias)
		case op == 0x06: // DW_OP_deref
			a, err := pop()
			if err != nil {
				return nil, err
			}
			b, err := readMem(ctx, a, 8)
			if err != nil {
				return nil, err
			}
			push(binary.LittleEndian.Uint64(b))
		case op == 0x08: // const1u
			push(uint64(r.u8()))
		case op == 0x09: // const1s
			push(uint64(int64(int8(r.u8()))))
		case op == 0x0a:
			push(uint64(r.u16()))
		case op == 0x0b:
			push(uint64(int64(int16(r.u16()))))
		case op == 0x0c:
			push(uint64(r.u32()))
		case op == 0x0d:
			push(uint64(int64(int32(r.u32()))))
		case op == 0x0e, op == 0x0f:
			push(r.u64())
		case op == 0x10: // constu
			push(r.uleb())
		case op == 0x11: // consts
			push(uint64(r.sleb()))
		case op == 0x12: // dup
			if len(stack) == 0 {
				return nil, fmt.Errorf("location expression: stack underflow")
			}
			push(stack[len(stack)-1])
		case op == 0x13: // drop
			if _, err := pop(); err != nil {
				return nil, err
			}
		case op == 0x14: // over
			if len(stack) < 2 {
				return nil, fmt.Errorf("location expression: stack underflow")
			}
			push(stack[len(stack)-2])
		case op == 0x16: // swap
			if len(stack) < 2 {
				return nil, fmt.Errorf("location expression: stack underflow")
			}
			n := len(stack)
			stack[n-1], stack[n-2] = stack[n-2], stack[n-1]
		case op == 0x1c, op == 0x1e, op == 0x22, op == 0x1a, op == 0x21, op == 0x27: // minus mul plus and or xor
			b, err := pop()
			if err != nil {
				return nil, err
			}
			a, err := pop()
			if err != nil {
				return nil, err
			}
			switch op {
			case 0x1c:
				push(a - b)
			case 0x1e:
				push(a * b)
			case 0x22:
				push(a + b)
			case 0x1a:
				push(a & b)
			case 0x21:
				push(a | b)
			case 0x27:
				push(a ^ b)
			}
		case op == 0x1f: // neg
			a, err := pop()
			if err != nil {
				return nil, err
			}
			push(-a)
		case op == 0x23: // plus_uconst
			a, err := pop()
			if err != nil {
				return nil, err
			}
			push(a + r.uleb())
		case op >= 0x30 && op <= 0x4f: // lit0..lit31
			push(uint64(op - 0x30))
		case op >= 0x50 && op <= 0x6f: // reg0..reg31
			cur, have = Piece{Kind: PieceRegister, Reg: int(op - 0x50)}, true
		case op == 0x90: // regx
			cur, have = Piece{Kind: PieceRegister, Reg: int(r.uleb())}, true
		case op >= 0x70 && op <= 0x8f: // breg0..breg31
			off := r.sleb()
			v, err := reg(int(op - 0x70))
			if err != nil {
				return nil, err
			}
			push(uint64(int64(v) + off))
		case op == 0x92: // bregx
			n := int(r.uleb())
			off := r.sleb()
			v, err := reg(n)
			if err != nil {
				return nil, err
			}
			push(uint64(int64(v) + off))
		case op == 0x91: // fbreg
			off := r.sleb()
			fb, err := frameBase(ctx, depth)
			if err != nil {
				return nil, err
			}
			push(uint64(int64(fb) + off))
		case op == 0x9c: // call_frame_cfa
			if ctx.CFA == 0 {
				return nil, fmt.Errorf("the frame's CFA is not known")
			}
			push(ctx.CFA)
		case op == 0x9f: // stack_value
			v, err := pop()
			if err != nil {
				return nil, err
			}
			cur, have = Piece{Kind: PieceValue, Value: v}, true
		case op == 0x9e: // implicit_value
			n := int(r.uleb())
			cur, have = Piece{Kind: PieceImplicit, Bytes: append([]byte(nil), r.bytes(n)...)}, true
		case op == 0x93: // piece
			size := int(r.uleb())
			p := cur
			if !have {
				if len(stack) == 0 {
					p = Piece{Kind: PieceEmpty}
				} else {
					p = Piece{Kind: PieceMemory, Addr: stack[len(stack)-1]}
				}
			}
			p.Size = size
			pieces = append(pieces, p)
			stack, have = stack[:0], false
		default:
			return nil, fmt.Errorf("location expression: unsupported operation %#x", op)
		}
		if r.bad {
			return nil, fmt.Errorf("location expression: truncated")
		}
	}
	if len(pieces) > 0 {
		return pieces, nil
	}
	if have {
		return []Piece{cur}, nil
	}
	if len(stack) == 0 {
		return []Piece{{Kind: PieceEmpty}}, nil
	}
	return []Piece{{Kind: PieceMemory, Addr: stack[len(stack)-1]}}, nil
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

var dwarfRegNames = []string{"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"}

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
