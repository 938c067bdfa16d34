package source

import (
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// Fuzz tests for every parser of the bytes of a binary: a program to debug
// is untrusted input. Each one feeds mutated bytes through the same API the
// engine and the UI use and asks for one thing only: an error or a
// warning, never a panic, a hang or a runaway allocation. The seed corpus
// (real sections of testdata programs, added with f.Add, and the crashers
// found so far under testdata/fuzz/) runs with every `go test`.
//
// Run one for longer with, e.g.:
//
//	go test ./source -run '^$' -fuzz '^FuzzOpen$' -fuzztime 2m -parallel 1

// inputDeadline is how long one input may take. A real binary this size
// opens in milliseconds; go test's fuzzer has no per-input timeout, so a
// hang would otherwise stall it without saving the input.
const inputDeadline = 5 * time.Second

// bounded runs f and fails the input if it does not end in time.
func bounded(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(inputDeadline):
		t.Fatalf("input took more than %v: a hang or a runaway decode", inputDeadline)
	}
}

// writeInput writes data to a file for Open, which takes a path: a temp
// file per input is cheap next to decoding it.
func writeInput(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "prog")
	if err := os.WriteFile(p, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// openAndExercise opens data as a binary and, if it opens, queries it all.
func openAndExercise(t *testing.T, data []byte) {
	t.Helper()
	p := writeInput(t, data)
	bounded(t, func() {
		if b, err := Open(p); err == nil {
			exerciseAll(b)
		}
	})
}

// exerciseAll calls every query a debugging session makes, over a bounded
// sample of what the binary lists, so that lazily decoded parts (line
// tables, call-frame info, types, the pclntab) are decoded too.
func exerciseAll(b *Binary) {
	defer b.Close()
	b.Warnings()
	b.Symbol("main.main")
	b.FuncAt(b.Entry())
	b.PCToLine(b.Entry())
	b.FrameRowAt(b.Entry())
	fs := b.Functions()
	if len(fs) > 64 {
		fs = fs[:64]
	}
	for _, fn := range fs {
		for _, pc := range []uint64{fn.Entry, (fn.Entry + fn.End) / 2, fn.End - 1, fn.End} {
			b.FuncAt(pc)
			b.PCToLine(pc)
			b.FrameRowAt(pc)
		}
		b.LineEntries(fn)
		b.PrologueEnd(fn)
		b.LookupFunc(fn.Name)
	}
	files := b.Files()
	if len(files) > 16 {
		files = files[:16]
	}
	for _, f := range files {
		b.LineCount(f)
		b.FindFile(filepath.Base(f))
		for _, l := range []int{0, 1, 10, 1 << 30} {
			b.ResolveLine(f, l)
		}
	}
	b.LookupFunc("main")
	b.InlinedCalls("fmt.Println") // DWARF's inlined calls, or the pclntab's
	b.SourcePath("prog.c")
	b.SourcePath("no/such/file.c")
	b.FieldOffset("runtime.g", "goid")
	b.FieldOffset("runtime.g", "stack.hi")
	exerciseGoTypes(b)
}

// fuzzBase is a small real program: a C one (gcc -g -O0), whose sections are
// uncompressed and small enough for the mutator to cover.
func fuzzBase(t testing.TB) []byte {
	data, err := os.ReadFile(fixture.Build(t, "cprog"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sectionData returns the raw file bytes of section name, and where they are.
func sectionData(t testing.TB, data []byte, name string) (off, size uint64, raw []byte) {
	t.Helper()
	ef, err := elf.NewFile(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	s := ef.Section(name)
	if s == nil || s.Type == elf.SHT_NOBITS {
		t.Skipf("no %s section", name)
	}
	return s.Offset, s.FileSize, data[s.Offset : s.Offset+s.FileSize]
}

// patchSection returns a copy of data whose section at [off, off+size) holds
// sec instead: cut to the section's size, the rest zeroed (a truncated
// section, as a corrupt file has).
func patchSection(data []byte, off, size uint64, sec []byte) []byte {
	out := append([]byte(nil), data...)
	n := copy(out[off:off+size], sec)
	clear(out[off+uint64(n) : off+size])
	return out
}

func FuzzOpen(f *testing.F) {
	base := fuzzBase(f)
	f.Add(base)
	f.Add(base[:64])
	f.Add(base[:len(base)/2])
	f.Add(elfHeader(2, 62))
	f.Add([]byte("\x7fELF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := writeInput(t, data)
		bounded(t, func() {
			b, err := Open(p)
			if err != nil {
				if !strings.Contains(err.Error(), "prog") {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			exerciseAll(b)
		})
	})
}

// fuzzSection fuzzes the content of one section of the base program, which
// keeps the rest of the file valid so the mutations reach that section's
// decoder.
func fuzzSection(f *testing.F, name string) {
	base := fuzzBase(f)
	off, size, raw := sectionData(f, base, name)
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Fuzz(func(t *testing.T, sec []byte) {
		openAndExercise(t, patchSection(base, off, size, sec))
	})
}

// FuzzDebugLine fuzzes DWARF line programs and their headers.
func FuzzDebugLine(f *testing.F) { fuzzSection(f, ".debug_line") }

// FuzzDebugInfo fuzzes the DIEs: compilation units, ranges, types.
func FuzzDebugInfo(f *testing.F) { fuzzSection(f, ".debug_info") }

// FuzzDebugAbbrev fuzzes the abbreviations the DIEs are decoded with.
func FuzzDebugAbbrev(f *testing.F) { fuzzSection(f, ".debug_abbrev") }

// FuzzEHFrame fuzzes gcc's call-frame info through Open and FrameRowAt.
func FuzzEHFrame(f *testing.F) { fuzzSection(f, ".eh_frame") }

// FuzzCFI runs the call-frame parser and interpreter directly on mutated
// .debug_frame/.eh_frame bytes, asking for the row at many pcs of every
// FDE: the programs are interpreted up to the pc asked for.
func FuzzCFI(f *testing.F) {
	for _, prog := range []string{"cprog", "fib"} {
		ef, err := elf.Open(fixture.Build(f, prog))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range []string{".debug_frame", ".eh_frame"} {
			s := ef.Section(name)
			if s == nil {
				continue
			}
			data, err := s.Data()
			if err != nil {
				f.Fatal(err)
			}
			// Go's .debug_frame describes the whole runtime: its first
			// entries are plenty for a seed.
			if len(data) > 4096 {
				data = data[:4096]
			}
			f.Add(data, name == ".eh_frame", s.Addr)
		}
		ef.Close()
	}
	f.Fuzz(func(t *testing.T, data []byte, eh bool, addr uint64) {
		bounded(t, func() { cfiRows(data, eh, addr) })
	})
}

func cfiRows(data []byte, eh bool, addr uint64) {
	fdes := parseFrameSection(data, addr, eh)
	if len(fdes) > 256 {
		fdes = fdes[:256]
	}
	for i := range fdes {
		fd := &fdes[i]
		step := max((fd.hi-fd.lo)/32, 1)
		for pc := fd.lo; pc < fd.hi && pc-fd.lo < 64*step; pc += step {
			fd.rowAt(pc, eh)
			fd.rowAt(pc, !eh)
		}
		fd.rowAt(fd.hi-1, false)
	}
}

// FuzzPclntab fuzzes the Go runtime's pc table, the fallback of stripped
// Go binaries (no .symtab, no DWARF): every function and line comes from it.
func FuzzPclntab(f *testing.F) {
	base, err := os.ReadFile(fixture.Build(f, "fib@stripped"))
	if err != nil {
		f.Fatal(err)
	}
	off, size, raw := sectionData(f, base, ".gopclntab")
	// The header and the start of the function table: where a mutation
	// changes the most.
	f.Add(raw[:min(len(raw), 8192)])
	f.Add(raw)
	f.Fuzz(func(t *testing.T, sec []byte) {
		// A short mutated prefix keeps the rest of the real table
		// rather than zeroes, so lookups go deep.
		patched := append([]byte(nil), base...)
		copy(patched[off:off+size], sec)
		openAndExercise(t, patched)
	})
}
