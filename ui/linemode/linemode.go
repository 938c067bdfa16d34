package linemode

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"tdb/debugger"
	"tdb/ui/console"
)

// The line mode (`tdb --cli`, TERM=dumb, a terminal without cursor
// addressing): commands read a line at a time after the prompt `(tdb) `,
// answers in the batch front end's exact lines (the same Console and
// printer), the program's output interleaved. It is the text layer only:
// no tview or tcell here.

// Prompt is the line mode's prompt.
const Prompt = "(tdb) "

// Options configure the line mode.
type Options struct {
	Commands []string // -x/-ex commands, run first
	Attached bool     // the program was attached to: quit leaves it running
}

// Run runs the line mode on s until `quit` or the end of the input,
// reading stdin (with a line editor when it is a terminal) and printing to
// stdout and stderr. It closes the session, killing a launched program
// and detaching from an attached one (as gdb's quit does: the program was
// running before tdb came), and returns the exit status: 0 after quit or
// end of input, 1 after SIGTERM, SIGHUP or SIGQUIT.
func Run(s *debugger.Session, opts Options, stdin *os.File, stdout, stderr io.Writer) int {
	t := &lineTerm{atStart: true, out: stdout}
	p := console.NewBatchPrinter(s.Events(), t.writer(stdout), t.writer(stderr))
	c := console.New(s, p)
	cmd := commandHooks{start: s.CommandStart, end: s.CommandEnd, interrupt: s.Interrupt}
	return loop(c, p, t, opts.Commands, stdin, cmd, func() {
		if opts.Attached {
			// Already detached (the user's detach), it fails: quietly.
			c.Detach()
		}
		if err := s.Close(); err != nil {
			p.Error(err.Error())
		}
	})
}

// RunReplay is the line mode over a saved stop history (tdb --cli replay
// FILE): no program, the newest stop shown first, as in batch mode.
func RunReplay(h *console.StopHistory, file string, opts Options, stdin *os.File, stdout, stderr io.Writer) int {
	t := &lineTerm{atStart: true, out: stdout}
	none := make(chan debugger.Event)
	close(none)
	p := console.NewBatchPrinter(none, t.writer(stdout), t.writer(stderr))
	c := console.NewReplay(h, file, p)
	console.PrintReplayOpening(c, p)
	return loop(c, p, t, opts.Commands, stdin, commandHooks{}, func() {})
}

// commandHooks: what the session is told of a typed command. start comes
// as its Enter is read, before Ctrl+C is SIGINT again, and end once it has
// finished, so that a Ctrl+C in between (interrupt) is that command's even
// before its run request reaches the engine. Nil hooks do nothing.
type commandHooks struct {
	start, end, interrupt func()
}

func (h commandHooks) call(f func()) {
	if f != nil {
		f()
	}
}

// loop runs cmds, then the lines read from stdin, on c until quit, the
// end of the input or a signal that ends tdb; closeTarget ends the
// session.
func loop(c *console.Console, p *console.BatchPrinter, t *lineTerm, cmds []string, stdin *os.File, hooks commandHooks, closeTarget func()) int {
	// Ctrl+C interrupts the program, never tdb: the program runs in its
	// own session on its own pty, so the terminal's SIGINT reaches only
	// tdb. While a line is typed the terminal is raw and Ctrl+C is a key
	// that drops the line, as in gdb.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	ended := make(chan os.Signal, 1)
	go func() {
		for sig := range sigs {
			if sig == os.Interrupt {
				hooks.call(hooks.interrupt)
				continue
			}
			select {
			case ended <- sig:
			default:
			}
			// A command under way (a continue that never stops) ends
			// too, so that the loop sees the signal: a SIGHUP from a
			// closed terminal had left tdb and its traced program
			// running. Twice: the first only leaves mechanics step.
			hooks.call(hooks.interrupt)
			hooks.call(hooks.interrupt)
		}
	}()
	// signalled: the loop's check after each command.
	signalled := func() bool {
		select {
		case sig := <-ended:
			ended <- sig // the select below sees it too
			return true
		default:
			return false
		}
	}

	r := newLineReader(c, stdin, t, hooks)
	defer r.restore()
	closeLine := func(status int) int {
		closeTarget()
		p.Finish()
		return status
	}
	for _, line := range cmds {
		quit, _ := c.Exec(line)
		if signalled() {
			return closeLine(1)
		}
		if quit {
			return closeLine(0)
		}
	}
	for {
		var l lineRead
		r.want <- struct{}{}
		select {
		case l = <-r.lines:
		case <-ended:
			// SIGTERM, SIGHUP, SIGQUIT: end as quit does; the reader
			// may be blocked in a read that never returns, and is left
			// there.
			r.restore()
			return closeLine(1)
		}
		if errors.Is(l.err, errInterrupted) {
			continue
		}
		if l.err != nil {
			break
		}
		if r.cooked == nil {
			// From a pipe: no Enter was seen, the line is the start.
			hooks.call(hooks.start)
		}
		if strings.TrimSpace(l.text) != "" {
			r.hist.Add(l.text)
			r.hist.Save()
		}
		quit, _ := c.Exec(l.text)
		hooks.call(hooks.end)
		if signalled() {
			r.restore()
			return closeLine(1)
		}
		if quit {
			break
		}
	}
	// A prompt the quit was read after (from a pipe: no echo) gets its
	// line ended, so the shell's prompt starts on its own.
	t.mu.Lock()
	if !t.atStart {
		io.WriteString(t.out, "\n")
		t.atStart = true
	}
	t.mu.Unlock()
	return closeLine(0)
}

// lineReader reads lines on a goroutine of its own, one each time it is
// asked (want), so that the terminal is raw only while a line is typed and
// cooked while a command runs (Ctrl+C then raises SIGINT).
type lineReader struct {
	want  chan struct{}
	lines chan lineRead
	hist  *console.History

	fd      int
	cooked  *unix.Termios // the terminal's own settings; nil when stdin is no terminal
	restore func()
}

type lineRead struct {
	text string
	err  error
}

func newLineReader(c *console.Console, stdin *os.File, t *lineTerm, hooks commandHooks) *lineReader {
	r := &lineReader{
		want:    make(chan struct{}),
		lines:   make(chan lineRead),
		hist:    console.LoadHistory(console.ConfigDir()),
		fd:      int(stdin.Fd()),
		restore: func() {},
	}
	in := bufio.NewReader(stdin)
	if tio, err := unix.IoctlGetTermios(r.fd, unix.TCGETS); err == nil {
		r.cooked = tio
		r.restore = func() { unix.IoctlSetTermios(r.fd, unix.TCSETS, r.cooked) }
	}
	if r.cooked == nil {
		// Not a terminal (a pipe, a file): plain lines, the prompt still
		// shown so that a driving program knows when tdb waits.
		go func() {
			for range r.want {
				t.mu.Lock()
				if !t.atStart {
					io.WriteString(t.out, "\n")
				}
				io.WriteString(t.out, Prompt)
				t.atStart = false
				t.mu.Unlock()
				line, err := in.ReadString('\n')
				if err != nil && line == "" {
					t.mu.Lock()
					io.WriteString(t.out, "\n")
					t.atStart = true
					t.mu.Unlock()
					r.lines <- lineRead{err: io.EOF}
					continue
				}
				// Nothing echoed the line: the answer follows the
				// prompt on its row, as gdb's does.
				r.lines <- lineRead{text: strings.TrimRight(line, "\r\n")}
			}
		}()
		return r
	}
	ed := &lineEditor{t: t, in: in, hist: r.hist, complete: c.Complete}
	// Enter: the command begins and the terminal is cooked before the
	// line's echo ends, so a Ctrl+C typed once the echo is seen raises
	// SIGINT and stops that command (a raw terminal would have kept the
	// byte for the next prompt).
	ed.entered = func() {
		hooks.call(hooks.start)
		if ed.typedInterrupt(r.fd) {
			hooks.call(hooks.interrupt)
		}
		r.restore()
	}
	t.ed = ed
	ed.suspend = func() {
		r.restore()
		// Stop as the shell's Ctrl+Z would: the terminal is the user's
		// again until fg, then raw once more.
		unix.Kill(0, unix.SIGTSTP)
		r.raw()
	}
	go func() {
		for range r.want {
			r.raw()
			line, err := ed.readLine(Prompt)
			r.restore()
			r.lines <- lineRead{line, err}
		}
	}()
	return r
}

// raw puts the terminal in the editor's mode: bytes as typed, no echo, no
// signals from keys. Output processing stays on, so "\n" still starts a
// new row for the lines printed meanwhile.
func (r *lineReader) raw() {
	tio := *r.cooked
	tio.Lflag &^= unix.ICANON | unix.ECHO | unix.ISIG | unix.IEXTEN
	tio.Iflag &^= unix.IXON
	tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 1, 0
	unix.IoctlSetTermios(r.fd, unix.TCSETS, &tio)
}
