package ui

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/source/fixture"
)

// TestLiveLocalsC: the Locals and Watch panes show a C program's values
// as gdb prints them (gdb 13 at this line: info locals says
// grid = {{1, 2, 3}, {4, 5, 6}}, row = 0x7ffe..., msg = 0x... "hi\tthere";
// p *r the struct, display r->fl {a = 1, b = 5, c = 9}).
func TestLiveLocalsC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	la := startLive(t, "cgdb", 200, 50)
	la.waitText("stopped at prog.c:")
	line := fixture.LineOf(t, "cgdb", "prog.c", "marker: use")
	la.breakAndContinue(fmt.Sprintf("prog.c:%d", line))
	la.keys('L')
	s := la.waitText("grid = {{1, 2, 3}, {4, 5, 6}}")
	for _, want := range []string{`msg = 0x`, `"hi\tthere"`, "sc = -3 '\\375'", "us = 65535", "row = 0x"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in the Locals pane:\n%s", want, s)
		}
	}
	// An argument, a pointer: its address; expanded, the struct.
	found := false
	la.onUI(func() {
		for i, n := range la.locals.visible() {
			if n.v.Name == "r" {
				la.locals.cursor, found = i, true
			}
		}
		la.app.SetFocus(la.locals)
	})
	if !found {
		t.Fatalf("no r row:\n%s", la.text())
	}
	if s := la.text(); strings.Contains(s, "r = (struct rec *)") || !strings.Contains(s, "r = 0x") {
		t.Errorf("r is not shown as info args shows it, r = 0x...:\n%s", s)
	}
	la.keys(tcell.KeyEnter)
	// The pane is narrower than the struct: its rows' text, whole.
	var rows string
	la.waitFor("r expanded", func(string) bool {
		la.onUI(func() {
			var b strings.Builder
			for _, n := range la.locals.visible() {
				b.WriteString(la.locals.rowText(n) + "\n")
			}
			rows = b.String()
		})
		return strings.Contains(rows, "* = {")
	})
	if !strings.Contains(rows, `* = {name = "abc\000\000\000\000", s = 60, l = 70, col = BLUE, u = {i = 1094861636, f = 12.1414223, b = "DCBA"}, fl = {a = 1, b = 5, c = 9}, op = 0x`) ||
		!strings.Contains(rows, "<add>, next = 0x0}") {
		t.Errorf("r's pointee not in gdb's form:\n%s", rows)
	}
	la.idle()
	la.keys('w', "r->fl", tcell.KeyEnter)
	la.waitText("r->fl = {a = 1, b = 5, c = 9}")
	la.idle()
	la.keys('w', "r->u", tcell.KeyEnter)
	la.waitText(`r->u = {i = 1094861636, f = 12.1414223, b = "DCBA"}`)
}
