package console

import (
	"fmt"
	"strings"

	"tdb/debugger"
)

func cmdWatch(c *Console, args string) error {
	kind := debugger.WatchWrite
	expr := strings.TrimSpace(args)
	if flag, rest, ok := strings.Cut(expr, " "); ok && strings.HasPrefix(flag, "-") {
		switch flag {
		case "-w":
			kind = debugger.WatchWrite
		case "-r":
			kind = debugger.WatchRead
		case "-rw", "-wr":
			kind = debugger.WatchReadWrite
		default:
			return fmt.Errorf("unknown flag %s: watch [-r|-w|-rw] EXPR", flag)
		}
		expr = strings.TrimSpace(rest)
	}
	return c.watch(expr, kind)
}

func cmdRwatch(c *Console, args string) error {
	return c.watch(strings.TrimSpace(args), debugger.WatchRead)
}
func cmdAwatch(c *Console, args string) error {
	return c.watch(strings.TrimSpace(args), debugger.WatchReadWrite)
}

func (c *Console) watch(expr string, kind debugger.WatchKind) error {
	if expr == "" || strings.HasPrefix(expr, "-") {
		return fmt.Errorf("missing expression: watch [-r|-w|-rw] EXPR")
	}
	rep := c.do(debugger.SetWatchpoint{Expr: expr, Kind: kind})
	if rep.Err != nil {
		return rep.Err
	}
	for _, bp := range rep.Breakpoints {
		c.p.Print(FormatBreakpoint(bp))
	}
	return nil
}
