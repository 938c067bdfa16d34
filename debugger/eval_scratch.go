package debugger

import "fmt"

// Scratch memory holds what expressions make that the program never had:
// the elements of []byte(s) and []rune(s), the code pointer a function
// value points to. Values keep their usual shape (a slice header, a
// closure pointer) and point into scratch; readMem serves those reads.
// Scratch addresses lie in the kernel's half of the address space, which
// no user process can map, so they never hide the program's memory.
const (
	scratchBase = 0xffff_f000_0000_0000
	scratchMax  = 16 << 20
)

// scratchAlloc copies b into scratch and returns its address. Scratch is
// emptied when it would grow past scratchMax: it holds the values of the
// expression being printed, not a history.
func (e *engine) scratchAlloc(b []byte) uint64 {
	if len(e.scratch)+len(b) > scratchMax {
		e.scratch = nil
	}
	for len(e.scratch)%8 != 0 {
		e.scratch = append(e.scratch, 0)
	}
	a := scratchBase + uint64(len(e.scratch))
	e.scratch = append(e.scratch, b...)
	return a
}

// readScratch serves a read of scratch memory.
func (e *engine) readScratch(addr uint64, buf []byte) error {
	off := addr - scratchBase
	if off > uint64(len(e.scratch)) || uint64(len(buf)) > uint64(len(e.scratch))-off {
		return fmt.Errorf("reading %d bytes at %#x: no such memory", len(buf), addr)
	}
	copy(buf, e.scratch[off:])
	return nil
}
