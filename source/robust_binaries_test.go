package source

import (
	"debug/dwarf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"tdb/source/fixture"
)

// Odd binaries: every way a program in the field is built. Each must open
// and answer what the engine asks (functions, lines where there is DWARF,
// call-frame rows), with a warning that says what is missing, never a
// failure to open.

// oddBuilds caches the binaries this file builds itself (fixture covers
// the common variants), once per test process.
var oddBuilds struct {
	sync.Mutex
	dir  string
	bins map[string]string
}

// buildOdd builds testdata/fib (or the cgo program below, for "cgo") with
// extra go build flags into a temp dir kept for the test process.
func buildOdd(t testing.TB, name string, flags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a program")
	}
	oddBuilds.Lock()
	defer oddBuilds.Unlock()
	if p, ok := oddBuilds.bins[name]; ok {
		return p
	}
	if oddBuilds.dir == "" {
		d, err := os.MkdirTemp("", "tdb-odd-")
		if err != nil {
			t.Fatal(err)
		}
		oddBuilds.dir, oddBuilds.bins = d, map[string]string{}
	}
	out := filepath.Join(oddBuilds.dir, name)
	args := append([]string{"build", "-gcflags=all=-N -l", "-o", out}, flags...)
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = fixture.Dir("fib")
	if name == "cgo" {
		dir := filepath.Join(oddBuilds.dir, "cgosrc")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{"go.mod": "module cgoprog\n\ngo 1.26\n", "main.go": cgoProgram}
		for f, text := range files {
			if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		if name == "cgo" {
			t.Skipf("cannot build a cgo program here: %v\n%s", err, msg)
		}
		t.Fatalf("%s: %v\n%s", cmd.Args, err, msg)
	}
	oddBuilds.bins[name] = out
	return out
}

const cgoProgram = `package main

// int twice(int x) { return 2 * x; }
import "C"

import "fmt"

func main() {
	fmt.Println(int(C.twice(21)))
}
`

func TestOddBinaries(t *testing.T) {
	fibLine := fixture.LineOf(t, "fib", "main.go", "func fib(")
	tests := []struct {
		name  string
		build func(t *testing.T) string
		fn    string // a function that must be found
		file  string // base name of its file, "" when no lines are expected
		warn  string // a warning that must be given, "" for none
	}{
		{"go", func(t *testing.T) string { return fixture.Build(t, "fib") }, "main.fib", "main.go", ""},
		{"go pie", func(t *testing.T) string { return fixture.Build(t, "fib@pie") }, "main.fib", "main.go", ""},
		{"go race", func(t *testing.T) string { return fixture.Build(t, "fib@race") }, "main.fib", "main.go", ""},
		{"go uncompressed dwarf", func(t *testing.T) string { return buildOdd(t, "nocompress", "-ldflags=-compressdwarf=false") }, "main.fib", "main.go", ""},
		{"go trimpath", func(t *testing.T) string { return buildOdd(t, "trimpath", "-trimpath") }, "main.fib", "main.go", ""},
		{"go no dwarf", func(t *testing.T) string { return fixture.Build(t, "fib@nodwarf") }, "main.fib", "main.go", "no DWARF"},
		{"go stripped", func(t *testing.T) string { return fixture.Build(t, "fib@stripped") }, "main.fib", "main.go", "stripped"},
		{"cgo", func(t *testing.T) string { return buildOdd(t, "cgo") }, "main.main", "main.go", ""},
		{"c dynamic", func(t *testing.T) string { return fixture.Build(t, "cprog") }, "main", "prog.c", ""},
		{"c pie", func(t *testing.T) string { return fixture.Build(t, "cprog@pie") }, "main", "prog.c", ""},
		{"c static", func(t *testing.T) string { return fixture.Build(t, "cprog@static") }, "main", "prog.c", ""},
		{"c stripped", func(t *testing.T) string { return fixture.Build(t, "cprog@stripped") }, "", "", "no symbols and no debug info"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.build(t)
			b, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer b.Close()
			ws := strings.Join(b.Warnings(), "\n")
			if tt.warn == "" && ws != "" {
				t.Errorf("warnings %q, want none", ws)
			}
			if tt.warn != "" && !strings.Contains(ws, tt.warn) {
				t.Errorf("warnings %q, want one saying %q", ws, tt.warn)
			}
			if tt.fn == "" {
				return
			}
			fs, err := b.LookupFunc(tt.fn)
			if err != nil || len(fs) != 1 {
				t.Fatalf("LookupFunc(%q) = %v, %v", tt.fn, fs, err)
			}
			fn := fs[0]
			file, line, ok := b.PCToLine(fn.Entry)
			if !ok || filepath.Base(file) != tt.file {
				t.Errorf("PCToLine(%s entry) = %q, %d, %v; want a line in %s", tt.fn, file, line, ok, tt.file)
			}
			if tt.fn == "main.fib" && line != fibLine {
				t.Errorf("main.fib starts at line %d, want %d", line, fibLine)
			}
			// -w drops Go's .debug_frame too (Go writes no .eh_frame):
			// the engine unwinds by frame pointers there.
			if _, ok := b.FrameRowAt(fn.Entry); !ok && (b.HasDWARF() || !b.IsGo()) {
				t.Errorf("no call-frame row at %s's entry", tt.fn)
			}
			if pe := b.PrologueEnd(fn); pe < fn.Entry || pe >= fn.End {
				t.Errorf("PrologueEnd(%s) = %#x, outside [%#x, %#x)", tt.fn, pe, fn.Entry, fn.End)
			}
		})
	}
}

// A -trimpath binary records "module/dir/file.go": the source is found
// through a substitution, and the path frames show stays as recorded. The
// substitutions are the binary's: another Binary of the same file, in the
// same process, keeps its own (issue 14: they were one global list).
func TestTrimpathSubstitution(t *testing.T) {
	path := buildOdd(t, "trimpath", "-trimpath")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	fn := lookupOne(t, b, "main.fib")
	file, line, _ := b.PCToLine(fn.Entry)
	if file != "tdb/testdata/fib/main.go" {
		t.Fatalf("recorded path %q, want tdb/testdata/fib/main.go", file)
	}
	if _, err := b.ReadSource(file); err == nil {
		t.Fatalf("ReadSource(%q) found a file without a substitution", file)
	}
	b.SetSubstitutions([]Substitution{{From: "/elsewhere", To: "/nowhere"}, {From: "tdb/", To: fixture.Root()}})
	other.SetSubstitutions([]Substitution{{From: "tdb", To: "/nowhere"}})
	f, err := b.ReadSource(file)
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != file || !strings.Contains(f.Lines[line-1], "func fib(") {
		t.Errorf("ReadSource(%q) = path %q, line %d %q", file, f.Path, line, f.Lines[line-1])
	}
	_, err = other.ReadSource(file)
	if err == nil || !strings.Contains(err.Error(), "tdb/testdata/fib/main.go (as /nowhere/testdata/fib/main.go)") {
		t.Errorf("ReadSource with the other binary's wrong substitution: %v; want an error naming both paths", err)
	}
	if got := b.Substitutions(); len(got) != 2 || got[1].To != fixture.Root() {
		t.Errorf("the first binary's substitutions are now %v", got)
	}
}

func TestLocalPath(t *testing.T) {
	var b Binary
	b.SetSubstitutions([]Substitution{{From: "/build/", To: "/src"}, {From: "mod", To: "/home/me/mod/"}, {From: "", To: "/x"}})
	for _, tt := range []struct{ in, want string }{
		{"/build/a/b.go", "/src/a/b.go"},
		{"/builder/a.go", "/builder/a.go"},
		{"/build", "/src"},
		{"mod/x.go", "/home/me/mod/x.go"},
		{"module/x.go", "module/x.go"},
		{"x.go", "x.go"},
	} {
		if got := b.LocalPath(tt.in); got != tt.want {
			t.Errorf("LocalPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The guard against debug/dwarf's unbounded line-header allocation must
// not refuse a real table: every unit of real programs passes it.
func TestLineHeaderGuardAcceptsRealTables(t *testing.T) {
	for _, name := range []string{"fib", "cprog", "cprog@static"} {
		b := openFixture(t, name)
		if b.lines.lineSec == nil {
			t.Fatalf("%s: raw .debug_line not kept", name)
		}
		for _, u := range b.lines.units {
			if u.badHeader {
				t.Errorf("%s: unit %v refused", name, u.entry.Val(dwarf.AttrName))
			}
		}
	}
}
