package debugger

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"tdb/source"
)

// gLayout is where the fields of runtime.g (and the two of runtime.m) that
// the goroutine list needs sit, from DWARF. Found once per binary.
type gLayout struct {
	goid, status, waitReason  int64
	schedPC, schedSP, schedBP int64
	gopc, startpc, m          int64
	mProcid, mCurg            int64
	stackLo, stackHi          int64  // -1 when DWARF lacks them
	lo, hi                    int64  // the byte range of g holding them all
	allgs, waitReasons        uint64 // link addresses of runtime.allgs and runtime.waitReasonStrings
	haveWaitReason            bool
}

// Goroutine statuses (runtime/runtime2.go); _Gscan is a bit on top of them.
const (
	gDead      = 6
	gDeadExtra = 11
	gScan      = 0x1000
)

var gStatusNames = map[uint32]string{
	0: "idle", 1: "runnable", 2: "running", 3: "syscall", 4: "waiting",
	5: "moribund", 6: "dead", 7: "enqueue", 8: "copystack", 9: "preempted",
	10: "leaked", 11: "dead",
}

var errNoGoroutines = errors.New("no goroutines: the program has no Go runtime, or its binary has no DWARF or symbols")

func loadGLayout(bin *source.Binary) (*gLayout, error) {
	if !bin.IsGo() {
		return nil, errNoGoroutines
	}
	l := &gLayout{}
	var err error
	off := func(typ, field string) int64 {
		if err != nil {
			return 0
		}
		var o int64
		o, err = bin.FieldOffset(typ, field)
		return o
	}
	l.goid = off("runtime.g", "goid")
	l.schedPC = off("runtime.g", "sched.pc")
	l.schedSP = off("runtime.g", "sched.sp")
	l.schedBP = off("runtime.g", "sched.bp")
	l.gopc = off("runtime.g", "gopc")
	l.startpc = off("runtime.g", "startpc")
	l.m = off("runtime.g", "m")
	l.mProcid = off("runtime.m", "procid")
	l.mCurg = off("runtime.m", "curg")
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", errNoGoroutines, err)
	}
	// atomicstatus is an atomic.Uint32 (a struct) in recent Go, a plain
	// uint32 before.
	if o, err := bin.FieldOffset("runtime.g", "atomicstatus.value"); err == nil {
		l.status = o
	} else if o, err := bin.FieldOffset("runtime.g", "atomicstatus"); err == nil {
		l.status = o
	} else {
		return nil, fmt.Errorf("%w (%v)", errNoGoroutines, err)
	}
	if o, err := bin.FieldOffset("runtime.g", "waitreason"); err == nil {
		l.waitReason, l.haveWaitReason = o, true
	}
	var ok bool
	if l.allgs, ok = bin.Symbol("runtime.allgs"); !ok {
		return nil, fmt.Errorf("%w (no symbol runtime.allgs)", errNoGoroutines)
	}
	l.waitReasons, _ = bin.Symbol("runtime.waitReasonStrings")
	l.stackLo, l.stackHi = -1, -1
	if lo, err := bin.FieldOffset("runtime.g", "stack.lo"); err == nil {
		if hi, err := bin.FieldOffset("runtime.g", "stack.hi"); err == nil {
			l.stackLo, l.stackHi = lo, hi
		}
	}
	l.lo, l.hi = l.goid, l.goid+8
	for _, o := range []int64{l.status, l.waitReason, l.schedPC, l.schedSP, l.schedBP, l.gopc, l.startpc, l.m, l.stackLo, l.stackHi} {
		if o >= 0 {
			l.lo, l.hi = min(l.lo, o), max(l.hi, o+8)
		}
	}
	return l, nil
}

// rawG is one goroutine as read from memory, before symbolization.
type rawG struct {
	addr                      uint64
	id                        int64
	status                    uint32
	waitReason                uint8
	pc, sp, bp, gopc, startpc uint64
	m                         uint64
	stackLo, stackHi          uint64 // 0 when unknown
}

func (g *rawG) dead() bool {
	s := g.status &^ gScan
	return s == gDead || s == gDeadExtra
}

// layout returns the runtime.g layout, loading it on first use.
func (e *engine) layout() (*gLayout, error) {
	if e.grs.layout == nil && e.grs.layoutErr == nil {
		e.grs.layout, e.grs.layoutErr = loadGLayout(e.bin)
	}
	return e.grs.layout, e.grs.layoutErr
}

// readGoroutines reads every live goroutine from runtime.allgs, in the
// order of their addresses. The byte range of each g holding the fields we need is read by
// readSpans, neighbours together: a million g structs sit in a few
// thousand heap spans, and one pread per g was most of a listing's time.
func (e *engine) readGoroutines() ([]rawG, error) {
	l, err := e.layout()
	if err != nil {
		return nil, err
	}
	var hdr [16]byte
	if err := e.readMem(l.allgs+e.bias, hdr[:]); err != nil {
		return nil, fmt.Errorf("reading runtime.allgs: %w", err)
	}
	ptr, n := le64(hdr[:]), le64(hdr[8:])
	// A sanity bound: allgs of a live program is never this long, and a
	// corrupt header must not make us allocate gigabytes.
	if n > 10_000_000 {
		return nil, fmt.Errorf("runtime.allgs has an implausible length %d", n)
	}
	if n == 0 {
		return nil, nil
	}
	// Reading every g and a window of its stack is what listing them
	// costs: the budget grows with their number (a million goroutines
	// read about 1.5 GiB), Ctrl+C still cancels.
	e.budget.extra = int64(n) * perGoroutineRead
	ptrs := make([]byte, 8*n)
	if err := e.readMem(ptr, ptrs); err != nil {
		return nil, fmt.Errorf("reading runtime.allgs: %w", err)
	}
	addrs := make([]uint64, n)
	for i := range addrs {
		addrs[i] = le64(ptrs[8*i:])
	}
	size := uint64(l.hi - l.lo)
	out := make([]rawG, 0, n)
	e.readSpans(addrs, uint64(l.lo), size, func(i int, b []byte) {
		field := func(off int64) []byte { return b[off-l.lo:] }
		g := rawG{
			addr:    addrs[i],
			id:      int64(le64(field(l.goid))),
			status:  le32(field(l.status)),
			pc:      le64(field(l.schedPC)),
			sp:      le64(field(l.schedSP)),
			bp:      le64(field(l.schedBP)),
			gopc:    le64(field(l.gopc)),
			startpc: le64(field(l.startpc)),
			m:       le64(field(l.m)),
		}
		if l.haveWaitReason {
			g.waitReason = field(l.waitReason)[0]
		}
		if l.stackLo >= 0 {
			g.stackLo, g.stackHi = le64(field(l.stackLo)), le64(field(l.stackHi))
		}
		if !g.dead() {
			out = append(out, g)
		}
	})
	return out, nil
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// threadOf finds the traced thread running g: g.m.procid is the tid of its
// M, and m.curg must be g (an M whose goroutine left it points elsewhere).
func (e *engine) threadOf(g *rawG) *thread {
	l, err := e.layout()
	if err != nil || g.m == 0 {
		return nil
	}
	tid, err1 := e.read8(g.m + uint64(l.mProcid))
	curg, err2 := e.read8(g.m + uint64(l.mCurg))
	if err1 != nil || err2 != nil || curg != g.addr {
		return nil
	}
	return e.threads[int(tid)]
}

// waitReasonString reads runtime.waitReasonStrings[r] from the program, so
// the words are the runtime's own whatever its version.
func (e *engine) waitReasonString(r uint8) string {
	if r == 0 {
		return ""
	}
	if s, ok := e.grs.reasons[r]; ok {
		return s
	}
	l, _ := e.layout()
	s := fmt.Sprintf("wait reason %d", r)
	if l != nil && l.waitReasons != 0 {
		var hdr [16]byte
		if e.readMem(l.waitReasons+e.bias+16*uint64(r), hdr[:]) == nil {
			p, n := le64(hdr[:]), le64(hdr[8:])
			// The array's length is not known here: an index past its
			// end reads whatever follows, so accept only short,
			// printable strings.
			if n > 0 && n <= 64 {
				b := make([]byte, n)
				if e.readMem(p, b) == nil && printable(b) {
					s = string(b)
				}
			}
		}
	}
	if e.grs.reasons == nil {
		e.grs.reasons = map[uint8]string{}
	}
	e.grs.reasons[r] = s
	return s
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// statusName is the status word for s ("waiting"), the scan bit dropped.
func statusName(s uint32) string {
	if n, ok := gStatusNames[s&^gScan]; ok {
		return n
	}
	return fmt.Sprintf("status %d", s)
}

// isSystem mirrors runtime.isSystemGoroutine: a goroutine the runtime
// started for itself, its start function in runtime.* but not runtime.main.
func isSystem(start string) bool {
	return strings.HasPrefix(start, "runtime.") && start != "runtime.main"
}

// perGoroutineRead is how much more a goroutine listing may read for
// each goroutine than any command may (maxReadPerCommand): its g, a
// window of its stack and a few words more.
const perGoroutineRead = 8 << 10

// spanRead is how far apart (in bytes) readSpans still reads two objects
// with one pread: reading the gap costs less than another system call.
const spanRead = 64 << 10

// readSpans reads size bytes at addrs[i]+off for every non-zero addrs[i]
// and calls got(i, bytes) for each that could be read, in address order.
// Objects near one another are read together, in preads of up to
// spanRead bytes; when such a read fails (a hole in the mapping), each of
// its objects is read alone. got must not keep the slice.
func (e *engine) readSpans(addrs []uint64, off, size uint64, got func(i int, b []byte)) {
	order := make([]int32, 0, len(addrs))
	for i, a := range addrs {
		if a != 0 {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(addrs[a], addrs[b]) })
	chunk := make([]byte, spanRead)
	one := make([]byte, size)
	for k := 0; k < len(order); {
		first := addrs[order[k]] + off
		end := first + size
		j := k + 1
		for j < len(order) && addrs[order[j]]+off+size-first <= spanRead {
			end = max(end, addrs[order[j]]+off+size)
			j++
		}
		if size <= spanRead && e.readMem(first, chunk[:end-first]) == nil {
			for _, i := range order[k:j] {
				s := addrs[i] + off - first
				got(int(i), chunk[s:s+size:s+size])
			}
		} else {
			for _, i := range order[k:j] {
				if e.readMem(addrs[i]+off, one) == nil {
					got(int(i), one)
				}
			}
		}
		k = j
	}
}
