package source

import (
	"debug/elf"

	"golang.org/x/arch/x86/x86asm"
)

// goStackCheckEnd finds the end of a Go function's stack check by decoding
// its first instructions, for binaries without line tables (no DWARF, so no
// prologue_end). The compiler starts every function that may grow its stack
// with
//
//	CMPQ SP, 16(R14)          (or LEAQ -n(SP), R12; CMPQ R12, 16(R14))
//	JLS  morestack_call       (jbe: back to the entry after growing)
//
// A breakpoint after that jump is hit once per call; one at the entry is hit
// again every time the stack grows. The frame pointer setup that follows is
// skipped too. It returns fn.Entry when the function
// has no stack check (NOSPLIT, assembly) or its bytes cannot be read.
func (b *Binary) goStackCheckEnd(fn *Function) uint64 {
	const window = 64 // the check's instructions fit easily
	n := fn.End - fn.Entry
	if n > window {
		n = window
	}
	code := b.readText(fn.Entry, int(n))
	if code == nil {
		return fn.Entry
	}
	sawCheck := false
	for off := 0; off < len(code) && off < window; {
		inst, err := x86asm.Decode(code[off:], 64)
		if err != nil {
			break
		}
		next := off + inst.Len
		switch inst.Op {
		case x86asm.CMP:
			// Go keeps g in R14 in ABIInternal code; stackguard0 is
			// g's third word.
			if m, ok := inst.Args[1].(x86asm.Mem); ok && m.Base == x86asm.R14 && m.Disp == 16 {
				sawCheck = true
			}
		case x86asm.JBE:
			if sawCheck {
				return fn.Entry + uint64(next+framePointerSetup(code[next:]))
			}
			return fn.Entry
		case x86asm.LEA, x86asm.MOV, x86asm.SUB, x86asm.JB:
			// The large-frame forms compute SP-n first (and the
			// huge-frame one checks it for wrap-around).
		default:
			return fn.Entry
		}
		off = next
	}
	return fn.Entry
}

// framePointerSetup returns the length of the PUSHQ BP; MOVQ SP, BP that
// follows the stack check in functions with a frame, or 0. Stopping after
// it, as Go's own prologue_end does, leaves rbp pointing at the new frame,
// so frame-pointer unwinding is right at the breakpoint.
func framePointerSetup(code []byte) int {
	push, err := x86asm.Decode(code, 64)
	if err != nil || push.Op != x86asm.PUSH || push.Args[0] != x86asm.RBP {
		return 0
	}
	mov, err := x86asm.Decode(code[push.Len:], 64)
	if err != nil || mov.Op != x86asm.MOV || mov.Args[0] != x86asm.RBP || mov.Args[1] != x86asm.RSP {
		return 0
	}
	return push.Len + mov.Len
}

// readText reads n bytes at link-time address addr from the executable
// section that holds them, or returns nil.
func (b *Binary) readText(addr uint64, n int) []byte {
	for _, s := range b.elf.Sections {
		if s.Flags&elf.SHF_EXECINSTR == 0 || s.Type != elf.SHT_PROGBITS {
			continue
		}
		if addr < s.Addr || addr+uint64(n) > s.Addr+s.Size {
			continue
		}
		buf := make([]byte, n)
		if _, err := s.ReadAt(buf, int64(addr-s.Addr)); err != nil {
			return nil
		}
		return buf
	}
	return nil
}
