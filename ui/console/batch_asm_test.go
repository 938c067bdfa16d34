package console

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// unitsAfter returns the units x/8xb printed on the line starting with the
// first match of addrRE: "0x48 0x83 ...".
func unitsAfter(t *testing.T, out, addrRE string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + addrRE + `[^:]*:((?:\t0x[0-9a-f]{2})+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no x/8xb line at %s in:\n%s", addrRE, out)
	}
	return strings.Join(strings.Fields(m[1]), " ")
}

// TestBatchExamineRaw: at a breakpoint in C, x/8xb $pc shows what gdb's
// x/8xb $pc shows (the program's bytes), and x/8xb -raw $pc the same with
// tdb's 0xCC first; x -raw ADDR N too. layout and memory, which need the
// screen, each say so in one line and fail the batch.
func TestBatchExamineRaw(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	bin := fixture.Build(t, "cprog")
	r := batch(t, bin, "break fact", "continue", "x/8xb $pc", "x/8xb -raw $pc", "x -raw $pc 8", "layout split", "memory &n")
	plain := unitsAfter(t, r.Stdout, `0x[0-9a-f]+`)
	lines := regexp.MustCompile(`(?m)^0x[0-9a-f]+:\t.*$`).FindAllString(r.Stdout, -1)
	if len(lines) != 2 {
		t.Fatalf("want two x/8xb lines:\n%s", r)
	}
	raw := strings.Join(strings.Fields(strings.SplitN(lines[1], ":", 2)[1]), " ")
	if raw != "0xcc"+plain[4:] || plain[:4] == "0xcc" {
		t.Errorf("x/8xb -raw $pc: %s; x/8xb $pc: %s", raw, plain)
	}
	if !regexp.MustCompile(`(?m)^0x[0-9a-f]+: cc( [0-9a-f]{2}){7} `).MatchString(r.Stdout) {
		t.Errorf("x -raw $pc 8 shows no 0xCC:\n%s", r)
	}
	errs := strings.Split(strings.TrimSpace(r.Stderr), "\n")
	if r.Status != 1 || len(errs) != 2 || !strings.HasPrefix(errs[0], "error: layout arranges the full screen's panes") ||
		!strings.HasPrefix(errs[1], "error: memory opens the full screen's Memory pane") {
		t.Errorf("layout and memory in batch: want two error lines and status 1:\n%s", r)
	}
	if _, err := exec.LookPath("gdb"); err != nil {
		return
	}
	out, err := exec.Command("gdb", "-batch", "-nx", "-ex", "break fact", "-ex", "run", "-ex", "x/8xb $pc", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	if g := unitsAfter(t, string(out), `0x[0-9a-f]+ <fact\+\d+>`); g != plain {
		t.Errorf("x/8xb $pc: tdb %s, gdb %s", plain, g)
	}
}
