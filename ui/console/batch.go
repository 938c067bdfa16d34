package console

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"tdb/debugger"
)

// The batch front end (`tdb --batch`): no screen, each command's result as
// plain lines on stdout, errors as "error: ..." lines on stderr, the
// program's output passed through to stdout.

// BatchPrinter is the one writer of the batch output. Its goroutine
// (run) prints both the session's events and the console's lines, so a
// line of tdb's never lands inside a line of the program's, and before it
// prints a console line it handles every event already queued: the
// mechanics of a `next` come before the stop line `next` prints, because
// the engine sends them before its reply.
type BatchPrinter struct {
	stdout, stderr io.Writer
	events         <-chan debugger.Event
	lines          chan printLine
	quit           chan struct{} // closed: stop once the events are done
	eventsDone     chan struct{} // closed when the event channel is
	done           chan struct{} // closed when run returns
	// explain: `mechanics explain on` prints each operation's meaning
	// on a line of its own after it (commands_mech.go).
	explain atomic.Bool
}

type printLine struct {
	w       io.Writer
	text    string
	written chan struct{}
}

// NewBatchPrinter starts the printer's goroutine, which prints the
// session's events as they come; Finish stops it.
func NewBatchPrinter(events <-chan debugger.Event, stdout, stderr io.Writer) *BatchPrinter {
	p := &BatchPrinter{
		stdout: stdout, stderr: stderr, events: events,
		lines:      make(chan printLine),
		quit:       make(chan struct{}),
		eventsDone: make(chan struct{}),
		done:       make(chan struct{}),
	}
	go p.run()
	return p
}

// Print and Error return once the line is written.
func (p *BatchPrinter) Print(line string) { p.send(p.stdout, line+"\n") }
func (p *BatchPrinter) Error(line string) { p.send(p.stderr, "error: "+line+"\n") }

func (p *BatchPrinter) send(w io.Writer, text string) {
	l := printLine{w, text, make(chan struct{})}
	select {
	case p.lines <- l:
		<-l.written
	case <-p.done:
		io.WriteString(w, text)
	}
}

func (p *BatchPrinter) run() {
	defer close(p.done)
	events := p.events
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				events = nil
				close(p.eventsDone)
				continue
			}
			p.event(ev)
		case l := <-p.lines:
			for len(events) > 0 {
				ev, ok := <-events
				if !ok {
					events = nil
					close(p.eventsDone)
					break
				}
				p.event(ev)
			}
			io.WriteString(l.w, l.text)
			close(l.written)
		case <-p.quit:
			return
		}
	}
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
	p := NewBatchPrinter(s.Events(), stdout, stderr)
	status := 0
	c := New(s, p)
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
	p.Finish()
	return status
}

// Finish prints the session's last events (the program's final output),
// once the session is closed, and stops the printer.
func (p *BatchPrinter) Finish() {
	select {
	case <-p.eventsDone:
	case <-time.After(closeWait):
	}
	close(p.quit)
	<-p.done
}

// event prints what the batch output shows of an event: the program's
// output, the mechanics lines and tdb's log. Stops and exits are printed
// from the replies instead, in command order.
func (p *BatchPrinter) event(ev debugger.Event) {
	switch ev := ev.(type) {
	case debugger.Output:
		p.stdout.Write(ev.Data)
	case debugger.Mechanics:
		if ev.Pending {
			break // step mode's announcement: its performed line follows
		}
		io.WriteString(p.stdout, ev.Text+"\n")
		if ev.Explain != "" && p.explain.Load() {
			io.WriteString(p.stdout, "  # "+ev.Explain+"\n")
		}
	case debugger.Exec:
		io.WriteString(p.stdout, ev.String()+"\n")
	case debugger.Log:
		switch ev.Level {
		case "warning", "error":
			io.WriteString(p.stderr, ev.Level+": "+ev.Text+"\n")
		default:
			io.WriteString(p.stderr, ev.Text+"\n")
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
	// Lines past the scanner's 64 KiB default are read, so that
	// Console.Exec refuses them with its own error (MaxLine).
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
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
