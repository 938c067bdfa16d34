package source

import (
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tdb/source/fixture"
)

func needGo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
}

// isDebugELF checks that path is an x86-64 ELF file with DWARF: what tdb
// needs from a build.
func isDebugELF(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_X86_64 {
		t.Errorf("%s: machine %v", path, f.Machine)
	}
	if f.Section(".debug_info") == nil && f.Section(".zdebug_info") == nil {
		t.Errorf("%s: no DWARF", path)
	}
}

func TestBuildGoTargets(t *testing.T) {
	needGo(t)
	root := fixture.Root()
	tests := []struct {
		name, target, dir string
	}{
		{"relative directory", "testdata/fib", root},
		{"dot-relative directory", "./testdata/fib", root},
		{"current directory", "", fixture.Dir("fib")},
		{"file", "main.go", fixture.Dir("fib")},
		{"absolute directory", fixture.Dir("crash"), ""},
		{"package path", "tdb/testdata/fib", root},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin, cleanup, err := BuildGo(tt.target, false, tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			isDebugELF(t, bin)
			cleanup()
			if _, err := os.Stat(filepath.Dir(bin)); !os.IsNotExist(err) {
				t.Errorf("cleanup left %s: %v", filepath.Dir(bin), err)
			}
		})
	}
}

func TestBuildGoTest(t *testing.T) {
	needGo(t)
	bin, cleanup, err := BuildGo("tdb/source/fixture", true, fixture.Root())
	if err == nil {
		// fixture has no tests: go test -c succeeds there but writes
		// nothing, which must not look like a build.
		cleanup()
		t.Fatalf("go test -c on a package without tests gave %s", bin)
	}
	if !strings.Contains(err.Error(), "no test files") {
		t.Errorf("error %q does not say there are no test files", err)
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/p\n\ngo 1.21\n")
	writeFile(t, filepath.Join(dir, "p.go"), "package p\n\nfunc Twice(x int) int { return 2 * x }\n")
	writeFile(t, filepath.Join(dir, "p_test.go"), "package p\n\nimport \"testing\"\n\nfunc TestTwice(t *testing.T) {\n\tif Twice(2) != 4 {\n\t\tt.Fatal()\n\t}\n}\n")
	// From inside another module: the directory's own go.mod applies.
	bin, cleanup, err = BuildGo(dir, true, fixture.Root())
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	isDebugELF(t, bin)
	if got, err := PackageDir(dir, fixture.Root()); err != nil || got != dir {
		t.Errorf("PackageDir = %q, %v; want %q", got, err, dir)
	}
	if got, err := PackageDir("testdata/fib", fixture.Root()); err != nil || got != fixture.Dir("fib") {
		t.Errorf("PackageDir = %q, %v; want %q", got, err, fixture.Dir("fib"))
	}
	out, err := exec.Command(bin, "-test.v").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestTwice") {
		t.Errorf("test binary: %v\n%s", err, out)
	}
}

func TestBuildGoError(t *testing.T) {
	needGo(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bad.go"), "package main\n\nfunc main() {\n\tundefinedThing()\n}\n")
	_, cleanup, err := BuildGo("bad.go", false, dir)
	if err == nil {
		cleanup()
		t.Fatal("a broken program built")
	}
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("error %T %v is not a *BuildError", err, err)
	}
	if !strings.Contains(err.Error(), "bad.go:4:2: undefined: undefinedThing") {
		t.Errorf("error does not carry the compiler's message:\n%s", err)
	}
	if err.Error() != strings.TrimSpace(err.Error()) {
		t.Errorf("error not trimmed: %q", err)
	}

	_, _, err = BuildGo("./no/such/dir", false, dir)
	if err == nil || !errors.As(err, &be) {
		t.Errorf("missing directory: %v", err)
	}
}

func TestBuildDemoCaches(t *testing.T) {
	needGo(t)
	t.Setenv("TDB_CACHE_DIR", t.TempDir())
	src, err := os.ReadFile(filepath.Join(fixture.Dir("demo"), "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := BuildDemo(src)
	if err != nil {
		t.Fatal(err)
	}
	isDebugELF(t, bin)
	// The source must stay next to the binary: the line tables name it.
	got, err := os.ReadFile(filepath.Join(filepath.Dir(bin), "main.go"))
	if err != nil || string(got) != string(src) {
		t.Errorf("demo source not kept beside the binary: %v", err)
	}
	fi1, _ := os.Stat(bin)

	bin2, err := BuildDemo(src)
	if err != nil {
		t.Fatal(err)
	}
	fi2, _ := os.Stat(bin2)
	if bin2 != bin || !os.SameFile(fi1, fi2) || !fi1.ModTime().Equal(fi2.ModTime()) {
		t.Errorf("second BuildDemo rebuilt: %s vs %s", bin, bin2)
	}
	tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(bin), "*.tmp"))
	if len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}

	// A different source is a different cache entry.
	bin3, err := BuildDemo(append(src, []byte("\n// changed\n")...))
	if err != nil {
		t.Fatal(err)
	}
	if bin3 == bin {
		t.Errorf("changed source reused %s", bin)
	}

	if _, err := BuildDemo([]byte("package main\nfunc main() { nope }\n")); err == nil {
		t.Error("a broken demo built")
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Two tdbs starting the demo at once both get a complete binary: each
// writes under a temporary name and renames.
func TestBuildDemoConcurrent(t *testing.T) {
	needGo(t)
	t.Setenv("TDB_CACHE_DIR", t.TempDir())
	src := []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"demo\") }\n")
	bins := make(chan string, 2)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			bin, err := BuildDemo(src)
			bins <- bin
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		bin := <-bins
		out, err := exec.Command(bin).Output()
		if err != nil || string(out) != "demo\n" {
			t.Errorf("%s: %q, %v", bin, out, err)
		}
	}
}
