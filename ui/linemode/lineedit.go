package linemode

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"tdb/ui/console"
)

// lineTerm is the line mode's terminal: the one place that writes to it.
// The editor draws the prompt and the line being typed; the program's
// output and tdb's lines may arrive meanwhile (from the batch printer's
// goroutine), and each write first takes the prompt off the row, then
// puts it back below. It uses only carriage return, backspace and spaces,
// so it works on a dumb terminal (an editor's shell, a serial console).
// Safe for concurrent use.
type lineTerm struct {
	mu      sync.Mutex
	atStart bool // the last byte written ended a line (or nothing was written)
	editing bool // the prompt and ed's line are on the row
	ed      *lineEditor
	shown   int // runes of prompt and line on the row, to blank them
	out     io.Writer
}

// writer returns a writer to w (the terminal's stdout or stderr) that keeps
// clear of the line being edited.
func (t *lineTerm) writer(w io.Writer) io.Writer { return termWriter{t, w} }

type termWriter struct {
	t *lineTerm
	w io.Writer
}

func (tw termWriter) Write(p []byte) (int, error) {
	t := tw.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(p) == 0 {
		return 0, nil
	}
	if t.editing {
		t.erase()
	}
	n, err := tw.w.Write(p)
	t.atStart = p[len(p)-1] == '\n'
	if t.editing {
		// Output that stops mid-line (a progress bar) would run into the
		// prompt: the prompt goes on a row of its own.
		if !t.atStart {
			io.WriteString(tw.w, "\n")
			t.atStart = true
		}
		t.draw()
	}
	return n, err
}

// erase blanks the prompt's row and leaves the cursor at its start. The
// caller holds mu.
func (t *lineTerm) erase() {
	io.WriteString(t.out, "\r"+strings.Repeat(" ", t.shown)+"\r")
	t.shown = 0
}

// draw writes the prompt and line from the row's start and puts the
// cursor where the editor has it. The caller holds mu.
func (t *lineTerm) draw() {
	t.redraw(true)
}

// redraw rewrites the row; carriage is false when the cursor is at the
// row's start already.
func (t *lineTerm) redraw(carriage bool) {
	e := t.ed
	var b strings.Builder
	if carriage {
		b.WriteByte('\r')
	}
	text := e.prompt + string(e.buf)
	b.WriteString(text)
	n := utf8.RuneCountInString(text)
	if pad := t.shown - n; pad > 0 {
		b.WriteString(strings.Repeat(" ", pad))
		b.WriteString(strings.Repeat("\b", pad))
	}
	b.WriteString(strings.Repeat("\b", len(e.buf)-e.pos))
	io.WriteString(t.out, b.String())
	t.shown = n
}

// lineEditor reads command lines from a terminal in raw mode: left/right,
// Home/End, Backspace/Delete, Ctrl+A/E/B/F/K/U/W, up/down (Ctrl+P/N)
// through the history, Tab completion, Ctrl+C to drop the line, Ctrl+D
// on an empty line for end of input. Owned by the goroutine that calls
// readLine.
type lineEditor struct {
	t        *lineTerm
	in       *bufio.Reader
	hist     *console.History
	complete func(string) []string // the console's completion; nil for none
	suspend  func()                // Ctrl+Z: stop tdb until fg; nil ignores it
	prompt   string
	buf      []rune
	pos      int
	tabs     int    // Tabs in a row: the second lists the candidates
	entered  func() // Enter was typed, before its newline is echoed; nil for none
}

// errInterrupted is readLine's answer to Ctrl+C: the line is dropped.
var errInterrupted = errors.New("interrupted")

// readLine shows the prompt and returns the line typed, io.EOF at Ctrl+D
// on an empty line (or the end of the input), errInterrupted at Ctrl+C.
func (e *lineEditor) readLine(prompt string) (string, error) {
	t := e.t
	t.mu.Lock()
	e.prompt, e.buf, e.pos, e.tabs = prompt, e.buf[:0], 0, 0
	if !t.atStart {
		io.WriteString(t.out, "\n")
		t.atStart = true
	}
	t.editing = true
	t.shown = 0
	t.redraw(false)
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		t.editing = false
		t.mu.Unlock()
	}()
	for {
		r, _, err := e.in.ReadRune()
		if err != nil {
			e.newline()
			return "", io.EOF
		}
		if r != '\t' {
			e.tabs = 0
		}
		switch r {
		case '\r', '\n':
			line := string(e.buf)
			if e.entered != nil {
				// Before the echo: whoever sees the line ended (a
				// test, a user) may rely on what entered did.
				e.entered()
			}
			e.newline()
			return line, nil
		case 0x03: // Ctrl+C
			e.end()
			e.write("^C")
			e.newline()
			return "", errInterrupted
		case 0x04: // Ctrl+D
			if len(e.buf) == 0 {
				e.write("quit")
				e.newline()
				return "", io.EOF
			}
			e.deleteAt(e.pos)
		case 0x01: // Ctrl+A
			e.moveTo(0)
		case 0x05: // Ctrl+E
			e.end()
		case 0x02: // Ctrl+B
			e.moveTo(e.pos - 1)
		case 0x06: // Ctrl+F
			e.moveTo(e.pos + 1)
		case 0x7f, 0x08: // Backspace
			if e.pos > 0 {
				e.pos--
				e.deleteAt(e.pos)
			}
		case 0x0b: // Ctrl+K
			e.set(e.buf[:e.pos], e.pos)
		case 0x15: // Ctrl+U
			e.set(e.buf[e.pos:], 0)
		case 0x17: // Ctrl+W: the word before the cursor, and the spaces after it
			i := e.pos
			for i > 0 && unicode.IsSpace(e.buf[i-1]) {
				i--
			}
			for i > 0 && !unicode.IsSpace(e.buf[i-1]) {
				i--
			}
			e.set(append(e.buf[:i:i], e.buf[e.pos:]...), i)
		case 0x10: // Ctrl+P
			e.history(-1)
		case 0x0e: // Ctrl+N
			e.history(+1)
		case 0x0c: // Ctrl+L
			e.refresh()
		case 0x1a: // Ctrl+Z
			if e.suspend != nil {
				e.suspend()
				e.refresh()
			}
		case '\t':
			e.tabs++
			e.completeLine()
		case 0x1b:
			e.escape()
		default:
			if r >= ' ' && r != utf8.RuneError {
				e.insert(r)
			}
		}
	}
}

// escape reads the rest of a CSI or SS3 sequence (arrows, Home, End,
// Delete) and acts on the ones it knows.
func (e *lineEditor) escape() {
	// A terminal sends a key's sequence in one write: an Esc with nothing
	// after it is the Esc key alone, which does nothing (and must not eat
	// the next key).
	if e.in.Buffered() == 0 {
		return
	}
	b, err := e.in.ReadByte()
	if err != nil || (b != '[' && b != 'O') {
		return
	}
	var param []byte
	for {
		c, err := e.in.ReadByte()
		if err != nil {
			return
		}
		if c >= 0x40 && c <= 0x7e {
			switch c {
			case 'A':
				e.history(-1)
			case 'B':
				e.history(+1)
			case 'C':
				e.moveTo(e.pos + 1)
			case 'D':
				e.moveTo(e.pos - 1)
			case 'H':
				e.moveTo(0)
			case 'F':
				e.end()
			case '~':
				switch string(param) {
				case "1", "7":
					e.moveTo(0)
				case "4", "8":
					e.end()
				case "3":
					e.deleteAt(e.pos)
				}
			}
			return
		}
		param = append(param, c)
	}
}

func (e *lineEditor) write(s string) {
	e.t.mu.Lock()
	io.WriteString(e.t.out, s)
	e.t.mu.Unlock()
}

// newline ends the row: the cursor goes past the line first, so nothing
// typed is cut.
func (e *lineEditor) newline() {
	e.end()
	t := e.t
	t.mu.Lock()
	io.WriteString(t.out, "\n")
	t.atStart, t.editing, t.shown = true, false, 0
	t.mu.Unlock()
}

func (e *lineEditor) refresh() {
	e.t.mu.Lock()
	e.t.draw()
	e.t.mu.Unlock()
}

func (e *lineEditor) end() { e.moveTo(len(e.buf)) }

func (e *lineEditor) moveTo(pos int) {
	pos = max(0, min(pos, len(e.buf)))
	if pos == e.pos {
		return
	}
	t := e.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if pos < e.pos {
		io.WriteString(t.out, strings.Repeat("\b", e.pos-pos))
	} else {
		// Moving right rewrites the runes passed over: it needs no
		// escape sequence.
		io.WriteString(t.out, string(e.buf[e.pos:pos]))
	}
	e.pos = pos
}

func (e *lineEditor) insert(r rune) {
	t := e.t
	t.mu.Lock()
	defer t.mu.Unlock()
	e.buf = append(e.buf, 0)
	copy(e.buf[e.pos+1:], e.buf[e.pos:])
	e.buf[e.pos] = r
	e.pos++
	if e.pos == len(e.buf) {
		// Typing at the end, the common case, sends the rune alone.
		io.WriteString(t.out, string(r))
		t.shown++
		return
	}
	t.draw()
}

func (e *lineEditor) deleteAt(i int) {
	if i < 0 || i >= len(e.buf) {
		return
	}
	e.set(append(e.buf[:i:i], e.buf[i+1:]...), e.pos)
}

// set replaces the line and the cursor and redraws.
func (e *lineEditor) set(buf []rune, pos int) {
	t := e.t
	t.mu.Lock()
	defer t.mu.Unlock()
	e.buf = append(e.buf[:0:0], buf...)
	e.pos = max(0, min(pos, len(e.buf)))
	t.draw()
}

func (e *lineEditor) history(dir int) {
	if e.hist == nil {
		return
	}
	var s string
	if dir < 0 {
		s = e.hist.Prev(string(e.buf))
	} else {
		s = e.hist.Next()
	}
	r := []rune(s)
	e.set(r, len(r))
}

// completeLine completes the line up to the cursor: one candidate replaces
// it, several complete their common prefix, and a second Tab lists them.
func (e *lineEditor) completeLine() {
	if e.complete == nil {
		return
	}
	head := string(e.buf[:e.pos])
	cands := e.complete(head)
	if len(cands) == 0 {
		return
	}
	prefix := cands[0]
	for _, c := range cands[1:] {
		for !strings.HasPrefix(c, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if len(cands) == 1 && !strings.HasSuffix(prefix, ":") {
		prefix += " "
	}
	if len(prefix) > len(head) {
		tail := e.buf[e.pos:]
		nb := append([]rune(prefix), tail...)
		e.set(nb, utf8.RuneCountInString(prefix))
		return
	}
	if e.tabs < 2 || len(cands) == 1 {
		return
	}
	// The list: each candidate's last word, as many a row as fit in 80
	// columns.
	words := make([]string, len(cands))
	width := 0
	for i, c := range cands {
		w := c
		if j := strings.LastIndexAny(head, " \t"); j >= 0 && len(c) > j {
			w = c[j+1:]
		}
		words[i] = w
		width = max(width, utf8.RuneCountInString(w)+2)
	}
	per := max(1, 80/width)
	var b strings.Builder
	for i, w := range words {
		b.WriteString(w)
		if (i+1)%per == 0 || i == len(words)-1 {
			b.WriteByte('\n')
		} else {
			b.WriteString(strings.Repeat(" ", width-utf8.RuneCountInString(w)))
		}
	}
	t := e.t
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.out, string(e.buf[e.pos:])+"\n"+b.String())
	t.shown = 0
	t.redraw(false)
}

// typedInterrupt reports whether Ctrl+C was typed after the line's Enter,
// while the terminal was still raw (continue, Enter and Ctrl+C typed at
// once, or sent by tmux's send-keys), and drops the bytes up to it, as
// Ctrl+C at a prompt drops the line. Cooked again, the terminal would
// have kept that byte for the next prompt, and the command it was meant
// to stop would have run on.
func (e *lineEditor) typedInterrupt(fd int) bool {
	if n, err := unix.IoctlGetInt(fd, unix.TIOCINQ); err == nil && n > 0 {
		e.in.Peek(e.in.Buffered() + n) // raw: the bytes typed are there to read
	}
	b, _ := e.in.Peek(e.in.Buffered())
	i := bytes.IndexByte(b, 0x03)
	if i < 0 {
		return false
	}
	e.in.Discard(i + 1)
	return true
}
