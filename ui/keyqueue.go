package ui

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/theme"
)

// Keys typed while tdb runs the program from its entry stop to main (a
// second or more for a big binary) are kept and handled, in order, once
// the first stop is on the screen: refused then ("the program is
// running"), a newcomer's first n or b would be lost. A kept key that
// starts an execution command holds the rest back until its stop.

// maxKeptKeys bounds the keys kept: a key held down for a minute does
// not grow the queue for ever.
const maxKeptKeys = 256

// keepKey reports whether ev is kept for later: while starting, and
// behind keys already kept, so that order holds. Ctrl+C acts at once (it
// interrupts the run to main). UI goroutine only.
func (a *App) keepKey(ev *tcell.EventKey) bool {
	if a.replaying || ev.Key() == tcell.KeyCtrlC {
		return false
	}
	waits := a.finishing(ev)
	switch {
	case a.starting:
	case len(a.kept) == 0 && !waits:
		return false
	case a.run == stateRunning && !waits:
		// A key kept while our command runs (see finishing) does not
		// hold back the quit question, its answer, a pane's key or
		// Ctrl+Z: the run may be long.
		return false
	}
	if waits && a.run == stateRunning && len(a.kept) == 0 {
		a.log.add("the program is running: the key waits for its stop (Ctrl+C drops it)", theme.Dim)
	}
	if len(a.kept) < maxKeptKeys {
		a.kept = append(a.kept, ev)
	}
	return true
}

// replayKeys handles the kept keys as tview would have: the key table
// first, then the focused widget (the command line's field takes typed
// text). It stops while an execution command runs; runCommand's
// completion calls it again. UI goroutine only.
//
// While the program runs, only an execution key waits (for the stop the
// start or an earlier kept key is heading to); the others act at once,
// as they would typed then: an attached program may run on and never
// stop, and its q or Ctrl+Z must not wait for ever
// (TestTmuxAttachJobShell).
func (a *App) replayKeys() {
	for !a.starting && len(a.kept) > 0 && a.busy == 0 {
		ev := a.kept[0]
		if a.run == stateRunning && a.runsProgram(ev) {
			return
		}
		a.kept = a.kept[1:]
		a.replaying = true
		rest := a.handleKey(ev)
		a.replaying = false
		if rest == nil {
			continue
		}
		if p := a.app.GetFocus(); p != nil {
			if h := p.InputHandler(); h != nil {
				h(rest, func(p tview.Primitive) { a.app.SetFocus(p) })
			}
		}
	}
}

// finishing reports whether ev must wait for a command still finishing
// on the stopped program: its stop is on the screen while the command
// still reads its displays or values, and an execution key or q typed
// then was refused ("the program is running") or asked whether to kill a
// running program (TestTmuxNoHomeOneByOne, once in a loaded CI run; n n
// typed fast lost the second n). They wait for it instead, in order, as a
// terminal's typeahead does under gdb. Keys that move in a pane act at
// once, as do keys meant for the command line, an overlay or the program.
//
// While our own command runs the program, an execution key waits too: n
// n typed at once let the first n's running event reach the screen
// between the two, and the second was refused (a loaded CI run of
// TestLiveKeysWhileCommandFinishes). So does q behind a step (n, s, f,
// S), which ends soon: n q quits after the step rather than asking to
// kill a running program. Behind c, which may run for ever, q asks at
// once. Ctrl+C drops what waits.
func (a *App) finishing(ev *tcell.EventKey) bool {
	if a.busy == 0 || a.typing() {
		return false
	}
	if a.runsProgram(ev) {
		return true
	}
	act, _ := a.keys.lookup(ev, scopeGlobal)
	return act == actQuit && (a.run != stateRunning || a.stepping)
}

// typing: keys go to the program, an overlay or the command line.
func (a *App) typing() bool {
	return a.inputMode || a.overlay != "" || a.app.GetFocus() == a.cmd.field
}

// dropKept forgets the kept keys (Ctrl+C), saying so.
func (a *App) dropKept() {
	if n := len(a.kept); n > 0 {
		a.kept = nil
		what := "keys"
		if n == 1 {
			what = "key"
		}
		a.log.add(fmt.Sprintf("%d typed %s dropped", n, what), theme.Dim)
	}
}

// runsProgram reports whether ev runs the program (continue, next, step, ...).
func (a *App) runsProgram(ev *tcell.EventKey) bool {
	act, _ := a.keys.lookup(ev, scopeSource, scopeGlobal)
	switch act {
	case actContinue, actNext, actStep, actStepOut, actStepInstr, actRunToCursor, actRestart:
		return true
	}
	return false
}
