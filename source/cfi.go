package source

import (
	"debug/elf"
	"sort"
	"sync"
)

// Call-frame information says, for every pc, how to find the caller's
// frame: the CFA (the caller's rsp before the call) as a register plus an
// offset, and where the return address and saved registers are. Go writes
// it to .debug_frame, gcc to .eh_frame (and, with some flags, to
// .debug_frame too). debug/dwarf does not read either, so this file indexes
// the FDEs by address and cfi_eval.go runs their programs.

// cfiIndex is built on the first FrameRowAt call.
type cfiIndex struct {
	once  sync.Once
	fdes  []fde    // sorted by lo; the .debug_frame one first on equal lo
	maxHi []uint64 // maxHi[i] is the highest hi of fdes[:i+1]
}

// cie is a Common Information Entry: what its FDEs share.
type cie struct {
	codeAlign uint64
	dataAlign int64
	raColumn  uint64
	ptrEnc    uint8 // .eh_frame 'R' augmentation: how FDE addresses are encoded
	hasAugLen bool  // 'z' augmentation: FDEs carry an augmentation length
	initial   []byte
	ehFrame   bool
	sectAddr  uint64 // for DW_CFA_set_loc with a pc-relative encoding
}

// fde is a Frame Description Entry: the program for [lo, hi).
type fde struct {
	lo, hi uint64
	cie    *cie
	insns  []byte
	// insnsOff is where insns starts in its section, for pc-relative
	// DW_CFA_set_loc operands.
	insnsOff int
}

// FrameRowAt returns the call-frame row for pc (a link-time address), or
// false when no FDE covers pc or the row needs a DWARF expression.
func (b *Binary) FrameRowAt(pc uint64) (FrameRow, bool) {
	x := &b.cfi
	x.once.Do(func() { x.build(b.elf) })
	f := x.find(pc)
	if f == nil {
		return FrameRow{}, false
	}
	goCode := false
	if b.dwarf != nil {
		if u := b.lines.unitAt(pc); u != nil {
			goCode = u.goCode
		}
	}
	return f.rowAt(pc, goCode)
}

func (x *cfiIndex) find(pc uint64) *fde {
	i := sort.Search(len(x.fdes), func(i int) bool { return x.fdes[i].lo > pc }) - 1
	for ; i >= 0 && x.maxHi[i] > pc; i-- {
		if pc < x.fdes[i].hi {
			return &x.fdes[i]
		}
	}
	return nil
}

func (x *cfiIndex) build(ef *elf.File) {
	defer func() {
		// Not hardened input: a corrupt section gives no rows, not a crash.
		if recover() != nil {
			x.fdes, x.maxHi = nil, nil
		}
	}()
	var fdes []fde
	if s := ef.Section(".debug_frame"); s != nil && s.Type != elf.SHT_NOBITS {
		if data, err := s.Data(); err == nil {
			fdes = append(fdes, parseFrameSection(data, 0, false)...)
		}
	}
	if s := ef.Section(".eh_frame"); s != nil && s.Type != elf.SHT_NOBITS {
		if data, err := s.Data(); err == nil {
			fdes = append(fdes, parseFrameSection(data, s.Addr, true)...)
		}
	}
	// Stable: for an address described by both sections (cgo binaries,
	// gcc -g), the .debug_frame FDE, appended first, wins.
	sort.SliceStable(fdes, func(i, j int) bool { return fdes[i].lo < fdes[j].lo })
	x.fdes = fdes
	x.maxHi = make([]uint64, len(fdes))
	for i, f := range fdes {
		x.maxHi[i] = f.hi
		if i > 0 && x.maxHi[i-1] > f.hi {
			x.maxHi[i] = x.maxHi[i-1]
		}
	}
}

// parseFrameSection reads every CIE and FDE of a .debug_frame or .eh_frame
// section. addr is the section's load address (for .eh_frame's pc-relative
// pointers). Decoding stops at the first malformed entry, keeping the FDEs
// before it.
func parseFrameSection(data []byte, addr uint64, eh bool) []fde {
	cies := map[int]*cie{}
	var out []fde
	r := &cfiReader{data: data}
	for r.left() > 0 && !r.bad {
		start := r.pos
		length := uint64(r.u32())
		dwarf64 := false
		if length == 0xffffffff {
			length = r.u64()
			dwarf64 = true
		}
		if length == 0 {
			if eh {
				break // .eh_frame's terminator
			}
			continue
		}
		if r.bad || length > uint64(r.left()) {
			break
		}
		end := r.pos + int(length)
		idPos := r.pos
		var id uint64
		if dwarf64 && !eh {
			id = r.u64()
		} else {
			id = uint64(r.u32())
		}
		isCIE := (eh && id == 0) || (!eh && (id == 0xffffffff || (dwarf64 && id == 0xffffffffffffffff)))
		if isCIE {
			if c := parseCIE(&cfiReader{data: data[:end], pos: r.pos}, eh, addr); c != nil {
				cies[start] = c
			}
		} else {
			cieOff := int(id)
			if eh {
				cieOff = idPos - int(id)
			}
			c := cies[cieOff]
			if c == nil {
				// CIEs normally precede their FDEs; look further only
				// when needed.
				c = parseCIEAt(data, cieOff, eh, addr)
				if c != nil {
					cies[cieOff] = c
				}
			}
			if c != nil {
				fr := &cfiReader{data: data[:end], pos: r.pos}
				if f, ok := parseFDE(fr, c, addr); ok {
					out = append(out, f)
				}
			}
		}
		r.pos = end
	}
	return out
}

// parseCIEAt parses the CIE that starts at off.
func parseCIEAt(data []byte, off int, eh bool, addr uint64) *cie {
	if off < 0 || off >= len(data) {
		return nil
	}
	r := &cfiReader{data: data, pos: off}
	length := uint64(r.u32())
	dwarf64 := length == 0xffffffff
	if dwarf64 {
		length = r.u64()
	}
	if r.bad || length > uint64(r.left()) {
		return nil
	}
	end := r.pos + int(length)
	if dwarf64 && !eh {
		r.u64()
	} else {
		r.u32()
	}
	return parseCIE(&cfiReader{data: data[:end], pos: r.pos}, eh, addr)
}

// parseCIE reads a CIE's body after its id.
func parseCIE(r *cfiReader, eh bool, addr uint64) *cie {
	c := &cie{ehFrame: eh, sectAddr: addr, ptrEnc: pePtr}
	version := r.u8()
	aug := r.cstring()
	if version >= 4 {
		r.u8() // address_size: always 8 here
		r.u8() // segment_selector_size
	}
	c.codeAlign = r.uleb()
	c.dataAlign = r.sleb()
	if version == 1 {
		c.raColumn = uint64(r.u8())
	} else {
		c.raColumn = r.uleb()
	}
	if len(aug) > 0 && aug[0] == 'z' {
		c.hasAugLen = true
		n := r.uleb()
		augEnd := r.pos + int(n)
		for _, ch := range aug[1:] {
			switch ch {
			case 'R':
				c.ptrEnc = r.u8()
			case 'L':
				r.u8() // LSDA encoding: the LSDA pointer is in each FDE's augmentation data
			case 'P':
				enc := r.u8()
				r.pointer(enc&^peIndir, addr)
			case 'S', 'B':
			default:
				// Unknown letters: the length lets us skip them.
			}
		}
		if augEnd < r.pos || augEnd > len(r.data) {
			return nil
		}
		r.pos = augEnd
	} else if aug != "" && aug != "eh" {
		// Without 'z' an unknown augmentation has an unknown layout.
		return nil
	}
	if r.bad {
		return nil
	}
	c.initial = r.data[r.pos:]
	return c
}

// parseFDE reads an FDE's body after its CIE pointer.
func parseFDE(r *cfiReader, c *cie, addr uint64) (fde, bool) {
	var lo, size uint64
	if c.ehFrame {
		lo = r.pointer(c.ptrEnc, addr)
		// The range has the encoding's format but is never relative.
		size = r.pointer(c.ptrEnc&0x0f, addr)
	} else {
		lo = r.u64()
		size = r.u64()
	}
	if c.hasAugLen {
		n := r.uleb()
		r.bytes(int(n))
	}
	if r.bad || size == 0 || lo+size < lo {
		return fde{}, false
	}
	return fde{lo: lo, hi: lo + size, cie: c, insns: r.data[r.pos:], insnsOff: r.pos}, true
}
