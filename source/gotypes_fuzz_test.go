package source

import (
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"sort"
	"testing"

	"tdb/source/fixture"
)

// goDWARF is the uncompressed DWARF of a Go program, split so that a fuzzer
// can replace one unit's bytes and rebuild the rest around it.
type goDWARF struct {
	sec map[string][]byte // by dwarfSections' names
	// units are the [start, end) offsets in info of the units worth
	// mutating: main's (its globals) and the one holding main's types
	// (Go emits the types of the whole program in one unit).
	units [][2]int
}

// loadGoDWARF reads testdata/values, whose main package has structs,
// an interface, a named float and a global.
func loadGoDWARF(t testing.TB) *goDWARF {
	t.Helper()
	ef, err := elf.Open(fixture.Build(t, "values"))
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	g := &goDWARF{sec: map[string][]byte{}}
	for _, name := range dwarfSections {
		if s := ef.Section(".debug_" + name); s != nil {
			if g.sec[name], err = s.Data(); err != nil {
				t.Fatal(err)
			}
		}
	}
	info := g.sec["info"]
	d, err := g.data(info)
	if err != nil {
		t.Fatal(err)
	}
	// The units, from their 32-bit length fields (Go writes no 64-bit
	// DWARF).
	var units [][2]int
	for off := 0; off+4 <= len(info); {
		end := off + 4 + int(binary.LittleEndian.Uint32(info[off:]))
		units = append(units, [2]int{off, end})
		off = end
	}
	unitOf := func(o dwarf.Offset) int {
		i := sort.Search(len(units), func(i int) bool { return units[i][1] > int(o) })
		return i
	}
	want := map[int]bool{}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		n, _ := e.Val(dwarf.AttrName).(string)
		if e.Tag == dwarf.TagCompileUnit {
			if n == "main" {
				want[unitOf(e.Offset)] = true
			}
			continue
		}
		if n == "main.point" {
			want[unitOf(e.Offset)] = true
		}
		r.SkipChildren()
	}
	for i, u := range units {
		if want[i] {
			g.units = append(g.units, u)
		}
	}
	if len(g.units) != 2 {
		t.Fatalf("found %d of main's units in testdata/values, want 2", len(g.units))
	}
	return g
}

// data builds a dwarf.Data as loadDWARF does, with info for .debug_info.
func (g *goDWARF) data(info []byte) (*dwarf.Data, error) {
	d, err := dwarf.New(g.sec["abbrev"], nil, nil, info, g.sec["line"], nil, g.sec["ranges"], g.sec["str"])
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"addr", "line_str", "rnglists", "str_offsets"} {
		if g.sec[name] != nil {
			if err := d.AddSection(".debug_"+name, g.sec[name]); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// patched returns .debug_info with unit u's bytes replaced by sec, cut or
// zero-filled to the unit's size, as a corrupt file has.
func (g *goDWARF) patched(u int, sec []byte) []byte {
	lo, hi := g.units[u][0], g.units[u][1]
	info := append([]byte(nil), g.sec["info"]...)
	n := copy(info[lo:hi], sec)
	clear(info[lo+n : hi])
	return info
}

// exerciseGoTypes asks for everything the Go type index answers: the scan
// of every top-level entry runs on first use.
func exerciseGoTypes(b *Binary) {
	b.GoKind("main.point")
	b.LookupType("main.point")
	b.LookupType("main.shape")
	b.LookupType("main.celsius")
	b.LookupType("no.such")
	b.Global("main.global")
	for rt := range b.goTypeIndex().byRT {
		b.TypeOfRuntimeType(rt)
		break
	}
}

// FuzzGoTypes fuzzes the Go type index (gotypes.go): main's unit and the
// unit holding the program's types, mutated in place in a real Go
// program's .debug_info.
func FuzzGoTypes(f *testing.F) {
	g := loadGoDWARF(f)
	for u, r := range g.units {
		f.Add(uint8(u), g.sec["info"][r[0]:r[1]])
	}
	f.Fuzz(func(t *testing.T, u uint8, sec []byte) {
		info := g.patched(int(u)%len(g.units), sec)
		bounded(t, func() {
			d, err := g.data(info)
			if err != nil {
				return
			}
			exerciseGoTypes(&Binary{dwarf: d})
		})
	})
}
