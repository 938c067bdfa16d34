package source

import (
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Shared libraries are opened as Binaries too (Open takes ET_DYN): their
// .dynsym/.symtab name the functions, their .eh_frame unwinds through
// them. The engine needs a little more of their ELF to place them in the
// program's address space.

// SectionRange is a section's [lo, hi) link-time addresses (".text" for
// gdb's From/To of `info sharedlibrary`).
func (b *Binary) SectionRange(name string) (lo, hi uint64, ok bool) {
	s := b.elf.Section(name)
	if s == nil || s.Size == 0 {
		return 0, 0, false
	}
	return s.Addr, s.Addr + s.Size, true
}

// LoadRange is the extent of the PT_LOAD segments: the link-time
// addresses the loader maps, which a library's load bias moves.
func (b *Binary) LoadRange() (lo, hi uint64) {
	first := true
	for _, p := range b.elf.Progs {
		if p.Type != elf.PT_LOAD {
			continue
		}
		if first || p.Vaddr < lo {
			lo = p.Vaddr
		}
		if first || p.Vaddr+p.Memsz > hi {
			hi = p.Vaddr + p.Memsz
		}
		first = false
	}
	return lo, hi
}

// Interp is the program's PT_INTERP, the dynamic loader ("" for a static
// program, which has no libraries).
func (b *Binary) Interp() string {
	for _, p := range b.elf.Progs {
		if p.Type != elf.PT_INTERP {
			continue
		}
		buf := make([]byte, p.Filesz)
		if _, err := p.ReadAt(buf, 0); err != nil {
			return ""
		}
		for i, c := range buf {
			if c == 0 {
				buf = buf[:i]
				break
			}
		}
		return string(buf)
	}
	return ""
}

// DynamicAddr is the link-time address of the .dynamic section, where the
// loader writes DT_DEBUG (the address of its r_debug) at start-up.
func (b *Binary) DynamicAddr() (uint64, bool) {
	for _, p := range b.elf.Progs {
		if p.Type == elf.PT_DYNAMIC {
			return p.Vaddr, true
		}
	}
	return 0, false
}

// DebugFile is where a distribution keeps the separate debug file of a
// stripped library (Debian's libc6-dbg and debuginfod's layout):
// /usr/lib/debug/.build-id/xx/yyyy.debug, from the GNU build-id note.
func (b *Binary) DebugFile() string {
	s := b.elf.Section(".note.gnu.build-id")
	if s == nil {
		return ""
	}
	data, err := s.Data()
	if err != nil || len(data) < 16 {
		return ""
	}
	nameSz := b.elf.ByteOrder.Uint32(data[0:])
	descSz := b.elf.ByteOrder.Uint32(data[4:])
	off := 12 + (nameSz+3)&^3
	if uint64(off)+uint64(descSz) > uint64(len(data)) || descSz < 2 {
		return ""
	}
	id := fmt.Sprintf("%x", data[off:off+descSz])
	return filepath.Join("/usr/lib/debug/.build-id", id[:2], id[2:]+".debug")
}

// AddSymbolsFrom adds the function symbols of a separate debug file's
// .symtab: a stripped library's .dynsym names only its exported
// functions, and a backtrace through libc needs the static ones
// (msort_with_tmp under qsort). The DWARF of the debug file is not read,
// but where a function has a local alias (__GI_raise for raise), that is
// the name the frame gets: the DWARF's, as gdb shows it.
func (b *Binary) AddSymbolsFrom(path string) error {
	ef, err := elf.Open(path)
	if err != nil {
		return err
	}
	defer ef.Close()
	syms, err := ef.Symbols()
	if err != nil {
		return err
	}
	b.funcMu.Lock()
	defer b.funcMu.Unlock()
	fs := append([]*Function(nil), b.funcs...)
	for _, s := range syms {
		if s.Section == elf.SHN_UNDEF || s.Name == "" || s.Value == 0 {
			continue
		}
		// Assembly entry points (the loader's _start) are NOTYPE
		// symbols in code; gdb names frames by them too.
		notype := elf.ST_TYPE(s.Info) == elf.STT_NOTYPE && int(s.Section) < len(ef.Sections) &&
			ef.Sections[s.Section].Flags&elf.SHF_EXECINSTR != 0 && !strings.HasPrefix(s.Name, ".L")
		if elf.ST_TYPE(s.Info) != elf.STT_FUNC && !notype {
			continue
		}
		if _, ok := b.syms[s.Name]; !ok {
			b.syms[s.Name] = s.Value
		}
		// Every name: setFunctions keeps one Function an address and
		// all its names (puts, the weak alias of _IO_puts, is
		// looked up by name).
		fs = append(fs, &Function{Name: s.Name, Entry: s.Value, End: s.Value + s.Size, rank: debugFileRank(s)})
	}
	b.setFunctions(fs)
	b.filled = make([]bool, len(b.funcs))
	return nil
}

// debugFileRank orders the aliases a debug file's .symtab gives one
// address so the frame gets its DWARF's name, which gdb shows where the
// debug file is installed: glibc's internal alias (hidden_def's __GI_raise
// for raise, __GI_abort), then another local name
// (__libc_start_main_impl, __pthread_kill_implementation), then the
// exported ones; a symbol-versioning alias (__libc_start_main_alias_2)
// comes last.
func debugFileRank(s elf.Symbol) int {
	if elf.ST_BIND(s.Info) != elf.STB_LOCAL {
		return symRank(s)
	}
	switch {
	case strings.HasPrefix(s.Name, "__GI_"):
		return -2
	case strings.Contains(s.Name, "_alias_"):
		return 3
	}
	return -1
}

// NeededLibraries finds the files of the libraries the binary names in
// DT_NEEDED, as the loader would (DT_RPATH and DT_RUNPATH with $ORIGIN,
// LD_LIBRARY_PATH, the system directories; ld.so.cache is not read, so a
// library only it knows is missed). Libraries that are not found are left
// out.
func (b *Binary) NeededLibraries() []string {
	names, err := b.elf.ImportedLibraries()
	if err != nil {
		return nil
	}
	var dirs []string
	origin := filepath.Dir(b.path)
	for _, tag := range []elf.DynTag{elf.DT_RPATH, elf.DT_RUNPATH} {
		vals, _ := b.elf.DynString(tag)
		for _, v := range vals {
			for _, d := range strings.Split(v, ":") {
				dirs = append(dirs, strings.ReplaceAll(strings.ReplaceAll(d, "${ORIGIN}", origin), "$ORIGIN", origin))
			}
		}
	}
	if p := os.Getenv("LD_LIBRARY_PATH"); p != "" {
		dirs = append(dirs, strings.Split(p, ":")...)
	}
	dirs = append(dirs, "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib")
	var out []string
	for _, n := range names {
		if strings.Contains(n, "/") {
			out = append(out, n)
			continue
		}
		for _, d := range dirs {
			if d == "" {
				continue
			}
			if p := filepath.Join(d, n); fileExists(p) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// DefinesFunction reports whether the shared object at path exports a
// function name (its .dynsym), without loading it as a Binary.
func DefinesFunction(path, name string) bool {
	ef, err := elf.Open(path)
	if err != nil {
		return false
	}
	defer ef.Close()
	syms, err := ef.DynamicSymbols()
	if err != nil {
		return false
	}
	for _, s := range syms {
		if s.Name == name && s.Section != elf.SHN_UNDEF {
			if t := elf.ST_TYPE(s.Info); t == elf.STT_FUNC || t == elf.STT_GNU_IFUNC {
				return true
			}
		}
	}
	return false
}
