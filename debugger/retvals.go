package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"

	"golang.org/x/arch/x86/x86asm"

	"tdb/source"
)

// The values a function returned, shown after a stepout, or a step or next
// that leaves the function through its return (Delve's "Values returned:",
// gdb's "Value returned is"). They are read at the return address, before
// the caller runs an instruction: there the registers are those of the
// callee's RET (which changes only rsp and rip), the callee's CFA is the
// current rsp, and the callee's frame, just below rsp, is not yet
// overwritten. So a Go function's results are its result parameters
// (DW_AT_variable_parameter) located with the callee's own DWARF at its
// RET; a C function's return value is where the SysV ABI puts it (rax,
// rdx, xmm0, xmm1, or memory at rax). Nothing is read unless the step
// actually returned: next and step pay nothing otherwise.

// retExpect is a planned return: the return address the plan stops at
// when the function at pc returns.
type retExpect struct {
	ret, pc uint64
	// skip: how far the callee's CFA is below rsp at ret, when the plan
	// runs on through wrappers the callee returns to (returnTargetSkip);
	// a distance, which Go's stack copying keeps.
	skip uint64
}

// expectReturn notes that the plan about to run stops at ret when t's
// current function returns. It costs nothing: everything else is looked
// up when the plan does stop there.
func (e *engine) expectReturn(t *thread, ret, skip uint64) {
	if e.getRegs(t) == nil { // cached: the plan has just read them
		e.retWait = &retExpect{ret: ret, pc: t.regs.Rip, skip: skip}
	}
}

// returnedAt collects the returned values when the run that ended in ev
// stopped at the planned return address: a plan stop (not a breakpoint, a
// signal) there, whose condition is the return's (the goroutine's
// caller frame, by rsp), not another frame's stop at the same address
// (a recursive call's caller is the same function).
func (e *engine) returnedAt(ev stopEvent) {
	rw := e.retWait
	e.retWait = nil
	if rw == nil || ev.kind != stopPlan || ev.t == nil || e.plan == nil || e.pcOf(ev.t) != rw.ret {
		return
	}
	if c := e.plan.bps[rw.ret]; c == nil || !c.spFrame {
		return
	}
	e.collectReturned(ev.t, e.bin.FuncAt(rw.pc-e.bias), 0, rw.skip)
}

// collectReturned reads what fn returned; t is at the return address, or
// past wrappers fn returned to: fn's CFA is skip below rsp. retPC is the
// RET that ran (run time), 0 when not known (the plan ran to a
// breakpoint): then fn's last RET stands for it, which matters only for
// optimised code, whose results' locations depend on the pc.
func (e *engine) collectReturned(t *thread, fn *source.Function, retPC, skip uint64) {
	e.returned = nil
	if fn == nil || e.getRegs(t) != nil {
		return
	}
	if retPC == 0 {
		retPC = e.lastRet(fn)
	}
	regs := dwarfRegs(&t.regs)
	cfa := t.regs.Rsp - skip
	regs[source.RegRSP] = cfa - 8 // the return address popped by RET
	regs[source.RegRIP] = retPC
	fc := &frameCtx{pc: retPC, line: e.lineOf(retPC), fn: fn.Name, cfa: cfa, tid: t.tid, regs: regs}
	fv, err := e.frameVars(fc)
	if err != nil {
		return
	}
	var out []Value
	var abi map[int]*value
	for i, v := range fv.Vars {
		if !v.Result {
			continue
		}
		name, val, err := e.userVariable(fc, fv.FrameBase, v)
		if err != nil && len(v.Loc) == 0 && e.bin.IsGo() {
			// Optimised: not described at the RET (retvals_goabi.go).
			val, err = e.abiResult(t, fv.Vars, i, &abi, err)
		}
		if err != nil {
			out = append(out, Value{Name: name, Type: e.typeName(v.Type), Err: err.Error()})
			continue
		}
		out = append(out, e.describeValue(name, val))
	}
	// A C function (in a cgo binary too): Go's subprograms have no
	// DW_AT_type, their results are the parameters above.
	if out == nil {
		if typ, err := e.bin.ReturnType(retPC - e.bias); err == nil && typ != nil {
			val, err := e.abiReturn(t, typ)
			if err != nil {
				out = append(out, Value{Name: "~r0", Type: e.typeName(typ), Err: err.Error()})
			} else {
				out = append(out, e.describeValue("~r0", val))
			}
		}
	}
	for i := range out {
		// Not expressions of the frame returned to: nothing to expand
		// or evaluate again.
		out[i].Expr, out[i].Kids = "", false
	}
	e.returned = out
}

// lastRet is the address (run time) of fn's last RET instruction, fn's
// entry if it has none that decodes.
func (e *engine) lastRet(fn *source.Function) uint64 {
	start, end := fn.Entry+e.bias, fn.End+e.bias
	if end <= start || end-start > 1<<20 {
		return start
	}
	code := make([]byte, end-start)
	if err := e.readMem(start, code); err != nil {
		return start
	}
	e.unpatch(start, code)
	last := start
	for off := 0; off < len(code); {
		inst, err := x86asm.Decode(code[off:], 64)
		if err != nil {
			break
		}
		if inst.Op == x86asm.RET {
			last = start + uint64(off)
		}
		off += inst.Len
	}
	return last
}

// Eightbyte classes of the SysV x86-64 ABI (section 3.2.3).
const (
	clsNone = iota
	clsSSE
	clsInteger
)

// abiReturn is the value of type typ a C function returned, where the
// SysV ABI puts it: up to 16 bytes in rax/rdx and xmm0/xmm1 by the class
// of each eightbyte, larger aggregates in memory whose address comes back
// in rax.
func (e *engine) abiReturn(t *thread, typ dwarf.Type) (*value, error) {
	size := typeSize(typ)
	if size == 0 {
		return nil, fmt.Errorf("no value")
	}
	if f, ok := resolve(typ).(*dwarf.FloatType); ok && size > 8 {
		return nil, fmt.Errorf("a %s is returned in the x87 register st0, which tdb does not read", f.Name)
	}
	if size > 16 {
		return &value{typ: typ, addr: t.regs.Rax, reg: -1}, nil
	}
	cls := make([]int, (size+7)/8)
	classifyEightbytes(typ, 0, cls)
	ints := []uint64{t.regs.Rax, t.regs.Rdx}
	sses := []int{0, 1}
	buf := make([]byte, 0, 16)
	reg := -1
	for _, c := range cls {
		var w uint64
		if c == clsSSE {
			x, ok := e.xmm(t.tid, sses[0])
			if !ok {
				return nil, fmt.Errorf("cannot read xmm%d", sses[0])
			}
			w, sses = x, sses[1:]
		} else {
			w, ints = ints[0], ints[1:]
		}
		buf = binary.LittleEndian.AppendUint64(buf, w)
	}
	if len(cls) == 1 && cls[0] == clsInteger {
		reg = 0 // rax
	}
	return &value{typ: typ, buf: buf[:size], reg: reg}, nil
}

// classifyEightbytes marks the eightbytes typ (at offset off) covers:
// SSE for floating-point parts, INTEGER for anything else, INTEGER
// winning when an eightbyte has both.
func classifyEightbytes(typ dwarf.Type, off int64, cls []int) {
	mark := func(c int, size int64) {
		if size <= 0 {
			size = 1
		}
		for i := off / 8; i <= (off+size-1)/8 && i < int64(len(cls)); i++ {
			if cls[i] != clsInteger {
				cls[i] = c
			}
		}
	}
	switch x := resolve(typ).(type) {
	case *dwarf.StructType:
		for _, f := range x.Field {
			classifyEightbytes(f.Type, off+f.ByteOffset, cls)
		}
	case *dwarf.ArrayType:
		es := typeSize(x.Type)
		for i := int64(0); i < x.Count && es > 0; i++ {
			classifyEightbytes(x.Type, off+i*es, cls)
		}
	case *dwarf.FloatType, *dwarf.ComplexType:
		mark(clsSSE, typeSize(x))
	default:
		mark(clsInteger, typeSize(typ))
	}
}
