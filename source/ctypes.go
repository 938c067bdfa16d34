package source

import (
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// cIndex answers the questions gdb's C value printer asks of a binary:
// which data symbol an address is in (a pointer prints as
// 0x4010 <table+8>), and where a struct that one unit only declares is
// defined. Both are built on first use.
type cIndex struct {
	symsOnce sync.Once
	syms     []dataSym // sorted by addr

	mu       sync.Mutex
	complete map[string]dwarf.Offset // "struct name" -> the defining DIE (0: none)
}

type dataSym struct {
	name       string
	addr, size uint64
}

// DataSymbolAt names the data object (an ELF STT_OBJECT symbol with a
// size) that holds addr, a link-time address, and addr's offset in it.
// Symbols without a size hold nothing, as gdb's minimal symbols.
func (b *Binary) DataSymbolAt(addr uint64) (name string, off uint64, ok bool) {
	c := &b.cidx
	c.symsOnce.Do(func() {
		syms, _ := b.elf.Symbols()
		// A library's exported objects (libc's _IO_2_1_stdout_) are in
		// .dynsym when .symtab is stripped.
		dyn, _ := b.elf.DynamicSymbols()
		seen := map[uint64]bool{}
		for _, s := range append(syms, dyn...) {
			if seen[s.Value] {
				continue
			}
			if elf.ST_TYPE(s.Info) != elf.STT_OBJECT || s.Size == 0 || s.Value == 0 || s.Name == "" || s.Section == elf.SHN_UNDEF {
				continue
			}
			// gcc names a function's static hits.0: gdb shows <hits+4>.
			name := s.Name
			if i := strings.LastIndexByte(name, '.'); i > 0 && i < len(name)-1 && strings.Trim(name[i+1:], "0123456789") == "" {
				name = name[:i]
			}
			seen[s.Value] = true
			c.syms = append(c.syms, dataSym{name, s.Value, s.Size})
		}
		sort.SliceStable(c.syms, func(i, j int) bool { return c.syms[i].addr < c.syms[j].addr })
	})
	i := sort.Search(len(c.syms), func(i int) bool { return c.syms[i].addr > addr }) - 1
	// Objects may nest (a static inside a larger one): look back a few.
	for j := i; j >= 0 && j > i-4; j-- {
		if s := c.syms[j]; addr >= s.addr && addr < s.addr+s.size {
			return s.name, addr - s.addr, true
		}
	}
	return "", 0, false
}

// CompleteType finds the definition of the struct or union (kind is
// "struct" or "union") named name in any unit: a unit that only declares
// it (struct opaque;) has an incomplete type, which gdb prints through
// the definition another unit has.
func (b *Binary) CompleteType(kind, name string) (dwarf.Type, error) {
	if b.dwarf == nil || name == "" {
		return nil, fmt.Errorf("no %s %s", kind, name)
	}
	c := &b.cidx
	key := kind + " " + name
	c.mu.Lock()
	off, seen := c.complete[key]
	c.mu.Unlock()
	if !seen {
		off = b.findComplete(kind, name)
		c.mu.Lock()
		if c.complete == nil {
			c.complete = map[string]dwarf.Offset{}
		}
		c.complete[key] = off
		c.mu.Unlock()
	}
	if off == 0 {
		return nil, fmt.Errorf("no definition of %s %s", kind, name)
	}
	return b.readType(off)
}

// findComplete scans the top-level DIEs of every unit for the defining
// declaration of kind name; 0 if none.
func (b *Binary) findComplete(kind, name string) dwarf.Offset {
	tag := dwarf.TagStructType
	if kind == "union" {
		tag = dwarf.TagUnionType
	}
	for _, u := range b.lines.units {
		r := b.dwarf.Reader()
		r.Seek(u.entry.Offset)
		if _, err := r.Next(); err != nil {
			continue
		}
		for {
			e, err := r.Next()
			if err != nil || e == nil || e.Tag == 0 {
				break
			}
			if e.Tag == tag {
				if n, _ := e.Val(dwarf.AttrName).(string); n == name {
					if decl, _ := e.Val(dwarf.AttrDeclaration).(bool); !decl {
						return e.Offset
					}
				}
			}
			if e.Children {
				r.SkipChildren()
			}
		}
	}
	return 0
}

// arrayBound is the expression of the bound of the array type at off
// whose bound is computed (a C variable-length array): its first
// subrange's DW_AT_upper_bound, or DW_AT_count (count true); nil when the
// bound is a constant or missing.
func (b *Binary) arrayBound(off dwarf.Offset) (expr []byte, count bool) {
	b.types.mu.Lock()
	defer b.types.mu.Unlock()
	r := b.dwarf.Reader()
	r.Seek(off)
	e, err := r.Next()
	if err != nil || e == nil || e.Tag != dwarf.TagArrayType || !e.Children {
		return nil, false
	}
	kid, err := r.Next()
	if err != nil || kid == nil || kid.Tag != dwarf.TagSubrangeType {
		return nil, false
	}
	if x, ok := kid.Val(dwarf.AttrUpperBound).([]byte); ok {
		return x, false
	}
	if x, ok := kid.Val(dwarf.AttrCount).([]byte); ok {
		return x, true
	}
	return nil, false
}
