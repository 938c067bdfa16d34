package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	"tdb/debugger"
	"tdb/ui"
	"tdb/ui/dap"
)

// runDAP is `tdb dap [--listen ADDR]`: the debug adapter on stdin and
// stdout, or on one TCP connection.
func runDAP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tdb dap", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var listen string
	fs.StringVar(&listen, "listen", "", "")
	fs.StringVar(&listen, "l", "", "") // Delve's spelling, which nvim-dap configurations use
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		msg := "tdb dap takes only --listen ADDR"
		if err != nil {
			msg = err.Error()
		}
		fmt.Fprintf(stderr, "tdb: %s (see tdb --help)\n", msg)
		return 2
	}
	opts := dap.Options{Commands: func(s *debugger.Session) dap.Commands { return newReplConsole(s) }}
	var err error
	if listen == "" {
		err = dap.Serve(stdin, stdout, opts)
	} else {
		err = dap.ListenAndServe(loopbackAddr(listen), opts, func(a net.Addr) {
			// Delve's line: editors that start the adapter wait for it.
			fmt.Fprintf(stdout, "DAP server listening at: %s\n", a)
		})
	}
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	return 0
}

// loopbackAddr puts a bare port (":4711" or "4711") on the loopback
// address: a debugger runs what it is told, so it listens on the network
// only when a host says so.
func loopbackAddr(addr string) string {
	if !strings.Contains(addr, ":") {
		return "127.0.0.1:" + addr
	}
	if strings.HasPrefix(addr, ":") {
		return "127.0.0.1" + addr
	}
	return addr
}

// replConsole runs the debug console's lines as tdb's commands, keeping
// what each prints.
type replConsole struct {
	mu  sync.Mutex // one command at a time: out belongs to it
	c   *ui.Console
	out strings.Builder
}

func newReplConsole(s *debugger.Session) *replConsole {
	r := &replConsole{}
	r.c = ui.NewConsole(s, replPrinter{r})
	return r
}

type replPrinter struct{ r *replConsole }

func (p replPrinter) Print(line string) { p.r.out.WriteString(line + "\n") }
func (p replPrinter) Error(line string) { p.r.out.WriteString("error: " + line + "\n") }

func (r *replConsole) Run(line string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out.Reset()
	quit, err := r.c.Exec(line)
	var unknown *ui.UnknownCommandError
	if errors.As(err, &unknown) {
		return "", fmt.Errorf("%w: %s", dap.ErrUnknownCommand, unknown.Name)
	}
	if quit {
		return "quit ends nothing here: stop the session from the editor\n", nil
	}
	return r.out.String(), err
}
