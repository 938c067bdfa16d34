package source

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"sync"
)

// Inlined calls without DWARF. The Go runtime keeps, for its own
// tracebacks, an inline tree per function in the pclntab: the function's
// FUNCDATA_InlTree (3) is an array of runtime.inlinedCall records {funcID
// uint8; _ [3]byte; nameOff, parentPc, startLine int32}, and its
// PCDATA_InlTreeIndex (2) table maps each pc to an index in it. parentPc
// is an instruction of the caller whose position is the call: Delve puts a
// breakpoint on an inlined function there when it has no DWARF
// (TestDebugStripped2, inlinestripped.go). The funcdata offsets count from
// moduledata.gofunc (the go:func.* symbol), found in a stripped binary
// through the module data, which points at the pclntab.

const (
	pclnMagic120      = 0xfffffff1 // Go 1.20 and later
	funcdataInlTree   = 3
	pcdataInlTreeIdx  = 2
	inlinedCallSize   = 16
	funcHeaderSize120 = 44 // runtime._func up to pcdata
	// Offsets in runtime.moduledata (Go 1.20 to 1.26, 64-bit): pcHeader,
	// six slices, findfunctab, minpc, maxpc, then text; gofunc 18 words
	// later. Checked against the file (pclntab and text addresses, a
	// gofunc in a loaded section) before use.
	moduleTextOff   = 176
	moduleGofuncOff = 320
)

// pclnInline is the pclntab's inline trees read into one index.
type pclnInline struct {
	once  sync.Once
	calls map[string][]uint64 // function -> parentPc of each inlined call
}

// pclnInlinedCalls indexes every inlined call the pclntab records, once.
func (b *Binary) pclnInlinedCalls() map[string][]uint64 {
	x := &b.pclnInl
	x.once.Do(func() {
		defer func() {
			// Hostile input: a malformed table gives no inlined calls.
			if recover() != nil {
				x.calls = nil
			}
		}()
		x.calls = b.readPclnInline()
	})
	return x.calls
}

func (b *Binary) readPclnInline() map[string][]uint64 {
	sec := b.elf.Section(".gopclntab")
	if sec == nil || sec.Type == elf.SHT_NOBITS {
		return nil
	}
	tab, err := sec.Data()
	if err != nil || len(tab) < 72 || binary.LittleEndian.Uint32(tab) != pclnMagic120 || tab[7] != 8 {
		return nil
	}
	le := binary.LittleEndian
	word := func(i int) uint64 { return le.Uint64(tab[8+8*i:]) }
	// Entries count from moduledata.text, the start of .text (the
	// header's own copy is no longer written, since Go 1.26).
	nfunc := word(0)
	nameTab, pcTab, funcTab := word(3), word(6), word(7)
	textStart, ok := b.syms["runtime.text"]
	if !ok {
		ts := b.elf.Section(".text")
		if ts == nil {
			return nil
		}
		textStart = ts.Addr
	}
	if nfunc > uint64(len(tab))/8 || nameTab >= uint64(len(tab)) || pcTab >= uint64(len(tab)) || funcTab >= uint64(len(tab)) {
		return nil
	}
	gofunc, ok := b.goFuncBase(sec.Addr, textStart)
	if !ok {
		return nil
	}
	u32 := func(off uint64) (uint32, bool) {
		if off+4 > uint64(len(tab)) {
			return 0, false
		}
		return le.Uint32(tab[off:]), true
	}
	calls := map[string][]uint64{}
	for i := uint64(0); i < nfunc; i++ {
		entryOff, ok1 := u32(funcTab + 8*i)
		funcOff, ok2 := u32(funcTab + 8*i + 4)
		if !ok1 || !ok2 {
			return nil
		}
		f := funcTab + uint64(funcOff)
		if f+funcHeaderSize120 > uint64(len(tab)) {
			return nil
		}
		npcdata := uint64(le.Uint32(tab[f+28:]))
		nfuncdata := uint64(tab[f+43])
		if npcdata <= pcdataInlTreeIdx || nfuncdata <= funcdataInlTree {
			continue
		}
		idxTab, ok1 := u32(f + funcHeaderSize120 + 4*pcdataInlTreeIdx)
		treeOff, ok2 := u32(f + funcHeaderSize120 + 4*npcdata + 4*funcdataInlTree)
		if !ok1 || !ok2 || idxTab == 0 || treeOff == ^uint32(0) {
			continue
		}
		n := pcvalueMax(tab, pcTab+uint64(idxTab)) + 1
		if n <= 0 || n > 1<<16 {
			continue
		}
		tree := b.readAlloc(gofunc+uint64(treeOff), int(n)*inlinedCallSize)
		if tree == nil {
			continue
		}
		entry := textStart + uint64(entryOff)
		for j := 0; j < int(n); j++ {
			rec := tree[j*inlinedCallSize:]
			nameOff := uint64(le.Uint32(rec[4:]))
			parentPc := uint64(le.Uint32(rec[8:]))
			if nameTab+nameOff >= uint64(len(tab)) {
				continue
			}
			name := tab[nameTab+nameOff:]
			if k := bytes.IndexByte(name, 0); k >= 0 {
				name = name[:k]
			}
			calls[string(name)] = append(calls[string(name)], entry+parentPc)
		}
	}
	return calls
}

// pcvalueMax decodes the pc-value table at off (the runtime's encoding:
// zig-zag value deltas and pc deltas in varints, from -1) and returns the
// highest value it gives.
func pcvalueMax(tab []byte, off uint64) int64 {
	if off >= uint64(len(tab)) {
		return -1
	}
	p := tab[off:]
	val, best := int64(-1), int64(-1)
	for first := true; ; first = false {
		uv, n := binary.Uvarint(p)
		if n <= 0 || (uv == 0 && !first) {
			return best
		}
		p = p[n:]
		if uv&1 != 0 {
			uv = ^(uv >> 1)
		} else {
			uv >>= 1
		}
		val += int64(int32(uv))
		if _, n = binary.Uvarint(p); n <= 0 {
			return best
		}
		p = p[n:]
		best = max(best, val) // the pc delta that follows is not needed
	}
}

// goFuncBase is moduledata.gofunc: the go:func.* symbol when there is a
// symbol table, else read from the module data, found as the word that
// points at the pclntab with the text start where moduledata.text is.
func (b *Binary) goFuncBase(pclnAddr, textStart uint64) (uint64, bool) {
	if a, ok := b.syms["go:func.*"]; ok {
		return a, true
	}
	// Go 1.26 gives the module data a section of its own; before, it
	// was in .noptrdata.
	for _, name := range []string{".go.module", ".noptrdata"} {
		sec := b.elf.Section(name)
		if sec == nil || sec.Type == elf.SHT_NOBITS {
			continue
		}
		data, err := sec.Data()
		if err != nil {
			continue
		}
		le := binary.LittleEndian
		for off := 0; off+moduleGofuncOff+8 <= len(data); off += 8 {
			if le.Uint64(data[off:]) != pclnAddr || le.Uint64(data[off+moduleTextOff:]) != textStart {
				continue
			}
			g := le.Uint64(data[off+moduleGofuncOff:])
			if b.readAlloc(g, 1) != nil {
				return g, true
			}
		}
	}
	return 0, false
}

// readAlloc reads n bytes at addr from the section of the file that holds
// them (a loaded, non-empty one), or nil.
func (b *Binary) readAlloc(addr uint64, n int) []byte {
	for _, s := range b.elf.Sections {
		if s.Flags&elf.SHF_ALLOC == 0 || s.Type != elf.SHT_PROGBITS {
			continue
		}
		if addr < s.Addr || addr+uint64(n) > s.Addr+s.Size {
			continue
		}
		buf := make([]byte, n)
		if _, err := s.ReadAt(buf, int64(addr-s.Addr)); err != nil {
			return nil
		}
		return buf
	}
	return nil
}
