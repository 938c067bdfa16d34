package ui

import (
	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// stopReporter is the part of *Console the full screen reports its own
// stops through.
type stopReporter interface{ ReportStop(rep debugger.Reply) }

// reportStop reports a stop the App asked the engine for itself (not
// through a command line). It runs on a worker goroutine: the displays
// are evaluated by the engine. The lines reach the Log through posts, so
// they come before anything the caller posts afterwards.
func (a *App) reportStop(rep debugger.Reply) {
	if r, ok := a.con.(stopReporter); ok {
		r.ReportStop(rep)
		// The console recorded the stop: the History pane lists it.
		a.post(func() {
			if a.layout.side == a.stops {
				a.stops.refresh()
			}
		})
		return
	}
	// A console without displays (tests' fakes): the stop line alone.
	a.post(func() {
		switch {
		case rep.Exited != nil:
			a.log.add(console.FormatExited(*rep.Exited), theme.Text)
		case rep.State != nil:
			a.log.add(console.FormatStop(rep.State), theme.Text)
		}
	})
}
