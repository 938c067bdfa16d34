package console

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Parsing the arguments of commands: counts, addresses, conditions.
// Locations are debugger.ParseLoc's, the one parser front ends and the
// engine share: the console checks a location's form with it first, so a
// typo gets a message about the typo, not about the binary.

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
