package ui

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestTmuxReplay records fib's stops with the real binary in batch mode
// and opens them with `tdb replay FILE` in tmux: the newest stop on the
// screen, { steps back with that stop's locals, n is refused, q quits.
func TestTmuxReplay(t *testing.T) {
	fib := fixture.Build(t, "fib")
	fnLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	file := filepath.Join(t.TempDir(), "fib.stops")
	out, err := exec.Command(tdbBinary(t), "--batch", "-ex", "break main.fib", "-ex", "c", "-ex", "c", "-ex", "c",
		"-ex", "history save "+file, "exec", fib).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "saved 3 stops to "+file) {
		t.Fatalf("recording: %v\n%s", err, out)
	}

	ts := startTmux(t, 100, 30, "replay", file)
	ts.waitText(fmt.Sprintf("history #3 (read-only) at main.go:%d", fnLine))
	ts.waitText("#3 breakpoint 1 main.fib")
	ts.send("{")
	ts.waitText("history #2 (read-only)")
	ts.send("L")
	ts.waitText("n = 2") // fib(2), the second stop
	ts.send("n")
	ts.waitText("history #2 is read-only: a replay runs no program")
	ts.send("q")
	ts.waitFor("tdb to exit", func(string) bool {
		_, err := ts.tmux("has-session")
		return err != nil
	})
}
