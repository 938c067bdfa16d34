package ui

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
)

// mechState is the Mechanics pane's text and its count of performed
// operations, read on the UI goroutine.
func (la *liveApp) mechState() (text string, performed int, waiting bool) {
	la.onUI(func() {
		text = la.mech.Text()
		waiting = la.mech.waiting != nil
		for _, r := range la.mech.rows {
			if strings.HasPrefix(r.text, "  ") && !strings.HasPrefix(r.text, "      ") {
				performed++
			}
		}
	})
	return
}

// TestScreenMechanicsPane: on cprog, the Mechanics pane groups each
// operation under the command that caused it (a typed break, a gutter
// click, a continue) with its explanation below it; in mechanics step
// each Space performs exactly one operation and shows the next, and
// mechanics run lets the continue finish at the breakpoint.
func TestScreenMechanicsPane(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	la := startLive(t, "cprog", 140, 40)
	run := func(line string) { la.onUI(func() { la.runCommand(line) }) }
	run("mechanics on")
	la.idle()
	run("break prog.c:10")
	la.idle()
	file := ""
	la.onUI(func() {
		if la.state != nil {
			file = la.state.File
		}
	})
	la.onUI(func() { la.toggleBreakpointAt(file, 18) })
	la.keys('M')
	la.waitFor("the gutter click's group", func(string) bool {
		text, _, _ := la.mechState()
		return strings.Contains(text, "gutter click: toggle breakpoint prog.c:18\n  ptrace ")
	})
	text, _, _ := la.mechState()
	i := strings.Index(text, "▸ break prog.c:10\n")
	j := strings.Index(text, "▸ gutter click")
	if i < 0 || j < i {
		t.Fatalf("no group for the break before the gutter click's:\n%s", text)
	}
	if group := text[i:j]; !strings.Contains(group, "-> cc (breakpoint 1)\n      int3 replaces the first byte of `") ||
		!strings.Contains(group, "(breakpoint 1, prog.c:10)") {
		t.Errorf("the break's group does not explain its int3:\n%s", group)
	}

	run("mechanics step")
	la.idle()
	run("continue")
	la.waitFor("the first pause", func(s string) bool {
		_, _, waiting := la.mechState()
		return waiting && strings.Contains(s, "next: ptrace")
	})
	// The hit takes four operations (CONT, wait4, GETREGS, SETREGS):
	// three Spaces leave the fourth waiting.
	for k := 0; k < 3; k++ {
		_, before, _ := la.mechState()
		la.keys(' ')
		deadline := time.Now().Add(20 * time.Second)
		for {
			_, n, waiting := la.mechState()
			if n > before && waiting {
				if n != before+1 {
					t.Fatalf("Space %d performed %d operations", k+1, n-before)
				}
				break
			}
			if time.Now().After(deadline) {
				text, _, _ := la.mechState()
				t.Fatalf("Space %d: performed %d, want %d:\n%s\n%s", k+1, n, before+1, text, la.text())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// Ctrl+C returns to full speed: the continue ends at its hit.
	la.keys(tcell.KeyCtrlC)
	stoppedAt := func(seq int) func(string) bool {
		return func(string) bool {
			stopped := false
			la.onUI(func() { stopped = la.state != nil && la.state.Seq > seq && la.state.Line == 10 && la.busy == 0 })
			return stopped
		}
	}
	la.waitFor("the stop at line 10", stoppedAt(0))
	text, _, waiting := la.mechState()
	if waiting {
		t.Error("still waiting after Ctrl+C")
	}
	seq := 0
	la.onUI(func() { seq = la.state.Seq })
	// And mechanics run, typed while the next continue waits.
	run("mechanics step")
	la.idle()
	run("continue")
	la.waitFor("the second pause", func(string) bool {
		_, _, waiting := la.mechState()
		return waiting
	})
	run("mechanics run")
	la.waitFor("fact(4)'s stop at line 10", stoppedAt(seq))
	c := strings.LastIndex(text, "▸ continue\n")
	if c < 0 {
		t.Fatalf("no group for the continue:\n%s", text)
	}
	if g := text[c:]; !strings.Contains(g, "  ptrace CONT ") || !strings.Contains(g, "the CPU already ran the int3: step rip back onto the instruction") {
		t.Errorf("the continue's group lacks its CONT or the rip rewind:\n%s", g)
	}
}

// TestMechanicsRowsWrap: an explanation wider than the pane is folded at
// spaces, no row wider than the pane, no word lost.
func TestMechanicsRowsWrap(t *testing.T) {
	row := mechRow{text: "      int3 replaces the first byte of `cmp dword ptr [rbp-0x4], 0x1` (breakpoint 1, prog.c:10)"}
	for _, w := range []int{30, 40, 57, 200} {
		got := wrapRows([]mechRow{row}, w)
		var words []string
		for _, r := range got {
			if n := len([]rune(r.text)); n > w {
				t.Errorf("width %d: row %q is %d wide", w, r.text, n)
			}
			words = append(words, strings.Fields(r.text)...)
		}
		if strings.Join(words, " ") != strings.Join(strings.Fields(row.text), " ") {
			t.Errorf("width %d: words changed: %v", w, got)
		}
	}
}
