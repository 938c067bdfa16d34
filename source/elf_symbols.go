package source

import (
	"debug/elf"
	"errors"
	"sort"
	"strings"
)

// loadSymbols reads the function symbols of .symtab (and the defined ones
// of .dynsym) into funcs, byName and syms. Symbols are the fast source of
// function boundaries: DWARF would need every subprogram DIE decoded.
func (b *Binary) loadSymbols() error {
	b.syms = map[string]uint64{}
	var all []elf.Symbol
	syms, err := b.elf.Symbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return err
	}
	all = append(all, syms...)
	dyn, err := b.elf.DynamicSymbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return err
	}
	all = append(all, dyn...)

	var fs []*Function
	for _, s := range all {
		if s.Section == elf.SHN_UNDEF || s.Name == "" {
			continue
		}
		if _, ok := b.syms[s.Name]; !ok {
			b.syms[s.Name] = s.Value
		}
		if elf.ST_TYPE(s.Info) != elf.STT_FUNC || s.Value == 0 {
			continue
		}
		fs = append(fs, &Function{Name: s.Name, Entry: s.Value, End: s.Value + s.Size, rank: symRank(s)})
	}
	if _, ok := b.syms["runtime.main"]; ok || b.isGo {
		for _, f := range fs {
			f.rank = 0 // Go's aliases keep the symbol table's order (goABINames)
		}
		fs = goABINames(fs)
	}
	b.setFunctions(fs)
	return nil
}

// goABINames drops the ".abi0" suffix the Go linker gives assembly
// functions in the ELF symbol table ("runtime.goexit.abi0"), so names match
// DWARF, the pclntab and what users and tracebacks call them. The suffix
// stays where it tells two functions apart: an ABI wrapper
// ("runtime.goexit1.abi0") next to the Go function it wraps.
// The suffixed name is kept as an alias.
func goABINames(fs []*Function) []*Function {
	names := make(map[string]bool, len(fs))
	for _, f := range fs {
		names[f.Name] = true
	}
	n := len(fs)
	for _, f := range fs[:n] {
		if bare, ok := strings.CutSuffix(f.Name, ".abi0"); ok && !names[bare] {
			fs = append(fs, &Function{Name: f.Name, Entry: f.Entry, End: f.End})
			f.Name = bare
		}
	}
	return fs
}

// setFunctions sorts fs by entry, keeps one Function per entry address
// (aliases such as a C function's weak and strong names share one, and all
// its names go into byName), and gives zero-sized symbols (hand-written
// assembly) an end at the next function.
func (b *Binary) setFunctions(fs []*Function) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Entry != fs[j].Entry {
			return fs[i].Entry < fs[j].Entry
		}
		if si, sj := fs[i].End-fs[i].Entry, fs[j].End-fs[j].Entry; si != sj {
			return si > sj // the sized one first
		}
		return fs[i].rank < fs[j].rank
	})
	b.funcs = b.funcs[:0]
	b.byName = map[string][]int{}
	for _, f := range fs {
		if n := len(b.funcs); n > 0 && b.funcs[n-1].Entry == f.Entry {
			b.addName(f.Name, n-1)
			continue
		}
		b.funcs = append(b.funcs, f)
		b.addName(f.Name, len(b.funcs)-1)
	}
	for i, f := range b.funcs {
		if f.End > f.Entry {
			continue
		}
		if i+1 < len(b.funcs) {
			f.End = b.funcs[i+1].Entry
		} else {
			f.End = f.Entry + 1
		}
	}
	// Overlapping symbols would make FuncAt's binary search lie; clip them.
	for i := 0; i+1 < len(b.funcs); i++ {
		if b.funcs[i].End > b.funcs[i+1].Entry {
			b.funcs[i].End = b.funcs[i+1].Entry
		}
	}
}

// symRank orders aliases at one address so a frame is named as gdb names
// it from the symbol table: the global symbol first (libc's raise, not its
// weak alias gsignal nor the local __GI_raise), then a weak one, then a
// local one.
func symRank(s elf.Symbol) int {
	switch elf.ST_BIND(s.Info) {
	case elf.STB_GLOBAL:
		return 0
	case elf.STB_WEAK:
		return 1
	}
	return 2
}

func (b *Binary) addName(name string, i int) {
	for _, j := range b.byName[name] {
		if j == i {
			return
		}
	}
	b.byName[name] = append(b.byName[name], i)
}
