package ui

import (
	"os/exec"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestTmuxMechanicsStep runs the real binary in tmux on cprog: M shows
// the Mechanics pane, the break's int3 is explained, and in mechanics
// step each Space performs one operation until the hit is on the screen,
// its rip rewind explained.
func TestTmuxMechanicsStep(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	ts := startTmux(t, 160, 45, "exec", fixture.Build(t, "cprog"))
	ts.waitText("prog.c")
	ts.send(":", "mechanics on", "Enter", ":", "b prog.c:10", "Enter", "M")
	ts.waitText("int3 replaces the first byte of")
	ts.send(":", "mechanics step", "Enter", "c")
	prev := ts.waitText("(Space performs it)")
	for i := 0; ; i++ {
		if i == 40 {
			t.Fatalf("no stop after 40 Spaces:\n%s", prev)
		}
		ts.send("Space")
		prev = ts.waitFor("the next operation", func(s string) bool {
			return s != prev && strings.Contains(s, "(Space performs it)") || strings.Contains(s, "stopped at prog.c:10")
		})
		if strings.Contains(prev, "stopped at prog.c:10") {
			break
		}
	}
	ts.waitText("the CPU already ran the int3: step rip back onto")
}
