package console

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Parsing the arguments of commands: locations, counts, addresses. The
// engine resolves a location against the binary; the console checks its
// form first so a typo gets a message about the typo, not about the binary.

// LocKind says which form a location has.
type LocKind int

const (
	LocFileLine LocKind = iota // FILE:LINE
	LocLine                    // LINE, in the current file
	LocFunc                    // FUNC: main.fib, or fib when unique
	LocAddr                    // *0xADDR
	LocFileFunc                // FILE:FUNC, gdb's: a function of that file (a static one among several)
)

// Loc is a parsed location.
type Loc struct {
	Kind LocKind
	File string
	Line int
	Func string
	Addr uint64
}

// LocError is a location that does not parse.
type LocError struct {
	Loc string
	Why string
}

func (e *LocError) Error() string {
	return fmt.Sprintf("bad location %q: %s (want FILE:LINE, LINE, FUNC, FILE:FUNC or *0xADDR)", e.Loc, e.Why)
}

// ParseLoc parses FILE:LINE, LINE, FUNC, FILE:FUNC or *ADDR.
func ParseLoc(s string) (Loc, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Loc{}, &LocError{s, "empty"}
	}
	if strings.ContainsAny(s, " \t") {
		return Loc{}, &LocError{s, "contains a space"}
	}
	if rest, ok := strings.CutPrefix(s, "*"); ok {
		a, err := parseAddr(rest)
		if err != nil {
			return Loc{}, &LocError{s, err.Error()}
		}
		return Loc{Kind: LocAddr, Addr: a}, nil
	}
	if i := strings.LastIndex(s, ":"); i >= 0 {
		file, num := s[:i], s[i+1:]
		if file == "" {
			return Loc{}, &LocError{s, "no file before the colon"}
		}
		if num != "" && !(num[0] >= '0' && num[0] <= '9' || num[0] == '-' || num[0] == '+') && isFuncName(num) {
			return Loc{Kind: LocFileFunc, File: file, Func: num}, nil
		}
		n, err := parseLine(num)
		if err != nil {
			return Loc{}, &LocError{s, err.Error()}
		}
		return Loc{Kind: LocFileLine, File: file, Line: n}, nil
	}
	if s[0] >= '0' && s[0] <= '9' || s[0] == '-' || s[0] == '+' {
		n, err := parseLine(s)
		if err != nil {
			return Loc{}, &LocError{s, err.Error()}
		}
		return Loc{Kind: LocLine, Line: n}, nil
	}
	if !isFuncName(s) {
		return Loc{}, &LocError{s, "not a function name"}
	}
	return Loc{Kind: LocFunc, Func: s}, nil
}

func parseLine(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("line %s is out of range", s)
	}
	if err != nil {
		return 0, fmt.Errorf("line %q is not a number", s)
	}
	if n < 1 {
		return 0, fmt.Errorf("line %d: lines start at 1", n)
	}
	return n, nil
}

// isFuncName accepts the characters of Go and C symbol names, including
// package paths (github.com/x/y.F), methods ((*T).M), closures (main.main.func1)
// and generic instances (main.Map[...]).
func isFuncName(s string) bool {
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

// parseAddr reads an address: hex with 0x, or decimal.
func parseAddr(s string) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("no address")
	}
	var v uint64
	var err error
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		v, err = strconv.ParseUint(h, 16, 64)
	} else {
		v, err = strconv.ParseUint(s, 10, 64)
	}
	if err != nil {
		return 0, fmt.Errorf("%q is not an address", s)
	}
	return v, nil
}

// parseCount reads the optional repeat count of next, step, stepi, nexti:
// absent means 1.
func parseCount(args string) (int, error) {
	args = strings.TrimSpace(args)
	if args == "" {
		return 1, nil
	}
	// Base prefixes too (x ADDR 0x100); a count past the int32 range is
	// too large for anything, and is said so rather than "not positive".
	n, err := strconv.ParseInt(args, 0, 64)
	if !strings.HasPrefix(args, "-") && (errors.Is(err, strconv.ErrRange) || err == nil && n > math.MaxInt32) {
		return 0, fmt.Errorf("count %s is too large", args)
	}
	if err != nil || n < 1 {
		return 0, fmt.Errorf("bad count %q: want a positive number", args)
	}
	return int(n), nil
}

// parseIndex reads a required non-negative number (a breakpoint id, a
// frame number).
func parseIndex(what, args string) (int, error) {
	args = strings.TrimSpace(args)
	if args == "" {
		return 0, fmt.Errorf("missing %s", what)
	}
	n, err := strconv.Atoi(args)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad %s %q: want a number", what, args)
	}
	return n, nil
}

// splitCond splits "LOC if COND" into its parts.
func splitCond(args string) (loc, cond string) {
	args = strings.TrimSpace(args)
	if strings.HasPrefix(args, "if ") {
		return "", strings.TrimSpace(args[3:])
	}
	if i := strings.Index(args, " if "); i >= 0 {
		return strings.TrimSpace(args[:i]), strings.TrimSpace(args[i+4:])
	}
	return args, ""
}

// splitFirst splits a command line into its first word and the rest.
func splitFirst(s string) (string, string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i+1:])
	}
	return s, ""
}
