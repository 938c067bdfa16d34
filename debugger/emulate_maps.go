package debugger

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// An emulated load or store reaches the program's memory through
// /proc/PID/mem, which ignores page protections: a page the program may
// not read or write (a thread stack's guard page, a PROT_NONE mapping)
// reads as zeros and takes the write. The processor would fault instead,
// and the program may count on it. So each access is checked against the
// program's mappings first; one it may not make is left to the processor.

type mapping struct {
	lo, hi      uint64
	read, write bool
}

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
			e.maps = readMaps(e.pid)
		}
	}
	return false // unmapped, or across two mappings: let the processor say
}

func readMaps(pid int) []mapping {
	f, err := os.Open(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return nil
	}
	defer f.Close()
	var ms []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 00400000-00452000 r-xp 00000000 08:02 173521  /usr/bin/prog
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok || len(fields[1]) < 2 {
			continue
		}
		l, err1 := strconv.ParseUint(lo, 16, 64)
		h, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		ms = append(ms, mapping{lo: l, hi: h, read: fields[1][0] == 'r', write: fields[1][1] == 'w'})
	}
	return ms
}
