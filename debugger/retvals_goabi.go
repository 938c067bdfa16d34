package debugger

import (
	"debug/dwarf"
	"encoding/binary"

	"tdb/source"
)

// Optimised Go code leaves its results without a location at the RET (the
// compiler describes them only while they live in the frame), so they are
// read where Go's internal ABI returns them (go.dev/s/regabi, amd64): each
// result, in order, is register-assigned leaf by leaf (integers, pointers
// and the words of strings, slices, interfaces and structs to RAX, RBX,
// RCX, RDI, RSI, R8-R11; floats to X0-X14; an array longer than one is
// not), and a result that does not fit goes to the stack: after the
// stack-assigned arguments, in the caller's outgoing area, which starts at
// rsp at the return address. Delve reads nothing there.

// goIntRegs are the integer result registers, by DWARF number.
var goIntRegs = []int{0, 3, 2, 5, 4, 8, 9, 10, 11} // rax rbx rcx rdi rsi r8-r11

const goFloatRegs = 15 // X0-X14

type abiLeaf struct {
	off, size int64
	float     bool
	reg       int // DWARF number (a float: the X register's index)
}

type abiAssign struct {
	ints, floats int
	leaves       []abiLeaf
}

// assign register-assigns a value of type t at offset off; false when it
// does not fit (the caller then resets the counters).
func (a *abiAssign) assign(t dwarf.Type, off int64) bool {
	size := typeSize(t)
	if size == 0 {
		return true
	}
	switch x := resolve(t).(type) {
	case *dwarf.StructType:
		for _, f := range x.Field {
			if !a.assign(f.Type, off+f.ByteOffset) {
				return false
			}
		}
		return true
	case *dwarf.ArrayType:
		return x.Count == 1 && a.assign(x.Type, off)
	case *dwarf.ComplexType:
		return a.float(off, size/2) && a.float(off+size/2, size/2)
	case *dwarf.FloatType:
		return a.float(off, size)
	}
	if size > 8 || a.ints == len(goIntRegs) {
		return false
	}
	a.leaves = append(a.leaves, abiLeaf{off: off, size: size, reg: goIntRegs[a.ints]})
	a.ints++
	return true
}

func (a *abiAssign) float(off, size int64) bool {
	if a.floats == goFloatRegs {
		return false
	}
	a.leaves = append(a.leaves, abiLeaf{off: off, size: size, float: true, reg: a.floats})
	a.floats++
	return true
}

// goAlign is the alignment of t as Go lays it out: its largest scalar,
// at most 8.
func goAlign(t dwarf.Type) int64 {
	switch x := resolve(t).(type) {
	case *dwarf.StructType:
		al := int64(1)
		for _, f := range x.Field {
			al = max(al, goAlign(f.Type))
		}
		return al
	case *dwarf.ArrayType:
		return goAlign(x.Type)
	case *dwarf.ComplexType:
		return max(1, min(8, typeSize(x)/2))
	}
	return max(1, min(8, typeSize(t)))
}

// abiResults gives the values of the results of a function whose
// parameters (arguments then results, in order) are params, as the
// internal ABI returns them; t is at the return address.
func (e *engine) abiResults(t *thread, params []source.Variable) map[int]*value {
	out := map[int]*value{}
	var stack int64
	// Arguments first: only their stack share matters here.
	var args abiAssign
	for _, v := range params {
		if v.Result {
			continue
		}
		mark := args
		if !args.assign(v.Type, 0) {
			args = mark
			al := goAlign(v.Type)
			stack = (stack+al-1)/al*al + typeSize(v.Type)
		}
	}
	stack = (stack + 7) / 8 * 8
	var res abiAssign
	for i, v := range params {
		if !v.Result {
			continue
		}
		size := typeSize(v.Type)
		n := len(res.leaves)
		mark := res
		if res.assign(v.Type, 0) {
			buf := make([]byte, size)
			ok := true
			for _, l := range res.leaves[n:] {
				var w uint64
				if l.float {
					w, ok = e.xmm(t.tid, l.reg)
				} else {
					w = dwarfRegs(&t.regs)[l.reg]
				}
				var b [8]byte
				binary.LittleEndian.PutUint64(b[:], w)
				copy(buf[l.off:l.off+l.size], b[:])
			}
			if ok {
				out[i] = &value{typ: v.Type, buf: buf, reg: -1}
			}
			continue
		}
		res = mark
		al := goAlign(v.Type)
		stack = (stack + al - 1) / al * al
		out[i] = &value{typ: v.Type, addr: t.regs.Rsp + uint64(stack), reg: -1}
		stack += size
	}
	return out
}

// abiResult is result i of params as the ABI returned it; err (why its
// location did not give it) when the ABI does not give it either. abi
// caches the assignment, made once for all the results.
func (e *engine) abiResult(t *thread, params []source.Variable, i int, abi *map[int]*value, err error) (*value, error) {
	if *abi == nil {
		*abi = e.abiResults(t, params)
	}
	if v := (*abi)[i]; v != nil {
		return v, nil
	}
	return nil, err
}
