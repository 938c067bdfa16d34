package ui

import (
	"fmt"

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
	if a.inputMode {
		return a.handleInputKey(ev)
	}
	if a.overlay != "" {
		return a.handleOverlayKey(ev)
	}
	if ev.Key() == tcell.KeyCtrlC {
		// Never tview's default (quit): Ctrl+C interrupts the program.
		a.doAction(actInterrupt)
		return nil
	}
	if a.app.GetFocus() == a.cmd.field {
		return a.cmd.handleKey(ev)
	}
	if ev.Key() == tcell.KeyEscape {
		if a.src.searching {
			a.src.searching, a.src.search = false, ""
		}
		return nil
	}
	scopes := make([]scope, 0, 4)
	if a.src.searching {
		scopes = append(scopes, scopeSearch)
	}
	if a.app.GetFocus() == a.src {
		scopes = append(scopes, scopeSource)
	}
	scopes = append(scopes, scopeGlobal, scopePane)
	act, ok := a.keys.lookup(ev, scopes...)
	if !ok {
		return nil // panes take no other keys: nothing falls through to tview
	}
	a.doAction(act)
	return nil
}

// doAction runs one action of the key table.
func (a *App) doAction(act action) {
	switch act {
	case actContinue:
		a.execKey("continue")
	case actNext:
		a.execKey("next")
	case actStep:
		a.execKey("step")
	case actStepOut:
		a.execKey("stepout")
	case actStepInstr:
		a.execKey("stepi")
	case actToggleBP:
		a.src.toggleAtCursor()
	case actRunToCursor:
		file, line, addr := a.src.cursorLoc()
		switch {
		case file != "":
			a.execKey(fmt.Sprintf("continue %s:%d", file, line))
		case addr != 0:
			a.execKey(fmt.Sprintf("continue *%#x", addr))
		}
	case actInterrupt:
		if a.run == stateRunning || a.busy > 0 {
			a.eng.Interrupt()
		} else {
			a.log.add("the program is not running (q quits)", theme.Dim)
		}
	case actRestart:
		a.restart()
	case actSuspend:
		a.suspend()
	case actCommandLine:
		a.cmd.open(":")
	case actSearch:
		a.cmd.open("/")
	case actSearchNext:
		a.src.searchFrom(a.src.cursor+1, 1)
	case actSearchPrev:
		a.src.searchFrom(a.src.cursor-1, -1)
	case actExecLine:
		// The execution line is frame 0's, whichever frame is selected.
		if st := a.state; st != nil && len(st.Frames) > 0 {
			a.src.showFrame(st.Frames[0])
		}
		a.app.SetFocus(a.src)
	case actFrameUp:
		if a.state != nil {
			a.selectFrame(a.state.SelectedFrame + 1)
		}
	case actFrameDown:
		if a.state != nil {
			a.selectFrame(a.state.SelectedFrame - 1)
		}
	case actFocusNext, actFocusPrev:
		a.cycleFocus(act == actFocusNext)
	case actSideNext:
		a.cycleSide()
	case actShowRegs:
		a.showSide(a.regs)
	case actShowLocals:
		a.showSide(a.locals)
	case actShowWatch:
		a.showSide(a.watch)
	case actShowGor:
		a.showSide(a.gor)
	case actToggleRight:
		a.toggleRight()
	case actAddWatch:
		a.cmd.open(":")
		a.cmd.field.SetText("display ")
	case actPrintIdent:
		a.printIdentifier()
	case actRemoveWatch:
		if a.watch.HasFocus() {
			a.watch.move(act)
		}
	case actGorAll:
		if a.gor.HasFocus() {
			a.gor.move(act)
		}
	case actZoom:
		if p, ok := a.app.GetFocus().(pane); ok {
			a.layout.zoom(p)
		}
	case actMechanics:
		a.mechOn = !a.mechOn
		if a.mechOn {
			a.runCommand("mechanics on")
		} else {
			a.runCommand("mechanics off")
		}
	case actInput:
		a.inputMode = true
	case actHelp:
		a.showHelp()
	case actQuit:
		if a.run == stateRunning || a.busy > 0 {
			a.confirmQuit()
		} else {
			a.quit()
		}
	default:
		if p, ok := a.app.GetFocus().(pane); ok {
			p.move(act)
		}
	}
}

// restart starts the program again and runs it to main, as at start.
func (a *App) restart() {
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
