package debugger

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

func TestGoroutinesListTenThousand(t *testing.T) {
	tg := launch(t, "many")
	tg.brk("main.ready")
	st := tg.stop(Continue{})
	if st.Function != "main.ready" || st.Goroutine != 1 {
		t.Fatalf("stopped at %s goroutine %d, want main.ready in goroutine 1", where(st), st.Goroutine)
	}
	parkLine := fixture.LineOf(t, "many", "main.go", "v := <-in")
	goLine := fixture.LineOf(t, "many", "main.go", "go func(id int) {")

	start := time.Now()
	rep := tg.do(ListGoroutines{})
	took := time.Since(start)
	if rep.Total != 10001 || len(rep.Goroutines) != 10001 {
		t.Fatalf("total %d, %d listed; want 10001 user goroutines (main and 10,000 parked)", rep.Total, len(rep.Goroutines))
	}
	// The time is logged, not checked: BenchmarkListGoroutines measures it.
	t.Logf("listed %d goroutines in %v", rep.Total, took)
	g1 := rep.Goroutines[0]
	if g1.ID != 1 || g1.Status != "running" || g1.Thread != st.Thread || g1.Current.Function != "main.ready" || g1.Start.Function != "runtime.main" {
		t.Errorf("first goroutine %+v, want goroutine 1 running main.ready on thread %d", g1, st.Thread)
	}
	waiting := 0
	var parked Goroutine
	for i, g := range rep.Goroutines {
		if i > 0 && g.ID <= rep.Goroutines[i-1].ID {
			t.Fatalf("not sorted by id: %d after %d", g.ID, rep.Goroutines[i-1].ID)
		}
		if g.System {
			t.Fatalf("runtime goroutine %+v listed without All", g)
		}
		if g.ID == 1 {
			continue
		}
		if !strings.HasPrefix(g.Start.Function, "main.main.") || g.Go.Function != "main.main" || g.Go.Line != goLine {
			t.Fatalf("goroutine %+v: want start main.main.gowrap1 (the go statement's wrapper) from the go statement at line %d", g, goLine)
		}
		if g.Status == "waiting" && g.WaitReason == "chan receive" {
			waiting++
			parked = g
		}
	}
	if waiting < 9000 {
		t.Errorf("only %d goroutines waiting on chan receive", waiting)
	}
	if !strings.HasPrefix(parked.Current.Function, "runtime.") {
		t.Errorf("parked goroutine's current location %+v, want in the runtime (gopark)", parked.Current)
	}
	if parked.User.Function != "main.park" || parked.User.Line != parkLine {
		t.Errorf("parked goroutine's user location %+v, want main.park at line %d", parked.User, parkLine)
	}
	if g1.User != g1.Current {
		t.Errorf("goroutine 1's user location %+v, want its current one %+v", g1.User, g1.Current)
	}

	// All: the runtime's goroutines come after the user ones.
	all := tg.do(ListGoroutines{All: true})
	if all.Total <= rep.Total {
		t.Errorf("with All: %d goroutines, want more than %d", all.Total, rep.Total)
	}
	for i, g := range all.Goroutines {
		if i < rep.Total && g.System || i >= rep.Total && !g.System {
			t.Fatalf("goroutine %d (%+v) out of place: user goroutines first", i, g)
		}
	}

	// Pages and filters.
	page := tg.do(ListGoroutines{Start: 100, Count: 10})
	if page.Total != 10001 || len(page.Goroutines) != 10 || page.Goroutines[0].ID != rep.Goroutines[100].ID {
		t.Errorf("page 100+10: total %d, %d goroutines, first %v", page.Total, len(page.Goroutines), page.Goroutines)
	}
	f := tg.do(ListGoroutines{Filter: "main.ready"})
	if f.Total != 1 || f.Goroutines[0].ID != 1 {
		t.Errorf("filter main.ready: %+v", f.Goroutines)
	}
	// A filter on the user location unwinds every goroutine (the time is
	// logged, not checked: BenchmarkListGoroutinesFiltered measures it).
	start = time.Now()
	f = tg.do(ListGoroutines{Filter: "main.park"})
	took = time.Since(start)
	if f.Total != waiting {
		t.Errorf("filter main.park: %d goroutines, want the %d waiting ones", f.Total, waiting)
	}
	t.Logf("filtered %d goroutines by user location in %v", f.Total, took)

	// Switch to the parked goroutine: its stack, from its saved context.
	sw := tg.do(SwitchGoroutine{ID: parked.ID})
	s := sw.State
	if s == nil || s.Goroutine != parked.ID || s.Thread != 0 {
		t.Fatalf("after switch: %+v", s)
	}
	fs := funcs(s.Frames)
	sel := s.Frames[s.SelectedFrame]
	if sel.Function != "main.park" || sel.Line != parkLine || !strings.Contains(strings.Join(fs, " "), "main.main.func1") || fs[len(fs)-1] != "runtime.goexit" {
		t.Errorf("parked goroutine's stack %v, selected %+v: want main.park at line %d under main.main.func1, down to runtime.goexit", fs, sel, parkLine)
	}
	if s.Frames[0].Function != parked.Current.Function || s.Frames[0].Line != parked.Current.Line {
		t.Errorf("frame 0 %+v, want the listed location %+v", s.Frames[0], parked.Current)
	}
	// Frame selection works on the switched stack; stepping does not.
	tg.do(SelectFrame{Index: s.SelectedFrame + 1})
	cur := tg.do(CurrentState{}).State
	if cur.Goroutine != parked.ID || cur.Frames[cur.SelectedFrame].Function != "main.main.func1" {
		t.Errorf("frame up on the parked goroutine: %+v", cur.Frames[cur.SelectedFrame])
	}
	var perr ErrGoroutineParked
	if rep := tg.s.Do(Next{}); !errors.As(rep.Err, &perr) || perr.ID != parked.ID {
		t.Errorf("next on a parked goroutine: %v, want ErrGoroutineParked", rep.Err)
	}
	// Back to goroutine 1: running on its thread, stepping works again.
	back := tg.do(SwitchGoroutine{ID: 1})
	if back.State.Goroutine != 1 || back.State.Thread != st.Thread || back.State.Function != "main.ready" {
		t.Errorf("back to goroutine 1: %s thread %d goroutine %d", where(back.State), back.State.Thread, back.State.Goroutine)
	}
	after := tg.stop(StepOut{})
	if after.Function != "main.main" || after.Goroutine != 1 {
		t.Errorf("stepout after switching back: %s goroutine %d", where(after), after.Goroutine)
	}
	if rep := tg.s.Do(SwitchGoroutine{ID: 999999}); rep.Err == nil {
		t.Errorf("switch to a goroutine that does not exist: no error")
	}
	if rep := tg.do(Continue{}); rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("continue to the end: %+v", rep)
	}
	tg.waitOutput("done 50005000")
}

func TestThreadsSwitch(t *testing.T) {
	tg := launch(t, "goroutines")
	tg.brk("main.work")
	st := tg.stop(Continue{})
	if len(st.Threads) < 2 {
		t.Fatalf("threads %+v: a Go program has several", st.Threads)
	}
	var other Thread
	for _, th := range st.Threads {
		if th.ID != st.Thread {
			other = th
		}
	}
	rep := tg.do(SwitchThread{ID: other.ID})
	if rep.State.Thread != other.ID || rep.State.PC != other.PC {
		t.Errorf("switch to thread %d: state thread %d pc %#x, want pc %#x", other.ID, rep.State.Thread, rep.State.PC, other.PC)
	}
	if rep := tg.s.Do(SwitchThread{ID: 1}); rep.Err == nil {
		t.Errorf("switch to thread 1: no error")
	}
	tg.do(SwitchThread{ID: st.Thread})
	for {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			break
		}
	}
	tg.waitOutput("total 8 calls, sum 3600")
}

func TestGoroutinesWithoutGoRuntime(t *testing.T) {
	tg := launch(t, "cprog")
	tg.stop(RunToMain{})
	if rep := tg.s.Do(ListGoroutines{}); rep.Err == nil {
		t.Errorf("goroutines of a C program: no error")
	}
}

// Variables follow a switch to a parked goroutine: the values of main.park's
// frame come from that goroutine's stack, not the stopped thread's.
func TestParkedGoroutineValues(t *testing.T) {
	tg := launch(t, "many", "100")
	tg.brk("main.ready")
	tg.stop(Continue{})
	rep := tg.do(ListGoroutines{Filter: "main.park"})
	if rep.Total < 50 {
		t.Fatalf("%d goroutines in main.park, want most of 100", rep.Total)
	}
	seen := map[string]int64{}
	for _, g := range rep.Goroutines[:5] {
		st := tg.do(SwitchGoroutine{ID: g.ID}).State
		if st.Frames[st.SelectedFrame].Function != "main.park" {
			t.Fatalf("goroutine %d: selected %+v, want main.park", g.ID, st.Frames[st.SelectedFrame])
		}
		v := tg.do(Eval{Expr: "id", Frame: SelectedFrame}).Values[0]
		n, err := strconv.Atoi(v.Value)
		if v.Err != "" || err != nil || n < 1 || n > 100 {
			t.Fatalf("goroutine %d: id = %+v, want a number from 1 to 100", g.ID, v)
		}
		if other, dup := seen[v.Value]; dup {
			t.Fatalf("goroutines %d and %d both show id %s: values do not follow the switch", other, g.ID, v.Value)
		}
		seen[v.Value] = g.ID
	}
}

// Before the runtime has started (stopped at entry) there are no
// goroutines yet; a binary without DWARF cannot list them. Neither fails
// badly.
func TestGoroutinesAtEntryAndWithoutDWARF(t *testing.T) {
	tg := launch(t, "fib")
	rep := tg.do(ListGoroutines{})
	if rep.Total != 0 && rep.Goroutines[0].ID != 1 {
		t.Errorf("at entry: %+v", rep.Goroutines)
	}
	if rep := tg.s.Do(SwitchGoroutine{ID: 42}); rep.Err == nil {
		t.Errorf("switch to goroutine 42 at entry: no error")
	}
	nd := launch(t, "fib@nodwarf")
	if rep := nd.s.Do(ListGoroutines{}); rep.Err == nil || !strings.Contains(rep.Err.Error(), "no goroutines") {
		t.Errorf("goroutines without DWARF: %v, want an error saying why", rep.Err)
	}
}

// TestGoroutineOnSystemStack: a thread stopped on its M's system stack
// (g0) on behalf of a goroutine reports that goroutine, as the list does,
// and switching to it selects it. runtime.newproc1 runs there, called by
// goroutine 1 (runtime.main, then main.main) for each go statement.
func TestGoroutineOnSystemStack(t *testing.T) {
	tg := launch(t, "goroutines")
	tg.brk("main.main")
	tg.stop(Continue{})
	tg.brk("runtime.newproc1")
	st := tg.stop(Continue{})
	if st.Function != "runtime.newproc1" || st.Goroutine != 1 {
		t.Fatalf("stopped at %s in goroutine %d, want runtime.newproc1 in goroutine 1", where(st), st.Goroutine)
	}
	sw := tg.do(SwitchGoroutine{ID: 1}).State
	if sw == nil || sw.Goroutine != 1 || sw.Thread != st.Thread {
		t.Fatalf("after switching to goroutine 1: %+v, want goroutine 1 on thread %d", sw, st.Thread)
	}
}
