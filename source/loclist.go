package source

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"sync"
)

// locSections holds the raw sections location lists need, read on first
// use (Open skips them: most sessions never print a variable).
type locSections struct {
	once     sync.Once
	loclists []byte // DWARF 5 .debug_loclists
	loc      []byte // DWARF 4 .debug_loc
	addr     []byte // .debug_addr, for the indexed entries of DWARF 5
}

func (b *Binary) locData() *locSections {
	s := &b.locs
	s.once.Do(func() {
		read := func(name string) []byte {
			sec := b.elf.Section(name)
			if sec == nil {
				return nil
			}
			data, err := sec.Data()
			if err != nil {
				return nil
			}
			return data
		}
		s.loclists = read(".debug_loclists")
		s.loc = read(".debug_loc")
		s.addr = read(".debug_addr")
	})
	return s
}

// unitBase is what a compilation unit contributes to decoding its lists.
type unitBase struct {
	lowPC    uint64
	addrBase uint64
	listBase uint64 // DW_AT_loclists_base, for DW_FORM_loclistx
	dwarf5   bool
}

func unitBaseOf(cu *dwarf.Entry, s *locSections) unitBase {
	ub := unitBase{}
	if cu == nil {
		return ub
	}
	ub.lowPC, _ = cu.Val(dwarf.AttrLowpc).(uint64)
	if v, ok := cu.Val(dwarf.AttrAddrBase).(int64); ok {
		ub.addrBase, ub.dwarf5 = uint64(v), true
	}
	if v, ok := cu.Val(dwarf.AttrLoclistsBase).(int64); ok {
		ub.listBase, ub.dwarf5 = uint64(v), true
	}
	if s.loc == nil {
		ub.dwarf5 = true
	}
	if s.loclists == nil {
		ub.dwarf5 = false
	}
	return ub
}

// locationAt returns the expression of the location list at offset off
// that covers pc, or nil when the variable has no location there.
func (b *Binary) locationAt(ub unitBase, off uint64, pc uint64) ([]byte, error) {
	s := b.locData()
	if ub.dwarf5 {
		return loclistsAt(s, ub, off, pc)
	}
	return locAt(s.loc, ub.lowPC, off, pc)
}

// loclistsAt walks a DWARF 5 list (DW_LLE_* entries).
func loclistsAt(s *locSections, ub unitBase, off, pc uint64) ([]byte, error) {
	if off >= uint64(len(s.loclists)) {
		return nil, fmt.Errorf("location list at %#x: outside .debug_loclists", off)
	}
	r := &cfiReader{data: s.loclists, pos: int(off)}
	base := ub.lowPC
	addrx := func(i uint64) uint64 {
		a := ub.addrBase + 8*i
		if a+8 > uint64(len(s.addr)) {
			r.bad = true
			return 0
		}
		return binary.LittleEndian.Uint64(s.addr[a:])
	}
	for n := 0; n < 100000 && !r.bad; n++ {
		kind := r.u8()
		if r.bad {
			break
		}
		var lo, hi uint64
		switch kind {
		case 0: // end_of_list
			return nil, nil
		case 1: // base_addressx
			base = addrx(r.uleb())
			continue
		case 6: // base_address
			base = r.u64()
			continue
		case 2: // startx_endx
			lo = addrx(r.uleb())
			hi = addrx(r.uleb())
		case 3: // startx_length
			lo = addrx(r.uleb())
			hi = lo + r.uleb()
		case 4: // offset_pair
			lo = base + r.uleb()
			hi = base + r.uleb()
		case 5: // default_location
			lo, hi = 0, ^uint64(0)
		case 7: // start_end
			lo = r.u64()
			hi = r.u64()
		case 8: // start_length
			lo = r.u64()
			hi = lo + r.uleb()
		case 9: // DW_LLE_GNU_view_pair (gcc's location views): no location
			r.uleb()
			r.uleb()
			continue
		default:
			return nil, fmt.Errorf("location list at %#x: unknown entry kind %d", off, kind)
		}
		n := int(r.uleb())
		expr := r.bytes(n)
		if !r.bad && pc >= lo && pc < hi {
			return expr, nil
		}
	}
	return nil, fmt.Errorf("location list at %#x: truncated", off)
}

// locAt walks a DWARF 4 .debug_loc list: address pairs relative to the
// unit's base, a base-selection entry (all ones, address), a 0,0 end.
func locAt(data []byte, base, off, pc uint64) ([]byte, error) {
	if off >= uint64(len(data)) {
		return nil, fmt.Errorf("location list at %#x: outside .debug_loc", off)
	}
	r := &cfiReader{data: data, pos: int(off)}
	for n := 0; n < 100000 && !r.bad; n++ {
		lo, hi := r.u64(), r.u64()
		if r.bad {
			break
		}
		if lo == 0 && hi == 0 {
			return nil, nil
		}
		if lo == ^uint64(0) {
			base = hi
			continue
		}
		expr := r.bytes(int(r.u16()))
		if !r.bad && pc >= base+lo && pc < base+hi {
			return expr, nil
		}
	}
	return nil, fmt.Errorf("location list at %#x: truncated", off)
}
