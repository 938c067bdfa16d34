package source

import (
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Binary is one executable opened for debugging: its ELF headers, function
// symbols, DWARF line tables, call-frame information and types.
//
// Open reads only what every session needs at once (headers, the symbol
// table, the list of compilation units and their address ranges); line
// tables, call-frame information and types are decoded on first use and
// cached. After Open returns, every method is safe for concurrent use: the
// lazy parts are guarded by sync.Once values and a mutex.
type Binary struct {
	path     string
	file     *os.File
	elf      *elf.File
	entry    uint64
	pie      bool
	isGo     bool
	warnings []string

	dwarf *dwarf.Data // nil without DWARF

	// funcs is sorted by Entry. byName maps every symbol name of a
	// function (aliases included) to its index in funcs.
	funcs  []*Function
	byName map[string][]int
	syms   map[string]uint64

	// funcMu guards filled: a function's File and Line are looked up in
	// the line tables the first time the function is handed out, so Open
	// does not decode every line table.
	funcMu sync.Mutex
	filled []bool

	lines   lineIndex
	cfi     cfiIndex
	types   typeCache
	locs    locSections // location lists (vars.go)
	vars    varIndex
	goTypes goTypeIndex
	enums   enumIndex
	pkgs    packageIndex  // packages.go
	subst   substitutions // substitute.go: where moved sources are now
	pcln    pclnTable
	pclnInl pclnInline // inlined calls without DWARF (pclntab_inline.go)
	cidx    cIndex     // data symbols and complete C types (ctypes.go)

	fileLinesMu sync.Mutex
	fileLines   map[string]int // LineCount cache

	rangeOnce   sync.Once
	rangeBodies map[string][]int // range-over-func parent -> its body closures (rangefunc.go)
}

// Path returns the absolute path of the executable.
func (b *Binary) Path() string { return b.path }

// Entry returns the ELF entry point (link-time address).
func (b *Binary) Entry() uint64 { return b.entry }

// PIE reports whether the executable is position independent (ET_DYN): the
// engine adds the load bias it finds in the process's auxv.
func (b *Binary) PIE() bool { return b.pie }

// IsGo reports whether the executable has a Go runtime.
func (b *Binary) IsGo() bool { return b.isGo }

// HasDWARF reports whether the executable has DWARF debug info.
func (b *Binary) HasDWARF() bool { return b.dwarf != nil }

// Warnings returns one-line messages for the user about what is missing
// from the binary (no DWARF, no symbols).
func (b *Binary) Warnings() []string { return append([]string(nil), b.warnings...) }

// Close releases the file. The Binary must not be used afterwards.
func (b *Binary) Close() error {
	if b.file == nil {
		return nil
	}
	err := b.file.Close()
	b.file = nil
	return err
}

// Symbol looks name up in the ELF symbol tables (.symtab, then .dynsym).
func (b *Binary) Symbol(name string) (uint64, bool) {
	a, ok := b.syms[name]
	return a, ok
}

// Functions returns every function sorted by Entry. It fills in the source
// position of every function, which decodes all line tables once.
func (b *Binary) Functions() []*Function {
	b.lines.parseAll()
	b.funcMu.Lock()
	defer b.funcMu.Unlock()
	for i := range b.funcs {
		b.fillLocked(i)
	}
	return append([]*Function(nil), b.funcs...)
}

// FuncAt returns the function containing pc, or nil.
func (b *Binary) FuncAt(pc uint64) *Function {
	i := b.funcIndex(pc)
	if i < 0 {
		return nil
	}
	return b.handOut(i)
}

// funcIndex returns the index in funcs of the function containing pc, or -1.
func (b *Binary) funcIndex(pc uint64) int {
	i := sort.Search(len(b.funcs), func(i int) bool { return b.funcs[i].Entry > pc }) - 1
	if i < 0 || pc >= b.funcs[i].End {
		return -1
	}
	return i
}

// handOut fills the source position of funcs[i] before anyone outside the
// package sees it, so readers of Function fields never race with the filling.
func (b *Binary) handOut(i int) *Function {
	b.funcMu.Lock()
	defer b.funcMu.Unlock()
	b.fillLocked(i)
	return b.funcs[i]
}

func (b *Binary) fillLocked(i int) {
	if b.filled[i] {
		return
	}
	b.filled[i] = true
	fn := b.funcs[i]
	if file, line, ok := b.PCToLine(fn.Entry); ok {
		fn.File, fn.Line = file, line
	}
}

// LookupFunc finds functions by name: the exact name if there is one, else
// every function whose name ends in "."+name or "/"+name (so "fib" finds
// "main.fib"). With several matches it returns all of them and the caller
// reports the ambiguity.
func (b *Binary) LookupFunc(name string) ([]*Function, error) {
	if name == "" {
		return nil, fmt.Errorf("no function %q", name)
	}
	if idx, ok := b.byName[name]; ok {
		return b.handOutAll(idx), nil
	}
	var idx []int
	seen := map[int]bool{}
	for n, is := range b.byName {
		// A generic function has one symbol per shape
		// ("main.Max[go.shape.int]", "main.(*Set[go.shape.int]).Add");
		// "Max", "main.Max" and "main.(*Set).Add" find them all.
		n = GenericBase(n)
		if n == name || strings.HasSuffix(n, "."+name) || strings.HasSuffix(n, "/"+name) {
			for _, i := range is {
				if !seen[i] {
					seen[i] = true
					idx = append(idx, i)
				}
			}
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("no function %q", name)
	}
	sort.Ints(idx)
	return b.handOutAll(idx), nil
}

func (b *Binary) handOutAll(idx []int) []*Function {
	out := make([]*Function, 0, len(idx))
	for _, i := range idx {
		out = append(out, b.handOut(i))
	}
	return out
}

// LineCount returns the number of lines of the source file on disk if it is
// readable, else the highest line the line tables name for it.
func (b *Binary) LineCount(file string) int {
	b.fileLinesMu.Lock()
	n, ok := b.fileLines[file]
	b.fileLinesMu.Unlock()
	if ok {
		return n
	}
	if data, err := os.ReadFile(file); err == nil {
		n = strings.Count(string(data), "\n")
		if len(data) > 0 && data[len(data)-1] != '\n' {
			n++
		}
	} else {
		n = b.lines.maxLine(file)
	}
	b.fileLinesMu.Lock()
	if b.fileLines == nil {
		b.fileLines = map[string]int{}
	}
	b.fileLines[file] = n
	b.fileLinesMu.Unlock()
	return n
}

// baseName is the file name shown in messages about a binary.
func baseName(path string) string { return filepath.Base(path) }
