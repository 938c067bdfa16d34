package console

import (
	"fmt"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

func TestHistory(t *testing.T) {
	dir := t.TempDir()
	h := LoadHistory(dir)
	h.Add("break fib")
	h.Add("continue")
	h.Add("continue") // not repeated
	if got := h.Prev("typed"); got != "continue" {
		t.Errorf("prev = %q", got)
	}
	if got := h.Prev(""); got != "break fib" {
		t.Errorf("prev = %q", got)
	}
	if got := h.Prev(""); got != "break fib" {
		t.Errorf("prev at the oldest = %q", got)
	}
	h.Next()
	if got := h.Next(); got != "typed" {
		t.Errorf("next past the newest = %q, want the draft", got)
	}
	h.Save()
	h2 := LoadHistory(dir)
	if !reflect.DeepEqual(h2.lines, []string{"break fib", "continue"}) {
		t.Errorf("reloaded %q", h2.lines)
	}
	for i := 0; i < maxHistory+10; i++ {
		h2.Add(fmt.Sprint("cmd ", i))
	}
	if len(h2.lines) != maxHistory {
		t.Errorf("%d lines kept", len(h2.lines))
	}
}

// Several tdbs quitting at once each save their history whole: the
// temporary file is each one's own (it was history.tmp for all).
func TestHistorySavedBySeveral(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "history.tmp"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, b := LoadHistory(dir), LoadHistory(dir)
	a.Add("print a")
	b.Add("print b")
	a.Save() // a FIFO named history.tmp would block a fixed-name write
	b.Save()
	got := LoadHistory(dir).lines
	if len(got) != 1 || (got[0] != "print a" && got[0] != "print b") {
		t.Errorf("history after two saves: %q", got)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "history.*.tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
