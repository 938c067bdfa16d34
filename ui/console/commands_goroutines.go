package console

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"tdb/debugger"
)

// defaultGoroutinePage bounds `goroutines` without -n: a program with
// 10,000 goroutines must not flood the log.
const defaultGoroutinePage = 100

// goroutinesArgs is `goroutines [-a] [-group KIND] [-s START] [-n COUNT] [FILTER]`.
func parseGoroutinesArgs(args string) (debugger.ListGoroutines, error) {
	r := debugger.ListGoroutines{Count: defaultGoroutinePage}
	fields := strings.Fields(args)
	var filter []string
	for i := 0; i < len(fields); i++ {
		switch f := fields[i]; f {
		case "-a":
			r.All = true
		case "-group":
			if i+1 >= len(fields) {
				return r, fmt.Errorf("-group needs a kind: %s", strings.Join(debugger.GroupKinds, ", "))
			}
			i++
			r.Group = fields[i]
			if !slices.Contains(debugger.GroupKinds, r.Group) {
				return r, fmt.Errorf("unknown grouping %q (want %s)", r.Group, strings.Join(debugger.GroupKinds, ", "))
			}
		case "-s", "-n":
			if i+1 >= len(fields) {
				return r, fmt.Errorf("%s needs a number", f)
			}
			i++
			n, err := strconv.Atoi(fields[i])
			if err != nil || n < 0 {
				return r, fmt.Errorf("bad %s %q: want a number", f, fields[i])
			}
			if f == "-s" {
				r.Start = n
			} else {
				r.Count = n
			}
		default:
			if strings.HasPrefix(f, "-") && len(filter) == 0 {
				return r, fmt.Errorf("unknown flag %s (goroutines [-a] [-group KIND] [-s START] [-n COUNT] [FILTER])", f)
			}
			filter = append(filter, f)
		}
	}
	r.Filter = strings.Join(filter, " ")
	return r, nil
}

func cmdGoroutines(c *Console, args string) error {
	req, err := parseGoroutinesArgs(args)
	if err != nil {
		return err
	}
	rep := c.do(req)
	if rep.Err != nil {
		return rep.Err
	}
	if req.Group != "" {
		printGroups(c, req, rep)
		return nil
	}
	var cur int64
	if rep.State != nil {
		cur = rep.State.Goroutine
	}
	for _, g := range rep.Goroutines {
		c.p.Print(FormatGoroutineLine(g, g.ID == cur))
	}
	if n := len(rep.Goroutines); n < rep.Total {
		first := req.Start + 1
		c.p.Print(fmt.Sprintf("(goroutines %d-%d of %d: goroutines -s %d for more, -n 0 for all)", first, req.Start+n, rep.Total, req.Start+n))
	} else if rep.Total == 0 && req.Filter != "" {
		c.p.Print(fmt.Sprintf("(no goroutine matches %q)", req.Filter))
	} else if rep.Total == 0 {
		c.p.Print("(no goroutines yet: the Go runtime has not started)")
	}
	return nil
}

func cmdGoroutine(c *Console, args string) error {
	if args == "" {
		s, err := c.state()
		if err != nil {
			return err
		}
		if s.Goroutine == 0 {
			return fmt.Errorf("no goroutine: the program has no Go runtime, or the thread runs none")
		}
		c.p.Print(FormatGoroutine(s))
		return nil
	}
	n, err := parseIndex("goroutine id", args)
	if err != nil {
		return err
	}
	rep := c.do(debugger.SwitchGoroutine{ID: int64(n)})
	if rep.Err != nil {
		return rep.Err
	}
	return c.printSwitched(rep.State)
}

func cmdThread(c *Console, args string) error {
	n, err := parseIndex("thread id", args)
	if err != nil {
		return err
	}
	rep := c.do(debugger.SwitchThread{ID: n})
	if rep.Err != nil {
		return rep.Err
	}
	return c.printSwitched(rep.State)
}

// printSwitched prints the switch's note and the selected frame with its
// source line, as `frame` does.
func (c *Console) printSwitched(s *debugger.State) error {
	if s == nil {
		return debugger.ErrNotRunning
	}
	if s.Note != "" {
		c.p.Print(s.Note)
	}
	f := selectedFrame(s)
	c.p.Print(FormatFrame(f))
	if f.File != "" {
		if lines, err := c.readSource(f.File); err == nil && f.Line >= 1 && f.Line <= len(lines) {
			c.p.Print(FormatSourceLine(f.Line, lines[f.Line-1], true))
		}
	}
	return nil
}

func cmdThreads(c *Console, args string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	s, err := c.state()
	if err != nil {
		return err
	}
	for _, t := range s.Threads {
		c.p.Print(FormatThread(t, t.ID == s.Thread))
	}
	return nil
}

// FormatGoroutineLine is one line of `goroutines`, "*" marking the selected
// goroutine. The location is the innermost frame outside the runtime, with
// the runtime function it is in when that differs:
// "* Goroutine 1 [running] main.fib /abs/prog.go:18 (thread 4242), go at
// /go/src/runtime/proc.go:285, start runtime.main", or for a parked one
// "  Goroutine 7 [waiting: chan receive] main.worker /abs/prog.go:12 (in
// runtime.gopark), go at /abs/prog.go:30, start main.worker" (each on one
// line).
func FormatGoroutineLine(g debugger.Goroutine, current bool) string {
	mark := " "
	if current {
		mark = "*"
	}
	status := g.Status
	if g.WaitReason != "" {
		status += ": " + g.WaitReason
	}
	where := g.User
	if where.Function == "" {
		where = g.Current
	}
	s := fmt.Sprintf("%s Goroutine %d [%s] %s", mark, g.ID, status, FuncName(where.Function))
	if where.File != "" {
		s += fmt.Sprintf(" %s:%d", where.File, where.Line)
	}
	if where.Function != g.Current.Function {
		s += " (in " + FuncName(g.Current.Function) + ")"
	}
	if g.Thread != 0 {
		s += fmt.Sprintf(" (thread %d)", g.Thread)
	}
	if g.Go.File != "" {
		s += fmt.Sprintf(", go at %s:%d", g.Go.File, g.Go.Line)
	}
	return s + ", start " + FuncName(g.Start.Function)
}

// printGroups prints `goroutines -group KIND`: a line per group, its count
// first, then its key and a sample goroutine; a stack group's frames
// follow its line. Then the closing count line.
func printGroups(c *Console, req debugger.ListGoroutines, rep debugger.Reply) {
	for _, g := range rep.Groups {
		if req.Group == debugger.GroupStack {
			c.p.Print(FormatStackGroupLine(g))
			for _, f := range g.Stack {
				c.p.Print(FormatStackGroupFrame(f))
			}
			continue
		}
		c.p.Print(FormatGroupLine(g))
	}
	if n := len(rep.Groups); n < rep.Total {
		c.p.Print(fmt.Sprintf("(groups %d-%d of %d: goroutines -group %s -s %d for more, -n 0 for all)", req.Start+1, req.Start+n, rep.Total, req.Group, req.Start+n))
	}
	c.p.Print(FormatGroupTotal(rep.Grouped, rep.Total))
}

// FormatGroupLine is one group of `goroutines -group KIND`:
// "  10000 /abs/many.go:23 in main.park (e.g. goroutine 18 [waiting: chan
// receive])" (one line): the count, the key as Delve spells it, a sample.
func FormatGroupLine(g debugger.GoroutineGroup) string {
	return fmt.Sprintf("%7d %s (e.g. %s)", g.Count, g.Key, sampleWords(g.Sample))
}

// FormatStackGroupLine heads one group of `goroutines -group stack`:
// "  10000 goroutines with this stack (e.g. goroutine 18 [waiting: chan
// receive]):", its frames on the lines after.
func FormatStackGroupLine(g debugger.GoroutineGroup) string {
	word := "goroutines"
	if g.Count == 1 {
		word = "goroutine"
	}
	return fmt.Sprintf("%7d %s with this stack (e.g. %s):", g.Count, word, sampleWords(g.Sample))
}

// FormatStackGroupFrame is one frame of a stack group:
// "        0x4beaa4 main.park at /abs/many.go:23".
func FormatStackGroupFrame(f debugger.Location) string {
	s := fmt.Sprintf("%8s%#x %s", "", f.PC, FuncName(f.Function))
	if f.File != "" {
		s += fmt.Sprintf(" at %s:%d", f.File, f.Line)
	}
	return s
}

// FormatGroupTotal is the closing line: "[10001 goroutines in 3 groups]".
func FormatGroupTotal(goroutines, groups int) string {
	gw, grw := "goroutines", "groups"
	if goroutines == 1 {
		gw = "goroutine"
	}
	if groups == 1 {
		grw = "group"
	}
	return fmt.Sprintf("[%d %s in %d %s]", goroutines, gw, groups, grw)
}

// sampleWords is "goroutine 18 [waiting: chan receive]".
func sampleWords(g debugger.Goroutine) string {
	status := g.Status
	if g.WaitReason != "" {
		status += ": " + g.WaitReason
	}
	return fmt.Sprintf("goroutine %d [%s]", g.ID, status)
}
