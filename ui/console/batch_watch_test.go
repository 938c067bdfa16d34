package console

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestBatchWatch: the watch commands' lines in batch mode: the set line of
// each kind, the errors (no expression, a bad flag, the fifth), clear and
// toggle, a read watchpoint's stop with its values, and the POKEUSER of
// the debug registers under mechanics.
func TestBatchWatch(t *testing.T) {
	bin := fixture.Build(t, "watch")
	start := fixture.LineOf(t, "watch", "main.go", "marker: start")
	read := fixture.LineOf(t, "watch", "main.go", "marker: read seen")
	r := batch(t, bin, "break main.go:"+strconv.Itoa(start), "continue",
		"watch", "watch -x counter",
		"rwatch seen", "awatch other1", "watch -w other2", "watch -rw other4", "watch other3",
		"clear 3", "toggle 4", "mechanics on", "watch other3", "mechanics off", "breakpoints", "continue")
	if r.Status != 1 {
		t.Errorf("status %d, want 1 (three commands fail)", r.Status)
	}
	wantErr := []string{
		"error: missing expression: watch [-r|-w|-rw] EXPR",
		"error: unknown flag -x: watch [-r|-w|-rw] EXPR",
		"error: cannot watch other3: all 4 debug registers are in use (watchpoints 2 3 4 5): clear one first",
	}
	if got := strings.Split(strings.TrimSpace(r.Stderr), "\n"); strings.Join(got, "\n") != strings.Join(wantErr, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", r.Stderr, strings.Join(wantErr, "\n"))
	}
	var got []string
	var pokes int
	for _, l := range strings.Split(r.Stdout, "\n") {
		switch {
		case regexp.MustCompile(`^ptrace POKEUSER tid \d+ DR1 = 0x[0-9a-f]+ \(watchpoint 6\)$`).MatchString(l):
			pokes++
		case strings.HasPrefix(l, "Watchpoint "), strings.HasPrefix(l, "stopped: watchpoint"),
			strings.HasPrefix(l, "old value"), strings.HasPrefix(l, "new value"):
			got = append(got, l)
		}
	}
	if pokes == 0 {
		t.Errorf("no POKEUSER of DR1 for watchpoint 6 under mechanics:\n%s", r)
	}
	addr := `at 0x[0-9a-f]+ \(8 bytes\)`
	match(t, r, got,
		`Watchpoint 2 \(read\) on seen `+addr,
		`Watchpoint 3 \(read-write\) on other1 `+addr,
		`Watchpoint 4 \(write\) on other2 `+addr,
		`Watchpoint 5 \(read-write\) on other4 `+addr,
		`Watchpoint 3 cleared`,
		`Watchpoint 4 disabled`,
		`Watchpoint 6 \(write\) on other3 `+addr,
		`Watchpoint 2 \(read\) on seen `+addr+` \(hits 0\)`,
		`Watchpoint 4 \(write\) on other2 `+addr+` \(hits 0\) disabled`,
		`Watchpoint 5 \(read-write\) on other4 `+addr+` \(hits 0\)`,
		`Watchpoint 6 \(write\) on other3 `+addr+` \(hits 0\)`,
		`stopped: watchpoint 2: main\.peek at \S+/main\.go:`+strconv.Itoa(read)+` \(pc 0x[0-9a-f]+, thread \d+, goroutine 1\)`,
		`old value: 7`,
		`new value: 7`,
	)
}
