package linemode

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestLineModeReplay: `tdb --cli replay FILE` on a pty opens a saved stop
// history at its newest stop, answers history N and print from the
// record, refuses next, and quits with status 0.
func TestLineModeReplay(t *testing.T) {
	fib := fixture.Build(t, "fib")
	file := filepath.Join(t.TempDir(), "fib.stops")
	out, err := exec.Command(tdbBinary(t), "--batch", "-ex", "break main.fib", "-ex", "c", "-ex", "c",
		"-ex", "history save "+file, "exec", fib).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "saved 2 stops to "+file) {
		t.Fatalf("recording: %v\n%s", err, out)
	}
	p := startPty(t, nil, "--cli", "replay", file)
	p.wait(`history #2 \(read-only\)\r?\nstopped: breakpoint 1: main\.fib at `)
	p.wait(`\(tdb\) `)
	p.send("history 1\n")
	p.wait(`history #1 \(read-only\)`)
	p.wait(`\(tdb\) `)
	p.send("p n\n")
	p.wait(`\r?\n1\r?\n`)
	p.send("next\n")
	p.wait(`error: history #1 is read-only: a replay runs no program`)
	p.send("quit\n")
	if st := p.exit(); st != 0 {
		t.Errorf("quit: status %d", st)
	}
}
