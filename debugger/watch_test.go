package debugger

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source"
	"tdb/source/fixture"
)

// watchHits continues until the program exits and returns the watchpoint
// stops: the lines they stopped on, and how many each goroutine (or, in
// C, thread) made.
func (tg *target) watchHits(id int) (lines map[int]int, per map[int64]int, n int) {
	tg.t.Helper()
	lines, per = map[int]int{}, map[int64]int{}
	for i := 0; i < 10000; i++ {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			if rep.Exited.Status != 0 || rep.Exited.Signal != "" {
				tg.t.Fatalf("exited: %v", rep.Exited)
			}
			return lines, per, n
		}
		st := rep.State
		if st.Reason.Kind != "watchpoint" || st.Reason.Breakpoint != id {
			tg.t.Fatalf("stop %d: %s, want watchpoint %d", n+1, where(st), id)
		}
		if st.Watch == nil {
			tg.t.Fatalf("stop %d: no old and new value", n+1)
		}
		if old, _ := strconv.Atoi(st.Watch.Old); st.Watch.New != strconv.Itoa(old+1) {
			tg.t.Errorf("stop %d: old %s new %s: each write adds one", n+1, st.Watch.Old, st.Watch.New)
		}
		lines[st.Line]++
		if st.Goroutine != 0 {
			per[st.Goroutine]++
		} else {
			per[int64(st.Thread)]++
		}
		n++
	}
	tg.t.Fatal("no exit after 10000 stops")
	return
}

func (tg *target) hitCount(id int) int {
	for _, b := range tg.do(ListBreakpoints{}).Breakpoints {
		if b.ID == id {
			return b.HitCount
		}
	}
	tg.t.Fatalf("no breakpoint %d", id)
	return 0
}

// TestWatchGo: a read watchpoint, the fifth refused, clear, and a write
// watchpoint on a global that four goroutines, each on a thread created
// after it was set, write 25 times: exactly 100 stops after the writing
// line's store, 25 per goroutine, each with the old
// and the new value. A breakpoint with a false condition on the very
// instruction that stores is passed by the engine without stopping the
// program; it must still let the processor make the store, or the
// watchpoint misses those hits.
func TestWatchGo(t *testing.T) {
	tg := launch(t, "watch")
	src := func(m string) int { return fixture.LineOf(t, "watch", "main.go", m) }
	tg.brk("main.go:" + strconv.Itoa(src("marker: start")))
	tg.stop(Continue{})

	// watch -r seen: the write of 7 is not a read; the read is.
	r := tg.do(SetWatchpoint{Expr: "seen", Kind: WatchRead}).Breakpoints[0]
	if r.Watch != WatchRead || r.WatchSize != 8 || r.WatchAddr == 0 {
		t.Fatalf("read watchpoint: %+v", r)
	}
	var ids []int
	for _, x := range []string{"counter", "other1", "other2"} {
		ids = append(ids, tg.do(SetWatchpoint{Expr: x, Kind: WatchWrite}).Breakpoints[0].ID)
	}
	rep := tg.s.Do(SetWatchpoint{Expr: "other3", Kind: WatchWrite})
	if rep.Err == nil || !strings.Contains(rep.Err.Error(), "all 4 debug registers are in use") {
		t.Fatalf("fifth watchpoint: %v, want all 4 debug registers are in use", rep.Err)
	}
	tg.do(ClearBreakpoint{ID: ids[1]})
	tg.do(ClearBreakpoint{ID: ids[2]})
	if rep := tg.s.Do(SetWatchpoint{Expr: "seen + 1", Kind: WatchWrite}); rep.Err == nil {
		t.Errorf("watch seen + 1: no error (it is not in memory)")
	}

	st := tg.stop(Continue{})
	if st.Reason.Kind != "watchpoint" || st.Reason.Breakpoint != r.ID || st.Line != src("marker: read seen") {
		t.Fatalf("read watchpoint stop: %s, want watchpoint %d at line %d", where(st), r.ID, src("marker: read seen"))
	}
	if st.Watch == nil || st.Watch.Old != "7" || st.Watch.New != "7" {
		t.Errorf("read watchpoint values: %+v, want 7 and 7", st.Watch)
	}
	tg.do(ClearBreakpoint{ID: r.ID})

	// The first write of counter, then a false-condition breakpoint on
	// the storing instruction: the one that ends where the trap stopped.
	// The trap comes after the store, the line's last instruction: the
	// pc is on the next line (mu.Unlock), as in Delve.
	write, wl := ids[0], src("marker: write counter")
	st = tg.stop(Continue{})
	if st.Reason.Breakpoint != write || st.Line != wl+1 || st.Watch == nil || st.Watch.Old != "0" || st.Watch.New != "1" {
		t.Fatalf("first write: %s %+v, want watchpoint %d at line %d, 0 -> 1", where(st), st.Watch, write, wl+1)
	}
	fn := st.Frames[0]
	var store uint64
	for _, in := range tg.do(Disassemble{}).Instructions {
		if in.Addr+uint64(len(in.Bytes)) == fn.PC {
			store = in.Addr
		}
	}
	if store == 0 {
		t.Fatalf("no instruction ends at %#x", fn.PC)
	}
	tg.do(SetBreakpoint{Loc: mustLoc("*0x" + strconv.FormatUint(store, 16)), Cond: "counter < 0"})

	lines, per, n := tg.watchHits(write)
	if n != 99 || tg.hitCount(write) != 100 {
		t.Errorf("%d more stops, hit count %d: want 99 and 100", n, tg.hitCount(write))
	}
	if len(lines) != 1 || lines[wl+1] != n {
		t.Errorf("stop lines %v, want all on line %d", lines, wl+1)
	}
	per[st.Goroutine]++
	if len(per) != 4 {
		t.Errorf("stops per goroutine %v, want 4 goroutines", per)
	}
	for g, c := range per {
		if c != 25 {
			t.Errorf("goroutine %d: %d stops, want 25 (all: %v)", g, c, per)
		}
	}
	tg.waitOutput("writes 100 seen 7 x 8")
}

// TestWatchC: in C, a local of accumulate, which ends with its frame's
// return (as gdb's does), then a global written by four pthreads, 25
// times each: 100 stops.
func TestWatchC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	tg := launch(t, "cwatch")
	line := func(m string) int { return fixture.LineOf(t, "cwatch", "prog.c", m) }
	write := line("marker: write counter")
	tg.brk("prog.c:" + strconv.Itoa(line("marker: acc loop")))
	tg.brk("prog.c:" + strconv.Itoa(line("marker: start")))
	tg.stop(Continue{})
	rep := tg.do(SetWatchpoint{Expr: "acc", Kind: WatchWrite})
	acc := rep.Breakpoints[0]
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "stack") {
		t.Errorf("notes %q, want one about the stack", rep.Notes)
	}
	for _, want := range []string{"1", "3", "6", "10"} {
		st := tg.stop(Continue{})
		if st.Reason.Breakpoint != acc.ID || st.Function != "accumulate" || st.Watch == nil || st.Watch.New != want {
			t.Fatalf("acc += i: %s %+v, want watchpoint %d, new value %s", where(st), st.Watch, acc.ID, want)
		}
	}
	st := tg.stop(Continue{})
	if st.Reason.Breakpoint != acc.ID || st.Function != "main" || st.Note != fmt.Sprintf("Watchpoint %d deleted because the program has left the block in which its expression is valid.", acc.ID) {
		t.Fatalf("accumulate's return: %s note %q", where(st), st.Note)
	}
	if st = tg.stop(Continue{}); st.Reason.Kind != "breakpoint" || st.Line != line("marker: start") {
		t.Fatalf("want the breakpoint on start, got %s", where(st))
	}
	w := tg.do(SetWatchpoint{Expr: "counter", Kind: WatchWrite}).Breakpoints[0]
	lines, per, n := tg.watchHits(w.ID)
	if n != 100 {
		t.Errorf("%d stops, want 100", n)
	}
	// gcc's line table puts the instruction after the store on the
	// unlock's line.
	if lines[write]+lines[write+1] != n {
		t.Errorf("stop lines %v, want %d or %d", lines, write, write+1)
	}
	if len(per) != 4 {
		t.Errorf("stops per thread %v, want 4 threads", per)
	}
	tg.waitOutput("writes 100")
}

// TestWatchNextRestartDetach: a next over a call that writes the watched
// global stops in the callee with the watchpoint; a disabled watchpoint
// does not stop; a restart clears the watchpoints, as Delve's does, and
// says so; and a detach disarms the debug registers of every thread, or
// the free program would die of SIGTRAP at the write.
func TestWatchNextRestartDetach(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "done")
	tg := launch(t, "watch", marker)
	start := fixture.LineOf(t, "watch", "main.go", "marker: start")
	tg.brk("main.go:" + strconv.Itoa(start))
	tg.stop(Continue{})
	// Disabled: the next runs over bump as if nothing watched seen.
	w := tg.do(SetWatchpoint{Expr: "seen", Kind: WatchWrite}).Breakpoints[0]
	tg.do(ToggleBreakpoint{ID: w.ID})
	tg.stop(Next{}) // onto bump()
	if st := tg.stop(Next{}); st.Reason.Kind != "step" || st.Function != "main.main" {
		t.Fatalf("next with the watchpoint disabled: %s", where(st))
	}
	rep := tg.do(Restart{})
	if want := fmt.Sprintf("Watchpoint %d on [seen] cleared by the restart, as Delve does: set it again", w.ID); len(rep.Notes) != 1 || rep.Notes[0] != want {
		t.Errorf("restart notes %q, want %q", rep.Notes, want)
	}
	for _, b := range tg.do(ListBreakpoints{}).Breakpoints {
		if b.Watch != 0 {
			t.Errorf("watchpoint %d kept over the restart", b.ID)
		}
	}
	st := tg.stop(Continue{})
	if st.Reason.Kind != "breakpoint" || st.Line != start {
		t.Fatalf("after restart: %s, want the breakpoint on line %d", where(st), start)
	}

	w = tg.do(SetWatchpoint{Expr: "seen", Kind: WatchWrite}).Breakpoints[0]
	tg.stop(Next{}) // onto bump()
	st = tg.stop(Next{})
	if st.Reason.Kind != "watchpoint" || st.Function != "main.bump" || st.Note != fmt.Sprintf("next interrupted by watchpoint %d in goroutine 1", w.ID) {
		t.Fatalf("next over bump: %s note %q, want watchpoint %d in main.bump", where(st), st.Note, w.ID)
	}
	if st.Watch == nil || st.Watch.Old != "0" || st.Watch.New != "7" {
		t.Errorf("values %+v, want 0 and 7", st.Watch)
	}
	tg.do(ClearBreakpoint{ID: w.ID})
	c := tg.do(SetWatchpoint{Expr: "counter", Kind: WatchWrite}).Breakpoints[0]
	if st = tg.stop(Continue{}); st.Reason.Kind != "watchpoint" || st.Reason.Breakpoint != c.ID {
		t.Fatalf("continue: %s, want watchpoint %d", where(st), c.ID)
	}
	tg.do(Detach{})
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(marker)
		if err == nil && string(b) == "writes 100 seen 7 x 8 0\n" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the detached program never finished (a watchpoint left armed kills it): %q", b)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestWatchStack: a local of main.local watched while deep recursion
// copies the goroutine's stack: the watchpoint follows the variable (its
// address changes, the write through the pointer is seen), a read
// watchpoint on the stack is refused, and when local returns the
// watchpoint stops the program once more, says it went out of scope, and
// is gone.
func TestWatchStack(t *testing.T) {
	tg := launch(t, "watch")
	src := func(m string) int { return fixture.LineOf(t, "watch", "main.go", m) }
	call := src("marker: local call")
	tg.brk("main.go:" + strconv.Itoa(call))
	tg.stop(Continue{})
	if rep := tg.s.Do(SetWatchpoint{Expr: "v", Kind: WatchReadWrite}); rep.Err == nil || !strings.Contains(rep.Err.Error(), "for reads") {
		t.Errorf("watch -rw on a stack variable: %v, want a refusal", rep.Err)
	}
	rep := tg.do(SetWatchpoint{Expr: "v", Kind: WatchWrite})
	w := rep.Breakpoints[0]
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "stack") {
		t.Errorf("notes %q, want one about the stack", rep.Notes)
	}
	st := tg.stop(Continue{})
	if st.Reason.Breakpoint != w.ID || st.Function != "main.deep" || st.Watch == nil || st.Watch.New != "42" {
		t.Fatalf("write through the pointer: %s %+v, want watchpoint %d in main.deep, new value 42", where(st), st.Watch, w.ID)
	}
	for _, b := range st.Breakpoints {
		if b.ID == w.ID && b.WatchAddr == w.WatchAddr {
			t.Errorf("the watchpoint is still at %#x: 2000 frames copy the stack", b.WatchAddr)
		}
	}
	st = tg.stop(Continue{})
	if st.Reason.Breakpoint != w.ID || st.Function != "main.local" || st.Line != call+2 || st.Watch == nil || st.Watch.Old != "42" || st.Watch.New != "43" {
		t.Fatalf("v++: %s %+v, want watchpoint %d in main.local at line %d, 42 -> 43", where(st), st.Watch, w.ID, call+2)
	}
	st = tg.stop(Continue{})
	if st.Reason.Breakpoint != w.ID || st.Function != "main.main" || st.Note != fmt.Sprintf("Watchpoint %d on [v] went out of scope and was cleared", w.ID) {
		t.Fatalf("return of local: %s note %q", where(st), st.Note)
	}
	for _, b := range tg.do(ListBreakpoints{}).Breakpoints {
		if b.ID == w.ID {
			t.Errorf("watchpoint %d still listed after it went out of scope", w.ID)
		}
	}
	if rep := tg.do(Continue{}); rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("want the exit, got %+v", rep)
	}
}

// TestWatchParkedGoroutine: a local of main.main watched from a worker's
// stop after switching to goroutine 1, which waits in the channel receive
// (parked, or rarely still on a thread): the watchpoint is on goroutine
// 1's stack, not the worker's, so it ends when main.main returns to
// runtime.main; meanwhile it sees each addition of 25.
func TestWatchParkedGoroutine(t *testing.T) {
	tg := launch(t, "watch")
	src := func(m string) int { return fixture.LineOf(t, "watch", "main.go", m) }
	b := tg.brk("main.go:" + strconv.Itoa(src("marker: send")))
	// At a worker's send main may still be starting the others (inside
	// newproc on the system stack, where its frames are not reachable):
	// take the first of the four sends where main.main is on goroutine
	// 1's stack. The workers wait for main's close(start), after total
	// exists: a send before it found total out of scope in main's frame
	// (seen once under -race).
	main := -1
	for i := 0; i < 4 && main < 0; i++ {
		tg.stop(Continue{})
		st := tg.do(SwitchGoroutine{ID: 1}).State
		for j, f := range st.Frames {
			if f.Function == "main.main" {
				main = j
			}
		}
	}
	if main < 0 {
		t.Fatal("goroutine 1 never showed main.main at a worker's send")
	}
	tg.do(SelectFrame{Index: main})
	rep := tg.do(SetWatchpoint{Expr: "total", Kind: WatchWrite})
	w := rep.Breakpoints[0]
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "goroutine 1's stack") {
		t.Fatalf("notes %q, want total on goroutine 1's stack", rep.Notes)
	}
	tg.do(ClearBreakpoint{ID: b.ID})
	var st *State
	for {
		st = tg.stop(Continue{})
		if st.Reason.Breakpoint != w.ID || st.Watch == nil {
			break
		}
		old, _ := strconv.Atoi(st.Watch.Old)
		if st.Goroutine != 1 || st.Watch.New != strconv.Itoa(old+25) {
			t.Fatalf("addition: %s goroutine %d %+v", where(st), st.Goroutine, st.Watch)
		}
		if st.Watch.New == "100" {
			st = tg.stop(Continue{})
			break
		}
	}
	if st.Reason.Breakpoint != w.ID || st.Function != "runtime.main" || !strings.Contains(st.Note, "went out of scope") {
		t.Fatalf("main.main's return: %s note %q", where(st), st.Note)
	}
	if rep := tg.do(Continue{}); rep.Exited == nil || rep.Exited.Status != 0 {
		t.Fatalf("want the exit, got %+v", rep)
	}
}

// TestWatchCondition: a watchpoint with a condition, evaluated in the
// writing frame after the write, stops only where it holds and counts
// only those hits (as a breakpoint's condition does); a hit-count
// condition on a second watchpoint on the same address counts every
// write, both trapping at once.
func TestWatchCondition(t *testing.T) {
	tg := launch(t, "watch")
	tg.brk("main.go:" + strconv.Itoa(fixture.LineOf(t, "watch", "main.go", "marker: start")))
	tg.stop(Continue{})
	w := tg.do(SetWatchpoint{Expr: "counter", Kind: WatchWrite}).Breakpoints[0]
	tg.do(SetCondition{ID: w.ID, Cond: "counter % 10 == 0"})
	h := tg.do(SetWatchpoint{Expr: "counter", Kind: WatchWrite}).Breakpoints[0]
	tg.do(SetCondition{ID: h.ID, Cond: "== 95", HitCount: true})
	var got []string
	for {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			break
		}
		st := rep.State
		if st.Reason.Kind != "watchpoint" || st.Watch == nil {
			t.Fatalf("stop: %s", where(st))
		}
		got = append(got, fmt.Sprintf("%d:%s", st.Reason.Breakpoint, st.Watch.New))
	}
	var want []string
	for i := 10; i <= 100; i += 10 {
		want = append(want, fmt.Sprintf("%d:%d", w.ID, i))
		if i == 90 {
			want = append(want, fmt.Sprintf("%d:95", h.ID))
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("stops (watchpoint:new value)\n got %v\nwant %v", got, want)
	}
	bps := map[int]int{}
	for _, b := range tg.do(ListBreakpoints{}).Breakpoints {
		bps[b.ID] = b.HitCount
	}
	if bps[w.ID] != 10 || bps[h.ID] != 100 {
		t.Errorf("hit counts %v, want %d: 10 and %d: 100", bps, w.ID, h.ID)
	}
}

// TestWatchSameAddress: two watchpoints on one variable trap at once;
// the first is reported, both are counted, and the second's old value
// follows the writes it was not reported for, and tdb's own set.
func TestWatchSameAddress(t *testing.T) {
	tg := launch(t, "watch")
	tg.brk("main.go:" + strconv.Itoa(fixture.LineOf(t, "watch", "main.go", "marker: start")))
	tg.stop(Continue{})
	a := tg.do(SetWatchpoint{Expr: "counter", Kind: WatchWrite}).Breakpoints[0]
	b := tg.do(SetWatchpoint{Expr: "main.counter", Kind: WatchWrite}).Breakpoints[0]
	for i := 1; i <= 2; i++ {
		if st := tg.stop(Continue{}); st.Reason.Breakpoint != a.ID || st.Watch == nil || st.Watch.New != strconv.Itoa(i) {
			t.Fatalf("write %d: %s %+v, want watchpoint %d", i, where(st), st.Watch, a.ID)
		}
	}
	tg.do(ClearBreakpoint{ID: a.ID})
	st := tg.stop(Continue{})
	if st.Reason.Breakpoint != b.ID || st.Watch == nil || st.Watch.Old != "2" || st.Watch.New != "3" {
		t.Fatalf("write 3: %s %+v, want watchpoint %d, 2 -> 3", where(st), st.Watch, b.ID)
	}
	if n := tg.hitCount(b.ID); n != 3 {
		t.Errorf("watchpoint %d: %d hits, want 3", b.ID, n)
	}
	// set writes through /proc/PID/mem, which no debug register sees:
	// the next hit's old value is the one set.
	tg.do(SetVar{Expr: "counter", Value: "50", Frame: SelectedFrame})
	st = tg.stop(Continue{})
	if st.Watch == nil || st.Watch.Old != "50" || st.Watch.New != "51" {
		t.Errorf("after set counter = 50: %+v, want 50 -> 51", st.Watch)
	}
}

// TestWatchStackMoveAtBreakpoint: a user breakpoint on
// runtime.copystack's return, where the engine's own breakpoint moves
// stack watchpoints: the stop there is the user's, and the watchpoint has
// moved all the same; stepping the return with stepi, then continuing,
// the write through the pointer is seen.
func TestWatchStackMoveAtBreakpoint(t *testing.T) {
	tg := launch(t, "watch")
	tg.brk("main.go:" + strconv.Itoa(fixture.LineOf(t, "watch", "main.go", "marker: local call")))
	tg.stop(Continue{})
	w := tg.do(SetWatchpoint{Expr: "v", Kind: WatchWrite}).Breakpoints[0]
	b, err := source.Open(fixture.Build(t, "watch"))
	if err != nil {
		t.Fatal(err)
	}
	fns, err := b.LookupFunc("runtime.copystack")
	b.Close()
	if err != nil || len(fns) != 1 {
		t.Fatalf("runtime.copystack: %v", err)
	}
	var ret uint64
	for _, in := range tg.do(Disassemble{Start: fns[0].Entry, End: fns[0].End}).Instructions {
		if strings.HasPrefix(in.Text, "ret") {
			ret = in.Addr
		}
	}
	if ret == 0 {
		t.Fatal("no ret in runtime.copystack")
	}
	rb := tg.brk("*0x" + strconv.FormatUint(ret, 16))
	st := tg.stop(Continue{})
	if st.Reason.Breakpoint != rb.ID || st.Function != "runtime.copystack" {
		t.Fatalf("want the breakpoint on copystack's ret, got %s", where(st))
	}
	for _, x := range st.Breakpoints {
		if x.ID == w.ID && x.WatchAddr == w.WatchAddr {
			t.Errorf("at copystack's return the watchpoint is still at %#x", x.WatchAddr)
		}
	}
	tg.do(ClearBreakpoint{ID: rb.ID})
	tg.stop(StepInstruction{})
	st = tg.stop(Continue{})
	if st.Reason.Breakpoint != w.ID || st.Function != "main.deep" || st.Watch == nil || st.Watch.New != "42" {
		t.Fatalf("write through the pointer: %s %+v", where(st), st.Watch)
	}
}

// TestWatchCountsUnderSteps: a watchpoint whose hit-count condition is
// never met counts every write of counter and never stops, while the
// program is stopped and stepped through the writing code in every way
// (next, step, stepi across the store, stepout, continue to a
// breakpoint on the unlock): at the exit it has counted exactly the 100
// writes, none lost to a single-step's trap or an emulated store, none
// counted twice. The writing line's breakpoint sits on the store itself
// (counter = counter + 1 is one inc of the global), and its hit-count
// condition is false two times in three: passed without a stop, the inc
// must be left to the processor.
func TestWatchCountsUnderSteps(t *testing.T) {
	tg := launch(t, "watch")
	src := func(m string) int { return fixture.LineOf(t, "watch", "main.go", m) }
	tg.brk("main.go:" + strconv.Itoa(src("marker: start")))
	tg.stop(Continue{})
	w := tg.do(SetWatchpoint{Expr: "counter", Kind: WatchWrite}).Breakpoints[0]
	tg.do(SetCondition{ID: w.ID, Cond: "== 1000", HitCount: true})
	write := src("marker: write counter")
	bw := tg.brk("main.go:" + strconv.Itoa(write)) // on the inc
	tg.do(SetCondition{ID: bw.ID, Cond: "% 3", HitCount: true})
	tg.brk("main.go:" + strconv.Itoa(write+1))
	ops := []Request{Next{}, StepInstruction{Count: 3}, Continue{}, Step{}, StepInstruction{Count: 7}, Next{Count: 2},
		Continue{}, StepOut{}, Continue{}, StepInstruction{Count: 5}, Continue{}, Next{}}
	for i := 0; ; i++ {
		r := ops[i%len(ops)]
		rep := tg.s.Do(r)
		if rep.Exited != nil {
			if rep.Exited.Status != 0 {
				t.Fatalf("exited %v", rep.Exited)
			}
			break
		}
		if rep.Err != nil {
			// A step from where it cannot (the runtime, no line
			// information): continue instead.
			if rep = tg.do(Continue{}); rep.Exited != nil {
				break
			}
		}
		st := rep.State
		if st.Reason.Kind == "watchpoint" {
			t.Fatalf("op %d %T: the watchpoint stopped: %s", i, r, where(st))
		}
		if i > 5000 {
			t.Fatal("no exit after 5000 operations")
		}
	}
	if n := tg.hitCount(w.ID); n != 100 {
		t.Errorf("the watchpoint counted %d writes, want 100", n)
	}
	tg.waitOutput("writes 100 seen 7 x 8")
}
