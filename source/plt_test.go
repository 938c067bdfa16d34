package source

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"tdb/source/fixture"
)

// PLTFunction names each PLT stub as objdump does (clib_sum@plt), from
// the stub's jump and the relocation of its GOT slot.
func TestPLTFunctionMatchesObjdump(t *testing.T) {
	for _, tool := range []string{"gcc", "objdump"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip("no " + tool)
		}
	}
	dir := t.TempDir()
	src := fixture.Dir("csolib")
	so, bin := filepath.Join(dir, "libclib.so"), filepath.Join(dir, "csolib")
	for _, args := range [][]string{
		{"-shared", "-fPIC", "-g", "-O0", "-o", so, filepath.Join(src, "lib", "clib.c")},
		{"-g", "-O0", "-o", bin, filepath.Join(src, "main.c"), "-L" + dir, "-lclib"},
	} {
		if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			t.Fatalf("gcc: %v\n%s", err, out)
		}
	}
	out, err := exec.Command("objdump", "-d", "-j", ".plt", "-j", ".plt.sec", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("objdump: %v\n%s", err, out)
	}
	b, err := Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range regexp.MustCompile(`(?m)^([0-9a-f]+) <(\w+)@plt>:$`).FindAllStringSubmatch(string(out), -1) {
		addr, _ := strconv.ParseUint(m[1], 16, 64)
		if got, ok := b.PLTFunction(addr); !ok || got != m[2] {
			t.Errorf("PLTFunction(%#x) = %q, %v; objdump says %s@plt", addr, got, ok, m[2])
		}
		n++
	}
	if n < 2 {
		t.Fatalf("objdump listed %d stubs (want printf and clib_sum):\n%s", n, out)
	}
	if _, ok := b.PLTFunction(b.Functions()[0].Entry); ok {
		t.Errorf("a function's entry is named as a PLT stub")
	}
}
