package debugger

import (
	"fmt"
	"strings"

	"tdb/source"
)

// handleValues answers the requests about variables and expressions
// (print, locals, args, display, set). It reports false for requests that
// are not its own.
func (e *engine) handleValues(req Request) (Reply, bool) {
	// Values print in the language of the frame asked about, and a
	// library's frame reads through that library (solib_values.go).
	frame := SelectedFrame
	if f, ok := valuesFrame(req); ok {
		frame = f
		defer e.inFrameObject(f)()
	}
	e.valFrame = &frame
	defer func() { e.valFrame = nil }()
	switch r := req.(type) {
	case Eval:
		if r.Address {
			return e.addressRequest(r.Expr, r.Frame), true
		}
		return e.evalRequest(r), true
	case Locals:
		return e.varsRequest(r.Frame, false), true
	case Args:
		return e.varsRequest(r.Frame, true), true
	case SetVar:
		return e.setVar(r), true
	case Children:
		return e.children(r), true
	case TypeOf:
		return e.typeOfRequest(r), true
	}
	return Reply{}, false
}

func (e *engine) evalRequest(r Eval) Reply {
	fc, err := e.frameOf(r.Frame)
	if err != nil {
		return Reply{Err: err}
	}
	c := e.newEvalCtx(fc)
	v, err := c.eval(r.Expr)
	if err != nil {
		return Reply{Err: err}
	}
	if e.cValues() {
		if err := cTooBig(v); err != nil {
			return Reply{Err: err}
		}
		if err := e.cUnreadable(v); err != nil {
			return Reply{Err: err}
		}
	}
	d := e.describeValue(r.Expr, v)
	if r.Format != 0 && e.cValues() {
		// gdb's p/x formats each member and element by its own type.
		d.Value, d.Formatted = e.cFormat(v, true, r.Format), true
	}
	return Reply{Values: []Value{d}}
}

// addressRequest answers Eval with Address set.
func (e *engine) addressRequest(expr string, frame int) Reply {
	fc, err := e.frameOf(frame)
	if err != nil {
		return Reply{Err: err}
	}
	c := e.newEvalCtx(fc)
	v, err := c.eval(expr)
	if err != nil {
		return Reply{Err: err}
	}
	a, err := c.examineAddress(v)
	if err != nil {
		return Reply{Err: fmt.Errorf("%s: %v", expr, err)}
	}
	return Reply{Values: []Value{{Name: expr, Expr: expr, Type: "address", Value: fmt.Sprintf("%#x", a)}}}
}

// describeValue turns a value into the plain data the front ends show, in
// print's form.
func (e *engine) describeValue(name string, v *value) Value {
	return e.describeAs(name, v, true)
}

// describeVar is describeValue in the form of info locals and of a
// struct's members: a C pointer without its type before it.
func (e *engine) describeVar(name string, v *value) Value {
	return e.describeAs(name, v, false)
}

func (e *engine) describeAs(name string, v *value, top bool) Value {
	out := Value{Name: name, Expr: name}
	c := e.cValues()
	if c {
		if err := cTooBig(v); err != nil {
			out.Err = err.Error()
		} else {
			out.Value = e.cFormat(v, top, 0)
		}
	} else {
		out.Value = e.format(v)
	}
	switch {
	case v.lit != nil && v.lit.s != nil:
		out.Type = "string"
	case v.lit != nil && v.lit.isNil:
		out.Type = "nil"
	case c && v.typ != nil:
		out.Type = cDecl(v.typ, "", -1, 0, 0)
	default:
		out.Type = e.typeName(v.typ)
	}
	switch k := classify(v.typ); k {
	case kArray, kSlice, kMap:
		out.Kids = true
		if !c {
			out.Len = e.length(v, k)
		}
	case kStruct, kEface, kIface:
		out.Kids = true
	case kPtr:
		if a, err := e.word(v, 0); err == nil && a != 0 {
			out.Kids = true
		}
	case kFunc:
		caps, _ := e.captured(v)
		out.Kids = len(caps) > 0
	}
	return out
}

func (e *engine) varsRequest(frame int, args bool) Reply {
	fc, err := e.frameOf(frame)
	if err != nil {
		return Reply{Err: err}
	}
	fv, err := e.frameVars(fc)
	if err != nil {
		return Reply{Err: fmt.Errorf("no variables for %s: %v", fc.fn, err)}
	}
	// The body of a range-over-func loop is a closure the iterator calls
	// (PARENT-rangeN): its parameters are the loop's variables, so they
	// are locals, and the arguments and locals of the function that holds
	// the loop are its own, as Delve shows them (TestSetupRangeFramesCrash).
	body := source.RangeParent(fc.fn) != ""
	vals := e.frameValues(fc, fv, func(v source.Variable) bool {
		if body {
			return !args
		}
		return v.Arg == args
	})
	if body {
		if pc, pfv := e.rangeHolderFrame(frame); pc != nil {
			vals = append(vals, e.frameValues(pc, pfv, func(v source.Variable) bool { return v.Arg == args })...)
		}
	}
	return Reply{Values: vals}
}

// frameValues describes the variables of a frame that keep says to, less
// the compiler's own (.autotmp_5, #state1).
func (e *engine) frameValues(fc *frameCtx, fv *source.FuncVars, keep func(source.Variable) bool) []Value {
	vals := []Value{}
	for _, v := range fv.Vars {
		if !keep(v) || strings.HasPrefix(v.Name, ".") || strings.HasPrefix(v.Name, "#") {
			continue
		}
		name, val, err := e.userVariable(fc, fv.FrameBase, v)
		if err != nil {
			vals = append(vals, Value{Name: name, Type: e.typeName(v.Type), Err: err.Error()})
			continue
		}
		vals = append(vals, e.describeVar(name, val))
	}
	return vals
}

// rangeHolderFrame finds, above frame, the frame of the function whose
// range-over-func loop body frame runs (nested bodies included).
func (e *engine) rangeHolderFrame(frame int) (*frameCtx, *source.FuncVars) {
	st := e.state
	if frame == SelectedFrame {
		frame = st.SelectedFrame
	}
	if frame < 0 || frame >= len(st.Frames) {
		return nil, nil
	}
	parent := source.RangeParent(st.Frames[frame].Function)
	for j := frame + 1; j < len(st.Frames) && parent != ""; j++ {
		if st.Frames[j].Function != parent {
			continue
		}
		fc, err := e.frameOf(j)
		if err != nil {
			return nil, nil
		}
		fv, err := e.frameVars(fc)
		if err != nil {
			return nil, nil
		}
		return fc, fv
	}
	return nil, nil
}

// setVar writes a number, bool or pointer into a variable or memory.
func (e *engine) setVar(r SetVar) Reply {
	fc, err := e.frameOf(r.Frame)
	if err != nil {
		return Reply{Err: err}
	}
	c := e.newEvalCtx(fc)
	dst, err := c.eval(r.Expr)
	if err != nil {
		return Reply{Err: err}
	}
	src, err := c.eval(r.Value)
	if err != nil {
		return Reply{Err: err}
	}
	k := classify(dst.typ)
	switch k {
	case kBool, kInt, kUint, kFloat, kPtr, kUnsafePtr, kCChar:
	default:
		return Reply{Err: fmt.Errorf("cannot set %s: only numbers, bools and pointers can be set (it is a %s)", r.Expr, e.typeName(dst.typ))}
	}
	n, err := c.numOf(src, r.Value)
	if err != nil {
		return Reply{Err: err}
	}
	if (k == kBool) != (n.k == kBool) {
		return Reply{Err: fmt.Errorf("cannot set %s (a %s) to %s", r.Expr, e.typeName(dst.typ), r.Value)}
	}
	if (k == kPtr || k == kUnsafePtr) && src.typ != nil && classify(src.typ) == kFloat {
		return Reply{Err: fmt.Errorf("cannot set pointer %s to a float", r.Expr)}
	}
	buf := fromNum(n, dst.typ).buf
	if size := typeSize(dst.typ); k == kFloat && size != 4 && size != 8 {
		// long double, _Float128, _Float16: in their own format.
		buf = encodeFloat(n.float(), floatFormatOf(int(size), resolve(dst.typ).Common().Name), int(size))
	}
	var notes []string
	switch {
	case dst.bits != nil:
		// A bitfield: only its bits change, its neighbours' stay. As
		// gdb, a value that does not fit is cut, with a warning.
		x, fits := fitBits(leInt(buf, signedType(dst.typ)), dst.bits.size)
		if !fits {
			notes = append(notes, fmt.Sprintf("warning: Value does not fit in %d bits.", dst.bits.size))
		}
		if err := e.writeBits(dst.bits, x); err != nil {
			return Reply{Err: fmt.Errorf("cannot set %s: %v", r.Expr, err)}
		}
		e.watchRefresh()
	case dst.addr != 0:
		if err := e.writeMem(dst.addr, buf); err != nil {
			return Reply{Err: fmt.Errorf("cannot set %s: %v", r.Expr, err)}
		}
		// tdb's own write does not trap: the watchpoints' old values
		// must not go back to before it.
		e.watchRefresh()
	case dst.reg >= 0 && fc.index == 0:
		if err := e.writeReg(fc.tid, dst.reg, buf); err != nil {
			return Reply{Err: fmt.Errorf("cannot set %s: %v", r.Expr, err)}
		}
	default:
		return Reply{Err: fmt.Errorf("cannot set %s: it is not in memory or a register", r.Expr)}
	}
	// Read it back through a fresh frame: a register variable's frame
	// holds the registers from before the write.
	if fc, err = e.frameOf(r.Frame); err != nil {
		return Reply{Err: err}
	}
	v, err := e.newEvalCtx(fc).eval(r.Expr)
	if err != nil {
		return Reply{Err: err}
	}
	return Reply{Values: []Value{e.describeValue(r.Expr, v)}, State: e.state, Notes: notes}
}

// fitBits cuts x to a bitfield of size bits as gdb's modify_field does: a
// negative value that fits loses its sign extension; one that does not
// fit is cut, and fits is false.
func fitBits(x int64, size int64) (uint64, bool) {
	if size >= 64 {
		return uint64(x), true
	}
	mask := uint64(1)<<size - 1
	v := uint64(x)
	if ^v&^(mask>>1) == 0 {
		v &= mask
	}
	if v&^mask != 0 {
		return v & mask, false
	}
	return v, true
}

// writeBits writes x into a bitfield: the bytes that hold it are read,
// its bits changed, and written back (x is cut to the field's size, as
// gdb does).
func (e *engine) writeBits(br *bitRef, x uint64) error {
	if br.addr == 0 {
		return fmt.Errorf("it is not in memory")
	}
	b := make([]byte, (br.off+br.size+7)/8)
	if err := e.readMem(br.addr, b); err != nil {
		return fmt.Errorf("cannot read memory at %#x", br.addr)
	}
	e.unpatch(br.addr, b)
	setBits(b, br.off, br.size, x)
	return e.writeMem(br.addr, b)
}

// writeMem writes the program's memory through /proc/PID/mem.
func (e *engine) writeMem(addr uint64, b []byte) error {
	if e.mem == nil {
		return ErrNotRunning
	}
	b = e.shadowWrite(addr, b) // shadow.go: the bytes under breakpoints
	if _, err := e.mem.WriteAt(b, int64(addr)); err != nil {
		return fmt.Errorf("writing %d bytes at %#x: %w", len(b), addr, err)
	}
	if e.mechanics {
		e.mech("POKEDATA", e.cur.tid, addr, "write /proc/%d/mem %#x: % x (set)", e.pid, addr, b)
	}
	return nil
}

// writeReg sets a general register of thread tid (DWARF numbering).
func (e *engine) writeReg(tid, reg int, b []byte) error {
	t := e.threads[tid]
	if t == nil {
		return fmt.Errorf("no thread %d", tid)
	}
	if err := e.getRegs(t); err != nil {
		return err
	}
	var w [8]byte
	copy(w[:], b)
	v := le64(w[:])
	r := &t.regs
	// rsp and rip move the frame itself: not through a variable.
	if reg < 0 || reg >= source.RegRIP || reg == source.RegRSP {
		return fmt.Errorf("register %s cannot be set", source.DwarfRegName(reg))
	}
	*dwarfFields[reg](r) = v
	if err := e.setRegs(t); err != nil {
		return err
	}
	if e.state != nil && e.state.Thread == tid {
		st := *e.state
		st.Registers = registerList(r)
		e.state = &st
	}
	return nil
}

// cUnreadable is gdb's error for printing a value in memory that cannot
// be read, p *(int *)8: print fails with "Cannot access memory at address
// 0x8" (gdb reads the whole value before it prints), where a member or a
// local shows <error: ...> in its place.
func (e *engine) cUnreadable(v *value) error {
	if v.lit != nil || v.buf != nil || v.addr == 0 || v.bits != nil || v.reg >= 0 || typeSize(v.typ) <= 0 {
		return nil
	}
	switch classify(v.typ) {
	case kFunc, kInvalid:
		return nil
	}
	if _, err := e.bytes(v); err != nil {
		return fmt.Errorf("Cannot access memory at address %#x", v.addr)
	}
	return nil
}
