package ui

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gdamore/tcell/v2"
)

// A config path that is a FIFO, a huge file, a file of garbage: loadConfig
// returns at once with one clear problem each (a FIFO blocked tdb in
// open(2) with a blank screen), and the defaults.
func TestConfigFileOddities(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) }, "is not a regular file (a named pipe): ignored"},
		{"directory", func(p string) error { return os.Mkdir(p, 0o700) }, "is not a regular file (a directory): ignored"},
		{"huge", func(p string) error { return os.WriteFile(p, make([]byte, 2<<20), 0o600) }, "is 2097152 bytes, more than 1024 KiB: ignored"},
		{"garbage", func(p string) error {
			return os.WriteFile(p, []byte(strings.Repeat("\x01\xfe garbage\n", 5000)), 0o600)
		}, "config: 4990 more problems not shown: is it a tdb config file?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := c.make(filepath.Join(dir, "config")); err != nil {
				t.Fatal(err)
			}
			t.Setenv("TDB_CONFIG_DIR", dir)
			cfg := loadConfig() // returns: a FIFO no longer blocks it
			if len(cfg.errs) == 0 || !strings.Contains(cfg.errs[len(cfg.errs)-1], c.want) || len(cfg.errs) > maxConfigErrs+1 {
				t.Errorf("problems: %q, want the last to say %q", cfg.errs, c.want)
			}
			if !cfg.mouse || cfg.theme != "" {
				t.Errorf("the defaults did not survive: %+v", cfg)
			}
		})
	}
}

// Esc while a command still works on the stopped program cancels it, as
// Ctrl+C does (the engine's Interrupt on a stopped program cancels a
// values request); idle, Esc interrupts nothing.
func TestEscCancelsWorkingCommand(t *testing.T) {
	eng := newFakeEngine()
	ta := newTestApp(t, eng, &fakeConsole{}, nil, true, 80, 24)
	esc := func() { ta.handleKey(tcell.NewEventKey(tcell.KeyEscape, 0, 0)) }
	esc()
	if eng.intr != 0 {
		t.Fatalf("Esc with nothing working: %d interrupts", eng.intr)
	}
	ta.busy++
	esc()
	ta.busy--
	if eng.intr != 1 {
		t.Errorf("Esc while a command works: %d interrupts, want 1", eng.intr)
	}
}
