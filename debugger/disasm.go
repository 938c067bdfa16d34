//go:build linux && amd64

package debugger

import (
	"fmt"

	"golang.org/x/arch/x86/x86asm"
)

// disassemble decodes a range of the program's code, showing the original
// bytes under breakpoints.
func (e *engine) disassemble(r Disassemble) Reply {
	start, end := r.Start, r.End
	if start == 0 && end == 0 {
		pc := r.At
		if pc == 0 {
			if e.state == nil || len(e.state.Frames) == 0 {
				return Reply{Err: ErrNotRunning}
			}
			pc = e.state.Frames[e.state.SelectedFrame].PC
		}
		fn := e.bin.FuncAt(pc - e.bias)
		if fn == nil {
			start, end = pc, pc+64
		} else {
			start, end = fn.Entry+e.bias, fn.End+e.bias
		}
	}
	if end <= start || end-start > 1<<20 {
		return Reply{Err: fmt.Errorf("bad range %#x-%#x", start, end)}
	}
	code := make([]byte, end-start)
	if err := e.readMem(start, code); err != nil {
		return Reply{Err: fmt.Errorf("cannot access memory at %#x", start)}
	}
	e.unpatch(start, code)
	var out []Instruction
	for off := 0; off < len(code); {
		pc := start + uint64(off)
		in := Instruction{Addr: pc}
		if b := e.bps[pc]; b != nil && b.inserted {
			in.Breakpoint = true
		}
		if fn := e.bin.FuncAt(pc - e.bias); fn != nil {
			in.Function = fn.Name
		}
		if f, l, ok := e.bin.PCToLine(pc - e.bias); ok {
			in.File, in.Line = f, l
		}
		inst, err := x86asm.Decode(code[off:], 64)
		if err != nil || inst.Len == 0 {
			in.Bytes = code[off : off+1]
			in.Text = "(bad)"
			out = append(out, in)
			off++
			continue
		}
		in.Bytes = code[off : off+inst.Len]
		in.Text = x86asm.IntelSyntax(inst, pc, e.symbolize)
		out = append(out, in)
		off += inst.Len
	}
	return Reply{Instructions: out}
}

func (e *engine) symbolize(addr uint64) (string, uint64) {
	if fn := e.bin.FuncAt(addr - e.bias); fn != nil {
		return fn.Name, fn.Entry + e.bias
	}
	return "", 0
}
