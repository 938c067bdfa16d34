package debugger

import (
	"fmt"

	"golang.org/x/arch/x86/x86asm"
)

// The program's own bytes under breakpoints (issue 13), as gdb's shadow
// contents: a read shows them, never an int3 of tdb's; a write that covers
// a breakpoint changes the byte the breakpoint saved and keeps the int3 in
// place, so the write is not lost when the breakpoint goes and the
// breakpoint still works. Before, `set` on such memory wrote over the
// int3 (the breakpoint was gone without the engine knowing) and clearing
// the breakpoint wrote the old byte back.

// shadowWrite returns b as it must be written at addr: with the new bytes
// under inserted breakpoints recorded as their original bytes and int3 in
// their place (unless the breakpoints are lifted out of memory: breakpoint.go).
func (e *engine) shadowWrite(addr uint64, b []byte) []byte {
	out := b
	e.eachInserted(addr, len(b), func(bp *physBP) {
		if &out[0] == &b[0] {
			out = append([]byte(nil), b...)
		}
		i := bp.addr - addr
		bp.orig = b[i]
		bp.emu, bp.cond = nil, nil // decoded from the old bytes
		if !e.lifted {
			out[i] = int3
		}
	})
	return out
}

// eachInserted calls f for each inserted breakpoint in [addr, addr+n),
// looking up each address when that is cheaper than scanning them all.
func (e *engine) eachInserted(addr uint64, n int, f func(*physBP)) {
	if n <= 0 || len(e.bps) == 0 {
		return
	}
	if n <= len(e.bps) {
		for i := 0; i < n; i++ {
			if bp := e.bps[addr+uint64(i)]; bp != nil && bp.inserted {
				f(bp)
			}
		}
		return
	}
	for a, bp := range e.bps {
		if bp.inserted && a >= addr && a-addr < uint64(n) {
			f(bp)
		}
	}
}

// insnBoundary refuses a breakpoint address inside an instruction of a
// known function: an int3 there corrupts the instruction, and the "hit"
// crashed the program. The function is decoded from its entry, as gdb
// does to name the instruction that contains it.
func (e *engine) insnBoundary(addr uint64) error {
	bin, bias := e.binAt(addr)
	fn := bin.FuncAt(addr - bias)
	if fn == nil || fn.End <= fn.Entry || fn.End-fn.Entry > 1<<20 {
		return nil
	}
	start := fn.Entry + bias
	code := make([]byte, addr-start+16)
	if err := e.readMem(start, code); err != nil {
		return nil
	}
	for off := uint64(0); off < addr-start; {
		inst, err := x86asm.Decode(code[off:], 64)
		if err != nil || inst.Len == 0 {
			return nil // not code we can decode: let it be
		}
		if next := off + uint64(inst.Len); next > addr-start {
			pc := start + off
			return fmt.Errorf("%#x is inside the instruction at %#x (%s+%d: %s): break at an instruction's first byte",
				addr, pc, fn.Name, off, x86asm.IntelSyntax(inst, pc, e.symbolize))
		} else {
			off = next
		}
	}
	return nil
}
