package console

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tdb/debugger"
)

// run executes lines on c and fails on any error.
func runAll(t *testing.T, c *Console, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if _, err := c.Exec(l); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
}

// printed runs line on c and returns what it printed.
func printed(t *testing.T, c *Console, rec *syncRecorder, line string) ([]string, error) {
	t.Helper()
	before, _ := rec.lines()
	_, err := c.Exec(line)
	after, _ := rec.lines()
	return after[len(before):], err
}

// TestStopHistoryRecordsRealStops debugs fib, whose calls the program
// itself orders (fib(1), then fib(2), which calls fib(1) and fib(0)): each stop's
// record must hold the n the program had there, as print said live, and
// `history N` must answer bt, regs, locals and print from the record while
// refusing to run the program.
func TestStopHistoryRecordsRealStops(t *testing.T) {
	s := startSession(t, "fib")
	rec := &syncRecorder{}
	c := New(s, rec)
	runAll(t, c, "break main.fib", "display n", "continue")
	var live [][]string // what bt, regs and print n said at each stop
	snap := func() {
		var out []string
		for _, l := range []string{"bt", "regs", "print n", "args"} {
			o, err := printed(t, c, rec, l)
			if err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			out = append(out, o...)
		}
		live = append(live, out)
	}
	snap()
	for range 3 {
		runAll(t, c, "continue")
		snap()
	}
	runAll(t, c, "stepout")
	snap()

	c.Stops().Settle()
	recs := c.Stops().Records()
	if len(recs) != 5 {
		t.Fatalf("%d stops recorded, want 5:\n%v", len(recs), recs)
	}
	wantN := []string{"1", "2", "1", "0", ""}
	for i, r := range recs {
		if r.N != i+1 {
			t.Errorf("stop %d numbered #%d", i+1, r.N)
		}
		if !r.Values {
			t.Errorf("#%d: values not recorded: %s", r.N, r.ValuesErr)
		}
		if wantN[i] == "" {
			continue
		}
		if len(r.Watch) != 1 || r.Watch[0].Name != "n" || r.Watch[0].Value != wantN[i] {
			t.Errorf("#%d: watch %+v, want n = %s", r.N, r.Watch, wantN[i])
		}
		if len(r.Args) == 0 || r.Args[0].Name != "n" || r.Args[0].Value != wantN[i] {
			t.Errorf("#%d: args %+v, want n = %s first", r.N, r.Args, wantN[i])
		}
	}
	if recs[4].State.Reason.Kind != "step" || len(recs[4].State.Returned) == 0 {
		t.Errorf("#5 (stepout) reason %v returned %v: want a step with the value returned", recs[4].State.Reason, recs[4].State.Returned)
	}

	out, err := printed(t, c, rec, "history")
	if err != nil || len(out) != 5 || !strings.HasPrefix(out[1], "#2 breakpoint 1 main.fib ") || !strings.HasSuffix(out[1], "main.go:13") {
		t.Errorf("history listed (err %v):\n%s", err, strings.Join(out, "\n"))
	}

	// Each stop again: the same answers as live.
	for i := range recs {
		out, err := printed(t, c, rec, "history "+string(rune('1'+i)))
		if err != nil || out[0] != "history #"+string(rune('1'+i))+" (read-only)" || !strings.HasPrefix(out[1], "stopped: ") {
			t.Fatalf("history %d: %v\n%s", i+1, err, strings.Join(out, "\n"))
		}
		var got []string
		for _, l := range []string{"bt", "regs", "print n", "args"} {
			o, err := printed(t, c, rec, l)
			if err != nil {
				t.Fatalf("history %d, %s: %v", i+1, l, err)
			}
			got = append(got, o...)
		}
		if !reflect.DeepEqual(got, live[i]) {
			t.Errorf("history %d shows:\n%s\nlive it was:\n%s", i+1, strings.Join(got, "\n"), strings.Join(live[i], "\n"))
		}
	}
	// Read-only: the program does not run.
	_, err = c.Exec("next")
	var ro *ReadOnlyError
	if !errors.As(err, &ro) || err.Error() != "history #5 is read-only: `.` returns to the present" {
		t.Errorf("next in the history: %v", err)
	}
	// Another frame of the stop: its backtrace line, but its values were
	// not recorded.
	if out, err := printed(t, c, rec, "frame 1"); err != nil || !strings.HasPrefix(out[0], "#1 ") || !strings.Contains(out[0], " main.main at ") {
		t.Errorf("frame 1 in the history: %v %q", err, out)
	}
	if _, err := c.Exec("locals"); err == nil || err.Error() != "history #5: only frame 0's args and locals were recorded" {
		t.Errorf("locals of frame 1 in the history: %v", err)
	}
	if _, err := c.Exec("x &n"); err == nil || !strings.HasPrefix(err.Error(), "history #5: memory was not recorded") {
		t.Errorf("x in the history: %v", err)
	}
	if _, err := c.Exec("history -"); err != nil {
		t.Fatal(err)
	}
	if r, _ := c.Viewing(); r == nil || r.N != 4 {
		t.Errorf("history - from #5 shows %v, want #4", r)
	}
	// + onto the newest stop, which is the present one, returns to it.
	runAll(t, c, "history +")
	if r, _ := c.Viewing(); r != nil {
		t.Errorf("history + onto the present stop still shows #%d", r.N)
	}
	runAll(t, c, "history 1", ".")
	if r, _ := c.Viewing(); r != nil {
		t.Errorf(". still shows #%d", r.N)
	}
	runAll(t, c, "next")
	if n := len(c.Stops().Records()); n != 6 {
		t.Errorf("after . and next: %d stops, want 6", n)
	}
}

// TestStopHistorySaveLoad records a real session, saves it and loads it
// back: every record, field by field, must be what was recorded.
func TestStopHistorySaveLoad(t *testing.T) {
	s := startSession(t, "fib")
	c := New(s, &syncRecorder{})
	runAll(t, c, "break main.fib", "display n", "display sum", "continue", "continue", "stepout", "next", "next",
		"break main.go:27", "continue", "frame 1", "continue")
	path := filepath.Join(t.TempDir(), "stops.jsonl")
	runAll(t, c, "history save "+path)
	h, err := LoadStopHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	want, got := c.Stops().Records(), h.Records()
	if len(got) != len(want) || len(want) < 6 {
		t.Fatalf("loaded %d stops, recorded %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if !reflect.DeepEqual(*w.State, *g.State) {
			wv, gv := reflect.ValueOf(*w.State), reflect.ValueOf(*g.State)
			for f := 0; f < wv.NumField(); f++ {
				if !reflect.DeepEqual(wv.Field(f).Interface(), gv.Field(f).Interface()) {
					t.Errorf("#%d State.%s: saved %+v, loaded %+v", w.N, wv.Type().Field(f).Name, wv.Field(f).Interface(), gv.Field(f).Interface())
				}
			}
		}
		ws, gs := *w, *g
		ws.State, gs.State = nil, nil
		if !reflect.DeepEqual(ws, gs) {
			t.Errorf("#%d: saved %+v, loaded %+v", w.N, ws, gs)
		}
	}
	if h.Program() != s.Binary().Path() {
		t.Errorf("program %q, want %q", h.Program(), s.Binary().Path())
	}

	// A file that is not a history, and a broken line, say so.
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte("{\"x\":1}\n"), 0o644)
	if _, err := LoadStopHistory(bad); err == nil || !strings.Contains(err.Error(), "not a stop history") {
		t.Errorf("loading a JSON file that is no history: %v", err)
	}
	b, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(b), "\n")
	os.WriteFile(bad, []byte(lines[0]+lines[1]+"{\"n\":99,\n"), 0o644)
	if _, err := LoadStopHistory(bad); err == nil || !strings.Contains(err.Error(), bad+":3:") {
		t.Errorf("loading a cut file: %v (want the line number)", err)
	}
}

// TestStopHistoryBounds: the history keeps the newest stops within its
// count and byte bounds, numbers unchanged.
func TestStopHistoryBounds(t *testing.T) {
	h := NewStopHistory("prog")
	h.maxStops = 3
	for i := 1; i <= 10; i++ {
		h.add(&StopRecord{State: &debugger.State{Seq: i}})
	}
	recs := h.Records()
	if len(recs) != 3 || recs[0].N != 8 || recs[2].N != 10 || h.Dropped() != 7 {
		t.Errorf("kept %d stops from #%d, dropped %d: want #8 to #10, 7 dropped", len(recs), recs[0].N, h.Dropped())
	}
	if h.Get(9) == nil || h.Get(7) != nil || h.Before(9).N != 8 || h.Neighbour(10, 1) != nil {
		t.Errorf("lookups wrong after dropping")
	}

	big := strings.Repeat("x", 1000)
	h = NewStopHistory("prog")
	h.maxBytes = 10 * 1500
	for i := 1; i <= 100; i++ {
		h.add(&StopRecord{State: &debugger.State{Seq: i, Note: big}})
	}
	if n := h.Len(); n < 5 || n > 12 || h.Last().N != 100 {
		t.Errorf("byte budget kept %d stops up to #%d", n, h.Last().N)
	}
}

// TestStopHistoryBoundedRealStops: a breakpoint hit many times keeps only
// the newest stops, numbered as they came, and the list says how many
// went.
func TestStopHistoryBoundedRealStops(t *testing.T) {
	s := startSession(t, "fib")
	rec := &syncRecorder{}
	c := New(s, rec)
	c.stops.maxStops = 20
	runAll(t, c, "break main.fib")
	for range 60 {
		runAll(t, c, "continue")
	}
	recs := c.Stops().Records()
	if len(recs) != 20 || recs[0].N != 41 || recs[19].N != 60 {
		t.Fatalf("kept %d stops, #%d to #%d: want #41 to #60", len(recs), recs[0].N, recs[len(recs)-1].N)
	}
	out, _ := printed(t, c, rec, "history")
	if len(out) != 21 || out[0] != "(40 older stops dropped: the history keeps the newest 20)" || !strings.HasPrefix(out[1], "#41 ") {
		t.Errorf("history list:\n%s", strings.Join(out, "\n"))
	}
	if _, err := c.Exec("history 40"); err == nil || err.Error() != "no stop #40 (the history has #41 to #60)" {
		t.Errorf("history 40: %v", err)
	}
}
