package console

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"tdb/debugger"
)

// Printer receives a Console's output, one whole line per call. Print gets
// results and notes; Error gets the message of a failed command, without
// the "error: " prefix the batch front end adds.
type Printer interface {
	Print(line string)
	Error(line string)
}

// Console runs command lines against a session: the batch front end and
// the full-screen UI's command line both go through it, so a command works
// the same in both.
//
// Concurrency: Exec and Complete are safe to call from several goroutines
// at once. An execution command (continue, next, ...) blocks its caller
// until the target stops, so the full-screen UI runs Exec on a worker
// goroutine; meanwhile another goroutine may run `break`, which the engine
// applies while the target runs.
type Console struct {
	// s is the session as the commands see it: the live one, or the
	// stop the history shows (stops_view.go).
	s target
	p Printer

	// stops records every stop ReportStop reports (stops.go).
	stops *StopHistory

	mu sync.Mutex
	// Where a bare `list` continues: after the lines last listed, as long
	// as the target has not stopped again (seq) nor changed frame since.
	listFile  string
	listNext  int
	listFirst int // the first line the last list printed, for list -
	listSeq   int
	listFrame int
	// displays are the expressions `display` prints after every stop.
	displays []string
	// x/NFU's format and size are sticky, as gdb's: a later x/4 ADDR
	// uses them, and a bare x (after an x/FMT) goes on after the units
	// last shown (xSeen says there was one).
	xLast examineFormat
	xNext uint64
	xSeen bool
	// pendingOn: gdb's `set breakpoint pending on`: every break on an
	// unknown function is kept for a library loaded later.
	pendingOn bool
	// follow is the socket of the session a follower console follows.
	follow string
	// view is the stop `history N` shows, nil in the present.
	view *stopView
	// replay: there is no program, only the stops of a saved history.
	replay string
	// stepOK: a front end that reads keys while a command runs
	// (the full screen) can release mechanics step mode's pauses.
	stepOK bool
	// screen: the full screen's panes, for layout and memory
	// (commands_asm.go); nil in batch and line mode.
	screen Screen
}

// New returns a console that sends requests to s and prints to p.
func New(s *debugger.Session, p Printer) *Console {
	c := &Console{p: p}
	c.s = router{c: c, live: s}
	prog := ""
	if s != nil && s.Binary() != nil {
		prog = s.Binary().Path()
	}
	c.stops = NewStopHistory(prog)
	return c
}

// Detach runs `detach`: it releases an attached program, left running,
// and prints what `detach` prints. Line mode's quit after an attach calls
// it and ignores the error of a program already detached.
func (c *Console) Detach() error { return cmdDetach(c, "") }

// errQuit is returned by the quit command's Run to end the session.
var errQuit = errors.New("quit")

// Exec runs one command line. Everything it has to say, errors included,
// goes to the Printer (errors through Printer.Error); the returned error is
// the same failure, for callers that count them (the batch exit status).
// quit is true after `quit`. Blank lines and lines starting with '#' do
// nothing.
func (c *Console) Exec(line string) (quit bool, err error) {
	if len(line) > MaxLine {
		err := fmt.Errorf("the command line is %d bytes long: at most %d KiB", len(line), MaxLine>>10)
		c.p.Error(err.Error())
		return false, err
	}
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return false, nil
	}
	cmd, args, err := lookupCommand(line)
	if err == nil {
		err = cmd.Run(c, args)
	}
	if err == errQuit {
		return true, nil
	}
	if err != nil {
		c.p.Error(err.Error())
	}
	return false, err
}

// MaxLine bounds a command line (issue 13): the evaluator's cost grows
// with it, and no command needs more.
const MaxLine = 64 << 10

// UnknownCommandError is a command line whose first word names no command.
type UnknownCommandError struct{ Name string }

func (e *UnknownCommandError) Error() string {
	return fmt.Sprintf("unknown command %q (try help)", e.Name)
}

// lookupCommand finds the command a line starts with and returns the rest
// of the line as its arguments. Names of several words ("info registers")
// are tried before single words.
func lookupCommand(line string) (*Command, string, error) {
	words := strings.Fields(line)
	if len(words) == 0 {
		return nil, "", &UnknownCommandError{""}
	}
	// gdb's p/x, x/8xb, display/x: the format goes to the command's
	// arguments as "/x", which only the commands that take one accept.
	if name, f, ok := strings.Cut(words[0], "/"); ok && name != "" {
		cmd, rest, err := lookupCommand(name + " " + strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), words[0])))
		if err != nil {
			return nil, "", err
		}
		if !cmd.Format {
			return nil, "", fmt.Errorf("%s takes no /FORMAT", cmd.Name)
		}
		return cmd, strings.TrimSpace("/" + f + " " + rest), nil
	}
	best, bestLen := -1, 0
	for i := range commandTable {
		for _, name := range commandTable[i].names() {
			nw := strings.Fields(name)
			if len(nw) <= bestLen || len(nw) > len(words) {
				continue
			}
			match := true
			for j := range nw {
				if words[j] != nw[j] {
					match = false
					break
				}
			}
			if match {
				best, bestLen = i, len(nw)
			}
		}
	}
	if best < 0 {
		return nil, "", &UnknownCommandError{words[0]}
	}
	// The arguments are the line after the name's words, spacing kept (a
	// condition may contain strings).
	rest := strings.TrimSpace(line)
	for range bestLen {
		_, rest = splitFirst(rest)
	}
	return &commandTable[best], rest, nil
}

// Complete returns the candidate command lines for a partly typed one,
// sorted: each candidate is the whole line with its last word completed,
// as tview's InputField autocompletion wants. It completes command names
// in the first word and after `help` and, after commands that take a
// location, source file base names (as "main.go:"), function names and a
// file's functions after "FILE:".
func (c *Console) Complete(line string) []string {
	if strings.TrimSpace(line) == "" {
		return nil
	}
	if out := c.completeValue(line); out != nil {
		return out
	}
	head, word := line, line
	if i := strings.LastIndexAny(line, " \t"); i >= 0 {
		head, word = line[:i+1], line[i+1:]
	} else {
		head = ""
	}
	var cands []string
	if strings.TrimSpace(head) == "" {
		for _, cmd := range commandTable {
			for _, n := range cmd.names() {
				if !strings.Contains(n, " ") && strings.HasPrefix(n, word) {
					cands = append(cands, n)
				}
			}
		}
	} else {
		cmd, args, err := lookupCommand(head)
		if err != nil || strings.TrimSpace(args) != "" {
			return nil
		}
		switch {
		case cmd.Name == "help":
			for _, other := range commandTable {
				if strings.HasPrefix(other.Name, word) {
					cands = append(cands, other.Name)
				}
			}
		case cmd.takesLoc():
			cands = c.completeLoc(word)
		default:
			return nil
		}
	}
	sort.Strings(cands)
	cands = dedupe(cands)
	out := make([]string, len(cands))
	for i, s := range cands {
		out[i] = head + s
	}
	return out
}

// maxCompletions bounds the list: a Go binary has thousands of runtime
// functions, and a list that long helps nobody.
const maxCompletions = 200

// completeLoc: the engine's, which reads word with the parser requests
// use (FILE:, FUNC, FILE:FUNC).
func (c *Console) completeLoc(word string) []string {
	if c.s.Binary() == nil {
		return nil
	}
	return debugger.CompleteLoc(c.s.Binary(), word, maxCompletions)
}

// valueCommands take an expression: Tab completes the selected frame's
// locals and arguments in them.
var valueCommands = map[string]bool{"print": true, "display": true, "whatis": true, "ptype": true,
	"watch": true, "rwatch": true, "awatch": true, "set": true}

// completeValue completes the identifier being typed in a value command's
// expression with the selected frame's arguments and locals; nil when the
// line is no such command or nothing matches.
func (c *Console) completeValue(line string) []string {
	fields := strings.Fields(line)
	if len(fields) == 0 || !c.hasTarget() || (len(fields) == 1 && !strings.HasSuffix(line, " ")) {
		return nil
	}
	cmd, _, err := lookupCommand(fields[0])
	if err != nil || !valueCommands[cmd.Name] {
		return nil
	}
	i := strings.LastIndexFunc(line, func(r rune) bool {
		return !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	head, word := line[:i+1], line[i+1:]
	if strings.HasSuffix(head, ".") || strings.HasSuffix(head, "/") {
		return nil // a field, or a p/x format
	}
	var names []string
	for _, r := range []debugger.Request{debugger.Args{Frame: debugger.SelectedFrame}, debugger.Locals{Frame: debugger.SelectedFrame}} {
		rep := c.s.Do(r)
		if rep.Err != nil {
			return nil
		}
		for _, v := range rep.Values {
			// ~r0 (an unnamed result) is no name an expression uses.
			if strings.HasPrefix(v.Name, word) && !strings.HasPrefix(v.Name, "~") {
				names = append(names, v.Name)
			}
		}
	}
	sort.Strings(names)
	names = dedupe(names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = head + n
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
