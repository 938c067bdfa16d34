package source

import (
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"os"
	"testing"

	"tdb/source/fixture"
)

// mainUnit finds, in an uncompressed Go program, the file range of main's
// compilation unit in .debug_info, and main's functions.
func mainUnit(t testing.TB, data []byte, path string) (off, size uint64, fns []Function) {
	t.Helper()
	secOff, secSize, info := sectionData(t, data, ".debug_info")
	ef, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	d, err := ef.DWARF()
	if err != nil {
		t.Fatal(err)
	}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil || e == nil {
			t.Fatalf("no main unit: %v", err)
		}
		if n, _ := e.Val(dwarf.AttrName).(string); e.Tag == dwarf.TagCompileUnit && n == "main" {
			o := uint64(e.Offset)
			// The unit header starts before its first entry: find the
			// unit whose range holds the entry (32-bit DWARF).
			for u := uint64(0); u+4 <= secSize; {
				end := u + 4 + uint64(binary.LittleEndian.Uint32(info[u:]))
				if o >= u && o < end {
					off, size = secOff+u, end-u
					break
				}
				u = end
			}
			break
		}
		r.SkipChildren()
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, f := range b.Functions() {
		if len(f.Name) > 5 && f.Name[:5] == "main." {
			fns = append(fns, *f)
		}
	}
	if size == 0 || len(fns) == 0 {
		t.Fatalf("main's unit %d bytes, %d functions", size, len(fns))
	}
	return off, size, fns
}

// FuzzVariables fuzzes the reading of functions' variables and inlined
// calls (vars.go, vars_inlined.go, inline.go): main's unit of an optimised Go program, whose
// functions have location lists, lexical blocks and inlined calls, is
// mutated in place, and the variables are asked for at every pc of main's
// functions.
func FuzzVariables(f *testing.F) {
	path := fixture.Build(f, "inlined@opt")
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	off, size, fns := mainUnit(f, data, path)
	f.Add(data[off : off+size])
	f.Fuzz(func(t *testing.T, unit []byte) {
		p := writeInput(t, patchSection(data, off, size, unit))
		bounded(t, func() {
			b, err := Open(p)
			if err != nil {
				return
			}
			defer b.Close()
			b.InlinedCalls("main.square")
			for _, fn := range fns {
				for pc := fn.Entry; pc < fn.End; pc++ {
					if fv, err := b.Variables(pc, 0); err == nil {
						for _, v := range fv.Vars {
							_ = v.Type.String()
						}
					}
					// The frames of inlined calls (inline.go).
					for d := range b.InlineStack(pc) {
						b.VariablesInFrame(pc, 0, d+1)
					}
					if own, ok := b.InlinedRanges(pc, 0); ok {
						own(fn.Entry)
					}
				}
			}
		})
	})
}
