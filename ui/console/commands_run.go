package console

import (
	"fmt"
	"strconv"
	"strings"

	"tdb/debugger"
)

// The commands' Run functions: each checks its arguments, sends one
// request (or a few) to the session and prints the reply in the forms of
// format.go.

// do sends r and prints the reply's notes, which come before anything else
// the command prints.
func (c *Console) do(r debugger.Request) debugger.Reply {
	rep := c.s.Do(r)
	for _, n := range rep.Notes {
		c.p.Print(n)
	}
	return rep
}

// state returns the current snapshot: it fails while the program runs or
// after it exited.
func (c *Console) state() (*debugger.State, error) {
	rep := c.s.Do(debugger.CurrentState{})
	if rep.Err != nil {
		return nil, rep.Err
	}
	if rep.State == nil {
		return nil, debugger.ErrNotRunning
	}
	return rep.State, nil
}

// selectedFrame returns the frame the user works on.
func selectedFrame(s *debugger.State) debugger.Frame {
	if s.SelectedFrame >= 0 && s.SelectedFrame < len(s.Frames) {
		return s.Frames[s.SelectedFrame]
	}
	return debugger.Frame{PC: s.PC, Function: s.Function, File: s.File, Line: s.Line}
}

// execute runs an execution request and prints where the program stopped:
// the notes, then the stop (or exit) line, the stop's own note and the
// displays (ReportStop).
func (c *Console) execute(r debugger.Request) error {
	rep := c.do(r)
	if rep.Err != nil {
		return rep.Err
	}
	c.ReportStop(rep)
	return nil
}

func noArgs(args string) error {
	if args != "" {
		return fmt.Errorf("unexpected arguments %q", args)
	}
	return nil
}

func cmdContinue(c *Console, args string) error {
	var to debugger.Loc
	if args != "" {
		var err error
		if to, err = c.locArg(args); err != nil {
			return err
		}
	}
	return c.execute(debugger.Continue{To: to})
}

func cmdNext(c *Console, args string) error {
	n, err := parseCount(args)
	if err != nil {
		return err
	}
	return c.execute(debugger.Next{Count: n})
}

func cmdStep(c *Console, args string) error {
	n, err := parseCount(args)
	if err != nil {
		return err
	}
	return c.execute(debugger.Step{Count: n})
}

func cmdStepi(c *Console, args string) error {
	n, err := parseCount(args)
	if err != nil {
		return err
	}
	return c.execute(debugger.StepInstruction{Count: n})
}

func cmdNexti(c *Console, args string) error {
	n, err := parseCount(args)
	if err != nil {
		return err
	}
	return c.execute(debugger.NextInstruction{Count: n})
}

func cmdStepOut(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	return c.execute(debugger.StepOut{})
}

func cmdRestart(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	return c.execute(debugger.Restart{})
}

// cmdRun is gdb's run. tdb starts the program stopped at its entry, so
// there run is continue; once the program has run (or exited), it is
// restart then continue, as gdb's run starts the program again.
func cmdRun(c *Console, args string) error { return c.runFromStart(args, debugger.Continue{}) }

// cmdStart is gdb's start: run to the beginning of main.
func cmdStart(c *Console, args string) error { return c.runFromStart(args, debugger.RunToMain{}) }

func (c *Console) runFromStart(args string, r debugger.Request) error {
	if args != "" {
		return fmt.Errorf("the program's arguments go after it on tdb's command line (tdb exec PROG ARGS...), not after run")
	}
	if s, err := c.state(); err != nil || s.Reason.Kind != "entry" || s.Seq > 1 {
		if rep := c.do(debugger.Restart{}); rep.Err != nil {
			return rep.Err
		}
	}
	return c.execute(r)
}

func cmdKill(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	rep := c.do(debugger.Kill{})
	if rep.Err != nil {
		return rep.Err
	}
	if rep.Exited != nil {
		c.p.Print(FormatExited(*rep.Exited))
	} else {
		c.p.Print("killed")
	}
	return nil
}

func cmdDetach(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	pid := 0
	if s, err := c.state(); err == nil {
		pid = s.PID
	}
	rep := c.do(debugger.Detach{})
	if rep.Err != nil {
		return rep.Err
	}
	if pid != 0 {
		c.p.Print(fmt.Sprintf("detached from process %d", pid))
	} else {
		c.p.Print("detached")
	}
	return nil
}

// locArg checks a location's form and turns LINE into FILE:LINE of the
// selected frame, which is what "the current file" means to the user.
func (c *Console) locArg(arg string) (debugger.Loc, error) {
	loc, err := debugger.ParseLoc(arg)
	if err != nil || loc.Kind != debugger.LocLine {
		return loc, err
	}
	s, err := c.state()
	if err != nil {
		return debugger.Loc{}, fmt.Errorf("no current file for line %d: give FILE:LINE (%v)", loc.Line, err)
	}
	f := selectedFrame(s)
	if f.File == "" {
		// No source here (the loader, before main): the engine takes
		// the file of main, as gdb does.
		return loc, nil
	}
	return debugger.FileLine(f.File, loc.Line), nil
}

func cmdBreak(c *Console, args string) error  { return c.setBreakpoint(args, false) }
func cmdTbreak(c *Console, args string) error { return c.setBreakpoint(args, true) }

func (c *Console) setBreakpoint(args string, temporary bool) error {
	pending := c.pendingOn
	if first, rest := splitFirst(args); first == "-pending" {
		pending, args = true, rest
		if rest == "" {
			return fmt.Errorf("break -pending needs a function name")
		}
	}
	locStr, cond := splitCond(args)
	if strings.TrimSpace(args) == "if" {
		return fmt.Errorf("missing condition after if")
	}
	var loc debugger.Loc
	if locStr == "" {
		// gdb's bare `break`: the selected frame's line.
		s, err := c.state()
		if err != nil {
			return fmt.Errorf("no current line: give a location (%v)", err)
		}
		f := selectedFrame(s)
		if f.File == "" {
			return fmt.Errorf("no current line (%s has no source): give a location", FuncName(f.Function))
		}
		loc = debugger.FileLine(f.File, f.Line)
	} else {
		var err error
		if loc, err = c.locArg(locStr); err != nil {
			return err
		}
	}
	rep := c.do(debugger.SetBreakpoint{Loc: loc, Temporary: temporary, Cond: cond, Pending: pending})
	if rep.Err != nil {
		return rep.Err
	}
	for _, bp := range rep.Breakpoints {
		c.p.Print(FormatBreakpoint(bp))
	}
	return nil
}

func cmdCondition(c *Console, args string) error {
	hits := false
	if first, rest := splitFirst(args); first == "-hitcount" {
		hits, args = true, rest
	}
	idStr, cond := splitFirst(args)
	id, err := parseIndex("breakpoint number", idStr)
	if err != nil {
		return err
	}
	rep := c.do(debugger.SetCondition{ID: id, Cond: cond, HitCount: hits})
	if rep.Err != nil {
		return rep.Err
	}
	if hits {
		if cond == "" {
			c.p.Print(fmt.Sprintf("Breakpoint %d: no hit-count condition", id))
		} else {
			c.p.Print(fmt.Sprintf("Breakpoint %d if hit count %s", id, cond))
		}
		return nil
	}
	if cond == "" {
		c.p.Print(fmt.Sprintf("Breakpoint %d now unconditional", id))
	} else {
		c.p.Print(fmt.Sprintf("Breakpoint %d if %s", id, cond))
	}
	return nil
}

func cmdClear(c *Console, args string) error {
	id, err := parseIndex("breakpoint number", args)
	if err != nil {
		return err
	}
	rep := c.do(debugger.ClearBreakpoint{ID: id})
	if rep.Err != nil {
		return rep.Err
	}
	what := "Breakpoint"
	if len(rep.Breakpoints) == 1 && rep.Breakpoints[0].Watch != 0 {
		what = "Watchpoint"
	}
	c.p.Print(fmt.Sprintf("%s %d cleared", what, id))
	return nil
}

func cmdClearAll(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if rep := c.do(debugger.ClearAllBreakpoints{}); rep.Err != nil {
		return rep.Err
	}
	c.p.Print("All breakpoints cleared")
	return nil
}

func cmdToggle(c *Console, args string) error {
	id, err := parseIndex("breakpoint number", args)
	if err != nil {
		return err
	}
	rep := c.do(debugger.ToggleBreakpoint{ID: id})
	if rep.Err != nil {
		return rep.Err
	}
	for _, bp := range rep.Breakpoints {
		state := "enabled"
		if !bp.Enabled {
			state = "disabled"
		}
		what := "Breakpoint"
		if bp.Watch != 0 {
			what = "Watchpoint"
		}
		c.p.Print(fmt.Sprintf("%s %d %s", what, bp.ID, state))
	}
	return nil
}

func cmdDisable(c *Console, args string) error { return c.setEnabled(args, false) }
func cmdEnable(c *Console, args string) error  { return c.setEnabled(args, true) }

// setEnabled is gdb's enable and disable: the breakpoints named, or all,
// end in the state asked for (toggle flips them whatever they were).
func (c *Console) setEnabled(args string, on bool) error {
	rep := c.do(debugger.ListBreakpoints{})
	if rep.Err != nil {
		return rep.Err
	}
	want := map[int]bool{}
	var order []int
	for _, f := range strings.Fields(args) {
		id, err := parseIndex("breakpoint number", f)
		if err != nil {
			return err
		}
		want[id] = true
		order = append(order, id)
	}
	found := map[int]bool{}
	for _, bp := range rep.Breakpoints {
		if len(want) > 0 && !want[bp.ID] {
			continue
		}
		found[bp.ID] = true
		if bp.Enabled == on {
			continue
		}
		if err := cmdToggle(c, strconv.Itoa(bp.ID)); err != nil {
			return err
		}
	}
	for _, id := range order {
		if !found[id] {
			return fmt.Errorf("No breakpoint number %d.", id) // gdb's words
		}
	}
	return nil
}

// cmdIgnore is gdb's ignore N COUNT: stop at breakpoint N only after
// COUNT more hits, as a hit-count condition on the hits so far.
func cmdIgnore(c *Console, args string) error {
	idStr, countStr := splitFirst(args)
	id, err := parseIndex("breakpoint number", idStr)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(countStr))
	if err != nil || n < 0 {
		return fmt.Errorf("bad count %q: want ignore N COUNT", countStr)
	}
	rep := c.do(debugger.ListBreakpoints{})
	if rep.Err != nil {
		return rep.Err
	}
	for _, bp := range rep.Breakpoints {
		if bp.ID != id {
			continue
		}
		cond := ""
		if n > 0 {
			cond = "> " + strconv.Itoa(bp.HitCount+n)
		}
		if r := c.do(debugger.SetCondition{ID: id, Cond: cond, HitCount: true}); r.Err != nil {
			return r.Err
		}
		switch n { // gdb's words
		case 0:
			c.p.Print(fmt.Sprintf("Will stop next time breakpoint %d is reached.", id))
		case 1:
			c.p.Print(fmt.Sprintf("Will ignore next crossing of breakpoint %d.", id))
		default:
			c.p.Print(fmt.Sprintf("Will ignore next %d crossings of breakpoint %d.", n, id))
		}
		return nil
	}
	return fmt.Errorf("No breakpoint number %d.", id)
}

func cmdBreakpoints(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	rep := c.do(debugger.ListBreakpoints{})
	if rep.Err != nil {
		return rep.Err
	}
	if len(rep.Breakpoints) == 0 {
		c.p.Print("No breakpoints")
	}
	for _, bp := range rep.Breakpoints {
		c.p.Print(FormatBreakpointEntry(bp))
	}
	return nil
}

// cmdStack is bt [N]: the innermost N frames, or with -N (gdb's) the
// outermost N. A bare bt says, as gdb's, when it stopped short of the
// outermost frame; bt N does not (Delve's stack N does not either).
func cmdStack(c *Console, args string) error {
	depth, outer := 0, false
	first, rest := splitFirst(args)
	full := first == "full" || first == "-full" // gdb's bt full: each frame's locals too
	if full {
		args = rest
	}
	if args != "" {
		a, neg := strings.CutPrefix(strings.TrimSpace(args), "-")
		n, err := parseCount(a)
		if err != nil || a == "" {
			return fmt.Errorf("bad count %q: want N or -N", args)
		}
		depth, outer = n, neg
	}
	ask := depth
	if outer {
		ask = 0
	}
	rep := c.do(debugger.Backtrace{Depth: ask})
	if rep.Err != nil {
		return rep.Err
	}
	fs := rep.Frames
	if outer {
		fs = fs[max(0, len(fs)-depth):]
	}
	more := ask == 0 && len(fs) >= debugger.BacktraceLimit
	for _, f := range fs {
		c.p.Print(FormatFrame(f))
		if full {
			c.printFrameLocals(f.Index)
		}
	}
	if more {
		c.p.Print("(More stack frames follow...)") // gdb's words
	}
	return nil
}

// printFrameLocals prints the locals of frame i under it, as gdb's bt
// full does: indented eight spaces, or "No locals.".
func (c *Console) printFrameLocals(i int) {
	rep := c.do(debugger.Locals{Frame: i})
	if rep.Err != nil {
		c.p.Print("        " + rep.Err.Error())
		return
	}
	if len(rep.Values) == 0 {
		c.p.Print("No locals.")
	}
	for _, v := range rep.Values {
		c.p.Print("        " + FormatValueLine(v))
	}
}

// selectFrame selects frame i and prints it with its source line.
func (c *Console) selectFrame(i int) error {
	rep := c.do(debugger.SelectFrame{Index: i})
	if rep.Err != nil {
		return rep.Err
	}
	if rep.State == nil {
		return debugger.ErrNotRunning
	}
	f := selectedFrame(rep.State)
	c.p.Print(FormatFrame(f))
	if f.File != "" {
		if lines, err := c.readSource(f.File); err == nil && f.Line >= 1 && f.Line <= len(lines) {
			c.p.Print(FormatSourceLine(f.Line, lines[f.Line-1], true))
		}
	}
	return nil
}

func cmdFrame(c *Console, args string) error {
	if args == "" {
		// gdb's bare `frame`: show the selected one again.
		s, err := c.state()
		if err != nil {
			return err
		}
		return c.selectFrame(s.SelectedFrame)
	}
	i, err := parseIndex("frame number", args)
	if err != nil {
		return err
	}
	return c.selectFrame(i)
}

func cmdUp(c *Console, args string) error   { return c.moveFrame(args, +1) }
func cmdDown(c *Console, args string) error { return c.moveFrame(args, -1) }

func (c *Console) moveFrame(args string, dir int) error {
	if err := noArgs(args); err != nil {
		return err
	}
	s, err := c.state()
	if err != nil {
		return err
	}
	i := s.SelectedFrame + dir
	if i < 0 {
		return fmt.Errorf("Bottom (innermost) frame selected; you cannot go down.") // gdb's words
	}
	if i >= len(s.Frames) {
		// A stop's snapshot holds the innermost frames only: the
		// engine unwinds further when the stack goes on.
		if err := c.selectFrame(i); err == nil {
			return nil
		}
		return fmt.Errorf("Initial frame selected; you cannot go up.")
	}
	return c.selectFrame(i)
}

func cmdRegs(c *Console, args string) error {
	s, err := c.state()
	if err != nil {
		return err
	}
	if names := strings.Fields(args); len(names) > 0 {
		return printNamedRegisters(c, s.Registers, names) // commands_core.go
	}
	for _, r := range s.Registers {
		c.p.Print(FormatRegister(r))
	}
	return nil
}

// maxExamine bounds `x`: a typo in N should not print megabytes.
const maxExamine = 64 << 10

func cmdExamine(c *Console, args string) error {
	raw, args := cutRaw(args) // commands_asm.go
	if f, rest := cutFormat(args); f != "" {
		raw2, rest := cutRaw(rest)
		return c.examineFormat(f, rest, raw || raw2)
	}
	if raw && args == "" {
		return fmt.Errorf("missing address: x -raw ADDR [N]")
	}
	if args == "" {
		c.mu.Lock()
		seen := c.xSeen
		c.mu.Unlock()
		if seen {
			return c.examineFormat("", "", false)
		}
	}
	// x EXPR N: a trailing number is the count, unless what is before
	// it ends in an operator (x p + 1 examines p + 1).
	addrStr, nStr := strings.TrimSpace(args), ""
	if i := strings.LastIndexAny(addrStr, " \t"); i >= 0 {
		head, tail := strings.TrimSpace(addrStr[:i]), addrStr[i+1:]
		if strings.Trim(tail, "0123456789") == "" && !strings.ContainsAny(head[len(head)-1:], "+-*/%&|^<>=(,?!~:") {
			addrStr, nStr = head, tail
		}
	}
	if addrStr == "" {
		return fmt.Errorf("missing address: x ADDR [N]")
	}
	n := 64
	if nStr != "" {
		var err error
		if n, err = parseCount(nStr); err != nil {
			return err
		}
		if n > maxExamine {
			return fmt.Errorf("count %d is too large (at most %d bytes)", n, maxExamine)
		}
	}
	// A number, a register (x rsp, x $rsp) or any expression (x &var).
	addr, err := c.examineAddr(addrStr)
	if err != nil {
		return err
	}
	rep := c.do(debugger.ReadMemory{Addr: addr, Len: n, Raw: raw})
	if rep.Err != nil {
		return rep.Err
	}
	for _, l := range FormatMemory(addr, rep.Memory) {
		c.p.Print(l)
	}
	return nil
}

func cmdDisassemble(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	s, err := c.state()
	if err != nil {
		return err
	}
	rep := c.do(debugger.Disassemble{})
	if rep.Err != nil {
		return rep.Err
	}
	pc := selectedFrame(s).PC
	for _, in := range rep.Instructions {
		c.p.Print(FormatInstruction(in, pc))
	}
	return nil
}

func cmdMechanics(c *Console, args string) error {
	var on bool
	switch args {
	case "on":
		on = true
	case "off":
		c.stepMechanics(false)
	default:
		return cmdMechanicsStep(c, args) // commands_mech.go
	}
	if rep := c.do(debugger.SetMechanics{On: on}); rep.Err != nil {
		return rep.Err
	}
	c.p.Print("mechanics " + args)
	return nil
}

func cmdSharedLibs(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	return c.do(debugger.ListSharedLibraries{}).Err
}
