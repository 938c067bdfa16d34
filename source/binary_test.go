package source

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tdb/source/fixture"
)

func openFixture(t testing.TB, name string) *Binary {
	t.Helper()
	b, err := Open(fixture.Build(t, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func lookupOne(t testing.TB, b *Binary, name string) *Function {
	t.Helper()
	fs, err := b.LookupFunc(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 {
		t.Fatalf("LookupFunc(%q) = %d functions, want 1", name, len(fs))
	}
	return fs[0]
}

// elfHeader crafts a minimal ELF header: enough for Open to tell what
// the file is for.
func elfHeader(class byte, machine uint16) []byte {
	h := make([]byte, 64)
	copy(h, "\x7fELF")
	h[4] = class
	h[5] = 1                                 // little-endian
	h[6] = 1                                 // version
	binary.LittleEndian.PutUint16(h[16:], 2) // ET_EXEC
	binary.LittleEndian.PutUint16(h[18:], machine)
	return h
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	text := write("notes.txt", []byte("hello, I am not a program\n"))
	empty := write("empty", nil)
	elf32 := write("prog32", elfHeader(1, 3))
	arm := write("progarm", elfHeader(2, 183))
	truncated := write("trunc", elfHeader(2, 62)[:30])
	// A valid header whose section table points far past the end.
	bad := elfHeader(2, 62)
	binary.LittleEndian.PutUint64(bad[40:], 1<<40) // e_shoff
	binary.LittleEndian.PutUint16(bad[58:], 64)    // e_shentsize
	binary.LittleEndian.PutUint16(bad[60:], 3)     // e_shnum
	corrupt := write("corrupt", bad)

	tests := []struct {
		path   string
		want   string
		format bool // a *FormatError
	}{
		{filepath.Join(dir, "missing"), "open " + filepath.Join(dir, "missing") + ": no such file or directory", false},
		{dir, dir + " is a directory", true},
		{text, text + " is not an ELF executable", true},
		{empty, empty + " is not an ELF executable", true},
		{elf32, elf32 + " is a 32-bit ELF file for Intel 80386: tdb debugs x86-64 programs", true},
		{arm, arm + " is a 64-bit ELF file for AArch64: tdb debugs x86-64 programs", true},
		{truncated, truncated + ": corrupt ELF file: truncated header", true},
		{corrupt, corrupt + ": corrupt ELF file: ", true},
	}
	for _, tt := range tests {
		b, err := Open(tt.path)
		if err == nil {
			b.Close()
			t.Errorf("Open(%s) succeeded", tt.path)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) || (!strings.HasSuffix(tt.want, ": ") && err.Error() != tt.want) {
			t.Errorf("Open(%s) = %q, want %q", tt.path, err, tt.want)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("Open(%s): error has several lines: %q", tt.path, err)
		}
		var fe *FormatError
		if errors.As(err, &fe) != tt.format {
			t.Errorf("Open(%s): %T, FormatError %v", tt.path, err, tt.format)
		}
	}
}

// TestOpenHostile feeds Open truncated and bit-flipped copies of a real
// binary: each must give an error or a Binary, never a panic.
func TestOpenHostile(t *testing.T) {
	data, err := os.ReadFile(fixture.Build(t, "cprog"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, n := range []int{64, 200, 1000, len(data) / 2, len(data) - 10} {
		p := filepath.Join(dir, "cut")
		os.WriteFile(p, data[:n], 0o755)
		if b, err := Open(p); err == nil {
			exercise(b)
			b.Close()
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("cut %d: multi-line error %q", i, err)
		}
	}
	for seed := 0; seed < 40; seed++ {
		mut := append([]byte(nil), data...)
		// Flip bytes in the header, the section headers and the rest.
		for k := 0; k < 8; k++ {
			pos := (seed*7919 + k*104729) % len(mut)
			if k < 2 {
				pos = (seed*31 + k*17) % 64
			}
			mut[pos] ^= byte(0x5a + seed + k)
		}
		p := filepath.Join(dir, "mut")
		os.WriteFile(p, mut, 0o755)
		if b, err := Open(p); err == nil {
			exercise(b)
			b.Close()
		}
	}
}

// exercise calls every query once, to shake out panics.
func exercise(b *Binary) {
	for _, f := range b.Functions() {
		b.PrologueEnd(f)
		b.FrameRowAt(f.Entry + 1)
	}
	b.PCToLine(b.Entry())
	for _, f := range b.Files() {
		b.ResolveLine(f, 1)
	}
	b.FieldOffset("runtime.g", "goid")
}

func TestBinaryKinds(t *testing.T) {
	tests := []struct {
		name      string
		isGo, pie bool
		dwarf     bool
		warning   string
	}{
		{"fib", true, false, true, ""},
		{"fib@pie", true, true, true, ""},
		{"fib@nodwarf", true, false, false, "fib_nodwarf has no DWARF debug info: breakpoints on functions and addresses only"},
		{"fib@stripped", true, false, false, "fib_stripped is stripped (no symbol table, no DWARF debug info)"},
		{"cprog", false, false, true, ""},
		{"cprog@pie", false, true, true, ""},
		{"cprog@stripped", false, true, false, "cprog_stripped has no symbols and no debug info: breakpoints on addresses only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := fixture.Build(t, tt.name)
			b := openFixture(t, tt.name)
			if b.IsGo() != tt.isGo || b.PIE() != tt.pie || b.HasDWARF() != tt.dwarf {
				t.Errorf("IsGo %v PIE %v HasDWARF %v, want %v %v %v", b.IsGo(), b.PIE(), b.HasDWARF(), tt.isGo, tt.pie, tt.dwarf)
			}
			if abs, _ := filepath.Abs(path); b.Path() != abs {
				t.Errorf("Path %q, want %q", b.Path(), abs)
			}
			if b.Entry() == 0 {
				t.Errorf("Entry 0")
			}
			ws := b.Warnings()
			switch {
			case tt.warning == "" && len(ws) != 0:
				t.Errorf("warnings %q, want none", ws)
			case tt.warning != "" && (len(ws) != 1 || !strings.HasPrefix(ws[0], tt.warning)):
				t.Errorf("warnings %q, want one starting %q", ws, tt.warning)
			}
		})
	}
}

func TestFunctions(t *testing.T) {
	for _, name := range []string{"fib", "fib@nodwarf", "fib@stripped", "fib@pie"} {
		t.Run(name, func(t *testing.T) {
			b := openFixture(t, name)
			fs := b.Functions()
			if len(fs) < 500 {
				t.Fatalf("%d functions", len(fs))
			}
			for i := 1; i < len(fs); i++ {
				if fs[i].Entry < fs[i-1].End {
					t.Fatalf("%s [%#x,%#x) overlaps %s [%#x,%#x)", fs[i-1].Name, fs[i-1].Entry, fs[i-1].End, fs[i].Name, fs[i].Entry, fs[i].End)
				}
			}
			fib := lookupOne(t, b, "fib")
			if fib.Name != "main.fib" {
				t.Errorf("LookupFunc(fib) = %s", fib.Name)
			}
			for _, pc := range []uint64{fib.Entry, fib.Entry + 1, fib.End - 1} {
				if got := b.FuncAt(pc); got != fib {
					t.Errorf("FuncAt(%#x) = %v, want main.fib", pc, got)
				}
			}
			if got := b.FuncAt(fib.End); got == fib {
				t.Errorf("FuncAt(End) is main.fib")
			}
			if b.FuncAt(1) != nil {
				t.Errorf("FuncAt(1) is not nil")
			}
			wantLine := fixture.LineOf(t, "fib", "main.go", "func fib(")
			if fib.Line != wantLine || !strings.HasSuffix(fib.File, "testdata/fib/main.go") {
				t.Errorf("main.fib at %s:%d, want testdata/fib/main.go:%d", fib.File, fib.Line, wantLine)
			}
			if _, ok := b.Symbol("runtime.text"); ok == (name == "fib@stripped") {
				t.Errorf("Symbol(runtime.text) ok=%v", ok)
			}
		})
	}
}

func TestLookupFunc(t *testing.T) {
	b := openFixture(t, "fib")
	tests := []struct {
		name string
		want []string
		err  string
	}{
		{"main.fib", []string{"main.fib"}, ""},
		{"fib", []string{"main.fib"}, ""},
		{"main", []string{"runtime.main", "main.main"}, ""},
		{"Println", []string{"fmt.Println"}, ""},
		{"fmt.Println", []string{"fmt.Println"}, ""},
		{"ib", nil, `no function "ib"`},
		{"nosuch", nil, `no function "nosuch"`},
		{"", nil, `no function ""`},
	}
	for _, tt := range tests {
		fs, err := b.LookupFunc(tt.name)
		var got []string
		for _, f := range fs {
			got = append(got, f.Name)
		}
		errText := ""
		if err != nil {
			errText = err.Error()
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") || errText != tt.err {
			t.Errorf("LookupFunc(%q) = %v, %q; want %v, %q", tt.name, got, errText, tt.want, tt.err)
		}
	}
	c := openFixture(t, "cprog")
	// gcc starts a function's line table at its opening brace.
	if f := lookupOne(t, c, "fact"); f.Line != fixture.LineOf(t, "cprog", "prog.c", "int fact(int n)")+1 {
		t.Errorf("fact at line %d", f.Line)
	}
}
