package console

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// The values commands in batch mode, on testdata/values: the lines print,
// locals, args and display write, and a conditional breakpoint.
func TestBatchValues(t *testing.T) {
	bin := fixture.Build(t, "values")
	tick := fmt.Sprintf("main.go:%d", fixture.LineOf(t, "values", "main.go", "marker: tick"))
	r := batch(t, bin,
		"break "+tick+" if i == 42",
		"continue",
		"print i",
		"print sq + 1",
		"args",
		"locals",
		"display i * 2",
		"frame 1",
		"locals",
		"print nosuch",
		"condition 1 i == 50",
		"continue",
		"set i = 7",
		"print i",
	)
	if r.Status != 1 {
		t.Errorf("status %d, want 1 (print nosuch fails)\n%s", r.Status, r)
	}
	var got []string
	for _, l := range strings.Split(r.Stdout, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "=>") && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "checksum") {
			got = append(got, l)
		}
	}
	match(t, r, got,
		`Breakpoint 1 at 0x[0-9a-f]+: main.tick /.*values/main.go:\d+`,
		`stopped: breakpoint 1: main.tick at /.*values/main.go:\d+ \(pc 0x[0-9a-f]+, thread \d+, goroutine 1\)`,
		`42`,
		`1765`,
		`i = 42`,
		`~r0 = -?\d+`,
		`sq = 1764`,
		`0: i \* 2 = 84`,
		`hits = \d+`,
		`i = 42`,
		`Breakpoint 1 if i == 50`,
		`stopped: breakpoint 1: main.tick at /.*values/main.go:\d+ \(pc 0x[0-9a-f]+, thread \d+, goroutine 1\)`,
		`0: i \* 2 = 100`,
		`i = 7`,
		`7`,
	)
	if !strings.Contains(r.Stderr, `error: no variable "nosuch" in main.count`) {
		t.Errorf("no error for nosuch:\n%s", r)
	}
}

func TestBatchValuesC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	bin := fixture.Build(t, "cprog")
	r := batch(t, bin, "break fact if n == 3", "continue", "args", "print n * 10", "frame 1", "print n")
	if r.Status != 0 {
		t.Errorf("status %d\n%s", r.Status, r)
	}
	for _, want := range []string{"\nn = 3\n", "\n30\n", "\n4\n"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("no %q in the output\n%s", want, r)
		}
	}
}
