package source

// The CFA interpreter: runs a CIE's initial instructions and then an FDE's
// up to a pc, as DWARF 5 section 6.4.2 describes. Only the CFA and the
// rules of the columns tdb unwinds with (rbp, the return address, and the
// other general registers for completeness) are kept.

// cfaColumns is how many register columns are tracked: the 16 general
// registers and the return address column. Rules for higher columns (SSE
// registers) are decoded and dropped.
const cfaColumns = 17

// cfaState is one row being computed.
type cfaState struct {
	cfaReg    uint64
	cfaOffset int64
	cfaExpr   bool // the CFA is a DWARF expression: not supported
	rules     [cfaColumns]RegRule
	exprCols  uint32 // bit per column whose rule is an expression
	setCols   uint32 // bit per column some instruction gave a rule
}

// DWARF call-frame instructions.
const (
	cfaAdvanceLoc        = 0x40 // high two bits
	cfaOffset            = 0x80
	cfaRestore           = 0xc0
	cfaNop               = 0x00
	cfaSetLoc            = 0x01
	cfaAdvanceLoc1       = 0x02
	cfaAdvanceLoc2       = 0x03
	cfaAdvanceLoc4       = 0x04
	cfaOffsetExtended    = 0x05
	cfaRestoreExtended   = 0x06
	cfaUndefined         = 0x07
	cfaSameValue         = 0x08
	cfaRegister          = 0x09
	cfaRememberState     = 0x0a
	cfaRestoreState      = 0x0b
	cfaDefCFA            = 0x0c
	cfaDefCFARegister    = 0x0d
	cfaDefCFAOffset      = 0x0e
	cfaDefCFAExpression  = 0x0f
	cfaExpression        = 0x10
	cfaOffsetExtendedSF  = 0x11
	cfaDefCFASF          = 0x12
	cfaDefCFAOffsetSF    = 0x13
	cfaValOffset         = 0x14
	cfaValOffsetSF       = 0x15
	cfaValExpression     = 0x16
	cfaGNUArgsSize       = 0x2e
	cfaGNUNegOffsetExtSF = 0x2f
)

// rowAt computes the row for pc, which lies in [f.lo, f.hi).
//
// goCode says pc is in Go code. Go's CFI describes only the CFA and the
// return address, never rbp, yet every Go function with a frame pushes rbp
// first thing and pops it last (cmd/internal/obj/x86's prologue): wherever
// the CFA is more than the return address above rsp, the caller's rbp is
// saved at CFA-16. Saying so lets the unwinder follow rbp through Go frames
// into code without CFI, as Delve does (its amd64 FixFrameUnwindContext).
func (f *fde) rowAt(pc uint64, goCode bool) (FrameRow, bool) {
	var st cfaState
	// A register the CFI never mentions keeps its value across the
	// call (the x86-64 ABI's callee-saved registers, and Go's CIE does
	// not mention rbp at all); the return address column has no value
	// until a rule gives it one.
	for i := range st.rules {
		st.rules[i] = RegRule{Kind: RuleSameValue}
	}
	st.rules[RegRIP] = RegRule{Kind: RuleUndefined}
	c := f.cie
	run := interp{cie: c, pc: pc, loc: f.lo}
	if !run.exec(&st, c.initial, 0, nil) {
		return FrameRow{}, false
	}
	initial := st
	if !run.exec(&st, f.insns, f.insnsOff, &initial) {
		return FrameRow{}, false
	}
	if st.cfaExpr || st.exprCols&(1<<RegRIP|1<<RegRBP) != 0 {
		return FrameRow{}, false
	}
	ra := c.raColumn
	if ra >= cfaColumns {
		return FrameRow{}, false
	}
	if goCode && st.setCols&(1<<RegRBP) == 0 && st.cfaReg == RegRSP && st.cfaOffset >= 16 {
		st.rules[RegRBP] = RegRule{Kind: RuleOffset, Offset: -16}
	}
	return FrameRow{
		CFAReg:    int(st.cfaReg),
		CFAOffset: st.cfaOffset,
		RA:        st.rules[ra],
		RBP:       st.rules[RegRBP],
	}, true
}

// interp carries what exec needs across the CIE's and the FDE's programs.
type interp struct {
	cie  *cie
	pc   uint64 // the row wanted
	loc  uint64 // the address the current row starts at
	done bool   // loc passed pc: the row is final
}

// exec runs prog (which starts at offset off of its section) on st. initial
// is the state after the CIE's instructions, for DW_CFA_restore; nil while
// running the CIE itself. It returns false for a malformed program.
func (in *interp) exec(st *cfaState, prog []byte, off int, initial *cfaState) bool {
	c := in.cie
	r := &cfiReader{data: prog}
	var stack []cfaState
	advance := func(delta uint64) {
		if in.loc+delta > in.pc {
			in.done = true
			return
		}
		in.loc += delta
	}
	set := func(col uint64, rule RegRule) {
		if col < cfaColumns {
			st.rules[col] = rule
			st.exprCols &^= 1 << col
			st.setCols |= 1 << col
		}
	}
	restore := func(col uint64) {
		if col >= cfaColumns {
			return
		}
		if initial != nil {
			st.rules[col] = initial.rules[col]
			st.exprCols = st.exprCols&^(1<<col) | initial.exprCols&(1<<col)
			st.setCols = st.setCols&^(1<<col) | initial.setCols&(1<<col)
		}
	}
	for r.left() > 0 && !in.done {
		op := r.u8()
		switch op & 0xc0 {
		case cfaAdvanceLoc:
			advance(uint64(op&0x3f) * c.codeAlign)
			continue
		case cfaOffset:
			set(uint64(op&0x3f), RegRule{Kind: RuleOffset, Offset: int64(r.uleb()) * c.dataAlign})
			continue
		case cfaRestore:
			restore(uint64(op & 0x3f))
			continue
		}
		switch op {
		case cfaNop:
		case cfaSetLoc:
			var loc uint64
			if c.ehFrame {
				// pc-relative operands are relative to the operand's
				// own address in the section.
				sub := &cfiReader{data: prog, pos: r.pos}
				loc = sub.pointer(c.ptrEnc&0x0f, 0)
				if c.ptrEnc&0x70 == pePCRel {
					loc += c.sectAddr + uint64(off+r.pos)
				}
				r.pos, r.bad = sub.pos, sub.bad
			} else {
				loc = r.u64()
			}
			if loc > in.pc {
				in.done = true
			} else {
				in.loc = loc
			}
		case cfaAdvanceLoc1:
			advance(uint64(r.u8()) * c.codeAlign)
		case cfaAdvanceLoc2:
			advance(uint64(r.u16()) * c.codeAlign)
		case cfaAdvanceLoc4:
			advance(uint64(r.u32()) * c.codeAlign)
		case cfaOffsetExtended:
			col := r.uleb()
			set(col, RegRule{Kind: RuleOffset, Offset: int64(r.uleb()) * c.dataAlign})
		case cfaOffsetExtendedSF:
			col := r.uleb()
			set(col, RegRule{Kind: RuleOffset, Offset: r.sleb() * c.dataAlign})
		case cfaGNUNegOffsetExtSF:
			col := r.uleb()
			set(col, RegRule{Kind: RuleOffset, Offset: -int64(r.uleb()) * c.dataAlign})
		case cfaRestoreExtended:
			restore(r.uleb())
		case cfaUndefined:
			set(r.uleb(), RegRule{Kind: RuleUndefined})
		case cfaSameValue:
			set(r.uleb(), RegRule{Kind: RuleSameValue})
		case cfaRegister:
			col := r.uleb()
			set(col, RegRule{Kind: RuleRegister, Reg: int(r.uleb())})
		case cfaValOffset:
			col := r.uleb()
			set(col, RegRule{Kind: RuleValOffset, Offset: int64(r.uleb()) * c.dataAlign})
		case cfaValOffsetSF:
			col := r.uleb()
			set(col, RegRule{Kind: RuleValOffset, Offset: r.sleb() * c.dataAlign})
		case cfaRememberState:
			if len(stack) > 64 { // hostile input
				return false
			}
			stack = append(stack, *st)
		case cfaRestoreState:
			if len(stack) == 0 {
				return false
			}
			// The CFA is part of the remembered row (DWARF 5 6.4.2.4).
			*st = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		case cfaDefCFA:
			st.cfaReg = r.uleb()
			st.cfaOffset = int64(r.uleb())
			st.cfaExpr = false
		case cfaDefCFASF:
			st.cfaReg = r.uleb()
			st.cfaOffset = r.sleb() * c.dataAlign
			st.cfaExpr = false
		case cfaDefCFARegister:
			st.cfaReg = r.uleb()
		case cfaDefCFAOffset:
			st.cfaOffset = int64(r.uleb())
		case cfaDefCFAOffsetSF:
			st.cfaOffset = r.sleb() * c.dataAlign
		case cfaDefCFAExpression:
			r.bytes(int(r.uleb()))
			st.cfaExpr = true
		case cfaExpression, cfaValExpression:
			col := r.uleb()
			r.bytes(int(r.uleb()))
			if col < cfaColumns {
				st.rules[col] = RegRule{Kind: RuleUndefined}
				st.exprCols |= 1 << col
				st.setCols |= 1 << col
			}
		case cfaGNUArgsSize:
			r.uleb()
		default:
			return false
		}
	}
	return !r.bad
}
