package console

import (
	"errors"
	"strings"
)

// presenter is the printer's part `present on|off` drives: the full
// screen's (presenter mode, issue 15). Batch and line mode have none.
type presenter interface{ SetPresent(on bool) }

func cmdPresentMode(c *Console, args string) error {
	var on bool
	switch strings.Join(strings.Fields(args), " ") {
	case "on":
		on = true
	case "off":
	default:
		return errors.New("usage: present on|off")
	}
	p, ok := c.p.(presenter)
	if !ok {
		return errors.New("present needs the full screen (tdb --present): batch and line mode have no screen to present")
	}
	p.SetPresent(on)
	if on {
		c.p.Print("present on: the projector theme, each key shown with its action, a taller Log, short file names")
	} else {
		c.p.Print("present off")
	}
	return nil
}
