package console

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// `break` on a function of a library dlopen loads later, and gdb's
// `info sharedlibrary`, in batch mode.
func TestBatchSharedLibraries(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	so := t.TempDir() + "/libsolibfoo.so"
	if out, err := exec.Command("gcc", "-shared", "-fPIC", "-g", "-O0", "-o", so, fixture.Source("solib", "lib/lib.c")).CombinedOutput(); err != nil {
		t.Fatalf("building the library: %v\n%s", err, out)
	}
	bin := fixture.Build(t, "solib")
	r := runTDB(t, nil, "--batch", "-ex", "break -pending solib_foo", "-ex", "continue", "-ex", "bt", "-ex", "info sharedlibrary", "exec", bin, so)
	// The resolution is tdb's information on stderr; gdb says nothing.
	if r.Status != 0 || !regexp.MustCompile(`^Breakpoint 1 resolved: solib_foo at 0x[0-9a-f]+\n$`).MatchString(r.Stderr) {
		t.Fatalf("want status 0 and the resolution on stderr:\n%s", r)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n") {
		// The footnote is there when no debug file of libc is installed.
		if !strings.HasPrefix(l, "sorted") && !strings.HasPrefix(l, "(*)") {
			got = append(got, l)
		}
	}
	match(t, r, got,
		q("Breakpoint 1 pending: solib_foo (no library loaded defines it yet)"),
		`stopped: breakpoint 1: solib_foo at `+q(fixture.Source("solib", "lib/lib.c"))+`:4 .*`,
		`#0 0x[0-9a-f]+ solib_foo at .*lib\.c:4`,
		`#1 0x[0-9a-f]+ main at .*main\.c:\d+`,
		q("From                To                  Syms Read   Shared Object Library"),
		`0x[0-9a-f]{16}  0x[0-9a-f]{16}  Yes.* /.*ld-linux-x86-64\.so\.2`,
		`0x[0-9a-f]{16}  0x[0-9a-f]{16}  Yes.* /.*libc\.so\.6`,
		`0x[0-9a-f]{16}  0x[0-9a-f]{16}  Yes         `+q(so),
	)
}
