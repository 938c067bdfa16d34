package debugger

import (
	"encoding/json"
	"os/exec"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"tdb/source/fixture"
)

// scribble overwrites every number, string and bool reachable from v
// through slices, pointers, structs and maps: what a careless front end
// could do to what it was handed.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				scribble(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			scribble(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			scribble(e)
			v.SetMapIndex(k, e)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString("scribbled")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.CanSet() {
			v.SetInt(-7)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.CanSet() {
			v.SetUint(0xbad)
		}
	case reflect.Bool:
		if v.CanSet() {
			v.SetBool(!v.Bool())
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// queries are the requests a front end repeats at a stop; each reply must
// come out the same after the front end scribbled over the previous one.
var handOutQueries = []Request{
	CurrentState{},
	Backtrace{},
	Backtrace{Depth: 2},
	ListBreakpoints{},
	Locals{Frame: SelectedFrame},
	Args{Frame: SelectedFrame},
	ListGoroutines{All: true},
	Disassemble{},
	ListSharedLibraries{},
}

// checkHandOut scribbles over rep, the Stopped event the collector holds
// for the stop, and the replies of handOutQueries, then asks the queries
// again: the engine's answers must not have changed. It returns the stop's
// State as it was received.
func (tg *target) checkHandOut(rep Reply) *State {
	t := tg.t
	t.Helper()
	if rep.Err != nil {
		t.Fatalf("%v", rep.Err)
	}
	if rep.State == nil {
		t.Fatalf("no stop (exited %v)", rep.Exited)
	}
	got := jsonOf(t, rep.State)
	var st State
	if err := json.Unmarshal([]byte(got), &st); err != nil {
		t.Fatal(err)
	}
	tg.mu.Lock()
	tg.last = rep
	tg.settle()
	for _, ev := range tg.evs {
		if s, ok := ev.(Stopped); ok {
			scribble(reflect.ValueOf(s.State))
		}
	}
	tg.mu.Unlock()
	scribble(reflect.ValueOf(&rep))

	if rep.State.PC == st.PC {
		t.Fatal("scribble missed the stop's PC")
	}
	queries := append(handOutQueries, ReadMemory{Addr: st.PC, Len: 16})
	before := make([]string, len(queries))
	for i, q := range queries {
		r := tg.s.Do(q)
		before[i] = jsonOf(t, replyJSON(r))
		scribble(reflect.ValueOf(&r))
	}
	if cur := jsonOf(t, tg.s.Do(CurrentState{}).State); cur != got {
		t.Errorf("the engine's snapshot changed with the front end's copy:\n got %s\nwant %s", cur, got)
	}
	for i, q := range queries {
		if after := jsonOf(t, replyJSON(tg.s.Do(q))); after != before[i] {
			t.Errorf("%T%+v changed after the front end wrote to its reply:\n got %s\nwant %s", q, q, after, before[i])
		}
	}
	return &st
}

// replyJSON is a reply as JSON can hold it (the error as its text).
func replyJSON(r Reply) any {
	type plain Reply
	var e string
	if r.Err != nil {
		e = r.Err.Error()
	}
	r.Err = nil
	return struct {
		plain
		E string
	}{plain(r), e}
}

// TestSnapshotsDoNotAlias: a front end may write to every slice, map and
// pointer of a State, a reply or a Stopped event it received, and the
// engine's next answers stay what they were (issue 14: State.Breakpoints
// was the engine's own list, CurrentState the engine's own snapshot,
// Backtrace its frames). Stops with every part filled: breakpoints with
// addresses, frames, registers, threads, a watchpoint's values, a
// stepout's returned values, locals, goroutines.
func TestSnapshotsDoNotAlias(t *testing.T) {
	t.Run("go", func(t *testing.T) {
		tg := launch(t, "retvals")
		tg.brk("main.many")
		st := tg.checkHandOut(tg.s.Do(Continue{}))
		if st.Function != "main.many" || len(st.Breakpoints) == 0 || len(st.Breakpoints[0].Addrs) == 0 || len(st.Threads) == 0 || len(st.Registers) == 0 || len(st.Frames) < 2 {
			t.Fatalf("want a breakpoint stop in main.many with every part, got %+v", st)
		}
		tg.do(ClearAllBreakpoints{})
		st = tg.checkHandOut(tg.s.Do(StepOut{}))
		if len(st.Returned) == 0 {
			t.Fatalf("stepout of main.many returned nothing: %+v", st)
		}
	})
	t.Run("c", func(t *testing.T) {
		if _, err := exec.LookPath("gcc"); err != nil {
			t.Skip("no gcc")
		}
		tg := launch(t, "cwatch")
		tg.brk("prog.c:" + strconv.Itoa(fixture.LineOf(t, "cwatch", "prog.c", "marker: acc loop")))
		tg.checkHandOut(tg.s.Do(Continue{}))
		tg.do(SetWatchpoint{Expr: "acc", Kind: WatchWrite})
		st := tg.checkHandOut(tg.s.Do(Continue{}))
		if st.Watch == nil || st.Watch.New != "1" {
			t.Fatalf("want the watchpoint's stop with acc = 1, got %+v", st)
		}
	})
}

// TestSnapshotReadWhileStopping: a front end reads and writes the
// snapshots it receives on its own goroutine while the engine keeps
// stopping and answering. Run with -race: a snapshot that shared the
// engine's breakpoint list or frames raced with the engine building the
// next one.
func TestSnapshotReadWhileStopping(t *testing.T) {
	bin := fixture.Build(t, "loop")
	s, err := Start(Config{Path: bin, Args: []string{"", "30"}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	states := make(chan *State, 64)
	wg.Add(2)
	go func() { // the front end's event loop
		defer wg.Done()
		defer close(states)
		for ev := range s.Events() {
			if st, ok := ev.(Stopped); ok {
				states <- st.State
			}
		}
	}()
	seen := 0
	go func() { // the front end's drawing, behind the event loop
		defer wg.Done()
		for st := range states {
			if _, err := json.Marshal(st); err != nil {
				panic(err)
			}
			scribble(reflect.ValueOf(st))
			seen++
		}
	}()
	defer func() {
		s.Close()
		wg.Wait()
		if seen < 10 {
			t.Errorf("the front end saw %d stops, want at least 10", seen)
		}
	}()
	if rep := s.Do(SetBreakpoint{Loc: mustLoc("main.tick")}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	for i := 0; i < 10; i++ {
		rep := s.Do(Continue{})
		if rep.State == nil || rep.State.Function != "main.tick" {
			t.Fatalf("continue %d: %+v %v", i, rep.State, rep.Err)
		}
		// The reply's copies go to the drawing goroutine too, while the
		// engine answers the next requests from its own.
		states <- rep.State
		if r := s.Do(SetBreakpoint{Loc: mustLoc("main.main")}); r.Err == nil {
			states <- r.State
			s.Do(ClearBreakpoint{ID: r.Breakpoints[0].ID})
		}
		if r := s.Do(Backtrace{}); r.Err != nil || len(r.Frames) < 2 {
			t.Fatalf("backtrace: %v %d frames", r.Err, len(r.Frames))
		}
		s.Do(SelectFrame{Index: 1})
	}
}
