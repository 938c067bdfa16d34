package source

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// fileIndex lists every file named by a line-table header, reading the
// headers of all units in parallel once.
func (x *lineIndex) fileIndex() ([]string, map[string][]int) {
	x.filesOnce.Do(func() {
		x.fileUnits = map[string][]int{}
		x.forAllUnits(func(u *lineUnit) { u.header(x.d) })
		for i, u := range x.units {
			for _, f := range u.headerFile {
				us := x.fileUnits[f]
				if len(us) == 0 || us[len(us)-1] != i {
					x.fileUnits[f] = append(us, i)
				}
			}
		}
		for f := range x.fileUnits {
			x.files = append(x.files, f)
		}
		sort.Strings(x.files)
	})
	return x.files, x.fileUnits
}

// Files returns every source file named by the line tables, sorted.
func (b *Binary) Files() []string {
	if b.dwarf == nil {
		return nil
	}
	files, _ := b.lines.fileIndex()
	return append([]string(nil), files...)
}

// FindFile returns the path the binary records for name: name itself if it
// is recorded, else the one recorded path ending in "/"+name.
func (b *Binary) FindFile(name string) (string, error) {
	if b.dwarf == nil {
		return "", fmt.Errorf("no source file %q in the binary (it has no DWARF debug info)", name)
	}
	files, units := b.lines.fileIndex()
	if _, ok := units[name]; ok {
		return name, nil
	}
	if clean := filepath.Clean(name); filepath.IsAbs(name) {
		if _, ok := units[clean]; ok {
			return clean, nil
		}
	}
	var matches []string
	suffix := "/" + strings.TrimPrefix(name, "./")
	for _, f := range files {
		if strings.HasSuffix(f, suffix) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("no source file %q in the binary", name)
	case 1:
		return matches[0], nil
	}
	return "", fmt.Errorf("ambiguous file name %q: %s", name, strings.Join(matches, ", "))
}

// rowsOfFile returns every row of file across the units naming it, sorted
// by line then pc. Cached: the gutter toggles breakpoints in one file many
// times.
func (x *lineIndex) rowsOfFile(file string) []fileRow {
	x.fileRowsMu.Lock()
	rows, ok := x.fileRows[file]
	x.fileRowsMu.Unlock()
	if ok {
		return rows
	}
	_, units := x.fileIndex()
	for _, ui := range units[file] {
		files, ur := x.units[ui].table(x.d)
		// DWARF 5 tables may name one file twice (gcc repeats the
		// primary file as entries 0 and 1): match every entry.
		want := map[int]bool{}
		for i, f := range files {
			if f == file {
				want[i] = true
			}
		}
		if len(want) == 0 {
			continue
		}
		for _, r := range ur {
			if want[r.fileIndex()] && !r.endSeq() && r.line > 0 {
				rows = append(rows, fileRow{pc: r.pc, line: r.line, stmt: r.stmt()})
			}
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].line != rows[j].line {
			return rows[i].line < rows[j].line
		}
		return rows[i].pc < rows[j].pc
	})
	x.fileRowsMu.Lock()
	if x.fileRows == nil {
		x.fileRows = map[string][]fileRow{}
	}
	x.fileRows[file] = rows
	x.fileRowsMu.Unlock()
	return rows
}

// maxLine is the highest line the line tables give file.
func (x *lineIndex) maxLine(file string) int {
	if x.d == nil {
		return 0
	}
	rows := x.rowsOfFile(file)
	if len(rows) == 0 {
		return 0
	}
	return int(rows[len(rows)-1].line)
}

// ResolveLine returns the addresses of a breakpoint on file:line, one per
// function with code on that line (a line of a closure's body or of a
// function inlined nowhere else is in one function, but a generic
// function's line may be in several instantiations). file is a path as
// FindFile returns it. A line without code moves forward to the next line
// with a statement: got tells which line was used.
func (b *Binary) ResolveLine(file string, line int) (pcs []uint64, got int, err error) {
	name := baseName(file)
	if b.dwarf != nil {
		if _, units := b.lines.fileIndex(); units[file] == nil {
			return nil, 0, fmt.Errorf("no source file %q in the binary", file)
		}
	}
	if n := b.LineCount(file); line > n {
		return nil, 0, fmt.Errorf("no line %d in %s (it has %d lines)", line, name, n)
	}
	if line < 1 {
		return nil, 0, fmt.Errorf("no line %d in %s (lines start at 1)", line, name)
	}
	if b.dwarf == nil {
		return nil, 0, fmt.Errorf("no line information for %s: the binary has no DWARF debug info", name)
	}
	rows := b.lines.rowsOfFile(file)
	i := sort.Search(len(rows), func(i int) bool { return rows[i].line >= uint32(line) })
	if i == len(rows) || rows[i].line != uint32(line) {
		// No code on line: the first statement row after it gives the
		// line to use. (A line with code but no statement row, such as
		// an optimised build gives a call it inlined, is used as it
		// is, as Delve's FindFileLocation does.)
		for ; i < len(rows) && !rows[i].stmt; i++ {
		}
		if i == len(rows) {
			return nil, 0, fmt.Errorf("no code at or after line %d in %s", line, name)
		}
		l := rows[i].line
		for i > 0 && rows[i-1].line == l {
			i--
		}
	}
	got = int(rows[i].line)
	// One address per function with code on the line and, within one,
	// per inlined copy of the code (a function inlined twice into main
	// has its lines twice there): the lowest statement of each, or its
	// lowest row when none is a statement.
	type group struct {
		fi, inl int
	}
	type pick struct {
		pc   uint64
		stmt bool
	}
	best := map[group]pick{}
	var order []group
	for ; i < len(rows) && rows[i].line == uint32(got); i++ {
		r := rows[i]
		g := group{b.funcIndex(r.pc), b.inlinedCallID(r.pc)}
		if g.fi >= 0 && (isCallWrapper(b.funcs[g.fi].Name) || b.IsTrampoline(b.funcs[g.fi].Entry)) {
			// Wrappers Go makes carry their statement's or method's
			// line (a go or defer statement's closure, a generic
			// method's wrapper): a breakpoint there would stop again
			// when the new goroutine, the deferred call or the method
			// starts. Delve skips these (DW_AT_trampoline).
			continue
		}
		p, ok := best[g]
		if !ok {
			order = append(order, g)
		}
		if !ok || (r.stmt && !p.stmt) || (r.stmt == p.stmt && r.pc < p.pc) {
			best[g] = pick{r.pc, r.stmt}
		}
	}
	for _, g := range order {
		pc, fi := best[g].pc, g.fi
		if fi >= 0 && g.inl < 0 && pc == b.funcs[fi].Entry {
			// A Go function's entry is re-run by stack growth; stop
			// after the prologue when it is still the same line.
			fn := b.funcs[fi]
			if pe := b.PrologueEnd(fn); pe != pc {
				if _, l, ok := b.PCToLine(pe); ok && l == got {
					pc = pe
				}
			}
		}
		pcs = append(pcs, pc)
	}
	sort.Slice(pcs, func(i, j int) bool { return pcs[i] < pcs[j] })
	return pcs, got, nil
}

// isCallWrapper: the closure Go makes for a go or defer statement with
// arguments (F.gowrapN, F.deferwrapN since Go 1.22, F·dwrap·N before),
// known by its name without reading DWARF.
func isCallWrapper(name string) bool {
	return strings.Contains(name, ".gowrap") || strings.Contains(name, ".deferwrap") || strings.Contains(name, "·dwrap·")
}
