package dap

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"tdb/debugger"
	"tdb/ui/console"
)

// ConsoleCommands is the debug console as tdb's own commands: the text
// layer's Console (ui/console) over the session, keeping what each
// command prints. Options.Commands takes it.
func ConsoleCommands(s *debugger.Session) Commands {
	r := &replConsole{}
	r.c = console.New(s, replPrinter{r})
	return r
}

// replConsole runs the debug console's lines one at a time: out belongs
// to the command running.
type replConsole struct {
	mu  sync.Mutex
	c   *console.Console
	out strings.Builder
}

type replPrinter struct{ r *replConsole }

func (p replPrinter) Print(line string) { p.r.out.WriteString(line + "\n") }
func (p replPrinter) Error(line string) { p.r.out.WriteString("error: " + line + "\n") }

func (r *replConsole) Run(line string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out.Reset()
	quit, err := r.c.Exec(line)
	var unknown *console.UnknownCommandError
	if errors.As(err, &unknown) {
		return "", fmt.Errorf("%w: %s", ErrUnknownCommand, unknown.Name)
	}
	if quit {
		return "quit ends nothing here: stop the session from the editor\n", nil
	}
	return r.out.String(), err
}
