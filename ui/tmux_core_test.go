package ui

import (
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestTmuxCore (issue 16): the full screen on a kernel's core file opens
// at the crash, with the source, the backtrace and the locals of the
// crashing frame; a step key says the core cannot run, and q leaves at
// once (nothing runs, so nothing to confirm).
func TestTmuxCore(t *testing.T) {
	bin := fixture.Build(t, "ccore")
	core := fixture.KernelCore(t, bin, nil, "segv")
	ts := startTmux(t, 120, 40, "core", bin, core)
	s := ts.waitText("stopped at prog.c:53 [signal SIGSEGV]")
	for _, want := range []string{"*null = local + p->x;", "#4  main prog.c:69", "mode = ", `"segv"`} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q on the screen:\n%s", want, s)
		}
	}
	ts.send("n")
	ts.waitText("error: a core file cannot run")
	ts.send("q")
	ts.waitFor("tdb to exit", func(string) bool {
		_, err := ts.tmux("has-session")
		return err != nil
	})
}
