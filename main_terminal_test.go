package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"

	"tdb/source/fixture"
)

// Without a terminal for the screen, tdb says so in one line naming the
// ways out, exits with status 1 and starts nothing: no stack trace.
// Three ways to be there: no controlling terminal with stdin from
// /dev/null (setsid, cron), or a pipe (ssh host tdb without -t), and a
// terminal whose stdin is a pipe (a script feeding tdb).
func TestNoTerminal(t *testing.T) {
	tdb := fixture.Tdb(t)
	fib := fixture.Build(t, "fib")
	run := func(name string, stdin *os.File, ctty *os.File, pipeIn bool) {
		t.Helper()
		cmd := exec.Command(tdb, "exec", fib)
		cmd.Env = append(os.Environ(), "TERM=xterm-256color", "TDB_CONFIG_DIR="+t.TempDir())
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.Stdin = stdin
		if pipeIn {
			cmd.Stdin = strings.NewReader("q\n")
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if ctty != nil {
			cmd.Stdout = ctty
			cmd.SysProcAttr.Setctty = true
			cmd.SysProcAttr.Ctty = 1
		}
		err := cmd.Run()
		status := cmd.ProcessState.ExitCode()
		msg := stderr.String()
		if err == nil || status != 1 || !strings.HasPrefix(msg, "error: no terminal: ") ||
			strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "ssh -t") ||
			!strings.Contains(msg, "--batch") || !strings.Contains(msg, "--cli") {
			t.Errorf("%s: status %d, stderr %q; want status 1 and one line naming ssh -t, --batch and --cli", name, status, msg)
		}
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	run("setsid, stdin /dev/null", null, nil, false)
	run("setsid, stdin a pipe", nil, nil, true)
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Skip(err)
	}
	defer ptm.Close()
	defer pts.Close()
	run("a terminal, stdin a pipe", nil, pts, true)
}
