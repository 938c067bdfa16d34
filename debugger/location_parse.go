package debugger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The one parser of LOC, the location that break, tbreak, continue,
// until, advance and list take. It is purely syntactic: it needs no
// binary and no process, so a front end checks what was typed before it
// sends a request, and the engine resolves the parsed Loc against the
// binary (location.go). Front ends and the engine agree on every spelling
// because there is no other parser.

// LocKind says which form a location has.
type LocKind int

const (
	LocNone     LocKind = iota // the zero Loc: no location given
	LocFileLine                // FILE:LINE
	LocLine                    // LINE, in the current file
	LocFunc                    // FUNC: main.fib, or fib when unique; C.foo in cgo
	LocFileFunc                // FILE:FUNC, gdb's: a function of that file (a static one among several)
	LocAddr                    // *ADDR: 0x4beaa4, 4198400, 0o17, 0b101 (Go's base prefixes)
)

// Loc is a parsed location, as requests carry it. Only the fields of its
// Kind are set. The zero Loc is no location (Continue to nowhere: run).
type Loc struct {
	Kind LocKind
	File string // LocFileLine, LocFileFunc: a base name, a path's tail or the whole path
	Line int    // LocFileLine, LocLine: 1 or more
	Func string // LocFunc, LocFileFunc
	Addr uint64 // LocAddr: a run-time address
}

// FileLine is the location of a line of a file, as the source pane's
// gutter and run-to-cursor name it.
func FileLine(file string, line int) Loc { return Loc{Kind: LocFileLine, File: file, Line: line} }

// String spells l as the user would type it; ParseLoc reads it back to
// l. Breakpoint.Loc holds this spelling.
func (l Loc) String() string {
	switch l.Kind {
	case LocFileLine:
		return l.File + ":" + strconv.Itoa(l.Line)
	case LocLine:
		return strconv.Itoa(l.Line)
	case LocFunc:
		return l.Func
	case LocFileFunc:
		return l.File + ":" + l.Func
	case LocAddr:
		return fmt.Sprintf("*%#x", l.Addr)
	}
	return ""
}

// LocError is text that is no location; Why says what is wrong with it.
type LocError struct {
	Loc string
	Why string
}

func (e *LocError) Error() string {
	return fmt.Sprintf("bad location %q: %s (want FILE:LINE, LINE, FUNC, FILE:FUNC or *0xADDR)", clip(e.Loc), e.Why)
}

// clip shortens what the user gave for an error line: a 64 KB paste
// makes a message nobody reads.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// ParseLoc parses FILE:LINE, LINE, FUNC, FILE:FUNC or *ADDR. Surrounding
// blanks are ignored; a blank inside is an error (except after *), so
// "main fib" is not read as main. A leading + on a line number is read
// as the number itself (gdb reads +N as N lines after the current one;
// tdb has no such offsets). The time it takes is linear in len(s).
func ParseLoc(s string) (Loc, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Loc{}, &LocError{s, "empty"}
	}
	if rest, ok := strings.CutPrefix(s, "*"); ok {
		a, err := parseLocAddr(strings.TrimSpace(rest))
		if err != nil {
			return Loc{}, &LocError{s, err.Error()}
		}
		return Loc{Kind: LocAddr, Addr: a}, nil
	}
	if strings.ContainsAny(s, " \t") {
		return Loc{}, &LocError{s, "contains a space"}
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		file, after := s[:i], s[i+1:]
		if file == "" {
			return Loc{}, &LocError{s, "no file before the colon"}
		}
		if after != "" && !startsNumber(after) && isFuncSpelling(after) {
			return Loc{Kind: LocFileFunc, File: file, Func: after}, nil
		}
		n, err := parseLocLine(after)
		if err != nil {
			return Loc{}, &LocError{s, err.Error()}
		}
		return Loc{Kind: LocFileLine, File: file, Line: n}, nil
	}
	if startsNumber(s) {
		n, err := parseLocLine(s)
		if err != nil {
			return Loc{}, &LocError{s, err.Error()}
		}
		return Loc{Kind: LocLine, Line: n}, nil
	}
	if !isFuncSpelling(s) {
		return Loc{}, &LocError{s, "not a function name"}
	}
	return Loc{Kind: LocFunc, Func: s}, nil
}

// startsNumber: a line number, not a name (no Go or C name starts with a
// digit or a sign).
func startsNumber(s string) bool {
	return s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '-' || s[0] == '+')
}

func parseLocLine(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("line %s is out of range", clip(s))
	}
	if err != nil {
		return 0, fmt.Errorf("line %q is not a number", clip(s))
	}
	if n < 1 {
		return 0, fmt.Errorf("line %d: lines start at 1", n)
	}
	return n, nil
}

// parseLocAddr reads the address after *: hex with 0x, decimal, or Go's
// other base prefixes; a leading 0 is octal, as in C and in gdb.
func parseLocAddr(s string) (uint64, error) {
	if s == "" {
		return 0, errors.New("no address")
	}
	a, err := strconv.ParseUint(s, 0, 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("address %s is out of range", clip(s))
	}
	if err != nil {
		return 0, fmt.Errorf("%q is not an address", clip(s))
	}
	return a, nil
}

// isFuncSpelling accepts the characters of Go and C symbol names,
// including package paths (github.com/x/y.F), methods ((*T).M), closures
// (main.main.func1), generic instances (main.Map[...]) and the
// linker's (type..eq.main.T).
func isFuncSpelling(s string) bool {
	for _, r := range s {
		switch {
		case r == '_' || r == '.' || r == '/' || r == '(' || r == ')' || r == '*' ||
			r == '[' || r == ']' || r == ',' || r == '-' || r == '~' || r == '$':
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r > 0x7f:
		default:
			return false
		}
	}
	return true
}
