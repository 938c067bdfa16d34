package debugger

import (
	"fmt"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestGoroutinesGroup: testdata/many with 3,000 goroutines, stopped in
// main.ready. The program made every one of them at one go statement and
// with one start function; those that reached their receive wait in
// main.park; each grouping's counts add up to the listing's, and a group
// opened (InGroup) lists exactly its members.
func TestGoroutinesGroup(t *testing.T) {
	const n = 3000
	tg := launch(t, "many", fmt.Sprint(n))
	tg.brk("main.ready")
	tg.stop(Continue{})
	src := fixture.LineOf(t, "many", "main.go", "go func(id int) {")
	parkLine := fixture.LineOf(t, "many", "main.go", "v := <-in")

	list := tg.do(ListGoroutines{})
	if list.Err != nil || list.Total != n+1 {
		t.Fatalf("listing: %d goroutines, %v; want %d", list.Total, list.Err, n+1)
	}
	inPark := 0
	for _, g := range list.Goroutines {
		if g.User.Function == "main.park" && g.User.Line == parkLine {
			inPark++
		}
	}
	if inPark < n*9/10 {
		t.Fatalf("only %d of %d goroutines in main.park", inPark, n)
	}

	groups := func(kind string) map[string]GoroutineGroup {
		t.Helper()
		rep := tg.do(ListGoroutines{Group: kind})
		if rep.Err != nil || rep.Grouped != n+1 || rep.Total != len(rep.Groups) {
			t.Fatalf("-group %s: %d groups of %d goroutines (%d in the page), %v; want %d goroutines", kind, rep.Total, rep.Grouped, len(rep.Groups), rep.Err, n+1)
		}
		m := map[string]GoroutineGroup{}
		sum := 0
		for _, g := range rep.Groups {
			if _, dup := m[g.Key]; dup {
				t.Fatalf("-group %s: key %q twice", kind, g.Key)
			}
			m[g.Key] = g
			sum += g.Count
		}
		if sum != n+1 {
			t.Fatalf("-group %s: counts add up to %d, want %d", kind, sum, n+1)
		}
		return m
	}
	goKey := fmt.Sprintf("%s:%d in main.main", fixture.Source("many", "main.go"), src)
	if g := groups(GroupGoLoc)[goKey]; g.Count != n || g.Sample.Go.Line != src {
		t.Errorf("goloc %q: %d goroutines (sample %+v), want %d", goKey, g.Count, g.Sample, n)
	}
	start := groups(GroupStartLoc)
	wrapped := 0
	for k, g := range start {
		if strings.Contains(k, " in main.main.") {
			wrapped += g.Count
		}
	}
	if wrapped != n {
		t.Errorf("startloc: %d goroutines start in main.main's go wrapper, want %d: %v", wrapped, n, start)
	}
	parkKey := fmt.Sprintf("%s:%d in main.park", fixture.Source("many", "main.go"), parkLine)
	user := groups(GroupUserLoc)
	if g := user[parkKey]; g.Count != inPark || g.Sample.User.Function != "main.park" {
		t.Errorf("userloc %q: %d goroutines, want %d (the listing's)", parkKey, g.Count, inPark)
	}
	if g := groups(GroupWait)["waiting: chan receive"]; g.Count < inPark {
		t.Errorf("wait: %d goroutines in chan receive, want at least %d", g.Count, inPark)
	}

	// The parked ones share one stack, the biggest group, listed first.
	stacks := tg.do(ListGoroutines{Group: GroupStack, Count: 1})
	if len(stacks.Groups) != 1 {
		t.Fatalf("-group stack: %+v", stacks)
	}
	top := stacks.Groups[0]
	var fns []string
	for _, f := range top.Stack {
		fns = append(fns, f.Function)
	}
	if top.Count != inPark || !strings.Contains(strings.Join(fns, " "), "runtime.chanrecv1 main.park main.main.func1") || fns[len(fns)-1] != "runtime.goexit" {
		t.Errorf("biggest stack: %d goroutines, frames %v; want %d with chanrecv1, main.park, main.main.func1 ... runtime.goexit", top.Count, fns, inPark)
	}

	// Opening a group lists its members, paged like a listing.
	for _, c := range []struct{ kind, key string }{{GroupUserLoc, parkKey}, {GroupStack, top.Key}} {
		in := tg.do(ListGoroutines{Group: c.kind, InGroup: c.key, Count: 10})
		if in.Err != nil || in.Total != inPark || len(in.Goroutines) != 10 {
			t.Fatalf("-group %s opened: %d goroutines (%d listed), %v; want %d", c.kind, in.Total, len(in.Goroutines), in.Err, inPark)
		}
		for _, g := range in.Goroutines {
			if g.User.Function != "main.park" {
				t.Errorf("-group %s opened: member %+v not in main.park", c.kind, g)
			}
		}
	}

	// The filter applies before grouping; a bad kind is one clear error.
	if rep := tg.do(ListGoroutines{Group: GroupUserLoc, Filter: "main.ready"}); rep.Grouped != 1 || len(rep.Groups) != 1 || rep.Groups[0].Sample.ID != 1 {
		t.Errorf("-group userloc main.ready: %+v, want goroutine 1 alone", rep.Groups)
	}
	if rep := tg.s.Do(ListGoroutines{Group: "nope"}); rep.Err == nil || !strings.Contains(rep.Err.Error(), "userloc") {
		t.Errorf("-group nope: %v, want an error naming the kinds", rep.Err)
	}
	// All adds the runtime's goroutines, in groups of their own.
	if all := tg.do(ListGoroutines{Group: GroupUserLoc, All: true}); all.Grouped <= n+1 {
		t.Errorf("-a -group userloc: %d goroutines, want more than %d", all.Grouped, n+1)
	}
}
