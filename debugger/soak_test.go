package debugger

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// The soak test (issue 6): testdata/soak's worker goroutines run under a
// seeded random storm of breakpoints (plain, conditional, hit-count,
// temporary, set and cleared while the program runs), continues, nexts,
// steps, stepouts, stepis and interrupts, until it exits. Its output (a
// checksum of its own work) and exit status must be exactly those of a
// free run; every step must end on the goroutine it started on, in a frame
// it can reach, unless the engine says a breakpoint ended it; every stop at
// a breakpoint must be one whose conditions hold; and two breakpoints that
// never stop, set from start to end, must count exactly the times the
// program ran their lines (tens of thousands of traps, none lost or
// doubled, whatever else went on).
//
// TDB_SOAK_SEED=N repeats a run's operations (the threads' interleaving
// differs every run); TDB_SOAK_OPS=N sets how many operations (default
// 4000, a quarter with -short); TDB_SOAK_ROUNDS=N the program's rounds;
// TDB_SOAK_ONLY=next,break,... narrows the operations (the rest become
// continues), to find which one a failure needs; TDB_SOAK_TRACE=1 (with
// -v) logs every operation; TDB_SOAK_BUILD=pie (or race, any fixture
// variant) debugs that build. A long run: TDB_SOAK_OPS=60000
// TDB_SOAK_ROUNDS=20000 (a continue may run many rounds: the program
// often ends before the operations do).

func TestSoak(t *testing.T) {
	seed := time.Now().UnixNano()
	if v := os.Getenv("TDB_SOAK_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("TDB_SOAK_SEED=%q: %v", v, err)
		}
		seed = n
	}
	ops := envInt(t, "TDB_SOAK_OPS", 4000)
	if testing.Short() && os.Getenv("TDB_SOAK_OPS") == "" {
		ops /= 4
	}
	rounds := envInt(t, "TDB_SOAK_ROUNDS", 40+ops/8)
	args := []string{strconv.Itoa(rounds)}
	t.Logf("TDB_SOAK_SEED=%d TDB_SOAK_OPS=%d TDB_SOAK_ROUNDS=%d %s", seed, ops, rounds, os.Getenv("TDB_SOAK_BUILD"))

	prog := "soak"
	if v := os.Getenv("TDB_SOAK_BUILD"); v != "" {
		prog += "@" + v
	}
	bin := fixture.Build(t, prog)
	wantOut, wantStatus := freeRun(t, bin, args)

	sk := newSoak(t, seed, launch(t, prog, args...))
	if v := os.Getenv("TDB_SOAK_ONLY"); v != "" {
		sk.only = map[string]bool{}
		for _, name := range strings.Split(v, ",") {
			sk.only[name] = true
		}
	}
	sk.rounds = rounds
	sk.findInsns()
	sk.setExact(rounds)
	sk.run(ops)
	if t.Failed() {
		return
	}
	if !sk.detached && (sk.exited.Status != wantStatus || sk.exited.Signal != "") {
		sk.failf("exited %v, want status %d as in the free run", *sk.exited, wantStatus)
	}
	sk.tg.waitOutput("checksum")
	if got := sk.tg.output(); strings.TrimSpace(got) != strings.TrimSpace(wantOut) {
		sk.failf("output %q, want %q as in the free run", got, wantOut)
	}
	if !sk.detached {
		sk.checkExact()
	}
	t.Logf("%d operations, %d stops, %d breakpoint hits counted (plus the hits of false conditions, uncounted); %s",
		sk.done, sk.stops, sk.hits(), sk.tally())
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a number", name, v)
	}
	return n
}

// freeRun runs the program undebugged for the reference output and status.
func freeRun(t *testing.T, bin string, args []string) (string, int) {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("free run: %v (output %q)", err, out)
	}
	if !strings.HasPrefix(string(out), "checksum ") {
		t.Fatalf("free run printed %q", out)
	}
	return string(out), ee.ExitCode()
}

// soakBP is a breakpoint the soak set, as it asked for it.
type soakBP struct {
	Breakpoint      // as the engine last listed it
	never      bool // its condition never holds
	early      bool // at an instruction before the prologue's end
}

// soak is one soak run: the target, the random source, what it set and
// what it has seen.
type soak struct {
	t        *testing.T
	tg       *target
	seed     int64
	rnd      *rand.Rand
	prog     *soakProg
	st       *State  // the current stop; nil while there is none
	exited   *Exited // set when the program is gone
	bps      map[int]*soakBP
	exact    map[int]int // breakpoints set from start to end: their hit counts
	gone     map[int]int // hit counts of cleared breakpoints
	before   int         // hits counted before restarts
	done     int         // operations issued
	stops    int
	count    map[string]int  // operations by name
	only     map[string]bool // TDB_SOAK_ONLY: the operations allowed, nil for all
	racing   bool            // a continue is under way (async)
	rounds   int             // the program's rounds
	restarts int             // Restart requests issued
	detached bool            // the run ended with a detach
	log      []string        // the last operations, for failure messages
}

func newSoak(t *testing.T, seed int64, tg *target) *soak {
	return &soak{
		t: t, tg: tg, seed: seed, rnd: rand.New(rand.NewSource(seed)),
		prog: loadSoakProg(t), st: tg.stop(CurrentState{}),
		bps: map[int]*soakBP{}, exact: map[int]int{}, gone: map[int]int{}, count: map[string]int{},
	}
}

// failf fails the test with the seed and the last operations.
func (sk *soak) failf(format string, args ...any) {
	sk.t.Helper()
	sk.t.Fatalf("soak (TDB_SOAK_SEED=%d, operation %d): %s\nlast operations:\n  %s",
		sk.seed, sk.done, fmt.Sprintf(format, args...), strings.Join(sk.log, "\n  "))
}

func (sk *soak) note(format string, args ...any) {
	sk.log = append(sk.log, fmt.Sprintf("%d: ", sk.done)+fmt.Sprintf(format, args...))
	if testing.Verbose() && os.Getenv("TDB_SOAK_TRACE") != "" {
		sk.t.Log(sk.log[len(sk.log)-1])
	}
	if len(sk.log) > 25 {
		sk.log = sk.log[1:]
	}
}

// do sends r and waits for the reply, failing on a hang: the engine must
// answer, and a stuck test says nothing about why.
func (sk *soak) do(r Request) Reply {
	sk.t.Helper()
	return sk.await(sk.tg.s.Send(r), r)
}

func (sk *soak) await(ch <-chan Reply, r Request) Reply {
	sk.t.Helper()
	select {
	case rep := <-ch:
		return rep
	case <-time.After(2 * time.Minute):
	}
	// Say where the program is: interrupted, a live engine answers.
	where := sk.interruptAndDescribe(ch)
	if !strings.HasPrefix(where, "no answer") {
		// Once more, a few seconds later: the same threads at the same
		// pcs with hit counts grown say livelock, not a long run.
		ch = sk.tg.s.Send(Continue{})
		<-time.After(5 * time.Second)
		where += "\n5 s later: " + sk.interruptAndDescribe(ch)
	}
	sk.failf("%T%+v: no reply in 2 minutes: the engine hangs (%s)", r, r, where)
	return Reply{}
}

func (sk *soak) interruptAndDescribe(ch <-chan Reply) string {
	sk.tg.s.Interrupt()
	select {
	case rep := <-ch:
		return fmt.Sprintf("interrupted: %v, state %s", rep.Err, sk.describe(rep.State))
	case <-time.After(30 * time.Second):
	}
	return "no answer to an interrupt either"
}

// describe sums up a stop for a failure message.
func (sk *soak) describe(st *State) string {
	if st == nil {
		return "none"
	}
	var bps []string
	for _, b := range st.Breakpoints {
		bps = append(bps, fmt.Sprintf("%d %s:%d enabled %v cond %q hit %q hits %d", b.ID, b.Function, b.Line, b.Enabled, b.Cond, b.HitCond, b.HitCount))
	}
	var ths []string
	for _, th := range st.Threads {
		ths = append(ths, fmt.Sprintf("%d g%d %#x %s:%d", th.ID, th.Goroutine, th.PC, th.Function, th.Line))
	}
	return fmt.Sprintf("%s, goroutine %d, frames %v, breakpoints [%s], threads [%s]",
		where(st), st.Goroutine, funcs(st.Frames), strings.Join(bps, "; "), strings.Join(ths, "; "))
}

func (sk *soak) hits() int {
	n := sk.before
	for _, b := range sk.bps {
		n += b.HitCount
	}
	for _, h := range sk.gone {
		n += h
	}
	return n
}

func (sk *soak) tally() string {
	var parts []string
	for _, name := range []string{"break", "clear", "toggle", "condition", "continue", "continue-to",
		"next", "step", "stepout", "stepi", "nexti", "async", "interrupt", "inspect", "restart"} {
		parts = append(parts, fmt.Sprintf("%s %d", name, sk.count[name]))
	}
	return strings.Join(parts, ", ")
}

// setExact sets, before the program runs, two breakpoints that never stop
// it and whose hit counts at the end must be exactly the number of times
// the program ran their lines: a lost or doubled trap, among every other
// operation, shows there. Mix's first line is the soak's steady load.
func (sk *soak) setExact(rounds int) {
	mixes := 0
	for i := 0; i < rounds; i++ {
		// crunch: 4 in its loop, 2^d-1 in tree(d), d = i%4, one
		// more; worker: one.
		mixes += 4 + (1<<(i%4) - 1) + 1 + 1
	}
	for _, x := range []struct {
		marker string
		want   int
	}{
		{"h ^= v", soakWorkers*mixes + soakWorkers + 2}, // main: one a worker, two more
		{"*total += d", soakWorkers * rounds},
	} {
		loc := sk.prog.file + ":" + strconv.Itoa(fixture.LineOf(sk.t, "soak", "main.go", x.marker))
		rep := sk.do(SetBreakpoint{Loc: mustLoc(loc)})
		if rep.Err != nil {
			sk.failf("break %s: %v", loc, rep.Err)
		}
		b := rep.Breakpoints[0]
		if rep := sk.do(SetCondition{ID: b.ID, Cond: "> 1000000000", HitCount: true}); rep.Err != nil {
			sk.failf("hit condition on %d: %v", b.ID, rep.Err)
		}
		b.HitCond = "> 1000000000"
		sk.bps[b.ID] = &soakBP{Breakpoint: b}
		sk.exact[b.ID] = x.want
		sk.note("break %s, counting (%d hits expected)", loc, x.want)
	}
}

// soakWorkers is testdata/soak's number of workers.
const soakWorkers = 6

// run issues ops random operations, or fewer if the program exits first,
// then clears every breakpoint but the counting ones and lets the program
// finish, or (one run in four) detaches with every breakpoint in.
func (sk *soak) run(ops int) {
	for sk.done < ops && sk.exited == nil && !sk.t.Failed() {
		sk.done++
		sk.op()
		if sk.exited == nil {
			sk.syncBreakpoints()
		}
	}
	if sk.exited != nil || sk.t.Failed() {
		return
	}
	if sk.rnd.Intn(4) == 0 {
		// Detach with the breakpoints in: every int3 must go first,
		// or the program dies of a SIGTRAP before its checksum.
		sk.note("detach with %d breakpoints set", len(sk.bps))
		if rep := sk.do(Detach{}); rep.Err != nil {
			sk.failf("detach: %v", rep.Err)
		}
		sk.detached = true
		return
	}
	sk.note("clear all but the counting breakpoints, continue to the end")
	for _, id := range sk.ids() {
		if sk.exact[id] == 0 {
			sk.clear(sk.bps[id])
		}
	}
	if st := sk.took(sk.do(Continue{}), Continue{}); st != nil {
		sk.failf("continue with only the counting breakpoints stopped: %s", where(st))
	}
}

// checkExact checks the counting breakpoints' hit counts after the exit
// (the engine keeps its breakpoints for a restart).
func (sk *soak) checkExact() {
	rep := sk.do(ListBreakpoints{})
	if rep.Err != nil {
		sk.failf("list breakpoints after the exit: %v", rep.Err)
	}
	for _, b := range rep.Breakpoints {
		want, ok := sk.exact[b.ID]
		if !ok {
			continue
		}
		sk.bps[b.ID].HitCount = b.HitCount
		if b.HitCount != want {
			sk.failf("breakpoint %d (%s line %d, never stopping) was hit %d times, want %d: the times the program ran it",
				b.ID, b.Function, b.Line, b.HitCount, want)
		}
	}
}

// syncBreakpoints compares the engine's breakpoint list with the soak's
// and takes the hit counts from it.
func (sk *soak) syncBreakpoints() {
	rep := sk.do(ListBreakpoints{})
	if rep.Err != nil {
		sk.failf("list breakpoints: %v", rep.Err)
	}
	seen := map[int]bool{}
	for _, b := range rep.Breakpoints {
		sb := sk.bps[b.ID]
		if sb == nil {
			sk.failf("the engine has breakpoint %d (%s:%d) the soak does not know of", b.ID, b.Function, b.Line)
		}
		if b.HitCount < sb.HitCount {
			sk.failf("breakpoint %d's hit count went down from %d to %d", b.ID, sb.HitCount, b.HitCount)
		}
		if b.Cond != sb.Cond || b.Enabled != sb.Enabled {
			sk.failf("breakpoint %d is %+v, the soak set %+v", b.ID, b, sb.Breakpoint)
		}
		sb.Breakpoint = b
		seen[b.ID] = true
	}
	for _, id := range sk.ids() {
		if !seen[id] {
			sk.vanished(sk.bps[id])
		}
	}
}

// vanished accepts a breakpoint gone from the engine's list only if it
// was temporary and hit at this stop: a stop reports one breakpoint, but
// every temporary one whose condition held at that address is done.
func (sk *soak) vanished(b *soakBP) {
	st := sk.st
	at := false
	for _, a := range b.Addrs {
		at = at || (st != nil && st.PC == a)
	}
	if !b.Temporary || !at || st.Reason.Kind != "breakpoint" {
		sk.failf("breakpoint %d (%s line %d, temporary %v) vanished from the engine's list", b.ID, b.Function, b.Line, b.Temporary)
	}
	if b.Cond != "" {
		if rep := sk.do(Eval{Expr: b.Cond}); rep.Err != nil || rep.Values[0].Value != "true" {
			sk.failf("temporary breakpoint %d is gone, but its condition %s is %+v (%v)", b.ID, b.Cond, rep.Values, rep.Err)
		}
	}
	sk.gone[b.ID] = b.HitCount + 1
	delete(sk.bps, b.ID)
}
