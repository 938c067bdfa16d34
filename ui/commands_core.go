package ui

import (
	"fmt"
	"slices"
	"strings"

	"tdb/debugger"
)

// `dump FILE` (issue 16) writes a core file of the stopped program, as
// gdb's gcore does (its name is accepted too); `tdb core BINARY FILE`,
// gdb and Delve open it. Appended to the table by an init of its own, as
// commands_catch.go is, so the table's other files stay untouched.
func init() {
	commandTable = append(commandTable, Command{
		Name: "dump", Aliases: []string{"gcore", "generate-core-file"}, Args: "[FILE]", Run: cmdDump,
		Help: "dump FILE: write a core file of the stopped program (default core.PID), as gdb's gcore does.\n" +
			"Every thread's registers and every memory mapping the program can read are saved, with the program's own bytes under breakpoints; open it with tdb core BINARY FILE (or gdb, or dlv core)."})
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
