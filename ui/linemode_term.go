package ui

import (
	"os"
	"strings"

	"github.com/gdamore/tcell/v2"
)

// LineModeTerminal reports why the terminal calls for the line mode
// instead of the screen: TERM=dumb (an editor's shell, a serial console),
// or a terminal whose terminfo entry cannot move the cursor (no cup) or
// that has no entry at all, where tcell cannot draw a screen. It returns
// "" when the screen can run. An unset TERM is left to the screen, which
// names the way out.
func LineModeTerminal() string {
	name := os.Getenv("TERM")
	switch name {
	case "":
		return ""
	case "dumb":
		return "TERM=dumb"
	}
	ti, err := tcell.LookupTerminfo(name)
	// tcell's loader refuses an entry without cup ("terminal not cursor
	// addressable", an unexported error): that is the case to name.
	if err != nil && !strings.Contains(err.Error(), "not cursor addressable") {
		return "no terminfo entry for TERM=" + name
	}
	if err != nil || ti.SetCursor == "" {
		return "TERM=" + name + " cannot move the cursor"
	}
	return ""
}
