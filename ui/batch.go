package ui

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"tdb/debugger"
)

// The batch front end (`tdb --batch`): no screen, each command's result as
// plain lines on stdout, errors as "error: ..." lines on stderr, the
// program's output passed through to stdout.

// batchPrinter serialises the console's lines and the event drainer's
// writes, so a line of tdb's never lands inside a line of the program's.
type batchPrinter struct {
	mu             sync.Mutex
	stdout, stderr io.Writer
}

func (p *batchPrinter) Print(line string) { p.write(p.stdout, line+"\n") }
func (p *batchPrinter) Error(line string) { p.write(p.stderr, "error: "+line+"\n") }

func (p *batchPrinter) write(w io.Writer, s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	io.WriteString(w, s)
}

func (p *batchPrinter) raw(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stdout.Write(b)
}

// closeWait bounds how long RunBatch waits, after closing the session, for
// the last events (the program's final output) before it gives up on an
// event channel that does not close.
const closeWait = 5 * time.Second

// RunBatch runs cmds on s, in order, printing to stdout and stderr, until
// they are done or one is `quit`; then it closes the session (killing the
// program unless it was detached) and returns the exit status: 0 if every
// command succeeded, 1 otherwise.
func RunBatch(s *debugger.Session, cmds []string, stdout, stderr io.Writer) int {
	p := &batchPrinter{stdout: stdout, stderr: stderr}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for ev := range s.Events() {
			p.event(ev)
		}
	}()

	status := 0
	c := NewConsole(s, p)
	for _, line := range cmds {
		quit, err := c.Exec(line)
		if err != nil {
			status = 1
		}
		if quit {
			break
		}
	}
	if err := s.Close(); err != nil {
		p.Error(err.Error())
		status = 1
	}
	select {
	case <-drained:
	case <-time.After(closeWait):
	}
	return status
}

// event prints what the batch output shows of an event: the program's
// output, the mechanics lines and tdb's log. Stops and exits are printed
// from the replies instead, in command order.
func (p *batchPrinter) event(ev debugger.Event) {
	switch ev := ev.(type) {
	case debugger.Output:
		p.raw(ev.Data)
	case debugger.Mechanics:
		p.Print(ev.Text)
	case debugger.Log:
		switch ev.Level {
		case "warning", "error":
			p.write(p.stderr, ev.Level+": "+ev.Text+"\n")
		default:
			p.write(p.stderr, ev.Text+"\n")
		}
	}
}

// ReadCommandFile reads the commands of a -x file: one a line, blank lines
// and lines starting with '#' skipped.
func ReadCommandFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	var cmds []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cmds = append(cmds, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return cmds, nil
}
