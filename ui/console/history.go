package console

import (
	"os"
	"path/filepath"
	"strings"
)

// maxHistory bounds the command history kept between runs.
const maxHistory = 1000

// History is the command line's history: loaded at start, saved at quit
// to <config dir>/history. Owned by the goroutine that reads the lines
// (the screen's UI goroutine, line mode's reader).
type History struct {
	path  string
	lines []string
	pos   int    // browsing position: len(lines) means "the new line"
	draft string // what was typed before browsing
}

// ConfigDir is where tdb keeps its files (config, history, the
// screen's layout): $TDB_CONFIG_DIR, else os.UserConfigDir()/tdb; "" when
// there is none.
func ConfigDir() string {
	if d := os.Getenv("TDB_CONFIG_DIR"); d != "" {
		return d
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "tdb")
}

// LoadHistory reads the history kept in dir (ConfigDir), if any; dir ""
// keeps none.
func LoadHistory(dir string) *History {
	h := &History{}
	if dir != "" {
		h.path = filepath.Join(dir, "history")
		if b, err := ReadRegular(h.path, maxHistorySize); err == nil {
			for _, l := range strings.Split(string(b), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					h.lines = append(h.lines, l)
				}
			}
		}
	}
	if len(h.lines) > maxHistory {
		h.lines = h.lines[len(h.lines)-maxHistory:]
	}
	h.pos = len(h.lines)
	return h
}

// Add records a run line (not repeating the previous one) and resets
// browsing.
func (h *History) Add(line string) {
	line = strings.TrimSpace(line)
	if line != "" && (len(h.lines) == 0 || h.lines[len(h.lines)-1] != line) {
		h.lines = append(h.lines, line)
		if len(h.lines) > maxHistory {
			h.lines = h.lines[1:]
		}
	}
	h.pos = len(h.lines)
	h.draft = ""
}

// Prev returns the older line to show, given what is typed now.
func (h *History) Prev(current string) string {
	if h.pos == len(h.lines) {
		h.draft = current
	}
	if h.pos > 0 {
		h.pos--
	}
	if h.pos < len(h.lines) {
		return h.lines[h.pos]
	}
	return current
}

// Next returns the newer line, and the draft past the newest.
func (h *History) Next() string {
	if h.pos < len(h.lines) {
		h.pos++
	}
	if h.pos == len(h.lines) {
		return h.draft
	}
	return h.lines[h.pos]
}

// Save writes the history; failing to is not worth bothering the user
// at quit.
func (h *History) Save() {
	if h.path == "" || len(h.lines) == 0 {
		return
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o755); err != nil {
		return
	}
	// A temporary file of its own: several tdbs may quit at once, and a
	// fixed name (history.tmp) could be a FIFO that blocks the write.
	f, err := os.CreateTemp(filepath.Dir(h.path), "history.*.tmp")
	if err != nil {
		return
	}
	_, err = f.WriteString(strings.Join(h.lines, "\n") + "\n")
	if cerr := f.Close(); err == nil && cerr == nil {
		if os.Rename(f.Name(), h.path) == nil {
			return
		}
	}
	os.Remove(f.Name())
}

// maxHistorySize bounds the history file read at start (maxHistory lines
// of commands, which are at most MaxLine long, are far less in practice).
const maxHistorySize = 4 << 20
