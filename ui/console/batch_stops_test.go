package console

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestBatchReplay drives the tdb binary: a batch session saves its stops,
// and `tdb --batch replay FILE` shows them again with no program: the
// backtrace and args of stop 2 as the live session printed them, the
// newest stop first, execution refused, a missing source file named.
func TestBatchReplay(t *testing.T) {
	bin := fixture.Build(t, "fib")
	src := fixture.Source("fib", "main.go")
	file := filepath.Join(t.TempDir(), "fib.stops")
	live := batch(t, bin, "break main.fib", "continue", "continue", "bt", "args", "clear 1", "stepout", "history save "+file)
	if live.Status != 0 {
		t.Fatalf("live session:\n%s", live)
	}
	// The live bt and args at stop 2: the lines between the second stop
	// line and the stepout's.
	var want []string
	stops := 0
	for _, l := range strings.Split(live.Stdout, "\n") {
		if strings.HasPrefix(l, "stopped: ") {
			stops++
			continue
		}
		if stops == 2 && (strings.HasPrefix(l, "#") || strings.Contains(l, " = ")) {
			want = append(want, l)
		}
	}
	if len(want) < 4 {
		t.Fatalf("live bt and args too short:\n%s", live)
	}

	r := runTDB(t, nil, "--batch", "-ex", "history", "-ex", "history 2", "-ex", "bt", "-ex", "args", "-ex", "next", "replay", file)
	if r.Status != 1 || r.Stderr != "error: history #2 is read-only: a replay runs no program\n" {
		t.Errorf("replay: want status 1 and the read-only error for next:\n%s", r)
	}
	lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "replay "+file+": 3 stops, #1 to #3 of "+bin) ||
		lines[1] != "history #3 (read-only)" || !strings.HasPrefix(lines[2], "stopped: step: main.main at "+src+":") {
		t.Fatalf("replay opening:\n%s", r)
	}
	i := 0
	for i < len(lines) && lines[i] != "history #2 (read-only)" {
		i++
	}
	if i+2 >= len(lines) {
		t.Fatalf("no history #2 in:\n%s", r)
	}
	if l := lines[i-3]; !strings.HasPrefix(l, "#1 breakpoint 1 main.fib "+src+":") {
		t.Errorf("history list line %q", l)
	}
	got := lines[i+2:]
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("replayed stop 2:\n%s\nlive:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The source moved away: the replay says so, and still runs.
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(t.TempDir(), "moved.stops")
	os.WriteFile(moved, []byte(strings.ReplaceAll(string(b), src, "/gone/fib/main.go")), 0o644)
	r = runTDB(t, nil, "--batch", "-ex", "bt 1", "replay", moved)
	if r.Status != 0 || !strings.Contains(r.Stderr, "warning: source file missing: /gone/fib/main.go (") ||
		!strings.Contains(r.Stdout, "#0 ") {
		t.Errorf("replay with the source gone:\n%s", r)
	}

	// Not a history: one line, status 1.
	r = runTDB(t, nil, "--batch", "replay", bin)
	if r.Status != 1 || !strings.HasPrefix(r.Stderr, "error: ") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("replay of a binary:\n%s", r)
	}
}
