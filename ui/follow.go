package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// A follower's screen (tdb follow SOCKET, issue 16) is the replay screen
// fed from a shared session's socket: the stops go into the console's
// history as they come and the panes move to each new one unless the user
// browses the history; the session's Log lines, program output and
// mechanics go to this screen's Log and Mechanics panes. The follower's
// own commands (history N, bt, print of a recorded value, layout) run
// here; execution commands are refused, since only the session runs the
// program.

// RunFollow runs the full screen following the session that stream is
// connected to, until the user quits. socket is the path it came from.
func RunFollow(stream *console.Stream, socket string, opts Options) error {
	defer stream.Close()
	return runScreen(opts, "", func(a *App) { a.wireFollow(stream, socket) })
}

// wireFollow gives a a follower console and no program.
func (a *App) wireFollow(stream *console.Stream, socket string) {
	h := console.NewStopHistory(stream.Program)
	con := console.NewFollower(h, socket, uiPrinter{a})
	con.SetScreen(screenViews{a})
	a.con = con
	a.eng = viewEngine{engine: replayEngine{events: make(chan debugger.Event)}, h: con}
	a.replayFile = socket
	a.stream = stream
}

// follower is the console as a follower's screen uses it.
func (a *App) follower() *console.Console {
	c, _ := a.con.(*console.Console)
	return c
}

// browsing says a follower shows an older stop than the session's newest.
func (a *App) browsing() bool {
	c := a.follower()
	return a.stream != nil && c != nil && c.Browsing()
}

// followHint is the status bar's text on a follower's screen.
func (a *App) followHint() string {
	if a.viewing() == 0 && a.streamEnded == "" {
		return fmt.Sprintf("following %s: no stop yet (read-only)", a.replayFile)
	}
	if a.streamEnded != "" {
		return fmt.Sprintf("history #%d (%s; read-only)", a.viewing(), a.streamEnded)
	}
	if a.browsing() {
		return fmt.Sprintf("history #%d (browsing; . returns to the present)", a.viewing())
	}
	if a.followRun != "" {
		return fmt.Sprintf("following %s: %s (read-only)", a.replayFile, a.followRun)
	}
	s := fmt.Sprintf("following %s: #%d", a.replayFile, a.viewing())
	if f, ok := a.selectedFrame(); ok && f.File != "" {
		s += fmt.Sprintf(" at %s:%d", baseName(f.File), f.Line)
	}
	return s + " (read-only)"
}

// followHints are the status bar's keys on a follower's screen: the
// history's, not the execution keys it refuses.
func (a *App) followHints() string {
	var hs []string
	add := func(act action, label string) {
		if k := a.keys.keysFor(act); len(k) > 0 {
			hs = append(hs, k[0]+" "+label)
		}
	}
	add(actHistoryBack, "back")
	add(actHistoryFwd, "forward")
	if a.browsing() {
		add(actExecLine, "present")
	}
	for _, act := range []action{actCommandLine, actHelp, actQuit} {
		if h := keyHint(a.keys, act); h != "" {
			hs = append(hs, h)
		}
	}
	return strings.Join(hs, "  ")
}

// startFollow opens the follower's screen and reads the session's stream
// on a worker until it ends or the screen quits.
func (a *App) startFollow(cmds []string) {
	a.log.add(fmt.Sprintf("following the session at %s (read-only: history N, { } and . move; execution is the session's)", a.replayFile), theme.Text)
	a.showSide(a.stops)
	a.log.add("tdb: press ? for help, : for commands", theme.Dim)
	st, con := a.stream, a.follower()
	a.goSafe(func() {
		<-a.ctx.Done()
		st.Close() // ends the reader's Next
	})
	a.goSafe(func() {
		dropped := false
		// Stops that come faster than the screen takes them are drawn
		// once: one update waits at a time, and moves to the newest.
		var posted, moved atomic.Bool
		for {
			m, err := st.Next()
			if err != nil {
				if a.ctx.Err() != nil || dropped {
					return
				}
				msg := "the session at " + a.replayFile + " closed the connection (it ended, or dropped this follower)"
				if !errors.Is(err, io.EOF) {
					msg = "lost the session at " + a.replayFile + ": " + err.Error()
				}
				a.post(func() { a.log.add(msg, theme.Warning); a.run, a.streamEnded = stateEnded, "disconnected" })
				return
			}
			switch {
			case m.Stop != nil:
				if con.FollowerPut(m.Stop) {
					moved.Store(true)
				}
				if posted.Swap(true) {
					break
				}
				a.post(func() {
					posted.Store(false)
					a.followRun = ""
					if moved.Swap(false) {
						a.syncView()
						a.refreshSide()
					}
					a.stops.refresh()
				})
			case m.Run == console.RunStopped:
				a.post(func() { a.followRun = "" })
			case m.Run != "":
				// Checked as the update is made: a stop read after
				// this run began may have been drawn by an update
				// posted before it.
				run, after := m.Run, m.After
				a.post(func() {
					if last := con.Stops().Last(); last == nil || after >= last.N {
						a.followRun = run
					}
				})
			case m.Log != nil:
				l := *m.Log
				a.post(func() { a.log.add(l.Text, theme.Role(l.Role)) })
			case m.Output != "":
				a.post(func() { a.log.addOutput([]byte(m.Output)) })
			case m.Mech != nil:
				mc := *m.Mech
				a.post(func() { a.mech.command(mc.Cmd); a.mech.add(mc.Op) })
			case m.Dropped != "":
				dropped = true
				a.post(func() {
					a.log.add(m.Dropped+" (tdb follow again to catch up)", theme.Warning)
					a.run, a.streamEnded = stateEnded, "dropped: fell behind"
				})
			case m.Bye != "":
				a.post(func() { a.log.add(m.Bye, theme.Warning); a.run, a.streamEnded = stateEnded, "the session ended" })
				return
			}
		}
	})
	a.runViewCommands(cmds, nil)
}
