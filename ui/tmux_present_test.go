package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestTmuxPresent runs tdb --present on fib in tmux at 80x24 and 120x40:
// each key shows with its action on the status bar, and the Log's stop
// lines name main.go without its directory.
func TestTmuxPresent(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			// The echo stays while the test looks, however loaded the
			// machine (the config's key-echo).
			cfg := t.TempDir()
			if err := os.WriteFile(filepath.Join(cfg, "config"), []byte("key-echo = 3600\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			ts := startTmuxEnv(t, size[0], size[1], []string{"TDB_CONFIG_DIR=" + cfg}, "--present", "exec", fib)
			ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
			ts.send("n")
			ts.waitText("n → next")
			s := ts.waitFor("the short stop line", func(s string) bool {
				return regexp.MustCompile(`stopped: step: main\.main at main\.go:\d+ \(pc`).MatchString(s)
			})
			if strings.Contains(s, filepath.Dir(fib)) || strings.Contains(s, "/testdata/fib/") {
				t.Errorf("a path on the presenter's screen:\n%s", s)
			}
			ts.send("L")
			ts.waitText("L → show-locals")
			ts.send("q")
			ts.waitFor("tdb to exit", func(string) bool {
				_, err := ts.tmux("has-session")
				return err != nil
			})
		})
	}
}

// TestTmuxTour runs tdb tour at 120x40 and goes through its steps with
// Space: each step's screen shows what it says; q leaves the tour and
// the session goes on.
func TestTmuxTour(t *testing.T) {
	// The same build of the demo first: tdb tour's own build (into a
	// cache of the test's) then finds the standard library compiled
	// with -N -l in Go's build cache, and opens in seconds, not the
	// minute a cold build takes on a loaded machine.
	fixture.Build(t, "demo")
	fibLine := fixture.LineOf(t, "demo", "main.go", "func fib(n int) int {")
	callLine := fixture.LineOf(t, "demo", "main.go", "fib(i))")
	ts := startTmuxEnv(t, 120, 40, []string{"TDB_CACHE_DIR=" + t.TempDir()}, "tour")
	ts.waitText("6 steps: Space or Enter runs the next one")
	step := func(k int, what string, ok func(string) bool) {
		t.Helper()
		ts.send("Space")
		ts.waitText(fmt.Sprintf("Tour: step %d/6", k))
		ts.waitFor(what, ok)
	}
	step(1, "fib's breakpoint mark", func(s string) bool { return strings.Contains(rowOf(s, fibLine), "●") })
	step(2, "the breakpoint's stop", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("stopped at main.go:%d [breakpoint 1]", fibLine)) && strings.Contains(rowOf(s, fibLine), "●▶")
	})
	step(3, "the Mechanics pane's POKEDATA", func(s string) bool {
		// ▸ heads a group of the Mechanics pane, never a Log line.
		return strings.Contains(s, "▸ break fib") && strings.Contains(s, "POKEDATA")
	})
	step(4, "the step's stop", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("stopped at main.go:%d", fibLine+1))
	})
	step(5, "the backtrace", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("#1  main.main main.go:%d", callLine)) && strings.Contains(s, "#0  main.fib main.go:")
	})
	step(6, "the end", func(s string) bool { return strings.Contains(s, "The end of the tour") })
	ts.send("q")
	ts.waitText("Tour left: the session goes on")
	ts.send("n")
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", fibLine+2))
	ts.send("q")
	ts.waitFor("tdb to exit", func(string) bool {
		_, err := ts.tmux("has-session")
		return err != nil
	})
}

// TestTmuxLessonBadLine: a lesson file with an unknown command leaves
// one line on the terminal, naming FILE:LINE, and no screen.
func TestTmuxLessonBadLine(t *testing.T) {
	fib := fixture.Build(t, "fib")
	bad := filepath.Join(t.TempDir(), "bad.lesson")
	if err := os.WriteFile(bad, []byte("# say: hello\nbreak main.fib\nfrobnicate 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := startTmuxCmd(t, 200, 24, fmt.Sprintf("%s --lesson %s exec %s; echo status=$?; sleep 600", tdbBinary(t), bad, fib))
	s := ts.waitText("status=")
	want := fmt.Sprintf("error: %s:3: unknown command \"frobnicate\"\nstatus=1", bad)
	if !strings.Contains(s, want) || strings.Contains(s, "Source") {
		t.Errorf("pane:\n%s\nwant %q alone", s, want)
	}
}
