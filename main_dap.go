package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"strings"

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
	opts := dap.Options{Commands: dap.ConsoleCommands}
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
