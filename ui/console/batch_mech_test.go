package console

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestBatchMechanicsExplain: batch output keeps its mechanics lines as
// they are; `mechanics explain on` adds each one's meaning on a line of
// its own ("  # ...") after it, and mechanics step is refused (one clear
// line): batch reads no command while one runs.
func TestBatchMechanicsExplain(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	bin := fixture.Build(t, "cprog")
	plain := batch(t, bin, "mechanics on", "break prog.c:10")
	if strings.Contains(plain.Stdout, "  # ") {
		t.Errorf("explanations without mechanics explain:\n%s", plain)
	}
	r := batch(t, bin, "mechanics on", "mechanics explain on", "break prog.c:10", "mechanics step")
	re := regexp.MustCompile("(?m)^ptrace POKEDATA tid \\d+ 0x[0-9a-f]+: [0-9a-f]{2} -> cc \\(breakpoint 1\\)\n" +
		"  # int3 replaces the first byte of `cmp dword ptr \\[rbp-0x[0-9a-f]+\\], 0x1` \\(breakpoint 1, prog.c:10\\)$")
	if !re.MatchString(r.Stdout) {
		t.Errorf("no explained POKEDATA:\n%s", r)
	}
	if !strings.Contains(r.Stderr, "error: mechanics step needs the full screen") {
		t.Errorf("mechanics step not refused:\n%s", r)
	}
}
