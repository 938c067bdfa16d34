package source_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"tdb/source"
	"tdb/source/fixture"
)

// TestSourcePathCompDir compiles the C program as a user would, from its
// parent directory with a relative file name, and finds the file through
// the compile unit's DW_AT_comp_dir; absolute and unknown names come back
// as they were.
func TestSourcePathCompDir(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(fixture.Dir("cprog"), "prog.c"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "sub", "prog.c")
	if err := os.WriteFile(want, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("gcc", "-g", "-O0", "-o", "prog", "sub/prog.c")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	b, err := source.Open(filepath.Join(dir, "prog"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.SourcePath("sub/prog.c"); got != want {
		t.Errorf("SourcePath(sub/prog.c) = %q, want %q", got, want)
	}
	// Whatever form the line table gives, it leads to the file.
	if fns, err := b.LookupFunc("main"); err == nil && len(fns) > 0 {
		if got := b.SourcePath(fns[0].File); got != want {
			t.Errorf("SourcePath(%q) = %q, want %q", fns[0].File, got, want)
		}
	}
	if got := b.SourcePath(want); got != want {
		t.Errorf("absolute path changed: %q", got)
	}
	if got := b.SourcePath("no/such.c"); got != "no/such.c" {
		t.Errorf("unknown file changed: %q", got)
	}
}
