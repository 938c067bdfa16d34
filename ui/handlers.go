package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
)

// handleKey is the application's input capture: every key passes here
// first. Modal states come first so that global letters never steal
// typing: program input, then overlays, then the command line; then the
// key table, the narrowest scope first.
func (a *App) handleKey(ev *tcell.EventKey) *tcell.EventKey {
	// Space performs the operation mechanics step waits before: it
	// comes while a command runs, so it must not be kept behind it. In
	// step mode it is the mechanics' even between two pauses: a press
	// typed a moment early must not toggle a breakpoint instead.
	if isSpace(ev) && !a.inputMode && a.overlay == "" && a.app.GetFocus() != a.cmd.field &&
		(a.mech.waiting != nil || a.mechStepping()) {
		a.mechanicsNext()
		return nil
	}
	if a.keepKey(ev) {
		return nil
	}
	if a.inputMode {
		return a.handleInputKey(ev)
	}
	if a.overlay != "" {
		return a.handleOverlayKey(ev)
	}
	if ev.Key() == tcell.KeyCtrlC {
		// Never tview's default (quit): Ctrl+C interrupts the program,
		// whatever the config file bound to it.
		a.echoKey(ev, string(actInterrupt))
		a.doAction(a.keys.named(actInterrupt))
		return nil
	}
	if a.app.GetFocus() == a.cmd.field {
		return a.cmd.handleKey(ev)
	}
	if a.lessonKey(ev) {
		return nil
	}
	if ev.Key() == tcell.KeyEscape {
		if a.gor.HasFocus() && a.gor.back() {
			return nil // out of an opened group, back to the groups
		}
		if a.busy > 0 && a.run != stateRunning {
			// A command still working on the stopped program (a big
			// value) is cancelled, as Ctrl+C does.
			a.eng.Interrupt()
		}
		if a.src.searching {
			a.src.searching, a.src.search = false, ""
		}
		a.log.endSearch()
		return nil
	}
	scopes := make([]scope, 0, 4)
	if a.src.searching || a.log.search != "" && a.log.HasFocus() {
		scopes = append(scopes, scopeSearch)
	}
	if f := a.app.GetFocus(); f == a.src || f == a.asm {
		scopes = append(scopes, scopeSource)
	}
	scopes = append(scopes, scopeGlobal, scopePane)
	if ka := a.keys.find(ev, scopes...); ka != nil {
		a.echoKey(ev, string(ka.name))
		a.doAction(ka)
	}
	return nil // panes take no other keys: nothing falls through to tview
}

// doAction runs one action of the key table: its handler, in the row.
func (a *App) doAction(ka *keyAction) {
	// mistyped lasts one key: this key's handler sees the last key's.
	a.lastMistyped, a.mistyped = a.mistyped, false
	ka.run(a)
}

// The handlers of the key table's rows that are more than a call.

func (a *App) stepOutKey() {
	if a.outOfMain() {
		// Out of main is to the program's end: typed by mistake (the
		// f of "b fib" typed without its colon), it would lose the
		// session's state for nothing.
		a.log.add("f steps out of a function, and main has no caller: c continues to the end, :b fib (with the colon) sets a breakpoint", theme.Warning)
		a.mistyped = true
		return
	}
	a.execKey("stepout")
}

func (a *App) runToCursor() {
	file, line, addr := a.src.cursorLoc()
	if a.asm.HasFocus() {
		file, line, addr = "", 0, a.asm.cursorAddr()
	}
	switch {
	case file != "":
		a.execKey(fmt.Sprintf("continue %s:%d", file, line))
	case addr != 0:
		a.execKey(fmt.Sprintf("continue *%#x", addr))
	}
}

func (a *App) interruptKey() {
	a.dropKept()
	if a.run == stateRunning || a.busy > 0 {
		a.eng.Interrupt()
	} else {
		a.log.add("the program is not running (q quits)", theme.Dim)
	}
}

// searchNext goes to the next match (dir 1) or the previous (-1) of the
// search in the Log, when it has the focus and a search, or the source.
func (a *App) searchNext(dir int) {
	if a.log.search != "" && a.log.HasFocus() {
		a.log.find(-dir) // the Log's next is older: up the page
		return
	}
	a.src.searchFrom(a.src.cursor+dir, dir)
}

func (a *App) showExecLine() {
	if a.viewing() > 0 && (a.historian() == nil || !a.historian().Replay() || a.browsing()) {
		a.runCommand(".") // back to the present (stops_view.go)
		return
	}
	// The execution line is frame 0's, whichever frame is selected.
	if st := a.state; st != nil && len(st.Frames) > 0 {
		a.src.showFrame(st.Frames[0])
		if a.asm.shown() {
			a.asm.showPC(st.Frames[0].PC)
		}
	}
	if a.layout.code == codeAsm {
		a.app.SetFocus(a.asm)
		return
	}
	a.app.SetFocus(a.src)
}

// frameStep selects the caller (1) or the callee (-1) of the selected frame.
func (a *App) frameStep(d int) {
	if a.state != nil {
		a.selectFrame(a.state.SelectedFrame + d)
	}
}

func (a *App) addWatchKey() {
	a.cmd.open(":")
	a.cmd.field.SetText("display ")
}

// moveIn applies act to p when p has the focus (keys of one pane).
func (a *App) moveIn(p pane, act action) {
	if p.HasFocus() {
		p.move(act)
	}
}

func (a *App) zoomKey() {
	if p, ok := a.app.GetFocus().(pane); ok {
		a.layout.zoom(p)
	}
}

func (a *App) toggleMechanics() {
	a.mechOn = !a.mechOn
	if a.mechOn {
		a.runCommand("mechanics on")
	} else {
		a.runCommand("mechanics off")
	}
}

func (a *App) inputKey() {
	if a.lastMistyped {
		return // the i of "b fib": see mistyped
	}
	if a.run != stateRunning && a.run != stateStopped {
		a.log.add("the program is not running: nothing reads what you type (r restarts it, : runs a command)", theme.Warning)
		return
	}
	a.inputMode = true
}

func (a *App) quitKey() {
	if a.run == stateRunning || a.busy > 0 {
		a.confirmQuit()
	} else {
		a.quit()
	}
}

// outOfMain says the selected frame is main's (Go's main.main, C's main):
// stepping out of it runs the program to its end.
func (a *App) outOfMain() bool {
	st := a.state
	if st == nil || a.run != stateStopped || st.SelectedFrame+1 >= len(st.Frames) {
		return false
	}
	caller := st.Frames[st.SelectedFrame+1].Function
	return caller == "runtime.main" || strings.HasPrefix(caller, "__libc_start")
}

// restart starts the program again and runs it to main, as at start.
func (a *App) restart() {
	if a.refuseInView() {
		return
	}
	if a.run == stateRunning || a.busy > 0 {
		a.log.add("the program is running: Ctrl+C interrupts it first", theme.Warning)
		return
	}
	a.log.add("(tdb) restart", theme.Command)
	a.busy++
	a.goSafe(func() {
		_, err := a.con.Exec("restart")
		var rep debugger.Reply
		if err == nil {
			rep = <-a.eng.Send(debugger.RunToMain{})
			a.reportStop(rep)
		}
		a.post(func() {
			a.busy--
			if rep.Err != nil {
				a.log.add("error: "+rep.Err.Error(), theme.Error)
			}
			a.refreshBreakpoints()
			a.replayKeys()
		})
	})
}

// cycleFocus moves the focus to the next (or previous) pane.
func (a *App) cycleFocus(forward bool) {
	if a.layout.zoomed != nil {
		return
	}
	cur := 0
	for i, p := range a.panes {
		if p.HasFocus() {
			cur = i
		}
	}
	n := len(a.panes)
	if forward {
		cur = (cur + 1) % n
	} else {
		cur = (cur + n - 1) % n
	}
	a.app.SetFocus(a.panes[cur])
}

// handleMouse lets overlays and program input keep the mouse away from
// the panes; otherwise tview routes it to the pane under the pointer.
func (a *App) handleMouse(ev *tcell.EventMouse, act tview.MouseAction) (*tcell.EventMouse, tview.MouseAction) {
	if a.inputMode {
		return nil, act
	}
	return ev, act
}
