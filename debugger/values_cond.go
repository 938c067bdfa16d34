package debugger

import (
	"fmt"
	"go/ast"
	"go/parser"
	"strconv"
	"strings"

	"tdb/source"
)

// Conditional breakpoints. A condition is evaluated on the trapping thread
// inside the engine, at each hit, without a round trip to the front end:
// a false condition resumes the program as a step plan's miss does; a
// condition that cannot be evaluated stops, and the stop's note says why.
// HitCount counts the hits whose condition held; a hit-count condition
// ("> 100", "== 5", "% 10") is checked against it.

// checkCond reports a condition that does not parse, in Go's syntax nor
// in C's: the language is the breakpoint's frame's, known at the hit
// (r->s == 60 in C, p.x == 1 in Go).
func (e *engine) checkCond(cond string) error {
	_, err := parser.ParseExpr(strings.ReplaceAll(cond, "->", "."))
	if err == nil {
		return nil
	}
	// (name)x is a cast when name is one of the program's typedefs (at
	// the hit a variable of that name would win; it is syntax either way).
	isType := func(n string) bool {
		_, err := e.bin.LookupTypedef(n)
		return err == nil
	}
	if _, cerr := parseC(cond, isType); cerr == nil {
		return nil
	}
	return fmt.Errorf("bad condition %q: %v", cond, strings.TrimPrefix(err.Error(), "1:"))
}

// parseHitCond splits "> 100" (or ">100", "==5", "% 10", a bare "5"
// meaning "== 5") into its operator and number.
func parseHitCond(s string) (string, int, error) {
	s = strings.TrimSpace(s)
	op := "=="
	for _, o := range []string{">=", "<=", "==", "!=", ">", "<", "%"} {
		if strings.HasPrefix(s, o) {
			op, s = o, strings.TrimSpace(s[len(o):])
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || (op == "%" && n == 0) {
		return "", 0, fmt.Errorf("bad hit-count condition %q: want an operator (> >= < <= == != %%) and a number, e.g. \"> 100\"", s)
	}
	return op, n, nil
}

func hitCondHolds(hits int, cond string) bool {
	op, n, err := parseHitCond(cond)
	if err != nil {
		return true
	}
	switch op {
	case ">":
		return hits > n
	case ">=":
		return hits >= n
	case "<":
		return hits < n
	case "<=":
		return hits <= n
	case "!=":
		return hits != n
	case "%":
		return hits%n == 0
	}
	return hits == n
}

// condsHold evaluates the conditions of the enabled user breakpoints at bp
// for thread t. The breakpoints whose conditions hold are counted and
// kept in bp.hit for the stop to report (hitUsers).
func (e *engine) condsHold(t *thread, bp *physBP) bool {
	bp.hit, bp.note = nil, ""
	defer e.inObjectAt(bp.addr)() // solib_values.go: in a library's code
	var c *evalCtx
	var cErr error
	for _, u := range bp.enabledUsers() {
		if u.Cond != "" {
			if c == nil && cErr == nil {
				c, cErr = e.condCtx(t, bp)
			}
			ok, err := e.condTrue(c, cErr, u.Cond)
			if err != nil {
				bp.note = fmt.Sprintf("breakpoint %d: cannot evaluate the condition %s: %v", u.ID, u.Cond, err)
				u.HitCount++
				bp.hit = append(bp.hit, u)
				continue
			}
			if !ok {
				continue
			}
		}
		u.HitCount++
		if u.HitCond != "" && !hitCondHolds(u.HitCount, u.HitCond) {
			continue
		}
		bp.hit = append(bp.hit, u)
	}
	return len(bp.hit) > 0
}

// condStatic is what a condition at one breakpoint needs that does not
// change from hit to hit: the function, line, call-frame row and
// variables at the address, and the parsed conditions. Built at the
// first evaluation, so a hot conditional breakpoint costs no symbol,
// line or DWARF lookup per hit.
type condStatic struct {
	fn     string
	line   int
	row    source.FrameRow
	rowOK  bool
	fv     *source.FuncVars
	fvErr  error
	parsed map[string]ast.Expr
	isC    bool // the code at the breakpoint is C
}

// condCtx is the evaluation context of frame 0 of t, stopped at bp.
func (e *engine) condCtx(t *thread, bp *physBP) (*evalCtx, error) {
	if err := e.getRegs(t); err != nil {
		return nil, err
	}
	st := bp.cond
	if st == nil {
		st = &condStatic{parsed: map[string]ast.Expr{}}
		pc := bp.addr - e.bias
		if fn := e.bin.FuncAt(pc); fn != nil {
			st.fn = fn.Name
		}
		_, st.line, _ = e.bin.PCToLine(pc)
		st.row, st.rowOK = e.bin.FrameRowAt(pc)
		st.fv, st.fvErr = e.bin.Variables(pc, st.line)
		unit, goCode := e.bin.UnitAt(pc)
		st.isC = !goCode && (unit != "" || !e.bin.IsGo())
		bp.cond = st
	}
	r := &t.regs
	var cfa uint64
	switch {
	case st.rowOK && st.row.CFAReg == source.RegRSP:
		cfa = uint64(int64(r.Rsp) + st.row.CFAOffset)
	case st.rowOK && st.row.CFAReg == source.RegRBP:
		cfa = uint64(int64(r.Rbp) + st.row.CFAOffset)
	default:
		// No call-frame info here: the general unwinder's fallbacks.
		fc, err := e.threadFrame(t)
		if err != nil {
			return nil, err
		}
		return &evalCtx{e: e, fc: fc, fv: st.fv, fvErr: st.fvErr, parsed: st.parsed, isC: e.isCFrame(fc)}, nil
	}
	fc := &frameCtx{pc: r.Rip, line: st.line, fn: st.fn, cfa: cfa, tid: t.tid, regs: dwarfRegs(r)}
	return &evalCtx{e: e, fc: fc, fv: st.fv, fvErr: st.fvErr, parsed: st.parsed, isC: st.isC}, nil
}

func (e *engine) condTrue(c *evalCtx, cErr error, cond string) (bool, error) {
	if cErr != nil {
		return false, cErr
	}
	v, err := c.eval(cond)
	if err != nil {
		return false, err
	}
	if c.isC {
		// C's condition: any nonzero number or pointer.
		return c.cTruth(v, nil)
	}
	n, err := c.numOf(v, cond)
	if err != nil {
		return false, err
	}
	if n.k != kBool {
		return false, fmt.Errorf("%s is not a bool", cond)
	}
	return n.b, nil
}

// hitUsers are the user breakpoints a stop at bp is about, already
// counted by condsHold.
func (e *engine) hitUsers(bp *physBP) []*userBP {
	if len(bp.hit) > 0 {
		return bp.hit
	}
	us := bp.enabledUsers()
	for _, u := range us {
		u.HitCount++
	}
	return us
}
