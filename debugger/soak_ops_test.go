package debugger

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The soak's operations and what each checks of the engine's answer.

// maxSoakBPs bounds the breakpoints set at once: more would mostly pile
// up conditions on the same few lines.
const maxSoakBPs = 10

// op issues one random operation. Steps are issued only from the
// program's own functions on a goroutine: from the runtime (where an
// interrupt may leave the current thread) they would test stepping
// through the scheduler, not the soak's claim.
func (sk *soak) op() {
	sk.trimLoad()
	// A goroutine on no thread (switched to, parked) cannot be stepped.
	inUser := sk.st != nil && sk.st.Goroutine != 0 && sk.st.Thread != 0 && sk.prog.byName(sk.st.Function) != nil
	name := "continue"
	w := sk.rnd.Intn(100)
	for _, o := range soakOps {
		if w < o.upTo {
			if inUser || !o.step {
				name = o.name
			}
			break
		}
	}
	if sk.rnd.Intn(500) == 0 && sk.restarts < 2 {
		name = "restart"
	}
	if sk.only != nil && !sk.only[name] {
		name = "continue"
	}
	switch name {
	case "break":
		sk.setBP(sk.rnd.Intn(2) == 0, sk.rnd.Intn(10))
	case "clear":
		sk.clearBP()
	case "toggle":
		sk.toggleBP()
	case "condition":
		sk.setCond()
	case "async":
		sk.async()
	case "interrupt":
		sk.interrupt()
	case "continue":
		sk.cont(Continue{}, "continue")
	case "continue-to":
		f, loc := sk.prog.loc(sk.rnd, sk.rnd.Intn(2) == 0)
		sk.note("continue to %s (%s)", loc, f.name)
		sk.cont(Continue{To: mustLoc(loc)}, "continue-to")
	case "next":
		sk.stepOp(Next{Count: 1 + sk.rnd.Intn(3)}, "next")
	case "step":
		sk.stepOp(Step{Count: 1 + sk.rnd.Intn(2)}, "step")
	case "stepout":
		sk.stepOp(StepOut{}, "stepout")
	case "stepi":
		sk.stepOp(StepInstruction{Count: 1 + sk.rnd.Intn(4)}, "stepi")
	case "nexti":
		sk.stepOp(NextInstruction{Count: 1 + sk.rnd.Intn(4)}, "nexti")
	case "inspect":
		sk.inspect()
	case "restart":
		sk.restart()
	}
}

// restart kills the program and starts it again: the breakpoints stay,
// their hit counts start again from zero, and the counting breakpoints
// must then count one whole run.
func (sk *soak) restart() {
	sk.count["restart"]++
	sk.restarts++
	sk.note("restart")
	rep := sk.do(Restart{})
	if rep.Err != nil || rep.State == nil || rep.State.Reason.Kind != "entry" {
		sk.failf("restart: %v (state %+v)", rep.Err, rep.State)
	}
	for _, b := range rep.State.Breakpoints {
		if b.HitCount != 0 {
			sk.failf("after a restart breakpoint %d has %d hits", b.ID, b.HitCount)
		}
	}
	for _, b := range sk.bps {
		sk.before += b.HitCount // hits made all the same
		b.HitCount = 0
	}
	sk.st = rep.State
	// A PIE program is loaded elsewhere now: breakpoints follow it (the
	// next list shows where), instruction addresses are found again.
	sk.findInsns()
	for _, b := range rep.State.Breakpoints {
		if sb := sk.bps[b.ID]; sb != nil {
			sb.Addrs = b.Addrs
		}
	}
}

// soakOps are the operations with their odds (out of 100, cumulative);
// step: only from the program's own code.
var soakOps = []struct {
	name string
	upTo int
	step bool
}{
	{"break", 13, false}, {"clear", 20, false}, {"toggle", 24, false}, {"condition", 29, false},
	{"async", 32, false}, {"interrupt", 34, false}, {"inspect", 40, false}, {"continue", 56, false},
	{"continue-to", 59, true}, {"next", 74, true}, {"step", 84, true}, {"stepout", 90, true},
	{"stepi", 96, true}, {"nexti", 100, true},
}

// rarelyStops: b is an enabled breakpoint on a hot line that stops the
// program never or once: the engine evaluates it at every hit.
func (sk *soak) rarelyStops(b *soakBP) bool {
	f := sk.prog.byName(b.Function)
	return f != nil && f.hot && b.Enabled && sk.exact[b.ID] == 0 &&
		(b.never || strings.HasPrefix(b.HitCond, ">") || strings.HasPrefix(b.HitCond, "=="))
}

// trimLoad clears breakpoints that rarely stop beyond the first few: each
// costs a trap at each of tens of thousands of hits, and the soak must fit
// in its time.
func (sk *soak) trimLoad() {
	n := 0
	for _, id := range sk.ids() {
		if b := sk.bps[id]; sk.rarelyStops(b) {
			if n++; n > 2 {
				sk.clear(b)
			}
		}
	}
}

// keepStopping makes sure a continue will stop again before the program
// ends: some enabled breakpoint without an expression condition, on a
// line that runs every round, stops every time or every few hits.
func (sk *soak) keepStopping() {
	for _, b := range sk.bps {
		f := sk.prog.byName(b.Function)
		if b.Enabled && !b.Temporary && b.Cond == "" && (b.HitCond == "" || strings.HasPrefix(b.HitCond, "%")) &&
			f != nil && f.repeats(b.Line) {
			return
		}
	}
	if len(sk.bps)-len(sk.exact) >= maxSoakBPs {
		sk.clearBP()
	}
	f, loc := sk.prog.anchor(sk.rnd)
	sk.count["break"]++
	sk.note("break %s (to keep stopping)", loc)
	rep := sk.do(SetBreakpoint{Loc: mustLoc(loc)})
	if rep.Err != nil {
		sk.failf("break %s: %v", loc, rep.Err)
	}
	b := rep.Breakpoints[0]
	if b.Function != f.name {
		sk.failf("break %s: got %+v, want a breakpoint in %s", loc, b, f.name)
	}
	sk.bps[b.ID] = &soakBP{Breakpoint: b}
}

// setBP sets a breakpoint on a random line; kind picks its condition.
func (sk *soak) setBP(hot bool, kind int) {
	sk.count["break"]++
	if len(sk.bps)-len(sk.exact) >= maxSoakBPs {
		sk.clearBP()
	}
	f, loc, early := sk.prog.anyLoc(sk.rnd, hot)
	req := SetBreakpoint{Loc: mustLoc(loc)}
	hit := ""
	never := false
	if early && kind < 3 {
		kind += 3 // hit counts only: the arguments are not all in place
	}
	switch kind {
	case 0, 1:
		req.Cond = pick(sk.rnd, f.some)
	case 2:
		req.Cond, never = pick(sk.rnd, f.never), true
	case 3:
		hit = "% " + strconv.Itoa(5+sk.rnd.Intn(60))
	case 4:
		hit = "== " + strconv.Itoa(1+sk.rnd.Intn(300))
	case 5:
		hit = "> 1000000000"
	case 6:
		req.Temporary = true
		if hot {
			req.Cond = pick(sk.rnd, f.some)
		}
	default:
		if hot {
			// A plain breakpoint on a hot line stops every few
			// instructions: count its hits instead.
			hit = "% " + strconv.Itoa(20+sk.rnd.Intn(100))
		}
	}
	sk.note("break %s cond %q hit %q temporary %v", loc, req.Cond, hit, req.Temporary)
	rep := sk.do(req)
	if rep.Err != nil {
		sk.failf("break %s: %v", loc, rep.Err)
	}
	b := rep.Breakpoints[0]
	if b.Function != f.name || len(b.Addrs) == 0 {
		sk.failf("break %s: got %+v, want a breakpoint in %s", loc, b, f.name)
	}
	sk.bps[b.ID] = &soakBP{Breakpoint: b, never: never, early: early}
	if hit != "" {
		if rep := sk.do(SetCondition{ID: b.ID, Cond: hit, HitCount: true}); rep.Err != nil {
			sk.failf("hit condition %q on %d: %v", hit, b.ID, rep.Err)
		}
		sk.bps[b.ID].HitCond = hit
	}
}

// randomBP picks one of the soak's breakpoints, nil when there is none.
// The exactly counted breakpoints are left alone.
func (sk *soak) randomBP() *soakBP {
	var ids []int
	for _, id := range sk.ids() {
		if sk.exact[id] == 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return sk.bps[ids[sk.rnd.Intn(len(ids))]]
}

// ids lists the soak's breakpoints in order: map order is random of its
// own accord, and a seed must repeat a run's operations.
func (sk *soak) ids() []int {
	ids := make([]int, 0, len(sk.bps))
	for id := range sk.bps {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

func (sk *soak) clearBP() {
	sk.count["clear"]++
	b := sk.randomBP()
	if b == nil {
		return
	}
	sk.clear(b)
}

func (sk *soak) clear(b *soakBP) {
	sk.note("clear %d", b.ID)
	if rep := sk.do(ClearBreakpoint{ID: b.ID}); rep.Err != nil {
		if sk.raced(b, rep.Err) {
			return
		}
		sk.failf("clear %d: %v", b.ID, rep.Err)
	}
	sk.gone[b.ID] = b.HitCount
	delete(sk.bps, b.ID)
}

func (sk *soak) toggleBP() {
	sk.count["toggle"]++
	b := sk.randomBP()
	if b == nil {
		return
	}
	sk.note("toggle %d", b.ID)
	rep := sk.do(ToggleBreakpoint{ID: b.ID})
	if rep.Err != nil && sk.raced(b, rep.Err) {
		return
	}
	if rep.Err != nil {
		sk.failf("toggle %d: %v", b.ID, rep.Err)
	}
	if rep.Breakpoints[0].Enabled == b.Enabled {
		sk.failf("toggle %d left it enabled=%v", b.ID, b.Enabled)
	}
	b.Enabled = !b.Enabled
}

// setCond changes a breakpoint's condition or hit-count condition.
func (sk *soak) setCond() {
	sk.count["condition"]++
	b := sk.randomBP()
	if b == nil {
		return
	}
	f := sk.prog.byName(b.Function)
	req := SetCondition{ID: b.ID}
	never := b.never
	k := sk.rnd.Intn(5)
	if b.early && k < 2 {
		k += 3
	}
	switch k {
	case 0:
		req.Cond, never = pick(sk.rnd, f.some), false
	case 1:
		req.Cond, never = pick(sk.rnd, f.never), true
	case 2:
		never = false
	case 3:
		req.HitCount, req.Cond = true, "% "+strconv.Itoa(2+sk.rnd.Intn(30))
	default:
		req.HitCount = true
	}
	sk.note("condition %d %q (hit count %v)", b.ID, req.Cond, req.HitCount)
	if rep := sk.do(req); rep.Err != nil && sk.raced(b, rep.Err) {
		return
	} else if rep.Err != nil {
		sk.failf("condition %d: %v", b.ID, rep.Err)
	}
	if req.HitCount {
		b.HitCond = req.Cond
	} else {
		b.Cond, b.never = req.Cond, never
	}
}

// inspect reads what a front end reads at a stop: the arguments of the
// current frame (which must be the values the program can have), the
// goroutine list (which must hold the current goroutine), and another
// goroutine's stack, switching to it (if it runs on a thread, the next
// step works on it) and sometimes back.
func (sk *soak) inspect() {
	sk.count["inspect"]++
	st := sk.st
	if st == nil || st.Goroutine == 0 || st.Thread == 0 {
		return
	}
	sk.note("inspect goroutine %d", st.Goroutine)
	if sk.prog.byName(st.Function) != nil && st.Line != sk.declLine(st.Function) {
		rep := sk.do(Args{Frame: 0})
		if rep.Err != nil {
			sk.failf("args of %s: %v", st.Function, rep.Err)
		}
		for _, v := range rep.Values {
			if !sk.sane(v) {
				sk.failf("args of %s line %d (pc %#x): %s = %q (error %q)", st.Function, st.Line, st.PC, v.Name, v.Value, v.Err)
			}
		}
	}
	rep := sk.do(ListGoroutines{})
	if rep.Err != nil {
		sk.failf("goroutines: %v", rep.Err)
	}
	var other *Goroutine
	found := false
	for i, g := range rep.Goroutines {
		found = found || g.ID == st.Goroutine
		if g.ID != st.Goroutine && sk.rnd.Intn(i+1) == 0 {
			other = &rep.Goroutines[i]
		}
	}
	if !found {
		sk.failf("goroutine %d, the current one, is not in the list of %d", st.Goroutine, rep.Total)
	}
	if other == nil {
		return
	}
	sk.note("  switch to goroutine %d (%s, thread %d)", other.ID, other.Status, other.Thread)
	sw := sk.do(SwitchGoroutine{ID: other.ID})
	if sw.Err != nil || sw.State == nil || sw.State.Goroutine != other.ID {
		sk.failf("switch to goroutine %d: %v (state %+v)", other.ID, sw.Err, sw.State)
	}
	sk.st = sw.State
	if sk.rnd.Intn(2) == 0 {
		return
	}
	sk.note("  switch back to goroutine %d", st.Goroutine)
	back := sk.do(SwitchGoroutine{ID: st.Goroutine})
	if back.Err != nil || back.State == nil || back.State.Goroutine != st.Goroutine || back.State.PC != st.PC ||
		strings.Join(funcs(back.State.Frames), " ") != strings.Join(funcs(st.Frames), " ") {
		sk.failf("switch back to goroutine %d: %v (state %+v)", st.Goroutine, back.Err, back.State)
	}
	sk.st = back.State
}

// declLine is the line of fn's declaration: on it (a stepi into the
// function) the arguments may still be in registers on their way to the
// stack.
func (sk *soak) declLine(fn string) int {
	if f := sk.prog.byName(fn); f != nil {
		return f.lines[0]
	}
	return 0
}

// sane: an argument of the soak's functions holds a value the program
// can give it.
func (sk *soak) sane(v Value) bool {
	if v.Err != "" {
		return false
	}
	n, err := strconv.ParseInt(v.Value, 10, 64)
	switch v.Name {
	case "id":
		return err == nil && n >= 0 && n < soakWorkers
	case "depth":
		return err == nil && n >= 0 && n < 4
	case "n", "k":
		return err == nil && n >= 0
	case "rounds":
		return err == nil && n == int64(sk.rounds)
	}
	return true
}

// raced accepts that a temporary breakpoint changed while the program
// runs is gone: the continue may have stopped there first, which ends it.
// The continue's stop is checked later.
func (sk *soak) raced(b *soakBP, err error) bool {
	if !sk.racing || !b.Temporary || err.Error() != fmt.Sprintf("no breakpoint %d", b.ID) {
		return false
	}
	sk.note("  breakpoint %d was gone: hit first", b.ID)
	sk.gone[b.ID] = b.HitCount + 1
	delete(sk.bps, b.ID)
	return true
}

// async continues and changes a breakpoint while the program runs (the
// engine stops it, applies the change and resumes), or just after it
// stopped: the race is the point.
func (sk *soak) async() {
	sk.count["async"]++
	sk.keepStopping()
	sk.note("continue, and meanwhile:")
	ch := sk.tg.s.Send(Continue{})
	sk.racing = true
	defer func() { sk.racing = false }()
	switch sk.rnd.Intn(4) {
	case 0:
		sk.clearBP()
	case 1:
		sk.toggleBP()
	case 2:
		sk.setCond()
	default:
		sk.setBP(sk.rnd.Intn(2) == 0, sk.rnd.Intn(10))
	}
	// The change may have taken the breakpoint the continue was to stop at.
	sk.keepStopping()
	sk.contReply(sk.await(ch, Continue{}), Continue{})
}

// interrupt continues and interrupts the program, again and again until
// the continue ends: an Interrupt that comes before the program runs
// does nothing.
func (sk *soak) interrupt() {
	sk.count["interrupt"]++
	sk.note("continue and interrupt")
	ch := sk.tg.s.Send(Continue{})
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case rep := <-ch:
			sk.contReply(rep, Continue{})
			return
		case <-time.After(time.Millisecond):
			sk.tg.s.Interrupt()
		}
	}
	sk.failf("continue with interrupts: no reply in 2 minutes: the engine hangs")
}

func (sk *soak) cont(req Continue, name string) {
	sk.count[name]++
	sk.keepStopping()
	if name == "continue" {
		sk.note("continue")
	}
	sk.contReply(sk.do(req), req)
}

// took records an execution request's reply: the new stop or the exit.
// It fails on an error.
func (sk *soak) took(rep Reply, req Request) *State {
	sk.t.Helper()
	if rep.Err != nil {
		sk.failf("%T%+v: %v", req, req, rep.Err)
	}
	if rep.Exited != nil {
		sk.note("  exited %v", *rep.Exited)
		sk.exited, sk.st = rep.Exited, nil
		return nil
	}
	if rep.State == nil {
		sk.failf("%T%+v: neither a stop nor an exit", req, req)
	}
	sk.stops++
	sk.st = rep.State
	sk.note("  stopped: %s: %s line %d, goroutine %d %s", rep.State.Reason, rep.State.Function,
		rep.State.Line, rep.State.Goroutine, rep.State.Note)
	return rep.State
}

func (sk *soak) contReply(rep Reply, req Continue) {
	sk.t.Helper()
	st := sk.took(rep, req)
	if st == nil {
		return
	}
	switch st.Reason.Kind {
	case "breakpoint":
		sk.checkBreakpointStop(st)
	case "step":
		if req.To.Kind == LocNone {
			sk.failf("continue stopped with reason step")
		}
	case "interrupt":
	default:
		sk.failf("continue stopped: %s", where(st))
	}
}

// checkBreakpointStop checks a stop at a user breakpoint against the
// breakpoint as it was when the program stopped (State.Breakpoints: a
// change made while it ran may have come just after).
func (sk *soak) checkBreakpointStop(st *State) {
	sk.t.Helper()
	var b *Breakpoint
	for i := range st.Breakpoints {
		if st.Breakpoints[i].ID == st.Reason.Breakpoint {
			b = &st.Breakpoints[i]
		}
	}
	if b == nil {
		sk.failf("stopped at breakpoint %d, which the stop's list lacks", st.Reason.Breakpoint)
	}
	if !b.Enabled {
		sk.failf("stopped at disabled breakpoint %d", b.ID)
	}
	if st.Function != b.Function || st.Line != b.Line {
		sk.failf("stopped at breakpoint %d (%s line %d) in %s line %d", b.ID, b.Function, b.Line, st.Function, st.Line)
	}
	if strings.Contains(st.Note, "cannot evaluate") {
		sk.failf("breakpoint %d: %s", b.ID, st.Note)
	}
	if b.Cond != "" {
		rep := sk.do(Eval{Expr: b.Cond})
		if rep.Err != nil || len(rep.Values) != 1 || rep.Values[0].Value != "true" {
			sk.failf("stopped at breakpoint %d whose condition %s is %+v (%v)", b.ID, b.Cond, rep.Values, rep.Err)
		}
	}
	if b.HitCond != "" && !soakHitCondHolds(b.HitCount, b.HitCond) {
		sk.failf("stopped at breakpoint %d with hit count %d, condition %q", b.ID, b.HitCount, b.HitCond)
	}
	if sb := sk.bps[b.ID]; sb != nil && b.Temporary {
		sk.gone[b.ID] = b.HitCount
		delete(sk.bps, b.ID)
	}
}

// soakHitCondHolds is the soak's own reading of the hit conditions it sets.
func soakHitCondHolds(hits int, cond string) bool {
	op, num, _ := strings.Cut(cond, " ")
	n, err := strconv.Atoi(num)
	if err != nil {
		return false
	}
	switch op {
	case "%":
		return hits%n == 0
	case "==":
		return hits == n
	case ">":
		return hits > n
	}
	return false
}

// stepOp runs next, step, stepout or stepi and checks it ended on the
// goroutine it started on, in a frame the command can reach, unless a
// breakpoint ended it, which the stop's note must say for another
// goroutine.
func (sk *soak) stepOp(req Request, name string) {
	sk.count[name]++
	// A stepout of a worker returns when its rounds are done: only a
	// breakpoint keeps that short.
	sk.keepStopping()
	old := sk.st
	sk.note("%s (%T%+v) from %s line %d, goroutine %d", name, req, req, old.Function, old.Line, old.Goroutine)
	st := sk.took(sk.do(req), req)
	if st == nil {
		return
	}
	switch st.Reason.Kind {
	case "breakpoint":
		sk.checkBreakpointStop(st)
		if st.Goroutine != old.Goroutine {
			want := fmt.Sprintf("%s interrupted by breakpoint %d in goroutine %d", name, st.Reason.Breakpoint, st.Goroutine)
			if name == "stepi" || !strings.Contains(st.Note, want) {
				sk.failf("%s from goroutine %d ended at breakpoint %d in goroutine %d; note %q, want %q",
					name, old.Goroutine, st.Reason.Breakpoint, st.Goroutine, st.Note, want)
			}
		}
		return
	case "step":
	default:
		sk.failf("%s stopped: %s", name, where(st))
	}
	if st.Goroutine != old.Goroutine {
		sk.failf("%s from goroutine %d (%s line %d) ended on goroutine %d at %s",
			name, old.Goroutine, old.Function, old.Line, st.Goroutine, where(st))
	}
	count := 1
	switch r := req.(type) {
	case Next:
		count = r.Count
	case NextInstruction:
		count = r.Count
	}
	if !sk.reachable(name, count, old, st) {
		sk.failf("%s from %s line %d (frames %v) ended at %s line %d (frames %v)",
			name, old.Function, old.Line, funcs(old.Frames), st.Function, st.Line, funcs(st.Frames))
	}
}

// reachable says whether a step command from old may end at st. Frames
// are told apart by depth: on one goroutine, the same function at the same
// depth is the same frame. next ends in the same frame or its caller;
// stepout in the caller (past wrappers); step in any frame of old's backtrace or in a
// function one of them called (stepping off a return finishes the
// caller's line, which may call again); stepi likewise (a few
// instructions may return and call again).
func (sk *soak) reachable(name string, count int, old, st *State) bool {
	d, nd := len(old.Frames), len(st.Frames)
	// at: st's frame 0 is old's frame j; under: st's frame 1 is.
	at := func(j int) bool { return j < d && nd == d-j && st.Function == old.Frames[j].Function }
	under := func(j int) bool { return j < d && nd == d-j+1 && st.Frames[1].Function == old.Frames[j].Function }
	switch name {
	case "stepout":
		// The caller, past compiler-made wrappers (a go statement's
		// gowrap closure: then runtime.goexit) and runtime.deferreturn,
		// as Delve returns.
		j := 1
		for j < d-1 && (isWrapperName(old.Frames[j].Function) || old.Frames[j].Function == "runtime.deferreturn") {
			j++
		}
		return at(j)
	case "nexti":
		// Instructions, and calls as one: the same frame, or a caller
		// after a ret.
		for j := 0; j <= count; j++ {
			if at(j) {
				return true
			}
		}
		return false
	case "next":
		// Each of Count nexts ends in the same frame or its caller.
		// The worker's deferred wg.Done runs on its way out.
		for j := 0; j <= count; j++ {
			if at(j) {
				return true
			}
		}
		return old.Function == "main.worker"
	case "step", "stepi":
		if name == "step" && old.Function == "main.worker" {
			return true
		}
		for j := 0; j < d; j++ {
			if at(j) || under(j) {
				return true
			}
		}
		return false
	}
	return false
}
