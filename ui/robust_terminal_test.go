package ui

import (
	"strings"
	"testing"

	"tdb/debugger"
)

// Nothing the program prints is tdb markup or terminal control for tdb's
// screen: escape sequences are dropped, tview tags stay text, and the rest
// of the screen is untouched. The same holds for log messages, which may
// quote the program (a panic message, a path).
func TestProgramOutputIsInert(t *testing.T) {
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 100, 30)
	before := ta.draw()
	ta.apply(debugger.Output{Data: []byte("\x1b[2J\x1b[H[red]hi[-] [::b]bold?[::-] \x1b]0;pwned\x07\x1b[31mX\x1b[0m\x1b[999;999H\x07\n")})
	ta.apply(debugger.Output{Data: []byte("\x1b[?1049l\x1b[?25l[\"region\"]text[\"\"]\r\n")})
	ta.apply(debugger.Log{Level: "warning", Text: "panic: [blue]boom[-] \x1b[2J"})
	got := ta.draw()
	for _, want := range []string{"[red]hi[-] [::b]bold?[::-] X", `["region"]text[""]`, "panic: [blue]boom[-]"} {
		if !strings.Contains(got, want) {
			t.Errorf("the screen does not show %q as text:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("control characters reached the screen:\n%q", got)
	}
	// The panes around the log are still drawn where they were.
	for _, l := range strings.Split(before, "\n")[:3] {
		if !strings.Contains(got, strings.TrimSpace(l)) {
			t.Errorf("line %q of the screen before the output is gone:\n%s", l, got)
		}
	}
}
