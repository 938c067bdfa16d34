package debugger

import (
	"fmt"
	"go/parser"
	"strconv"
	"strings"
)

// Conditional breakpoints. A condition is evaluated on the trapping thread
// inside the engine, at each hit, without a round trip to the front end:
// a false condition resumes the program as a step plan's miss does; a
// condition that cannot be evaluated stops, and the stop's note says why.
// HitCount counts the hits whose condition held; a hit-count condition
// ("> 100", "== 5", "% 10") is checked against it.

// checkCond reports a condition that does not parse.
func checkCond(cond string) error {
	if _, err := parser.ParseExpr(cond); err != nil {
		return fmt.Errorf("bad condition %q: %v", cond, strings.TrimPrefix(err.Error(), "1:"))
	}
	return nil
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
	var fc *frameCtx
	var fcErr error
	for _, u := range bp.enabledUsers() {
		if u.Cond != "" {
			if fc == nil && fcErr == nil {
				fc, fcErr = e.threadFrame(t)
			}
			ok, err := e.condTrue(fc, fcErr, u.Cond)
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

func (e *engine) condTrue(fc *frameCtx, fcErr error, cond string) (bool, error) {
	if fcErr != nil {
		return false, fcErr
	}
	c := e.newEvalCtx(fc)
	v, err := c.eval(cond)
	if err != nil {
		return false, err
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
