package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"strings"

	"tdb/source"
)

// frameCtx is what reading the variables of one frame needs: its pc (run
// time) and line, its CFA, and the registers known in it.
type frameCtx struct {
	index int // the machine frame: 0 is the thread's registers
	// depth is how deep in inlined calls the frame is, for
	// source.VariablesInFrame: 0 is the innermost at pc.
	depth int
	pc    uint64 // run-time pc; for callers, the return address
	line  int
	fn    string
	cfa   uint64
	// regs are the frame's known registers by DWARF number: all of them
	// in frame 0, only rsp and rip in callers (the others were not
	// saved where call-frame info could say).
	regs map[int]uint64
	// tid is the thread whose registers frame 0 shows (0 for a parked
	// goroutine): register variables are written there.
	tid int
}

// lookupPC is the pc to look up debug info for: a caller's return address
// is the instruction after the call.
func (f *frameCtx) lookupPC(bias uint64) uint64 {
	if f.index > 0 {
		return f.pc - 1 - bias
	}
	return f.pc - bias
}

// vars are the variables of the frame, the inlined function's in an
// inlined frame.
func (e *engine) frameVars(fc *frameCtx) (*source.FuncVars, error) {
	return e.bin.VariablesInFrame(fc.lookupPC(e.bias), fc.line, fc.depth)
}

// frameOf builds the context of frame i of the current snapshot.
func (e *engine) frameOf(i int) (*frameCtx, error) {
	st := e.state
	if st == nil {
		return nil, ErrNotRunning
	}
	if i == SelectedFrame {
		i = st.SelectedFrame
	}
	if i < 0 || i >= len(st.Frames) {
		return nil, fmt.Errorf("no frame %d (the stack has %d frames)", i, len(st.Frames))
	}
	f := st.Frames[i]
	// Frames inlined into one machine frame share its registers.
	phys, depth, start := physicalFrame(st.Frames, i)
	fc := &frameCtx{index: phys, depth: depth, pc: f.PC, line: f.Line, fn: physicalFunction(st.Frames, i), cfa: f.CFA, regs: map[int]uint64{}}
	i = start
	if i == 0 {
		for _, r := range st.Registers {
			if n, ok := source.DwarfRegNumber(r.Name); ok {
				fc.regs[n] = r.Value
			}
		}
		fc.tid = st.Thread
	} else {
		fc.regs[source.RegRSP] = st.Frames[i-1].CFA
		fc.regs[source.RegRIP] = f.PC
	}
	return fc, nil
}

// threadFrame builds the context of the innermost frame of t, for
// conditions evaluated before any snapshot is taken.
func (e *engine) threadFrame(t *thread) (*frameCtx, error) {
	if err := e.getRegs(t); err != nil {
		return nil, err
	}
	frames := e.unwind(t, 1)
	if len(frames) == 0 {
		return nil, fmt.Errorf("no frame at pc %#x", t.regs.Rip)
	}
	f := frames[0]
	return &frameCtx{pc: f.PC, line: f.Line, fn: f.Function, cfa: f.CFA, tid: t.tid, regs: dwarfRegs(&t.regs)}, nil
}

// reg is register n (DWARF numbering) of frame fc: the general registers
// from the snapshot, xmm0-15 (17-32) read from the thread in frame 0.
func (e *engine) reg(fc *frameCtx, n int) (uint64, bool) {
	if v, ok := fc.regs[n]; ok {
		return v, true
	}
	if n >= 17 && n <= 32 && fc.index == 0 && fc.tid > 0 {
		if v, ok := e.xmm(fc.tid, n-17); ok {
			fc.regs[n] = v
			return v, true
		}
	}
	return 0, false
}

func (e *engine) locContext(fc *frameCtx, frameBase []byte) source.LocContext {
	return source.LocContext{
		Reg: func(n int) (uint64, bool) {
			return e.reg(fc, n)
		},
		CFA: fc.cfa,
		ReadMem: func(addr uint64, n int) ([]byte, error) {
			b := make([]byte, n)
			return b, e.readMem(addr, b)
		},
		FrameBase: frameBase,
		Bias:      e.bias,
	}
}

// variableValue locates v in frame fc and makes a value of it.
func (e *engine) variableValue(fc *frameCtx, frameBase []byte, v source.Variable) (*value, error) {
	if len(v.Loc) == 0 {
		return nil, fmt.Errorf("%s is optimised out here", v.Name)
	}
	ps, err := source.EvalLocation(v.Loc, e.locContext(fc, frameBase))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", v.Name, err)
	}
	size := typeSize(v.Type)
	if len(ps) == 1 && ps[0].Size == 0 {
		p := ps[0]
		switch p.Kind {
		case source.PieceMemory:
			return &value{typ: v.Type, addr: p.Addr, reg: -1}, nil
		case source.PieceEmpty:
			return nil, fmt.Errorf("%s is optimised out here", v.Name)
		}
		p.Size = int(size)
	}
	// Registers, computed values or pieces: gather the bytes now.
	buf := make([]byte, 0, size)
	reg := -1
	for _, p := range ps {
		n := p.Size
		if n == 0 {
			n = int(size)
		}
		var part []byte
		switch p.Kind {
		case source.PieceMemory:
			part = make([]byte, n)
			if err := e.readMem(p.Addr, part); err != nil {
				return nil, fmt.Errorf("%s: %v", v.Name, err)
			}
		case source.PieceRegister:
			r, ok := e.reg(fc, p.Reg)
			if !ok {
				return nil, fmt.Errorf("%s is in register %s, not known in frame %d", v.Name, source.DwarfRegName(p.Reg), fc.index)
			}
			part = make([]byte, 8)
			binary.LittleEndian.PutUint64(part, r)
			if len(ps) == 1 && p.Reg < 16 {
				reg = p.Reg
			}
		case source.PieceValue:
			part = make([]byte, 8)
			binary.LittleEndian.PutUint64(part, p.Value)
		case source.PieceImplicit:
			part = p.Bytes
		default:
			part = nil
			return nil, fmt.Errorf("%s is partly optimised out here", v.Name)
		}
		for len(part) < n {
			part = append(part, 0)
		}
		buf = append(buf, part[:n]...)
	}
	for int64(len(buf)) < size {
		buf = append(buf, 0)
	}
	return &value{typ: v.Type, buf: buf[:size], reg: reg}, nil
}

func typeSize(t dwarf.Type) int64 {
	if t == nil {
		return 0
	}
	n := t.Size()
	if n < 0 {
		return 0
	}
	return n
}

// userVariable is a variable as the user knows it. The compiler names a
// variable that escaped to the heap "&x", a pointer to it: it is shown as
// x, through the pointer.
func (e *engine) userVariable(fc *frameCtx, frameBase []byte, v source.Variable) (string, *value, error) {
	name, escaped := strings.CutPrefix(v.Name, "&")
	if v.Parametric && !escaped {
		if t, err := e.instantiate(fc, frameBase, v); err == nil && typeSize(t) == typeSize(v.Type) {
			v.Type = t
		}
	}
	if len(v.Bound) > 0 {
		v.Type = e.vlaType(fc, frameBase, v)
	}
	val, err := e.closureContext(fc, v)
	if val == nil {
		val, err = e.variableValue(fc, frameBase, v)
	}
	if err != nil || !escaped {
		return name, val, err
	}
	pt, ok := resolve(v.Type).(*dwarf.PtrType)
	if !ok {
		return name, val, nil
	}
	a, err := e.word(val, 0)
	if err != nil {
		return name, nil, err
	}
	if a == 0 {
		return name, nil, fmt.Errorf("%s is not allocated yet", name)
	}
	return name, e.at(a, pt.Type), nil
}

// closureContext reads a variable a closure captured from the closure
// itself while frame 0 is still in the closure's prologue: until the
// function body copies them to its frame, where the location expression
// points, the captured variables are only in the funcval, whose address
// Go passes in the closure context register rdx (DWARF 1). Delve's
// TestCapturedVarVisibleOnFirstLine. nil: read it the usual way.
func (e *engine) closureContext(fc *frameCtx, v source.Variable) (*value, error) {
	if v.ClosureOffset < 0 || fc.index != 0 {
		return nil, nil
	}
	fn := e.bin.FuncAt(fc.lookupPC(e.bias))
	if fn == nil || fc.pc-e.bias > e.bin.PrologueEnd(fn) {
		return nil, nil
	}
	ctx, ok := fc.regs[1]
	if !ok || ctx == 0 {
		return nil, nil
	}
	return e.at(ctx+uint64(v.ClosureOffset), v.Type), nil
}
