package source

import "testing"

// Location expressions and lists come from the binary: hostile bytes must
// give errors, never panics or endless loops.
func FuzzEvalLocation(f *testing.F) {
	for _, seed := range [][]byte{
		{0x9c}, {0x91, 0x78}, {0x53, 0x93, 0x08, 0x52, 0x93, 0x08}, {0x31, 0x9f, 0x93, 0x04},
		{0x03, 1, 2, 3, 4, 5, 6, 7, 8, 0x06}, {0x77, 0x10, 0x23, 0x08}, {0x9e, 0x02, 0xaa, 0xbb},
	} {
		f.Add(seed)
	}
	ctx := LocContext{
		Reg:       func(n int) (uint64, bool) { return uint64(n) * 8, n < 17 },
		CFA:       0x1000,
		ReadMem:   func(addr uint64, n int) ([]byte, error) { return make([]byte, n), nil },
		FrameBase: []byte{0x9c},
	}
	f.Fuzz(func(t *testing.T, expr []byte) {
		EvalLocation(expr, ctx)
		EvalLocation(expr, LocContext{FrameBase: expr})
		s := &locSections{loclists: expr, loc: expr, addr: expr}
		for off := uint64(0); off < uint64(len(expr)) && off < 8; off++ {
			loclistsAt(s, unitBase{dwarf5: true, addrBase: 1}, off, 0x10)
			locAt(expr, 0, off, 0x10)
		}
	})
}
