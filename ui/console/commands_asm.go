package console

import (
	"errors"
	"fmt"
	"strings"
)

// Instructions and memory on the screen (issue 15): `layout` and `memory`
// arrange panes, so only a front end with panes can do them; the console
// parses and checks them, then hands them to the Screen. Batch and line
// mode have none and say so in one line. `x -raw` works everywhere.

// Screen is the part of a full-screen front end that `layout` and `memory`
// drive. Its methods are called from the goroutine running the command
// and must not block on the screen's own loop.
type Screen interface {
	// Layout shows the source (source), the disassembly in its place
	// (asm), both (split), or the next or previous of those (next, prev).
	Layout(name string)
	// Memory shows the Memory pane at expr (the last one when expr is
	// ""), re-evaluated at each stop; raw shows tdb's 0xCC.
	Memory(expr string, raw bool)
}

// SetScreen gives the console the screen that layout and memory drive.
func (c *Console) SetScreen(s Screen) {
	c.mu.Lock()
	c.screen = s
	c.mu.Unlock()
}

func (c *Console) screenOf() Screen {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.screen
}

// AddressOf is x's address of expr: a number, a register (rsp, $rsp, $pc)
// or an expression's value as a pointer (&v, p), or where an array lies.
// The Memory pane evaluates its expression through it at each stop.
func (c *Console) AddressOf(expr string) (uint64, error) { return c.examineAddr(expr) }

// cutRaw takes x's and memory's -raw flag off the front of args.
func cutRaw(args string) (raw bool, rest string) {
	args = strings.TrimSpace(args)
	if args == "-raw" {
		return true, ""
	}
	if r, ok := strings.CutPrefix(args, "-raw "); ok {
		return true, strings.TrimSpace(r)
	}
	return false, args
}

// layoutNames are gdb's `layout` names tdb knows, src its short source.
var layoutNames = map[string]string{
	"source": "source", "src": "source", "asm": "asm", "split": "split", "next": "next", "prev": "prev",
}

func cmdLayout(c *Console, args string) error {
	name, ok := layoutNames[strings.TrimSpace(args)]
	if !ok {
		return fmt.Errorf("usage: layout source|asm|split|next|prev")
	}
	s := c.screenOf()
	if s == nil {
		return errors.New("layout arranges the full screen's panes: without one, disassemble prints the instructions and list the source")
	}
	s.Layout(name)
	c.p.Print("layout " + name)
	return nil
}

func cmdMemory(c *Console, args string) error {
	raw, expr := cutRaw(args)
	s := c.screenOf()
	if s == nil {
		return errors.New("memory opens the full screen's Memory pane: without one, x [-raw] EXPR [N] prints the bytes")
	}
	if expr != "" {
		// Checked now, so that a typo is one error line here rather
		// than a pane that says it at every stop.
		addr, err := c.examineAddr(expr)
		if err != nil {
			return err
		}
		c.p.Print(fmt.Sprintf("memory %s: %#x", expr, addr))
	}
	s.Memory(expr, raw)
	return nil
}
