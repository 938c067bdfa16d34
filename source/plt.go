package source

import (
	"debug/elf"
	"encoding/binary"
)

// PLTFunction names the function a PLT stub of the binary jumps to
// (clib_sum for clib_sum@plt), for stepping into a shared library: addr is
// a link-time address in .plt, .plt.sec or .plt.got. The stub's indirect
// jump (ff 25, rip-relative) names a GOT slot; the dynamic relocation of
// that slot (JUMP_SLOT, or GLOB_DAT for .plt.got) names the symbol. ok is
// false for anything else.
func (b *Binary) PLTFunction(addr uint64) (string, bool) {
	var sec *elf.Section
	for _, s := range b.elf.Sections {
		switch s.Name {
		case ".plt", ".plt.sec", ".plt.got":
			if addr >= s.Addr && addr < s.Addr+s.Size {
				sec = s
			}
		}
	}
	if sec == nil {
		return "", false
	}
	data, err := sec.Data()
	if err != nil {
		return "", false
	}
	// Stubs are 16 bytes (8 in some .plt.got): look for the jmp in the
	// bytes from addr on, as far as the stub goes.
	off := addr - sec.Addr
	end := min(off+16, uint64(len(data)))
	for k := off; k+6 <= end; k++ {
		if data[k] != 0xff || data[k+1] != 0x25 {
			continue
		}
		disp := int32(binary.LittleEndian.Uint32(data[k+2:]))
		got := uint64(int64(sec.Addr+k+6) + int64(disp))
		return b.relocSymbol(got)
	}
	return "", false
}

// relocSymbol is the symbol a dynamic relocation at slot names.
func (b *Binary) relocSymbol(slot uint64) (string, bool) {
	syms, err := b.elf.DynamicSymbols()
	if err != nil {
		return "", false
	}
	for _, name := range []string{".rela.plt", ".rela.dyn"} {
		s := b.elf.Section(name)
		if s == nil {
			continue
		}
		data, err := s.Data()
		if err != nil {
			continue
		}
		for i := 0; i+24 <= len(data); i += 24 {
			if binary.LittleEndian.Uint64(data[i:]) != slot {
				continue
			}
			sym := binary.LittleEndian.Uint64(data[i+8:]) >> 32
			// DynamicSymbols leaves out the null symbol 0.
			if sym == 0 || int(sym) > len(syms) {
				return "", false
			}
			return syms[sym-1].Name, true
		}
	}
	return "", false
}
