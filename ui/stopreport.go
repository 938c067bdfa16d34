package ui

import (
	"tdb/debugger"
	"tdb/theme"
)

// A stop is reported in one place, ReportStop, whoever asked for it: a
// command typed or read by the batch front end, a key of the full screen
// (which runs the same command), and the full screen's own RunToMain at
// start and after a restart. So the `display` expressions print at every
// stop, once, after the stop line, in batch and on the screen alike.

// ReportStop prints what an execution request ended in: the exit line, or
// the stop line, the stop's note and then every display, evaluated in the
// selected frame of the new stop. It prints nothing for a reply with
// neither (an error, which the caller reports). Safe to call from any
// goroutine except the UI's (it waits for the engine).
func (c *Console) ReportStop(rep debugger.Reply) {
	switch {
	case rep.Exited != nil:
		c.p.Print(FormatExited(*rep.Exited))
	case rep.State != nil:
		c.p.Print(FormatStop(rep.State))
		if w := rep.State.Watch; w != nil {
			// gdb's "Old value = / New value =", one a line.
			c.p.Print("old value: " + w.Old)
			c.p.Print("new value: " + w.New)
		}
		for _, v := range rep.State.Returned {
			// Delve's "Values returned:", one a line, as print shows
			// them.
			c.p.Print("returned: " + FormatValueLine(v))
		}
		if rep.State.Note != "" {
			c.p.Print(rep.State.Note)
		}
		c.printDisplays()
	}
}

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
		return
	}
	// A console without displays (tests' fakes): the stop line alone.
	a.post(func() {
		switch {
		case rep.Exited != nil:
			a.log.add(FormatExited(*rep.Exited), theme.Text)
		case rep.State != nil:
			a.log.add(FormatStop(rep.State), theme.Text)
		}
	})
}
