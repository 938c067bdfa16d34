package console

import (
	"fmt"
	"strings"

	"tdb/debugger"
)

// `catch exec` (issue 13): tdb always follows an exec into the new image
// and prints `exec: PATH`; with the catchpoint it also stops there, at
// the new program's first instruction, as gdb's `catch exec` does.
// Appended to the table by an init of its own (commands.go's init runs
// first: files initialise in name order) so that the table's other files
// are not edited by every area.
func init() {
	commandTable = append(commandTable, Command{
		Name: "catch", Args: "exec|-exec", Run: cmdCatch,
		Help: "catch exec: stop when the program executes a new image (reason `exec`); catch -exec turns it off.\n" +
			"tdb always follows an exec: it prints `exec: PATH`, loads the new program's symbols and sets the breakpoints given by name or FILE:LINE again in it (those by address are deleted)."})
}

func cmdCatch(c *Console, args string) error {
	switch strings.TrimSpace(args) {
	case "exec":
		if rep := c.do(debugger.CatchExec{On: true}); rep.Err != nil {
			return rep.Err
		}
		c.p.Print("Catchpoint: exec")
		return nil
	case "-exec":
		if rep := c.do(debugger.CatchExec{On: false}); rep.Err != nil {
			return rep.Err
		}
		c.p.Print("Catchpoint exec deleted")
		return nil
	}
	return fmt.Errorf("catch: only exec is caught: catch exec (catch -exec turns it off)")
}
