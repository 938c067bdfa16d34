package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tdb/source"
)

func TestCutSubstitutePaths(t *testing.T) {
	tests := []struct {
		args     []string
		rest     []string
		subs     []source.Substitution
		errMatch string
	}{
		{[]string{"--substitute-path", "/build", "/src", "exec", "p"}, []string{"exec", "p"},
			[]source.Substitution{{From: "/build", To: "/src"}}, ""},
		{[]string{"-ex", "--substitute-path", "--batch", "-substitute-path", "a", "b", "--substitute-path", "c", "d", "exec", "p", "--substitute-path", "x", "y"},
			[]string{"-ex", "--substitute-path", "--batch", "exec", "p", "--substitute-path", "x", "y"},
			[]source.Substitution{{From: "a", To: "b"}, {From: "c", To: "d"}}, ""},
		{[]string{"--substitute-path", "a"}, nil, nil, "needs two arguments"},
		{[]string{"--substitute-path=a", "b"}, nil, nil, "needs two arguments"},
		{[]string{"--substitute-path", "", "b", "exec", "p"}, nil, nil, "FROM is empty"},
	}
	for _, tt := range tests {
		rest, subs, err := cutSubstitutePaths(tt.args)
		if tt.errMatch != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errMatch) {
				t.Errorf("cutSubstitutePaths(%q) error %v, want %q", tt.args, err, tt.errMatch)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(rest, tt.rest) || !reflect.DeepEqual(subs, tt.subs) {
			t.Errorf("cutSubstitutePaths(%q) = %q, %v, %v; want %q, %v", tt.args, rest, subs, err, tt.rest, tt.subs)
		}
	}
	o, err := parseArgs([]string{"--substitute-path", "a", "b", "--batch", "exec", "p"})
	if err != nil || !o.batch || len(o.subst) != 1 || o.sub != "exec" {
		t.Errorf("parseArgs with --substitute-path = %+v, %v", o, err)
	}
}

// runBatch runs tdb in batch mode in this process and returns its status
// and output.
func runBatch(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := run(append([]string{"--batch"}, args...), &stdout, &stderr)
	return status, stdout.String(), stderr.String()
}

// buildIn builds the Go program in dir (with -N -l and extra flags).
func buildIn(t *testing.T, dir string, flags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and debugs a program")
	}
	out := filepath.Join(t.TempDir(), "prog")
	args := append([]string{"build", "-gcflags=all=-N -l", "-o", out}, flags...)
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd.Args, err, msg)
	}
	return out
}

// A -trimpath binary names its files "tdb/testdata/fib/main.go": `list`
// fails with a clear error until --substitute-path says where they are.
func TestBatchTrimpathSubstitutePath(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	bin := buildIn(t, filepath.Join(wd, "testdata", "fib"), "-trimpath")

	status, out, errs := runBatch(t, "-ex", "break main.fib", "-ex", "list main.fib", "exec", bin)
	if status != 1 || !strings.Contains(out, "tdb/testdata/fib/main.go:") ||
		!strings.Contains(errs, "error: cannot read the source") {
		t.Errorf("without a substitution: status %d\nstdout:\n%s\nstderr:\n%s", status, out, errs)
	}

	status, out, errs = runBatch(t, "--substitute-path", "tdb", wd, "-ex", "break main.fib", "-ex", "list main.fib", "exec", bin)
	if status != 0 || !strings.Contains(out, "func fib(n int) int {") ||
		!strings.Contains(out, "Breakpoint 1 at ") || !strings.Contains(out, "tdb/testdata/fib/main.go:") {
		t.Errorf("with --substitute-path tdb %s: status %d\nstdout:\n%s\nstderr:\n%s", wd, status, out, errs)
	}
}

// Source files that changed since the build: shorter, longer, or gone.
// `list` says so in one line and debugging goes on.
func TestBatchSourceShorterLongerMissing(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "fib", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	main := filepath.Join(dir, "main.go")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(main, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(string(src))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module fib\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := buildIn(t, dir)

	cmds := []string{"-ex", "break main.fib", "-ex", "continue", "-ex", "list", "-ex", "list main.fib", "-ex", "next", "exec", bin}

	write(strings.Join(strings.Split(string(src), "\n")[:5], "\n") + "\n")
	status, out, errs := runBatch(t, cmds...)
	if status != 1 || !strings.Contains(errs, "(it has 5 lines)") || !strings.Contains(out, "stopped: step: main.fib") {
		t.Errorf("shorter source: status %d\nstdout:\n%s\nstderr:\n%s", status, out, errs)
	}

	write(string(src) + strings.Repeat("// more\n", 100))
	status, out, errs = runBatch(t, cmds...)
	if status != 0 || !strings.Contains(out, "func fib(n int) int {") {
		t.Errorf("longer source: status %d\nstdout:\n%s\nstderr:\n%s", status, out, errs)
	}

	os.Remove(main)
	status, out, errs = runBatch(t, cmds...)
	if status != 1 || !strings.Contains(errs, "error: cannot read the source") || !strings.Contains(out, "stopped: step: main.fib") {
		t.Errorf("missing source: status %d\nstdout:\n%s\nstderr:\n%s", status, out, errs)
	}
	for _, e := range strings.Split(strings.TrimSpace(errs), "\n") {
		if !strings.HasPrefix(e, "error: ") {
			t.Errorf("stderr line %q is not one error line", e)
		}
	}
}

// The program's output reaches batch stdout byte for byte: escape
// sequences and tview-like tags are the program's business, not tdb's.
func TestBatchOutputPassesThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and debugs a program")
	}
	dir := t.TempDir()
	c := filepath.Join(dir, "esc.c")
	prog := `#include <stdio.h>
int main(void) { fputs("\x1b[2J\x1b[H[red]hi[-] [::b]\x1b]0;title\x07\x1b[31mX\x1b[0m\n", stdout); return 0; }
`
	if err := os.WriteFile(c, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "esc")
	if msg, err := exec.Command("gcc", "-g", "-O0", "-o", bin, c).CombinedOutput(); err != nil {
		t.Skipf("gcc: %v\n%s", err, msg)
	}
	status, out, errs := runBatch(t, "-ex", "continue", "exec", bin)
	want := "\x1b[2J\x1b[H[red]hi[-] [::b]\x1b]0;title\x07\x1b[31mX\x1b[0m"
	if status != 0 || !strings.Contains(out, want) || !strings.Contains(out, "exited: status 0") {
		t.Errorf("status %d\nstdout: %q\nstderr: %q\nwant the output %q as is", status, out, errs, want)
	}
}

// A corrupt binary: a truncated one is refused with one error line; one
// whose DWARF is garbage is debugged by function and address, with a
// warning naming the broken section.
func TestBatchCorruptBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and debugs a program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cprog")
	if msg, err := exec.Command("gcc", "-g", "-O0", "-o", bin, filepath.Join("testdata", "cprog", "prog.c")).CombinedOutput(); err != nil {
		t.Skipf("gcc: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	trunc := filepath.Join(dir, "trunc")
	if err := os.WriteFile(trunc, data[:3000], 0o755); err != nil {
		t.Fatal(err)
	}
	status, out, errs := runBatch(t, "-ex", "break main", "exec", trunc)
	if status != 1 || out != "" || errs != "error: "+trunc+": corrupt ELF file: truncated header\n" {
		t.Errorf("truncated binary: status %d\nstdout: %q\nstderr: %q", status, out, errs)
	}

	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	s := ef.Section(".debug_info")
	if s == nil {
		t.Fatal("no .debug_info")
	}
	bad := append([]byte(nil), data...)
	for i := s.Offset + 12; i < s.Offset+s.FileSize; i++ {
		bad[i] = 0xff
	}
	badPath := filepath.Join(dir, "baddwarf")
	if err := os.WriteFile(badPath, bad, 0o755); err != nil {
		t.Fatal(err)
	}
	status, out, errs = runBatch(t, "-ex", "break main", "-ex", "continue", "exec", badPath)
	if status != 0 || !strings.Contains(out, "stopped: breakpoint 1: main") ||
		!strings.Contains(errs, "corrupt DWARF debug info (.debug_info: ") {
		t.Errorf("binary with garbage DWARF: status %d\nstdout: %q\nstderr: %q", status, out, errs)
	}
}
