package debugger

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"tdb/source"
)

// Shared libraries: the dynamic loader keeps the list of what it loaded in
// its r_debug structure (r_map, a chain of link_map), whose address it
// writes into the program's DT_DEBUG dynamic entry, and calls r_brk
// (_dl_debug_state, an empty function) whenever the list changes. tdb
// puts an internal breakpoint there and re-reads the list at each hit,
// so a dlopen'ed library is known the moment it is mapped. Each library
// is opened once per load (its symbols and .eh_frame indexed then), so
// naming a frame in libc is a binary search, not a scan.

// solib is one loaded library.
type solib struct {
	name   string // l_name, as gdb shows it
	path   string
	bias   uint64 // l_addr: run-time minus link-time addresses
	bin    *source.Binary
	lo, hi uint64 // run-time extent of its PT_LOAD segments
	debug  bool   // DWARF, or a separate debug file's symbols
	// debugFile is a stripped library's separate debug file, whose
	// symbols are read on first use (symbols): naming a frame in the
	// library, finding a function by name, or listing the libraries.
	// Read at every load, libc's cost every dynamically linked program
	// 2-4 MB (the Speed section's peak memory on cmd/go).
	debugFile string
	// data is where the library's globals are typed (solib_data.go):
	// its own DWARF, or its separate debug file's, opened on first use.
	data      *source.Binary
	dataTried bool
}

// symbols reads the library's separate debug file's symbols, once.
func (l *solib) symbols() *solib {
	if df := l.debugFile; df != "" && l.bin != nil {
		l.debugFile = ""
		// Its .symtab names the static functions a backtrace passes
		// through.
		if l.bin.AddSymbolsFrom(df) == nil {
			l.debug = true
		}
	}
	return l
}

// SharedLib is one line of `info sharedlibrary`: the run-time range of
// the library's .text, whether its symbols were read, and its path.
type SharedLib struct {
	From, To  uint64
	SymsRead  bool
	DebugInfo bool
	Path      string
}

type solibState struct {
	libs   []*solib // sorted by lo
	order  []*solib // as the loader lists them: its symbol lookup order
	brk    uint64   // r_brk's run-time address; 0 when not placed
	ldBase uint64   // AT_BASE: the loader's load bias
	ld     *source.Binary
	rdebug uint64 // r_debug's run-time address, once known
	// pending: breakpoints on functions of libraries (setPending); kept
	// over a restart.
	pending map[*userBP]bool
}

// solibStart runs after exec or attach: it finds the loader and breaks on
// its r_brk. After exec the list is still empty (ld.so has not run); after
// attach it is complete and read at once.
func (e *engine) solibStart() {
	e.solib = solibState{pending: e.solib.pending}
	interp := e.bin.Interp()
	if interp == "" {
		return // static: no loader, no libraries (a static Go program)
	}
	e.solib.ldBase = e.auxv(7) // AT_BASE
	ld, err := source.Open(interp)
	if err != nil {
		return
	}
	e.solib.ld = ld
	// Known before its list exists: the first stop after exec is in the
	// loader's _start.
	if l := e.openLib(interp, e.solib.ldBase); l != nil {
		l.name = interp
		e.solib.libs, e.solib.order = []*solib{l}, []*solib{l}
	}
	if a, ok := ld.Symbol("_dl_debug_state"); ok && e.core == nil {
		if e.insertInternal(a+e.solib.ldBase) == nil {
			e.solib.brk = a + e.solib.ldBase
		}
	}
	e.solibRefresh()
}

// auxv returns the value of tag in the program's auxiliary vector.
func (e *engine) auxv(tag uint64) uint64 {
	if e.core != nil {
		return e.core.auxvValue(tag)
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/auxv", e.pid))
	if err != nil {
		return 0
	}
	for i := 0; i+16 <= len(b); i += 16 {
		if le64(b[i:]) == tag {
			return le64(b[i+8:])
		}
	}
	return 0
}

// solibHit is called on a trap at bp: at r_brk it re-reads the list and
// resolves pending breakpoints; it reports whether bp was r_brk.
func (e *engine) solibHit(addr uint64) bool {
	if addr == 0 || addr != e.solib.brk {
		return false
	}
	e.solibRefresh()
	e.resolvePending()
	return true
}

// findRDebug reads DT_DEBUG from the program's dynamic section in memory
// (ld.so fills it in at start-up); the loader's own _r_debug symbol is
// the fallback for a program without one.
func (e *engine) findRDebug() uint64 {
	if dyn, ok := e.bin.DynamicAddr(); ok {
		dyn += e.bias
		for i := uint64(0); i < 512; i++ {
			tag, err1 := e.read8(dyn + 16*i)
			val, err2 := e.read8(dyn + 16*i + 8)
			if err1 != nil || err2 != nil || tag == 0 { // DT_NULL
				break
			}
			if tag == 21 && val != 0 { // DT_DEBUG
				return val
			}
		}
	}
	if e.solib.ld != nil {
		if a, ok := e.solib.ld.Symbol("_r_debug"); ok {
			return a + e.solib.ldBase
		}
	}
	return 0
}

// solibRefresh re-reads r_debug.r_map. A library already known at the
// same path and bias keeps its index.
func (e *engine) solibRefresh() {
	if e.solib.rdebug == 0 {
		e.solib.rdebug = e.findRDebug()
	}
	rd := e.solib.rdebug
	if rd == 0 {
		return
	}
	old := map[string]*solib{}
	for _, l := range e.solib.libs {
		old[fmt.Sprintf("%s@%x", l.path, l.bias)] = l
	}
	var libs []*solib
	lm, err := e.read8(rd + 8) // r_map
	for n := 0; err == nil && lm != 0 && n < 4096; n++ {
		addr, _ := e.read8(lm)       // l_addr
		nameAt, _ := e.read8(lm + 8) // l_name
		next, err2 := e.read8(lm + 24)
		name := e.readCString(nameAt)
		raw := name
		// The program itself has an empty name, the vDSO a name that is
		// not a file.
		if name != "" && !strings.HasPrefix(name, "/") && e.core != nil {
			name = e.core.mappedPath(name) // core.go: the file NT_FILE names
		} else if name != "" && !strings.HasPrefix(name, "/") {
			// dlopen("./libfoo.so") keeps the name as given, relative to
			// the program's working directory.
			if cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", e.pid)); err == nil {
				if _, err := os.Stat(filepath.Join(cwd, name)); err == nil {
					name = filepath.Join(cwd, name)
				}
			}
		}
		if strings.HasPrefix(name, "/") {
			key := fmt.Sprintf("%s@%x", name, addr)
			if l := old[key]; l != nil {
				libs = append(libs, l)
			} else if l := e.openLib(name, addr); l != nil {
				l.name = raw
				libs = append(libs, l)
			}
		}
		if err2 != nil {
			break
		}
		lm = next
	}
	if len(libs) == 0 {
		return // the loader has not started its list: keep the loader itself
	}
	kept := map[*solib]bool{}
	for _, l := range libs {
		kept[l] = true
	}
	for _, l := range e.solib.order {
		if !kept[l] {
			e.solibUnloaded(l)
		}
	}
	e.solib.order = libs
	libs = append([]*solib(nil), libs...)
	sort.Slice(libs, func(i, j int) bool { return libs[i].lo < libs[j].lo })
	e.solib.libs = libs
}

// solibUnloaded forgets the breakpoints in a library dlclose unmapped:
// their bytes went with it, and restoring them later would write into
// whatever is mapped there next. A breakpoint set by function name is
// resolved again if the library comes back.
func (e *engine) solibUnloaded(l *solib) {
	for a := range e.bps {
		if a >= l.lo && a < l.hi {
			delete(e.bps, a)
		}
	}
	for _, u := range e.users {
		var keep []uint64
		for _, a := range u.Addrs {
			if a < l.lo || a >= l.hi {
				keep = append(keep, a)
			}
		}
		if len(keep) != len(u.Addrs) {
			u.Addrs = keep
			e.bpList = nil
		}
	}
}

func (e *engine) openLib(path string, bias uint64) *solib {
	var b *source.Binary
	if e.solib.ld != nil && sameFile(path, e.solib.ld.Path()) {
		b = e.solib.ld
	} else {
		var err error
		if b, err = source.Open(path); err != nil {
			return &solib{path: path, bias: bias}
		}
	}
	lo, hi := b.LoadRange()
	l := &solib{path: path, bias: bias, bin: b, lo: lo + bias, hi: hi + bias, debug: b.HasDWARF()}
	if df := b.DebugFile(); !l.debug && df != "" {
		l.debugFile = df
	}
	return l
}

func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

func (e *engine) readCString(addr uint64) string {
	if addr == 0 {
		return ""
	}
	var out []byte
	buf := make([]byte, 64)
	for len(out) < 4096 {
		if err := e.readMem(addr+uint64(len(out)), buf); err != nil {
			break
		}
		for _, c := range buf {
			if c == 0 {
				return string(out)
			}
			out = append(out, c)
		}
	}
	return string(out)
}

// libAt is the library whose segments hold pc, or nil.
func (e *engine) libAt(pc uint64) *solib {
	libs := e.solib.libs
	i := sort.Search(len(libs), func(i int) bool { return libs[i].lo > pc }) - 1
	if i >= 0 && pc < libs[i].hi && libs[i].bin != nil {
		return libs[i].symbols()
	}
	return nil
}

// binAt is the binary holding pc and its load bias: the program, or the
// library pc is in.
func (e *engine) binAt(pc uint64) (*source.Binary, uint64) {
	prog, bias := e.bin, e.bias
	if p := e.lent; p != nil {
		// A library's is lent to the values or step code
		// (solib_values.go): the program is this one.
		prog, bias = p.bin, p.bias
	}
	if prog.FuncAt(pc-bias) == nil {
		if l := e.libAt(pc); l != nil {
			return l.bin, l.bias
		}
	}
	return prog, bias
}

// lookupLibFunc finds a function by name in the loaded libraries: the
// library's entry address (run-time), as gdb breaks in a library without
// line info. The first library in load order that defines it wins, as the
// loader's symbol resolution does.
func (e *engine) lookupLibFunc(name string) (location, bool) {
	for _, l := range e.solibLoadOrder() {
		fns, err := l.symbols().bin.LookupFunc(name)
		if err != nil || len(fns) == 0 {
			continue
		}
		f := fns[0]
		a := f.Entry + l.bias
		if l.bin.HasDWARF() {
			a = e.libBreakAddr(l, f)
		}
		return location{addrs: []uint64{a}, function: f.Name, lib: true}, true
	}
	return location{}, false
}

// libBreakAddr: after the prologue, as funcBreakAddr in the program (gcc
// marks no prologue end at -O0: the first row of the second line).
func (e *engine) libBreakAddr(l *solib, f *source.Function) uint64 {
	if pe := l.bin.PrologueEnd(f); pe != f.Entry {
		return pe + l.bias
	}
	rows := l.bin.LineEntries(f)
	if len(rows) > 1 {
		for _, r := range rows[1:] {
			if r.Line != rows[0].Line && r.PC > f.Entry {
				return r.PC + l.bias
			}
		}
	}
	return f.Entry + l.bias
}

// solibLoadOrder: the list as the loader keeps it, which is also its
// symbol lookup order.
func (e *engine) solibLoadOrder() []*solib {
	var out []*solib
	for _, l := range e.solib.order {
		if l.bin != nil {
			out = append(out, l)
		}
	}
	return out
}

// SharedLibraries lists the loaded libraries as gdb's `info sharedlibrary`.
func (e *engine) sharedLibraries() []SharedLib {
	var out []SharedLib
	// gdb lists the loader first: it knows it before the list exists.
	order := append([]*solib(nil), e.solib.order...)
	sort.SliceStable(order, func(i, j int) bool {
		return order[i].bin != nil && order[i].bin == e.solib.ld && order[j].bin != e.solib.ld
	})
	for _, l := range order {
		s := SharedLib{Path: l.name}
		if l.symbols().bin != nil {
			if lo, hi, ok := l.bin.SectionRange(".text"); ok {
				s.From, s.To = lo+l.bias, hi+l.bias
			}
			s.SymsRead, s.DebugInfo = true, l.debug
		}
		out = append(out, s)
	}
	return out
}

// FormatSharedLibraries prints libs as gdb's `info sharedlibrary` does.
func FormatSharedLibraries(libs []SharedLib) string {
	if len(libs) == 0 {
		return "No shared libraries loaded at this time."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s  %-18s  %-11s %s\n", "From", "To", "Syms Read", "Shared Object Library")
	star := false
	for _, l := range libs {
		read := "No"
		if l.SymsRead {
			read = "Yes"
			if !l.DebugInfo {
				read, star = "Yes (*)", true
			}
		}
		fmt.Fprintf(&b, "0x%016x  0x%016x  %-11s %s\n", l.From, l.To, read, l.Path)
	}
	if star {
		b.WriteString("(*): Shared library is missing debugging information.\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// setPending keeps `break foo` for a function no loaded object defines as
// a pending breakpoint of a dynamically linked program, as gdb does: a
// library loaded later (at start-up or by dlopen) may define it, and the
// r_brk stop resolves it then.
func (e *engine) setPending(loc Loc, temp bool, cond string, why error, explicit bool) (Reply, bool) {
	if loc.Kind == LocFileLine && e.bin.Interp() != "" && strings.HasPrefix(why.Error(), "no source file") {
		// FILE:LINE of a library (solib_lines.go).
		if err := e.pendingLine(loc, explicit, why); err != nil {
			return Reply{Err: err}, true
		}
		return e.addPending(loc, temp, cond), true
	}
	if e.bin.Interp() == "" || loc.Kind != LocFunc || !isFuncName(loc.Func) || !strings.HasPrefix(why.Error(), "no function") {
		return Reply{}, false
	}
	if e.bin.IsGo() && strings.Contains(loc.Func, ".") {
		return Reply{}, false // a Go name (main.nosuch): no C library defines it
	}
	if !explicit && !e.neededDefines(loc.Func) { // solib_pending.go
		return Reply{Err: typoError(loc.Func, why)}, true
	}
	return e.addPending(loc, temp, cond), true
}

// addPending keeps a breakpoint on loc for a library loaded later.
func (e *engine) addPending(loc Loc, temp bool, cond string) Reply {
	u := &userBP{Breakpoint: Breakpoint{
		ID: e.nextID, Loc: loc.String(), Function: loc.String(), Enabled: true, Temporary: temp, Cond: cond,
	}, at: loc}
	e.nextID++
	e.users = append(e.users, u)
	if e.solib.pending == nil {
		e.solib.pending = map[*userBP]bool{}
	}
	e.solib.pending[u] = true
	e.bpList = nil
	return Reply{Notes: []string{fmt.Sprintf("Breakpoint %d pending: %s (no library loaded defines it yet)", u.ID, u.Loc)}}
}

// solibKeep: a breakpoint set in a loaded library is resolved again when
// a restart loads the library anew (its address is not the program's
// link address plus the program's bias).
func (e *engine) solibKeep(u *userBP) {
	u.linkAddrs = nil
	if e.solib.pending == nil {
		e.solib.pending = map[*userBP]bool{}
	}
	e.solib.pending[u] = true
}

func isFuncName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		ok := c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
		if !ok {
			return false
		}
	}
	return true
}

// resolvePending places the pending breakpoints a library now defines.
// They stay in the pending set: a restart loads the libraries again, at
// addresses known only when the loader has mapped them.
func (e *engine) resolvePending() {
	// In ID order (e.users), so that the messages come in a fixed order.
	live := map[*userBP]bool{}
	for _, u := range e.users {
		live[u] = true
	}
	for u := range e.solib.pending {
		if !live[u] {
			delete(e.solib.pending, u) // cleared
		}
	}
	for _, u := range e.users {
		if !e.solib.pending[u] || len(u.Addrs) > 0 {
			continue
		}
		l, ok := e.lookupLibLoc(u.at) // solib_lines.go: FUNC or FILE:LINE
		if !ok {
			continue
		}
		u.Addrs, u.linkAddrs, u.Function = l.addrs, nil, l.function
		if l.file != "" {
			u.File, u.Line = l.file, l.line
		}
		if err := e.placeUser(u); err != nil {
			e.unplaceUser(u)
			u.Addrs = nil
			e.logf("warning", "breakpoint %d: %v", u.ID, err)
			continue
		}
		e.bpList = nil
		e.logf("info", "Breakpoint %d resolved: %s at %#x", u.ID, l.function, l.addrs[0])
	}
}

// ListSharedLibraries asks for `info sharedlibrary`: the reply's Notes are
// its lines, as gdb prints them.
type ListSharedLibraries struct{}

func (ListSharedLibraries) isRequest() {}

func (e *engine) listSharedLibraries() Reply {
	return Reply{Notes: strings.Split(FormatSharedLibraries(e.sharedLibraries()), "\n")}
}
