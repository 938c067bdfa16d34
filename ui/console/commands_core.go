package console

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"tdb/debugger"
)

// Core files' commands (issue 16). `dump FILE` writes a core file of the
// stopped program, as gdb's gcore does (its name is accepted too); `tdb
// core BINARY FILE`, gdb and Delve open it. `thread apply all bt` is what
// one asks a core first. Appended to the table by an init of their own,
// as commands_catch.go does, so the table's other files stay untouched.
func init() {
	commandTable = append(commandTable, Command{
		Name: "dump", Aliases: []string{"gcore", "generate-core-file"}, Args: "[FILE]", Run: cmdDump,
		Help: "dump FILE: write a core file of the stopped program (default core.PID), as gdb's gcore does.\n" +
			"Every thread's registers and every memory mapping the program can read are saved, with the program's own bytes under breakpoints; open it with tdb core BINARY FILE (or gdb, or dlv core)."})
	commandTable = append(commandTable, Command{
		Name: "thread apply", Args: "all|TID... COMMAND", Run: cmdThreadApply,
		Help: "Run COMMAND in every thread (all) or in the threads named, as gdb's thread apply: thread apply all bt is a core's first question.\n" +
			"Each thread's answer follows a line Thread TID:, newest thread first as gdb orders them; the thread and frame selected before are selected again."})
}

// cmdThreadApply is gdb's `thread apply all bt`: each thread selected in
// turn, COMMAND run there, and the selection put back.
func cmdThreadApply(c *Console, args string) error {
	st, err := c.state()
	if err != nil {
		return err
	}
	const usage = "thread apply all|TID... COMMAND"
	rest := strings.TrimSpace(args)
	var tids []int
	if w, r, _ := strings.Cut(rest, " "); w == "all" {
		for i := len(st.Threads) - 1; i >= 0; i-- {
			tids = append(tids, st.Threads[i].ID)
		}
		rest = strings.TrimSpace(r)
	} else {
		for rest != "" {
			w, r, _ := strings.Cut(rest, " ")
			n, err := strconv.Atoi(w)
			if err != nil {
				break
			}
			tids = append(tids, n)
			rest = strings.TrimSpace(r)
		}
	}
	if len(tids) == 0 || rest == "" {
		return fmt.Errorf("usage: %s", usage)
	}
	failed := 0
	for i, tid := range tids {
		if i > 0 {
			c.p.Print("")
		}
		c.p.Print(fmt.Sprintf("Thread %d:", tid))
		if rep := c.s.Do(debugger.SwitchThread{ID: tid}); rep.Err != nil {
			c.p.Error(rep.Err.Error())
			failed++
			continue
		}
		if _, err := c.Exec(rest); err != nil {
			failed++
		}
	}
	c.s.Do(debugger.SwitchThread{ID: st.Thread})
	c.s.Do(debugger.SelectFrame{Index: st.SelectedFrame})
	if failed > 0 {
		return fmt.Errorf("thread apply: %q failed in %d of %d threads", rest, failed, len(tids))
	}
	return nil
}

func cmdDump(c *Console, args string) error {
	path := strings.TrimSpace(args)
	if path == "" {
		st, err := c.state()
		if err != nil {
			return err
		}
		path = fmt.Sprintf("core.%d", st.PID)
	}
	return c.do(debugger.DumpCore{Path: path}).Err
}

// printNamedRegisters is `info registers rip rsp` (gdb's form, also
// `$rip`): the named registers only, in the order asked.
func printNamedRegisters(c *Console, regs []debugger.Register, names []string) error {
	var out []debugger.Register
	for _, n := range names {
		n = strings.TrimPrefix(strings.ToLower(n), "$")
		i := slices.IndexFunc(regs, func(r debugger.Register) bool { return r.Name == n })
		if i < 0 {
			return fmt.Errorf("invalid register `%s'", n)
		}
		out = append(out, regs[i])
	}
	for _, r := range out {
		c.p.Print(FormatRegister(r))
	}
	return nil
}
