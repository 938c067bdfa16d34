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
		// Never tview's default (quit): Ctrl+C interrupts the program.
		a.doAction(actInterrupt)
		return nil
	}
	if a.app.GetFocus() == a.cmd.field {
		return a.cmd.handleKey(ev)
	}
	if ev.Key() == tcell.KeyEscape {
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
	mistyped := a.mistyped
	a.mistyped = false
	switch act {
	case actContinue:
		a.execKey("continue")
	case actNext:
		a.execKey("next")
	case actStep:
		a.execKey("step")
	case actStepOut:
		if a.outOfMain() {
			// Out of main is to the program's end: typed by mistake
			// (the f of "b fib" typed without its colon), it would
			// lose the session's state for nothing.
			a.log.add("f steps out of a function, and main has no caller: c continues to the end, :b fib (with the colon) sets a breakpoint", theme.Warning)
			a.mistyped = true
			return
		}
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
		if a.log.search != "" && a.log.HasFocus() {
			a.log.find(-1) // the Log's next is older: up the page
			return
		}
		a.src.searchFrom(a.src.cursor+1, 1)
	case actSearchPrev:
		if a.log.search != "" && a.log.HasFocus() {
			a.log.find(1)
			return
		}
		a.src.searchFrom(a.src.cursor-1, -1)
	case actExecLine:
		if a.viewing() > 0 && (a.historian() == nil || !a.historian().Replay()) {
			a.runCommand(".") // back to the present (stops_view.go)
			return
		}
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
	case actShowHistory:
		a.showSide(a.stops)
	case actHistoryBack:
		a.historyKey("history -")
	case actHistoryFwd:
		a.historyKey("history +")
	case actToggleRight:
		a.toggleRight()
	case actSideNarrow:
		a.layout.adjust(-4, 0)
	case actSideWiden:
		a.layout.adjust(4, 0)
	case actLogTaller:
		a.layout.adjust(0, 2)
	case actLogShorter:
		a.layout.adjust(0, -2)
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
		if mistyped {
			return // the i of "b fib": see mistyped
		}
		if a.run != stateRunning && a.run != stateStopped {
			a.log.add("the program is not running: nothing reads what you type (r restarts it, : runs a command)", theme.Warning)
			return
		}
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
