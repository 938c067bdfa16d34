package console

import (
	"fmt"
	"strings"

	"tdb/debugger"
)

// gdb's commands for running C programs: `handle` and `info signals` (the
// engine keeps the table, debugger/signals.go; these split the words and
// print its rows), `set breakpoint pending`, `set backtrace past-main`.

// handleActions are the flag words of handle; every other word names
// signals.
var handleActions = map[string]bool{"stop": true, "nostop": true, "print": true, "noprint": true,
	"pass": true, "nopass": true, "ignore": true, "noignore": true}

func cmdHandle(c *Console, args string) error {
	var req debugger.HandleSignals
	for _, w := range strings.Fields(args) {
		if lw := strings.ToLower(w); handleActions[lw] {
			req.Actions = append(req.Actions, lw)
		} else {
			req.Signals = append(req.Signals, w)
		}
	}
	return c.do(req).Err
}

func cmdInfoSignals(c *Console, args string) error {
	return c.do(debugger.SignalInfo{Signal: strings.TrimSpace(args)}).Err
}

// setPendingMode is gdb's `set breakpoint pending on|off|auto`. on keeps
// every break on an unknown function pending; off and auto (gdb's
// default, which asks, and in batch mode answers no) keep only a name a
// library the program needs defines.
func (c *Console) setPendingMode(arg string) error {
	switch arg {
	case "on":
		c.pendingOn = true
	case "off", "auto":
		c.pendingOn = false
	default:
		return fmt.Errorf("usage: set breakpoint pending on|off|auto")
	}
	return nil
}

// setPastMain is gdb's `set backtrace past-main on|off`.
func (c *Console) setPastMain(arg string) error {
	var on bool
	switch arg {
	case "on", "1", "yes":
		on = true
	case "off", "0", "no":
	default:
		return fmt.Errorf("usage: set backtrace past-main on|off")
	}
	return c.do(debugger.BacktracePastMain{On: on}).Err
}

// cmdUntil is gdb's until [LOC]: without LOC, next that never goes back
// into a loop; with LOC, run to LOC in this frame or to its return.
func cmdUntil(c *Console, args string) error {
	var loc debugger.Loc
	if args != "" {
		var err error
		if loc, err = c.locArg(args); err != nil {
			return err
		}
	}
	return c.execute(debugger.Until{Loc: loc})
}

// cmdAdvance is gdb's advance LOC: run to LOC in any frame, or to the
// current frame's return.
func cmdAdvance(c *Console, args string) error {
	if args == "" {
		return fmt.Errorf("advance needs a location: advance LOC")
	}
	loc, err := c.locArg(args)
	if err != nil {
		return err
	}
	return c.execute(debugger.Until{Loc: loc, Anywhere: true})
}
