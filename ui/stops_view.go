package ui

import (
	"errors"
	"fmt"

	"tdb/debugger"
	"tdb/source"
	"tdb/theme"
	"tdb/ui/console"
)

// The stop history on the screen (issue 15). The console owns the history
// and the view (`history N`); the screen shows what the console shows:
// its panes' requests go through viewEngine, which lets the console answer
// them from the record while a stop is shown, and syncView, run after each
// command and frame selection, swaps the panes' state between the present
// and the stop.

// historian is the part of *console.Console the history needs.
type historian interface {
	Viewing() (*console.StopRecord, int)
	Stops() *console.StopHistory
	AnswerInView(debugger.Request) (debugger.Reply, bool)
	Replay() bool
}

// viewEngine is the engine the panes talk to: the console's view first.
type viewEngine struct {
	engine
	h historian
}

func (e viewEngine) Send(r debugger.Request) <-chan debugger.Reply {
	if rep, ok := e.h.AnswerInView(r); ok {
		ch := make(chan debugger.Reply, 1)
		ch <- rep
		return ch
	}
	return e.engine.Send(r)
}

// Binary and Attached pass the session's own through (sourcePath, start).
func (e viewEngine) Binary() *source.Binary {
	if b, ok := e.engine.(binaryOf); ok {
		return b.Binary()
	}
	return nil
}

func (e viewEngine) Attached() bool {
	at, ok := e.engine.(interface{ Attached() bool })
	return ok && at.Attached()
}

// replayEngine stands for the program in `tdb replay`: there is none, so
// every request is the console's to answer, and no event ever comes.
type replayEngine struct{ events chan debugger.Event }

func (replayEngine) Send(debugger.Request) <-chan debugger.Reply {
	ch := make(chan debugger.Reply, 1)
	ch <- debugger.Reply{Err: errReplay}
	return ch
}
func (replayEngine) Interrupt()                      {}
func (replayEngine) WriteInput([]byte) error         { return errReplay }
func (e replayEngine) Events() <-chan debugger.Event { return e.events }

var errReplay = errors.New("a replay has no program")

// presentState is what the screen showed of the present when a stop of
// the history was put on it, to put back at `.`.
type presentState struct {
	state          *debugger.State
	prevRegs       map[string]uint64
	bps            []debugger.Breakpoint
	run            runState
	exited         *debugger.Exited
	locals, watch  varsBaseline
	shownN, shownF int
}

// varsBaseline is a value pane's changed-value memory.
type varsBaseline struct {
	prev, cur map[string]string
	prevStop  int
}

func (p *varsPane) baseline() varsBaseline { return varsBaseline{p.prev, p.cur, p.prevStop} }

func (p *varsPane) setBaseline(b varsBaseline) { p.prev, p.cur, p.prevStop = b.prev, b.cur, b.prevStop }

// historian returns the console's history, or nil (tests' fake consoles).
func (a *App) historian() historian {
	h, _ := a.con.(historian)
	return h
}

// viewing is the stop shown, 0 in the present.
func (a *App) viewing() int {
	if a.present == nil {
		return 0
	}
	return a.present.shownN
}

// syncView shows on the screen the stop the console's history shows, or
// the present again. UI goroutine only.
func (a *App) syncView() {
	h := a.historian()
	if h == nil {
		return
	}
	rec, frame := h.Viewing()
	switch {
	case rec == nil && a.present == nil:
		return
	case rec == nil:
		p := a.present
		a.present = nil
		a.state, a.prevRegs, a.bps, a.run, a.exited = p.state, p.prevRegs, p.bps, p.run, p.exited
		a.locals.setBaseline(p.locals)
		a.watch.setBaseline(p.watch)
		if a.state != nil {
			a.bt.follow(a.state)
			a.src.follow(a.state)
		}
		a.refreshSide()
		a.stops.refresh()
		return
	case a.present == nil:
		a.present = &presentState{state: a.state, prevRegs: a.prevRegs, bps: a.bps, run: a.run, exited: a.exited,
			locals: a.locals.baseline(), watch: a.watch.baseline()}
	case a.present.shownN == rec.N && a.present.shownF == frame:
		return
	}
	newStop := a.present.shownN != rec.N
	a.present.shownN, a.present.shownF = rec.N, frame
	st := *rec.State
	st.SelectedFrame = frame
	if newStop {
		// "Changed" means since the stop before this one in the history.
		before := h.Stops().Before(rec.N)
		a.prevRegs = map[string]uint64{}
		loc, wat := map[string]string{}, map[string]string{}
		if before != nil {
			for _, r := range before.State.Registers {
				a.prevRegs[r.Name] = r.Value
			}
			fn := ""
			if f := before.Frame; f >= 0 && f < len(before.State.Frames) {
				fn = before.State.Frames[f].Function
			}
			for _, v := range append(append([]debugger.Value(nil), before.Args...), before.Locals...) {
				loc[a.locals.openKey(fn, v)] = v.Value
			}
			for _, v := range before.Watch {
				if x, ok := console.DisplayExpr(v.Name); ok {
					v.Name = x
				}
				wat[a.watch.openKey(fn, v)] = v.Value
			}
		}
		a.locals.setBaseline(varsBaseline{prev: loc, cur: map[string]string{}, prevStop: st.Seq})
		a.watch.setBaseline(varsBaseline{prev: wat, cur: map[string]string{}, prevStop: st.Seq})
	}
	a.state, a.bps, a.run, a.exited = &st, st.Breakpoints, stateStopped, nil
	a.bt.follow(&st)
	a.src.follow(&st)
	a.refreshSide()
	a.stops.refresh()
}

// viewHint is the status bar's text while a stop of the history is shown.
func (a *App) viewHint() string {
	if a.stream != nil {
		return a.followHint()
	}
	s := fmt.Sprintf("history #%d (read-only)", a.viewing())
	if f, ok := a.selectedFrame(); ok && f.File != "" {
		s += fmt.Sprintf(" at %s:%d", baseName(f.File), f.Line)
	}
	if a.historian() != nil && a.historian().Replay() {
		return s + "  { } step (replay)"
	}
	return s + "  . present  { } step"
}

// refuseInView says why an execution key does nothing while a stop of the
// history is shown; it reports whether it did.
func (a *App) refuseInView() bool {
	if a.stream != nil {
		a.log.add((&console.FollowerError{Socket: a.replayFile}).Error(), theme.Warning)
		return true
	}
	n := a.viewing()
	if n == 0 {
		return false
	}
	if h := a.historian(); h != nil && h.Replay() {
		a.log.add(fmt.Sprintf("history #%d is read-only: a replay runs no program", n), theme.Warning)
		return true
	}
	a.log.add(fmt.Sprintf("history #%d is read-only: . returns to the present", n), theme.Warning)
	return true
}

// applyUnderView keeps an event about the live program, which arrives
// while a stop of the history is shown, for the present; it reports
// whether it did (the Log's events are shown as ever).
func (a *App) applyUnderView(ev debugger.Event) bool {
	p := a.present
	switch ev := ev.(type) {
	case debugger.Stopped:
		p.state, p.bps, p.run, p.exited = ev.State, ev.State.Breakpoints, stateStopped, nil
	case debugger.Running:
		p.run = stateRunning
	case debugger.Exited:
		p.run, p.exited, p.state = stateExited, &ev, nil
	case debugger.Detached:
		p.run, p.state = stateDetached, nil
	default:
		return false
	}
	return true
}

// runViewCommands runs the -ex commands of a screen with no engine of its
// own (replay, follow) off the UI goroutine, each shown in the Log as if
// typed, then runs then (if any) and the keys typed meanwhile.
func (a *App) runViewCommands(cmds []string, then func()) {
	a.busy++
	a.goSafe(func() {
		for _, c := range cmds {
			a.post(func() { a.log.add("(tdb) "+c, theme.Command) })
			quit, _ := a.con.Exec(c)
			if quit {
				a.post(a.quit)
				return
			}
			a.post(a.syncView)
		}
		a.post(func() {
			a.busy--
			if then != nil {
				then()
			}
			a.replayKeys()
		})
	})
}

// startReplay opens tdb replay's screen: what the file holds and lacks in
// the Log, the newest stop on the panes, then the -ex commands.
func (a *App) startReplay(cmds []string) {
	h := a.historian()
	a.log.add(console.ReplayIntro(h.Stops(), a.replayFile), theme.Text)
	for _, f := range h.Stops().MissingSources() {
		a.log.add(console.MissingSourceNote(f), theme.Warning)
	}
	a.showSide(a.stops)
	a.syncView()
	a.log.add("tdb: press ? for help, : for commands", theme.Dim)
	a.runViewCommands(cmds, a.openLesson)
}

// historyKey runs a history command for a key ({ and }). The commands of
// keys pressed in a row run one after another, in order, on one worker:
// each moves from the stop the one before showed.
func (a *App) historyKey(line string) {
	if a.histKeys == nil {
		a.histKeys = make(chan string, 64)
		a.goSafe(func() {
			for {
				select {
				case l := <-a.histKeys:
					a.con.Exec(l)
					a.post(func() {
						a.busy--
						a.syncView()
						a.replayKeys()
					})
				case <-a.ctx.Done():
					return
				}
			}
		})
	}
	select {
	case a.histKeys <- line:
		a.busy++
		a.log.add("(tdb) "+line, theme.Command)
	default: // 64 keys ahead: this one is dropped
	}
}
