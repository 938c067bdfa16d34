package console

import (
	"errors"
	"fmt"

	"tdb/debugger"
)

// Mechanics step mode's commands (issue 15). The engine pauses inside a
// command (a continue), so the release cannot wait behind it: it goes to
// the session's step gate directly, never through a request.
//
// Batch and line mode run one command at a time: a paused continue would
// wait for a `mechanics next` that can never be read. They refuse step
// mode; the full screen (AllowMechanicsStep) reads Space while the
// command runs.

// AllowMechanicsStep says the front end can release step mode's pauses
// while a command runs.
func (c *Console) AllowMechanicsStep() { c.stepOK = true }

// live is the running session, nil in a replay.
func (c *Console) live() *debugger.Session {
	if r, ok := c.s.(router); ok {
		return r.live
	}
	return nil
}

// stepMechanics turns step mode on or off on the live session.
func (c *Console) stepMechanics(on bool) {
	if s := c.live(); s != nil {
		s.MechanicsStep(on)
	}
}

// explainer is the batch printer's part `mechanics explain` sets.
type explainer interface{ SetExplain(on bool) }

// SetExplain turns the explanation lines on or off.
func (p *BatchPrinter) SetExplain(on bool) { p.explain.Store(on) }

func cmdMechanicsStep(c *Console, args string) error {
	s := c.live()
	switch args {
	case "step", "run", "next":
	case "explain on", "explain off":
		e, ok := c.p.(explainer)
		if !ok {
			return errors.New("the Mechanics pane (key M) always explains each operation")
		}
		e.SetExplain(args == "explain on")
		c.p.Print("mechanics " + args)
		return nil
	default:
		return fmt.Errorf("usage: mechanics on|off|step|run|next|explain on|off")
	}
	if s == nil {
		return errNoProgram
	}
	switch args {
	case "step":
		if !c.stepOK {
			return errors.New("mechanics step needs the full screen: here each command runs to its end before the next is read")
		}
		if !s.MechanicsStepping() {
			if rep := c.do(debugger.SetMechanics{On: true}); rep.Err != nil {
				return rep.Err
			}
		}
		s.MechanicsStep(true)
		c.p.Print("mechanics step: tdb pauses before each ptrace operation; Space performs it, mechanics run returns to full speed")
	case "run":
		s.MechanicsStep(false)
		c.p.Print("mechanics run: full speed")
	case "next":
		if !s.MechanicsNext() {
			return errors.New("no operation is waiting (mechanics step pauses the next command before each one)")
		}
	}
	return nil
}
