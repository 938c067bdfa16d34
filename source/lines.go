package source

import (
	"debug/dwarf"
	"errors"
	"io"
	"runtime"
	"sort"
	"sync"
)

// lineIndex finds DWARF line-table rows without decoding every table at
// load time. Open records each compilation unit and its address ranges
// (cheap: one DIE per unit); a unit's line program is decoded the first
// time a pc in it or one of its files is asked about, then kept as packed
// rows. Go emits one unit per package, so a breakpoint in main decodes
// main's table and not the runtime's.
type lineIndex struct {
	d       *dwarf.Data
	lineSec []byte // raw .debug_line, for checkLineHeader; nil if unknown
	units   []*lineUnit
	ranges  []unitRange // sorted by lo
	maxHi   []uint64    // maxHi[i] is the highest hi of ranges[:i+1]

	filesOnce sync.Once
	files     []string         // every file named by a line table, sorted
	fileUnits map[string][]int // file -> units whose tables name it

	fileRowsMu sync.Mutex
	fileRows   map[string][]fileRow // ResolveLine cache, sorted by line, pc
}

type unitRange struct {
	lo, hi uint64
	unit   int
}

// lineUnit is one compilation unit's line table.
type lineUnit struct {
	entry     *dwarf.Entry
	goCode    bool // DW_AT_language is Go
	badHeader bool // its line program header would make debug/dwarf allocate without bound
	// optimized and inlines: how the unit was compiled, from its
	// DW_AT_producer (see producerFlags); noInline units have no
	// DW_TAG_inlined_subroutine to look for.
	optimized bool
	noInline  bool

	tableOnce sync.Once
	fileTable []string // the header's file table, by DW_AT_decl_file/call_file index

	inlOnce sync.Once
	inl     map[string][]uint64 // inlined calls in the unit (inline.go)

	headerOnce sync.Once
	headerFile []string // file table from the header alone (for FindFile)

	once  sync.Once
	files []string  // file table; rows refer to it by index
	rows  []lineRow // in address order; sequences sorted by start
}

// lineRow is a packed row: 16 bytes instead of dwarf.LineEntry's ~100,
// which matters for the millions of rows in a large Go binary.
type lineRow struct {
	pc   uint64
	line uint32
	file uint32 // index in lineUnit.files, shifted; low bits are flags
}

const (
	rowStmt        = 1 << 0
	rowPrologueEnd = 1 << 1
	rowEndSeq      = 1 << 2
	rowFlagBits    = 3
)

func (r lineRow) fileIndex() int { return int(r.file >> rowFlagBits) }
func (r lineRow) stmt() bool     { return r.file&rowStmt != 0 }
func (r lineRow) endSeq() bool   { return r.file&rowEndSeq != 0 }
func (r lineRow) prologueEnd() bool {
	return r.file&rowPrologueEnd != 0
}

// fileRow is a row of one file, for resolving FILE:LINE.
type fileRow struct {
	pc   uint64
	line uint32
	stmt bool
}

// init lists the compilation units and their address ranges.
func (x *lineIndex) init(d *dwarf.Data) error {
	r := d.Reader()
	nulls := 0
	for {
		e, err := r.Next()
		if err != nil {
			return err
		}
		if e == nil {
			break
		}
		// debug/dwarf hands out a null entry without moving on when an
		// abbreviation code runs off the end of its unit (an unterminated
		// LEB128): count them rather than loop forever. Real padding is a
		// few null entries.
		if e.Tag == 0 {
			if nulls++; nulls > 1<<12 {
				return errors.New(".debug_info: an entry runs past the end of its unit")
			}
			continue
		}
		nulls = 0
		if e.Tag != dwarf.TagCompileUnit {
			r.SkipChildren()
			continue
		}
		u := len(x.units)
		lang, _ := e.Val(dwarf.AttrLanguage).(int64)
		lu := &lineUnit{entry: e, goCode: lang == dwarfLangGo}
		lu.optimized, lu.noInline = producerFlags(lu.goCode, e)
		if off, ok := e.Val(dwarf.AttrStmtList).(int64); ok && x.lineSec != nil {
			lu.badHeader = !checkLineHeader(x.lineSec, off)
		}
		x.units = append(x.units, lu)
		rs, err := d.Ranges(e)
		if err != nil {
			return err
		}
		for _, rg := range rs {
			if rg[1] > rg[0] {
				x.ranges = append(x.ranges, unitRange{rg[0], rg[1], u})
			}
		}
		r.SkipChildren()
	}
	// Only a complete index is used: x.d is what says there is one.
	x.d = d
	sort.Slice(x.ranges, func(i, j int) bool { return x.ranges[i].lo < x.ranges[j].lo })
	x.maxHi = make([]uint64, len(x.ranges))
	for i, r := range x.ranges {
		x.maxHi[i] = r.hi
		if i > 0 && x.maxHi[i-1] > r.hi {
			x.maxHi[i] = x.maxHi[i-1]
		}
	}
	return nil
}

// dwarfLangGo is DW_LANG_Go.
const dwarfLangGo = 0x16

// unitAt returns the unit whose ranges cover pc, or nil.
func (x *lineIndex) unitAt(pc uint64) *lineUnit {
	if x.d == nil {
		return nil // no complete index (init failed part way)
	}
	i := sort.Search(len(x.ranges), func(i int) bool { return x.ranges[i].lo > pc }) - 1
	// Ranges of different units rarely overlap; when they do, an
	// earlier, longer range may be the one that covers pc.
	for ; i >= 0 && x.maxHi[i] > pc; i-- {
		if pc < x.ranges[i].hi {
			return x.units[x.ranges[i].unit]
		}
	}
	return nil
}

// table decodes the unit's line program once.
func (u *lineUnit) table(d *dwarf.Data) ([]string, []lineRow) {
	u.once.Do(func() {
		defer func() {
			// debug/dwarf is not hardened against hostile input: a
			// corrupt table gives no rows rather than a crash.
			if recover() != nil {
				u.files, u.rows = nil, nil
			}
		}()
		if !u.badHeader {
			u.files, u.rows = decodeLines(d, u.entry)
		}
	})
	return u.files, u.rows
}

// header returns the file table of the unit's line program header without
// running the program.
func (u *lineUnit) header(d *dwarf.Data) []string {
	u.headerOnce.Do(func() {
		defer func() {
			if recover() != nil {
				u.headerFile = nil
			}
		}()
		if u.badHeader {
			return
		}
		lr, err := d.LineReader(u.entry)
		if err != nil || lr == nil {
			return
		}
		for _, f := range lr.Files() {
			if f != nil && f.Name != "" {
				u.headerFile = append(u.headerFile, f.Name)
			}
		}
	})
	return u.headerFile
}

func decodeLines(d *dwarf.Data, cu *dwarf.Entry) ([]string, []lineRow) {
	lr, err := d.LineReader(cu)
	if err != nil || lr == nil {
		return nil, nil
	}
	var files []string
	index := map[*dwarf.LineFile]uint32{}
	fileOf := func(f *dwarf.LineFile) uint32 {
		if i, ok := index[f]; ok {
			return i
		}
		i := uint32(len(files))
		name := ""
		if f != nil {
			name = f.Name
		}
		files = append(files, name)
		index[f] = i
		return i
	}
	var rows []lineRow
	var seqStarts []int
	newSeq := true
	var e dwarf.LineEntry
	for {
		err := lr.Next(&e)
		if err == io.EOF {
			break
		}
		if err != nil {
			// Keep the rows decoded so far: a partly usable table
			// beats none.
			break
		}
		if newSeq {
			seqStarts = append(seqStarts, len(rows))
			newSeq = false
		}
		flags := uint32(0)
		if e.IsStmt {
			flags |= rowStmt
		}
		if e.PrologueEnd {
			flags |= rowPrologueEnd
		}
		if e.EndSequence {
			flags |= rowEndSeq
			newSeq = true
		}
		rows = append(rows, lineRow{pc: e.Address, line: uint32(e.Line), file: fileOf(e.File)<<rowFlagBits | flags})
	}
	return files, sortSequences(rows, seqStarts)
}

// sortSequences orders the table's sequences by start address so that one
// binary search finds any pc. Within a sequence rows are already in
// address order (DWARF requires it). Most tables are already sorted.
func sortSequences(rows []lineRow, starts []int) []lineRow {
	sorted := true
	for i := 1; i < len(starts); i++ {
		if rows[starts[i]].pc < rows[starts[i-1]].pc {
			sorted = false
			break
		}
	}
	if sorted {
		return rows
	}
	type seq struct{ lo, hi int }
	seqs := make([]seq, len(starts))
	for i, s := range starts {
		end := len(rows)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		seqs[i] = seq{s, end}
	}
	sort.SliceStable(seqs, func(i, j int) bool { return rows[seqs[i].lo].pc < rows[seqs[j].lo].pc })
	out := make([]lineRow, 0, len(rows))
	for _, s := range seqs {
		out = append(out, rows[s.lo:s.hi]...)
	}
	return out
}

// rowAt returns the index of the row covering pc (the last row at or below
// it), or -1 when pc is in no sequence.
func rowAt(rows []lineRow, pc uint64) int {
	i := sort.Search(len(rows), func(i int) bool { return rows[i].pc > pc }) - 1
	if i < 0 || rows[i].endSeq() {
		return -1
	}
	return i
}

// parseAll decodes every unit's table, in parallel, for the passes that
// need them all.
func (x *lineIndex) parseAll() {
	x.forAllUnits(func(u *lineUnit) { u.table(x.d) })
}

func (x *lineIndex) forAllUnits(f func(u *lineUnit)) {
	if x.d == nil {
		return
	}
	forUnits(x.units, f)
}

// forUnits runs f on each of units, in parallel.
func forUnits(units []*lineUnit, f func(u *lineUnit)) {
	work := make(chan *lineUnit)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range work {
				f(u)
			}
		}()
	}
	for _, u := range units {
		work <- u
	}
	close(work)
	wg.Wait()
}

// PCToLine returns the source position of the line-table row covering pc.
// Without DWARF a Go binary's pclntab answers.
func (b *Binary) PCToLine(pc uint64) (file string, line int, ok bool) {
	if b.dwarf != nil {
		if u := b.lines.unitAt(pc); u != nil {
			files, rows := u.table(b.dwarf)
			if i := rowAt(rows, pc); i >= 0 && rows[i].line > 0 {
				return files[rows[i].fileIndex()], int(rows[i].line), true
			}
		}
	}
	// Go's DWARF has gaps the pclntab fills: the stack check of some
	// autogenerated and assembly functions has no row.
	return b.pcln.pcToLine(pc)
}

// LineEntries returns the rows within [fn.Entry, fn.End) in address order.
func (b *Binary) LineEntries(fn *Function) []LineEntry {
	if fn == nil || b.dwarf == nil {
		return nil
	}
	u := b.lines.unitAt(fn.Entry)
	if u == nil {
		return nil
	}
	files, rows := u.table(b.dwarf)
	i := sort.Search(len(rows), func(i int) bool { return rows[i].pc >= fn.Entry })
	var out []LineEntry
	for ; i < len(rows) && rows[i].pc < fn.End; i++ {
		r := rows[i]
		if r.endSeq() {
			continue
		}
		out = append(out, LineEntry{
			PC:          r.pc,
			File:        files[r.fileIndex()],
			Line:        int(r.line),
			Stmt:        r.stmt(),
			PrologueEnd: r.prologueEnd(),
		})
	}
	return out
}

// PrologueEnd returns the first pc after fn's prologue: the first row with
// prologue_end (Go sets it after the stack check and the frame setup);
// Go code without it has no prologue to skip: the end of its stack check,
// or, when there is none, its first statement (the entry); without that
// flag in C (gcc does not set it), the second statement row at a higher
// address than the entry, as gdb does; for Go code without line tables,
// the end of the stack check; else fn.Entry. A breakpoint at a Go
// function's entry would be hit again whenever the stack grows.
func (b *Binary) PrologueEnd(fn *Function) uint64 {
	if fn == nil {
		return 0
	}
	rows := b.LineEntries(fn)
	for _, r := range rows {
		if r.PrologueEnd {
			return r.PC
		}
	}
	if u := b.lines.unitAt(fn.Entry); len(rows) > 0 && u != nil && u.goCode {
		// A Go function without prologue_end has no stack check to
		// re-run (a frameless leaf: the compiler makes it NOSPLIT) or is
		// assembly: its body starts at the entry, and the first
		// statement after it would be past code that has already run
		// (defercall's sampleFunction: after its n++; in an optimised
		// build, inlined code). Delve stops at the first statement row
		// too (FirstPCAfterPrologue).
		if pe := b.goStackCheckEnd(fn); pe != fn.Entry {
			return pe
		}
		for _, r := range rows {
			if r.Stmt && r.PC >= fn.Entry {
				return r.PC
			}
		}
		return fn.Entry
	}
	for _, r := range rows {
		if r.Stmt && r.PC > fn.Entry {
			return r.PC
		}
	}
	if len(rows) == 0 && b.isGo {
		return b.goStackCheckEnd(fn)
	}
	return fn.Entry
}
