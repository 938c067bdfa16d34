package console

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

func TestParseGoroutinesArgs(t *testing.T) {
	for _, c := range []struct {
		in                 string
		all                bool
		start, n           int
		filter, err, group string
	}{
		{in: "", n: 100},
		{in: "-a", all: true, n: 100},
		{in: "-s 200 -n 50 chan receive", start: 200, n: 50, filter: "chan receive"},
		{in: "-n 0 main.work", filter: "main.work"},
		{in: "-n", err: "needs a number"},
		{in: "-s x", err: "bad -s"},
		{in: "-q", err: "unknown flag"},
		{in: "-a -group userloc main", all: true, n: 100, group: "userloc", filter: "main"},
		{in: "-group stack -n 0", group: "stack"},
		{in: "-group", err: "-group needs a kind"},
		{in: "-group label", err: `unknown grouping "label"`},
	} {
		r, err := parseGoroutinesArgs(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || r.All != c.all || r.Start != c.start || r.Count != c.n || r.Filter != c.filter || r.Group != c.group {
			t.Errorf("%q: %+v %v", c.in, r, err)
		}
	}
}

func TestBatchGoroutinesAndSwitch(t *testing.T) {
	bin := fixture.Build(t, "many")
	park := fixture.LineOf(t, "many", "main.go", "v := <-in")
	r := batch(t, bin, "break main.ready", "continue", "goroutines -n 3", "goroutines -n 1 -s 5000 chan receive", "goroutine 5000", "bt 3", "next", "goroutine 1", "threads", "thread 1")
	if r.Status != 1 {
		t.Errorf("status %d: `next` on a parked goroutine and `thread 1` should fail", r.Status)
	}
	out := r.Stdout
	for _, re := range []string{
		`(?m)^\* Goroutine 1 \[running\] main\.ready /\S+/many/main\.go:\d+ \(thread \d+\), go at \S+:\d+, start runtime\.main$`,
		`(?m)^  Goroutine \d+ \[waiting: chan receive\] main\.park \S+/many/main\.go:` + strconv.Itoa(park) + ` \(in runtime\.gopark\), go at \S+/many/main\.go:\d+, start main\.main\.gowrap1$`,
		`(?m)^\(goroutines 1-3 of 10001: goroutines -s 3 for more, -n 0 for all\)$`,
		`(?m)^\(goroutines 5001-5001 of \d+: goroutines -s 5001 for more, -n 0 for all\)$`,
		`(?m)^switched to goroutine 5000 \(waiting: chan receive\), on no thread$`,
		`(?m)^=> +` + strconv.Itoa(park) + `:\t+v := <-in$`,
		`(?m)^#0 0x[0-9a-f]+ runtime\.gopark at `,
		`(?m)^switched to goroutine 1 \(thread \d+\)$`,
		`(?m)^\* Thread \d+ at 0x[0-9a-f]+ main\.ready \S+ \(goroutine 1\)$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("output lacks %s\n%s", re, r)
		}
	}
	for _, e := range []string{"error: goroutine 5000 is not running on a thread: switch back or continue", "error: no thread 1"} {
		if !strings.Contains(r.Stderr, e) {
			t.Errorf("stderr lacks %q\n%s", e, r)
		}
	}
}

// TestBatchGoroutinesGroup: `goroutines -group` lines on testdata/many
// with 500 goroutines: a line per group (count, key, sample), a stack
// group's frames under its line, the closing count line; counts add up
// to the program's 501 goroutines (main and 500).
func TestBatchGoroutinesGroup(t *testing.T) {
	bin := fixture.Build(t, "many")
	park := fixture.LineOf(t, "many", "main.go", "v := <-in")
	args := []string{"--batch"}
	for _, c := range []string{"break main.ready", "continue", "goroutines -group wait", "goroutines -group stack -n 1", "goroutines -group nope"} {
		args = append(args, "-ex", c)
	}
	r := fixture.RunTdb(t, nil, append(args, "exec", bin, "500")...)
	if r.Status != 1 {
		t.Errorf("status %d: -group nope should fail", r.Status)
	}
	out := r.Stdout
	for _, re := range []string{
		`(?m)^ +1 running \(e\.g\. goroutine 1 \[running\]\)$`,
		`(?m)^ +\d+ waiting: chan receive \(e\.g\. goroutine \d+ \[waiting: chan receive\]\)$`,
		`(?m)^\[501 goroutines in \d+ groups\]$`,
		`(?m)^ +\d+ goroutines with this stack \(e\.g\. goroutine \d+ \[waiting: chan receive\]\):\n {8}0x[0-9a-f]+ runtime\.gopark at `,
		`(?m)^ {8}0x[0-9a-f]+ main\.park at \S+/many/main\.go:` + strconv.Itoa(park) + `$`,
		`(?m)^\(groups 1-1 of \d+: goroutines -group stack -s 1 for more, -n 0 for all\)$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("no match for %s in:\n%s", re, out)
		}
	}
	sum := 0
	for _, m := range regexp.MustCompile(`(?m)^ +(\d+) (?:running|waiting|runnable)`).FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		sum += n
	}
	if sum != 501 {
		t.Errorf("the wait groups hold %d goroutines, want 501:\n%s", sum, out)
	}
	if !strings.Contains(r.Stderr, `unknown grouping "nope"`) {
		t.Errorf("stderr %q: want the bad kind named", r.Stderr)
	}
}
