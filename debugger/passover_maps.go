//go:build linux && amd64

package debugger

// An emulated load or store reaches the program's memory through
// /proc/PID/mem, which ignores page protections: a page the program may
// not read or write (a thread stack's guard page, a PROT_NONE mapping)
// reads as zeros and takes the write. The processor would fault instead,
// and the program may count on it. So each access is checked against the
// program's mappings first; one it may not make is left to the processor.

// memOK reports whether the program itself may read (or write) size bytes
// at addr. The mappings are read from /proc/PID/maps when an address is
// in none of those cached; the cache is dropped at every stop and at every
// new thread (whose stack brings a guard page), so a mapping the program
// changed is seen again soon.
func (e *engine) memOK(addr uint64, size int, write bool) bool {
	end := addr + uint64(size)
	if end < addr {
		return false
	}
	for pass := 0; pass < 2; pass++ {
		for _, m := range e.maps {
			if addr >= m.lo && end <= m.hi {
				if write {
					return m.write
				}
				return m.read
			}
		}
		if pass == 0 {
			e.maps, _ = procMaps(e.pid)
		}
	}
	return false // unmapped, or across two mappings: let the processor say
}
