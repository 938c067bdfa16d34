package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/source/fixture"
)

// TestLiveGdbSpellings: gdb's spellings work on the full screen's command
// line as in batch mode (one Console), and a display/x shows in the Watch
// pane as its expression's value, not as an error about "/x".
func TestLiveGdbSpellings(t *testing.T) {
	la := startLive(t, "values", 120, 60)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "values", "main.go", "// marker: all set")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys(':', "p/x u16", tcell.KeyEnter)
	la.waitLogCount(1, `^0xffff$`)
	la.keys(':', "whatis pp", tcell.KeyEnter)
	la.waitLogCount(1, `^type = \*main\.point$`)
	la.keys(':', "display/x u16", tcell.KeyEnter)
	la.waitLogCount(1, `^0: /x u16 = 0xffff$`)
	la.keys('W')
	s := la.waitText("u16 = 65535")
	if !strings.Contains(s, " Watch ") || strings.Contains(s, "(error:") {
		t.Errorf("the Watch pane does not show u16:\n%s", s)
	}
}
