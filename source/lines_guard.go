package source

// debug/dwarf trusts the counts in a DWARF 5 line program header: it
// allocates the directory and file tables from them before reading a
// single entry (go/src/debug/dwarf/line.go, readHeader), and reads an
// entry whose forms it does not know as zero bytes. A corrupt count makes
// it allocate terabytes, which is a fatal error, not a panic anyone can
// recover. checkLineHeader reads those counts first and refuses tables
// whose entries cannot fit in the unit, so the unit gets no lines instead.

// DW_FORM codes that may describe a directory or file entry.
const (
	formData2    = 0x05
	formData4    = 0x06
	formData8    = 0x07
	formString   = 0x08
	formBlock    = 0x09
	formData1    = 0x0b
	formStrp     = 0x0e
	formUdata    = 0x0f
	formStrx     = 0x1a
	formStrpSup  = 0x1d
	formData16   = 0x1e
	formLineStrp = 0x1f
	formStrx1    = 0x25
	formStrx2    = 0x26
	formStrx3    = 0x27
	formStrx4    = 0x28
)

// checkLineHeader reports whether the line program header at off in the
// .debug_line section sec is safe to hand to debug/dwarf. Headers before
// DWARF 5 list their entries one by one and are bounded by the data.
func checkLineHeader(sec []byte, off int64) bool {
	if off < 0 || off >= int64(len(sec)) {
		return true // debug/dwarf reports that itself
	}
	r := &cfiReader{data: sec, pos: int(off)}
	length := uint64(r.u32())
	dwarf64 := false
	if length == 0xffffffff {
		length = r.u64()
		dwarf64 = true
	}
	if r.bad || length > uint64(r.left()) {
		return true // a short unit: debug/dwarf's reads fail on it
	}
	r.data = r.data[:r.pos+int(length)]
	version := r.u16()
	if r.bad || version < 5 {
		return true
	}
	r.u8() // address_size
	r.u8() // segment_selector_size
	if dwarf64 {
		r.u64()
	} else {
		r.u32()
	}
	r.u8() // minimum_instruction_length
	r.u8() // maximum_operations_per_instruction
	r.u8() // default_is_stmt
	r.u8() // line_base
	r.u8() // line_range
	opcodeBase := r.u8()
	if opcodeBase > 0 {
		r.bytes(int(opcodeBase) - 1)
	}
	for range 2 { // directories, then files
		nforms := int(r.u8())
		forms := make([]uint64, nforms)
		minSize := 0
		for i := range forms {
			r.uleb() // content type
			forms[i] = r.uleb()
			minSize += formMinSize(forms[i], dwarf64)
		}
		count := r.uleb()
		if r.bad {
			return false
		}
		if count == 0 {
			continue
		}
		// Entries of forms debug/dwarf does not know take no bytes:
		// then the unit's size is the bound on what it allocates.
		if count > uint64(r.left()/max(minSize, 1)) {
			return false
		}
		for range count {
			for _, f := range forms {
				skipForm(r, f, dwarf64)
			}
			if r.bad {
				return false
			}
		}
	}
	return !r.bad
}

// formMinSize is the fewest bytes a value of form f takes in an entry as
// debug/dwarf reads it: 0 for the forms it does not know, which it skips
// without reading.
func formMinSize(f uint64, dwarf64 bool) int {
	switch f {
	case formString, formUdata, formStrx, formData1, formStrx1, formBlock:
		return 1
	case formData2, formStrx2:
		return 2
	case formStrx3:
		return 3
	case formData4, formStrx4:
		return 4
	case formStrp, formLineStrp, formStrpSup:
		if dwarf64 {
			return 8
		}
		return 4
	case formData8:
		return 8
	case formData16:
		return 16
	}
	return 0
}

// skipForm reads past one value of form f the way debug/dwarf does.
func skipForm(r *cfiReader, f uint64, dwarf64 bool) {
	switch f {
	case formString:
		r.cstring()
	case formUdata, formStrx:
		r.uleb()
	case formBlock:
		n := r.uleb()
		if n > uint64(r.left()) {
			r.bad = true
			return
		}
		r.bytes(int(n))
	default:
		if n := formMinSize(f, dwarf64); n > 0 {
			r.bytes(n)
		}
	}
}
