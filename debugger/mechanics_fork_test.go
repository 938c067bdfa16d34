package debugger

import (
	"strings"
	"testing"
)

// TestMechanicsNameForkEvents: with mechanics on, the wait that reports a
// fork says so, and the child's release is shown, so a class sees why a
// forked child never meets the parent's breakpoints.
func TestMechanicsNameForkEvents(t *testing.T) {
	tg := launch(t, "forker", "fork")
	tg.do(SetMechanics{On: true})
	if rep := tg.do(Continue{}); rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("continue: %+v, want exit status 0", rep)
	}
	var lines []string
	tg.mu.Lock()
	tg.settle()
	for _, ev := range tg.evs {
		if m, ok := ev.(Mechanics); ok {
			lines = append(lines, m.Text)
		}
	}
	tg.mu.Unlock()
	all := strings.Join(lines, "\n")
	for _, want := range []string{"(fork event)", "fork child of tid"} {
		if !strings.Contains(all, want) {
			t.Errorf("no mechanics line says %q; got:\n%s", want, all)
		}
	}
}
