package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/theme"
)

// statusBar is the bottom line: what the program is doing, on the left;
// the most useful keys for the focused pane, on the right.
type statusBar struct {
	*tview.Box
	a *App
}

func newStatusBar(a *App) *statusBar { return &statusBar{Box: tview.NewBox(), a: a} }

// text is the left part: "stopped at main.go:42", "running", "exited: status 3".
func (b *statusBar) text() (string, theme.Role) {
	a := b.a
	switch {
	case a.inputMode:
		return "INPUT: keys go to the program (Esc gives them back)", theme.StatusRunning
	case a.viewing() > 0 || a.stream != nil:
		return a.viewHint(), theme.StatusRunning
	case a.run == stateRunning:
		return "running (Ctrl+C interrupts)", theme.StatusRunning
	case a.run == stateExited && a.exited != nil:
		return a.exited.String(), theme.StatusExited
	case a.run == stateDetached:
		return "detached", theme.StatusExited
	case a.run == stateEnded:
		return "session ended", theme.StatusExited
	case a.run == stateStopped && a.state != nil:
		st := a.state
		f, _ := a.selectedFrame()
		where := fmt.Sprintf("%#x", f.PC)
		if f.File != "" {
			where = fmt.Sprintf("%s:%d", baseName(f.File), f.Line)
		}
		s := "stopped at " + where
		if st.SelectedFrame > 0 {
			s += fmt.Sprintf(" (frame #%d)", st.SelectedFrame)
		}
		if st.Reason.Kind != "" && st.Reason.Kind != "step" && st.Reason.Kind != "entry" {
			s += " [" + st.Reason.String() + "]"
		}
		return s, theme.Status
	}
	return "starting", theme.Status
}

// hints are the keys worth showing for the focused pane.
func (b *statusBar) hints() string {
	a := b.a
	if a.inputMode || a.overlay != "" {
		return ""
	}
	if a.cmd.field.HasFocus() { // not app.GetFocus: Draw runs under the app lock
		return "Enter run  Tab complete  Up/Down history  Esc leave"
	}
	if a.stream != nil {
		return a.followHints()
	}
	if a.run == stateExited || a.run == stateDetached || a.run == stateEnded {
		return keyHint(a.keys, actRestart) + "  " + keyHint(a.keys, actCommandLine) + "  " + keyHint(a.keys, actQuit)
	}
	scopes := []scope{}
	if a.src.searching {
		scopes = append(scopes, scopeSearch)
	}
	if a.src.HasFocus() {
		scopes = append(scopes, scopeSource)
	}
	scopes = append(scopes, scopeGlobal)
	return strings.Join(a.keys.hints(scopes...), "  ")
}

func (b *statusBar) Draw(screen tcell.Screen) {
	x, y, w, _ := b.GetRect()
	th := b.a.th
	text, role := b.text()
	st := th.Style(role)
	fillRow(screen, x, y, w, th.Style(theme.Status))
	n := printCut(screen, x, y, w, " "+text+" ", st, b.a.gl.ellipsis)
	hints := b.hints()
	if e := b.a.pres.echo; e != "" {
		// Presenter mode: the key just pressed and what it did, where
		// the hints were, in the bar's loudest colours.
		e = " " + e + " "
		if room := w - n - 1; room >= len([]rune(e)) {
			printText(screen, x+w-len([]rune(e))-1, y, len([]rune(e)), e, th.Style(theme.StatusRunning).Bold(true))
		}
		return
	}
	// Hints go right-aligned, cut from the end when the line is short.
	room := w - n - 1
	for len(hints) > room && room > 0 {
		i := strings.LastIndex(hints, "  ")
		if i < 0 {
			hints = ""
			break
		}
		hints = hints[:i]
	}
	if room > 0 && hints != "" {
		printText(screen, x+w-len([]rune(hints))-1, y, len(hints), hints, th.Style(theme.Status))
	}
}

// keyHint is "KEY label" for the first key bound to act: its status-bar
// label, or its name when it has none ("r restart").
func keyHint(t *keyTable, act action) string {
	k := t.keysFor(act)
	ka := t.named(act)
	if len(k) == 0 || ka == nil {
		return ""
	}
	label := ka.hint
	if label == "" {
		label = string(ka.name)
	}
	return k[0] + " " + label
}
