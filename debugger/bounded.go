package debugger

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
)

// Bounds on what one command may read of the program (issue 13): a value
// can be as big as the program's memory, and a command that reads it all
// holds the session for minutes.

// maxCompareBytes bounds a string comparison: strings of equal length are
// compared a chunk at a time up to this many bytes each.
const maxCompareBytes = 256 << 20

// compareChunk is how much of each string one read takes.
const compareChunk = 1 << 20

// stringsEqual compares two strings of the program (or constants) by
// content. Lengths come first: strings of different lengths differ
// without a byte read, which makes a lookup of a short key in a map of
// long ones cheap. It used to compare the first MiB of each only, and
// called strings that differ further on equal.
func (c *evalCtx) stringsEqual(a, b *value, what string) (bool, error) {
	return c.stringsCmp(token.EQL, a, b, what, what)
}

// stringsCmp is a op b for strings, read a chunk at a time up to
// maxCompareBytes each.
func (c *evalCtx) stringsCmp(op token.Token, a, b *value, wa, wb string) (bool, error) {
	la, err := c.strLen(a, wa)
	if err != nil {
		return false, err
	}
	lb, err := c.strLen(b, wb)
	if err != nil {
		return false, err
	}
	if la != lb && (op == token.EQL || op == token.NEQ) {
		return op == token.NEQ, nil
	}
	common := min(la, lb)
	if common > maxCompareBytes {
		return false, fmt.Errorf("cannot compare strings of %d bytes: at most %d MiB", common, maxCompareBytes>>20)
	}
	cmp := 0
	for off := int64(0); off < common && cmp == 0; off += compareChunk {
		n := min(compareChunk, common-off)
		x, err := c.strPart(a, off, n, wa)
		if err != nil {
			return false, err
		}
		y, err := c.strPart(b, off, n, wb)
		if err != nil {
			return false, err
		}
		cmp = bytes.Compare(x, y)
	}
	if cmp == 0 {
		cmp = cmpInt(la, lb)
	}
	if ok, isCmp := cmpHolds(op, cmp); isCmp {
		return ok, nil
	}
	return false, fmt.Errorf("invalid operation: operator %s not defined on strings", op)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// strLen is the length of a string value, from its header alone.
func (c *evalCtx) strLen(v *value, what string) (int64, error) {
	if v.lit != nil && v.lit.s != nil {
		return int64(len(*v.lit.s)), nil
	}
	if c.kindOf(v.typ) != kString {
		return 0, fmt.Errorf("%s is a %s, not a string", what, c.e.typeName(v.typ))
	}
	n, err := c.e.word(v, 8)
	if err != nil {
		return 0, err
	}
	if int64(n) < 0 || n > 1<<40 {
		return 0, fmt.Errorf("corrupt string (len %d)", int64(n))
	}
	return int64(n), nil
}

// strPart reads n bytes of a string value from offset off.
func (c *evalCtx) strPart(v *value, off, n int64, what string) ([]byte, error) {
	if v.lit != nil && v.lit.s != nil {
		return []byte((*v.lit.s)[off : off+n]), nil
	}
	p, err := c.e.word(v, 0)
	if err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if err := c.e.readMem(p+uint64(off), b); err != nil {
		return nil, fmt.Errorf("cannot read the string %s at %#x", what, p+uint64(off))
	}
	return b, nil
}

// maxReadPerCommand bounds the bytes one values request (print, locals,
// a map lookup, ...) reads of the program: past it the request gives up
// with an error instead of holding the session.
const maxReadPerCommand = 1 << 30

// ErrCanceled answers a request that Interrupt (Ctrl+C) cancelled while it
// was still working.
var ErrCanceled = errors.New("interrupted: the command was cancelled (Ctrl+C)")

// errReadBudget is the read that went past maxReadPerCommand.
var errReadBudget = fmt.Errorf("gave up: the command read more than %d MiB of the program's memory", maxReadPerCommand>>20)

// readBudget is the state of a values request's bounds. Owned by the
// ptrace goroutine.
type readBudget struct {
	busy bool  // a values request is working
	read int64 // bytes it read so far
	over bool  // it went past the budget
	// extra raises the budget for this request: a goroutine listing may
	// read perGoroutineRead for each goroutine, whatever their number.
	extra int64
}

// boundedValues runs a values request under the bounds: every read counts
// against the budget and looks at the cancel flag Interrupt sets.
func (e *engine) boundedValues(req Request) (Reply, bool) {
	if !isValuesRequest(req) {
		return Reply{}, false
	}
	return e.bounded(func() Reply { r, _ := e.handleValues(req); return r }), true
}

// isValuesRequest: the requests handleValues answers.
func isValuesRequest(req Request) bool {
	switch req.(type) {
	case Eval, Locals, Args, SetVar, Children, TypeOf:
		return true
	}
	return false
}

// bounded runs one request (a backtrace, a goroutine listing: those whose
// reads grow with the program's data) under the values' bounds.
func (e *engine) bounded(f func() Reply) Reply {
	e.budget = readBudget{busy: true}
	e.s.cancel.Store(cancelWorking)
	if h := e.s.test; h != nil && h.onBound != nil {
		h.onBound()
	}
	rep := f()
	over := e.budget.over
	e.budget = readBudget{}
	return e.boundedEnd(rep, over)
}

// boundedEnd turns a bounded request's reply into the error of its
// cancel or its budget.
func (e *engine) boundedEnd(rep Reply, over bool) Reply {
	switch {
	case e.s.cancel.Swap(cancelIdle) == cancelAsked:
		return Reply{Err: ErrCanceled, State: e.state}
	case over:
		return Reply{Err: errReadBudget, State: e.state}
	}
	return rep
}

const (
	cancelIdle int32 = iota
	cancelWorking
	cancelAsked
)

// readAllowed is readMem's check: nil unless a values request is over its
// budget or cancelled.
func (e *engine) readAllowed(n int) error {
	if !e.budget.busy {
		return nil
	}
	e.budget.read += int64(n)
	if e.budget.read > maxReadPerCommand+e.budget.extra {
		e.budget.over = true
		return errReadBudget
	}
	if e.s.cancel.Load() == cancelAsked {
		return ErrCanceled
	}
	return nil
}
