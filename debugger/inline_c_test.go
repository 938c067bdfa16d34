package debugger

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// gcc -O2 inlines testdata/cinline's sq twice into main. gcc describes
// each copy with a DW_AT_entry_pc and ranges that start with an empty one
// at that pc: a breakpoint on sq goes on the first instruction of each
// copy's code (not on the empty range, where no inlined frame is), the
// backtrace shows sq inlined into main at each call line, and the first
// stop says the code is optimised, in C's terms.
func TestInlinedC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	bin := filepath.Join(t.TempDir(), "cinline")
	if out, err := exec.Command("gcc", "-g", "-O2", "-o", bin, fixture.Source("cinline", "prog.c")).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	s, err := Start(Config{Path: bin})
	if err != nil {
		t.Fatal(err)
	}
	tg := &target{t: t, s: s, end: make(chan struct{})}
	go func() {
		defer close(tg.end)
		for range s.Events() {
		}
	}()
	t.Cleanup(func() { s.Close(); <-tg.end })

	body := fixture.LineOf(t, "cinline", "prog.c", "marker: sq's body")
	calls := []int{fixture.LineOf(t, "cinline", "prog.c", "marker: first call"), fixture.LineOf(t, "cinline", "prog.c", "marker: second call")}
	if bp := tg.brk("sq"); len(bp.Addrs) != 2 {
		t.Fatalf("break sq: addresses %#x, want one in each of the 2 inlined copies", bp.Addrs)
	}
	for i, call := range calls {
		st := tg.stop(Continue{})
		if len(st.Frames) < 2 {
			t.Fatalf("stop %d at %s: frames %+v", i+1, where(st), st.Frames)
		}
		f0, f1 := st.Frames[0], st.Frames[1]
		if f0.Function != "sq" || !f0.Inlined || f0.Line != body || f1.Function != "main" || f1.Inlined || f1.Line != call || f1.PC != f0.PC {
			t.Errorf("stop %d: frames %+v, %+v; want sq at line %d inlined into main at line %d", i+1, f0, f1, body, call)
		}
		warned := strings.Contains(st.Note, "warning: main is optimised code (prog.c was compiled with optimisation)")
		if warned != (i == 0) {
			t.Errorf("stop %d: note %q, want the warning at the first stop only", i+1, st.Note)
		}
	}
}
