package source

import "debug/elf"

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
