package ui

import (
	"strings"
	"testing"

	"tdb/debugger"
	"tdb/source/fixture"
)

// TestScreenHitCountConditionMark: a breakpoint with only a hit-count
// condition (condition -hitcount N > 2) is conditional too: its gutter
// mark is the conditional one, like a breakpoint with an expression.
func TestScreenHitCountConditionMark(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 80, 24)
	st := fibState(t, 1, 1)
	src := fixture.Source("fib", "main.go")
	line := fixture.LineOf(t, "fib", "main.go", "return a + b")
	st.Breakpoints = []debugger.Breakpoint{{ID: 3, File: src, Line: line, Enabled: true, HitCond: "> 2"}}
	ta.apply(debugger.Stopped{State: st})
	s := ta.draw()
	var row string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "return a + b") {
			row = l
		}
	}
	if !strings.ContainsRune(row, ta.gl.bpCond) || strings.ContainsRune(row, ta.gl.bp) {
		t.Errorf("the line of a hit-count breakpoint has no conditional mark %c:\n%s", ta.gl.bpCond, row)
	}
}
