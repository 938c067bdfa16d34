package console

import (
	"tdb/debugger"
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
		watch := c.printDisplays()
		// The stop history keeps the stop with the displays as printed
		// (not read twice) and the args and locals (stops.go).
		c.recordStop(rep.State, nonEmpty(watch))
	}
}
