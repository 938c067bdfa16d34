package console

import (
	"fmt"
	"strconv"
	"strings"

	"tdb/debugger"
)

// The values commands: print, locals, args, display, set. Each works on
// the selected frame; the engine evaluates, these only print.

func cmdLocals(c *Console, args string) error {
	return c.printVars(args, debugger.Locals{Frame: debugger.SelectedFrame}, "(no locals)")
}
func cmdArgs(c *Console, args string) error {
	return c.printVars(args, debugger.Args{Frame: debugger.SelectedFrame}, "(no arguments)")
}

// printVars prints one "name = value" line a variable.
func (c *Console) printVars(args string, r debugger.Request, none string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	rep := c.do(r)
	if rep.Err != nil {
		return rep.Err
	}
	if len(rep.Values) == 0 {
		c.p.Print(none)
	}
	for _, v := range rep.Values {
		c.p.Print(FormatValueLine(v))
	}
	return nil
}

// FormatValueLine is a `locals`/`args` line: "name = value", or
// "name = (unreadable: why)".
func FormatValueLine(v debugger.Value) string {
	if v.Err != "" {
		return fmt.Sprintf("%s = (unreadable: %s)", v.Name, v.Err)
	}
	return v.Name + " = " + v.Value
}

// cmdDisplay adds an expression to print at every stop; without one it
// prints them all now; -d N removes one.
func cmdDisplay(c *Console, args string) error {
	if first, rest := splitFirst(args); first == "-d" {
		n, err := strconv.Atoi(rest)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err != nil || n < 0 || n >= len(c.displays) {
			return fmt.Errorf("no display %q (there are %d)", rest, len(c.displays))
		}
		c.displays = append(c.displays[:n], c.displays[n+1:]...)
		return nil
	}
	if f, e := cutFormat(args); f != "" {
		// display/x as print formats; display/i $pc, display/2xw &v as x.
		if err := checkPrintFormat(f); err != nil && !isExamineDisplay(f) {
			return err
		}
		if e == "" {
			return fmt.Errorf("missing expression: display/FMT EXPR")
		}
	}
	if args != "" {
		c.mu.Lock()
		c.displays = append(c.displays, args)
		n := len(c.displays) - 1
		c.mu.Unlock()
		// Shown at once when the program is stopped, as gdb does.
		if _, err := c.state(); err == nil {
			c.printDisplay(n, args)
		}
		return nil
	}
	c.printDisplays()
	return nil
}

// cmdUndisplay is gdb's `undisplay N`: `display -d N`.
func cmdUndisplay(c *Console, args string) error {
	if args == "" {
		return fmt.Errorf("usage: undisplay N")
	}
	return cmdDisplay(c, "-d "+args)
}

// Displays returns the expressions `display` added, in order.
func (c *Console) Displays() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.displays...)
}

// printDisplays prints every display: "0: x = 5".
func (c *Console) printDisplays() []debugger.Value {
	var vals []debugger.Value
	for i, d := range c.Displays() {
		if v, ok := c.printDisplay(i, d); ok {
			vals = append(vals, v)
		}
	}
	return vals
}

// printDisplay prints display i: "0: x = 5". display/x EXPR is kept as
// "/x EXPR" and shown as gdb does, "0: /x n = 0x2c"; display/i $pc as
// gdb's "0: x/i $pc" with the instruction below. It returns the value
// as shown, for the stop history (not for an examine display: ok false).
func (c *Console) printDisplay(i int, expr string) (v debugger.Value, ok bool) {
	f, e := cutFormat(expr)
	if f != "" && isExamineDisplay(f) {
		c.p.Print(fmt.Sprintf("%d: x/%s %s", i, f, e))
		ef, err := parseExamineFormat(f)
		var addr uint64
		if err == nil {
			addr, err = c.examineAddr(e)
		}
		if err == nil {
			_, err = c.examineAt(ef, addr)
		}
		if err != nil {
			c.p.Print(fmt.Sprintf("(error: %v)", err))
		}
		return v, false
	}
	v.Name = expr
	defer func() { c.p.Print(fmt.Sprintf("%d: %s = %s", i, expr, displayText(v))) }()
	if l, ok := c.printRegister(e, f); ok {
		v.Value = l
		return v, true
	}
	ev := debugger.Eval{Expr: e, Frame: debugger.SelectedFrame}
	if f != "" {
		ev.Format = f[0]
	}
	rep := c.s.Do(ev)
	switch {
	case rep.Err != nil:
		v.Err = rep.Err.Error()
	case f != "" && !rep.Values[0].Formatted && cFormatOnly(f[0]) != nil:
		v.Err = cFormatOnly(f[0]).Error()
	case f != "" && !rep.Values[0].Formatted:
		v.Value = c.formatDeep(rep.Values[0], f[0], 0)
	default:
		v.Value, v.Type = rep.Values[0].Value, rep.Values[0].Type
	}
	return v, true
}

// displayText is a display's value as its line shows it.
func displayText(v debugger.Value) string {
	if v.Err != "" {
		return "(error: " + v.Err + ")"
	}
	return v.Value
}

// isExamineDisplay says whether a display's format is x's (a count, a
// size, or the i and s formats) rather than print's.
func isExamineDisplay(f string) bool {
	if checkPrintFormat(f) == nil && f != "s" {
		return false
	}
	_, err := parseExamineFormat(f)
	return err == nil
}

// DisplayExpr returns the expression a display (as Displays lists it,
// display/x n kept as "/x n") shows, without its format; ok is false for
// an examine display (display/i $pc), which shows memory, not a value.
// The full screen's Watch pane evaluates these.
func DisplayExpr(display string) (expr string, ok bool) {
	f, x := cutFormat(display)
	if f != "" && isExamineDisplay(f) {
		return "", false
	}
	return x, true
}

// cmdSet is `set VAR = VALUE`, or gdb's `set var VAR = VALUE`.
func cmdSet(c *Console, args string) error {
	if rest, ok := strings.CutPrefix(args, "breakpoint pending"); ok {
		return c.setPendingMode(strings.TrimSpace(rest)) // commands_crun.go
	}
	if rest, ok := strings.CutPrefix(args, "backtrace past-main"); ok {
		return c.setPastMain(strings.TrimSpace(rest))
	}
	if first, rest := splitFirst(args); first == "var" || first == "variable" {
		args = rest
	}
	lhs, rhs, ok := strings.Cut(args, "=")
	lhs, rhs = strings.TrimSpace(lhs), strings.TrimSpace(rhs)
	if !ok || lhs == "" || rhs == "" || strings.HasPrefix(rhs, "=") || strings.HasSuffix(lhs, "!") || strings.HasSuffix(lhs, "<") || strings.HasSuffix(lhs, ">") {
		return fmt.Errorf("usage: set VAR = VALUE")
	}
	rep := c.do(debugger.SetVar{Expr: lhs, Value: rhs, Frame: debugger.SelectedFrame})
	if rep.Err != nil {
		return rep.Err
	}
	c.p.Print(fmt.Sprintf("%s = %s", lhs, rep.Values[0].Value))
	return nil
}
