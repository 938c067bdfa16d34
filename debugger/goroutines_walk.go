package debugger

import (
	"strings"

	"tdb/source"
)

// stackWindow is how much of a goroutine's stack, from its sp up, a walk
// reads at once: the runtime frames of a parked goroutine (gopark,
// chanrecv, ...) and the user frame under them fit in it, so one read
// answers every return address and saved rbp of the walk (a word past it
// is read alone).
const stackWindow = 1024

// funcInfo is what a walk needs of the function at one pc, cached.
type funcInfo struct {
	fn   *source.Function
	user bool // Delve's user frame: see isUserFunc
}

// stackWalker unwinds many goroutines for one request (a listing, a
// grouping): call-frame rows and functions are cached by pc, and each
// goroutine's stack is read once, a window from its sp, instead of a
// read per frame. Owned by the ptrace goroutine.
type stackWalker struct {
	e     *engine
	rows  map[uint64]*source.FrameRow
	funcs map[uint64]funcInfo
	win   []byte
	base  uint64 // the address of win[0]
	n     int    // win[:n] holds the stack
	// misses counts the words read outside the window (tests, tuning).
	misses int
}

func newStackWalker(e *engine) *stackWalker {
	return &stackWalker{e: e, rows: map[uint64]*source.FrameRow{}, funcs: map[uint64]funcInfo{}, win: make([]byte, stackWindow)}
}

// isUserFunc is Delve's test for the frame `goroutines` calls the user's
// (proc.G.UserCurrent): a package-qualified name outside the runtime's
// unexported functions, internal/ packages and iter, so that a grouping by
// userloc keys the same frames as Delve's.
func isUserFunc(name string) bool {
	if !strings.Contains(name, ".") || strings.HasPrefix(name, "internal/") ||
		strings.HasPrefix(name, "runtime/internal") || strings.HasPrefix(name, "iter.") {
		return false
	}
	const n = len("runtime.")
	if strings.HasPrefix(name, "runtime.") {
		return len(name) > n && 'A' <= name[n] && name[n] <= 'Z'
	}
	return true
}

func (w *stackWalker) funcAt(lookup uint64) funcInfo {
	if f, ok := w.funcs[lookup]; ok {
		return f
	}
	var f funcInfo
	if fn := w.e.bin.FuncAt(lookup); fn != nil {
		f = funcInfo{fn: fn, user: isUserFunc(fn.Name)}
	}
	w.funcs[lookup] = f
	return f
}

func (w *stackWalker) row(lookup uint64) *source.FrameRow {
	row, ok := w.rows[lookup]
	if !ok {
		if r, found := w.e.bin.FrameRowAt(lookup); found {
			row = &r
		}
		w.rows[lookup] = row
	}
	return row
}

// load reads the window of the stack at sp: up to stackWindow bytes, no
// further than hi (the stack's top) when it is known and sp is under it.
func (w *stackWalker) load(sp, hi uint64) {
	w.base, w.n = sp, 0
	n := uint64(stackWindow)
	if hi > sp && hi-sp < n {
		n = hi - sp
	}
	for ; n >= 64; n /= 2 {
		if w.e.readMem(sp, w.win[:n]) == nil {
			w.n = int(n)
			return
		}
	}
}

func (w *stackWalker) read8(addr uint64) (uint64, bool) {
	if addr >= w.base && addr+8 <= w.base+uint64(w.n) {
		return le64(w.win[addr-w.base:]), true
	}
	w.misses++
	v, err := w.e.read8(addr)
	return v, err == nil
}

// walk unwinds from pc, sp, bp (hi: the stack's top, 0 if unknown) and
// calls visit for each frame, innermost first, with its pc, the pc its
// line and function are found at (a return address less one, past frame
// 0) and its function, until visit says stop, depth frames, or
// runtime.goexit. frame0Ret: frame 0's pc is a return address too (a
// parked goroutine's saved pc), unless it is a function's entry.
func (w *stackWalker) walk(pc, sp, bp, hi uint64, frame0Ret bool, depth int, visit func(pc, lookup uint64, f funcInfo) bool) {
	if w.base != sp || w.n == 0 {
		w.load(sp, hi) // not prefetched
	}
	bias := w.e.bias
	for i := 0; i < depth && pc != 0 && sp != 0; i++ {
		lookup := pc - bias
		symbol := lookup
		if i > 0 || frame0Ret {
			// A return address: the call belongs to the frame before.
			if f := w.funcAt(lookup); i > 0 || f.fn == nil || f.fn.Entry != lookup {
				symbol--
			}
		}
		f := w.funcAt(symbol)
		if f.fn == nil || !visit(pc, symbol, f) || f.fn.Name == "runtime.goexit" {
			return
		}
		// The row at the frame's own pc (frame 0's resume point, or
		// the return address): the rule in force there.
		rowPC := lookup
		if i > 0 {
			rowPC = symbol
		}
		row := w.row(rowPC)
		if row == nil {
			return
		}
		cfa, ra, nbp, ok := unwindRow(row, sp, bp, w.read8)
		if !ok || cfa <= sp {
			return
		}
		pc, sp, bp = ra, cfa, nbp
	}
}

// use makes b (read from the goroutine's stack at sp) the window of the
// next walk from sp.
func (w *stackWalker) use(b []byte, sp uint64) {
	w.n = copy(w.win, b)
	w.base = sp
}
