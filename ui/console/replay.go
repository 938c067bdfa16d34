package console

import (
	"fmt"
	"io"
	"os"
	"sort"

	"tdb/debugger"
	"tdb/source"
)

// `tdb replay FILE`: a saved stop history opened with no program, to scrub
// through a recorded lesson or a bug report. The stops come from the file;
// source lines come from disk, where they may since have changed or gone.

// ReplayIntro is what a replay says first: which file, how many stops,
// of what.
func ReplayIntro(h *StopHistory, file string) string {
	recs := h.Records()
	s := fmt.Sprintf("replay %s: %d stops, #%d to #%d", file, len(recs), recs[0].N, recs[len(recs)-1].N)
	if p := h.Program(); p != "" {
		s += " of " + p
	}
	return s + " (read-only: history N, history - and + move, no program runs)"
}

// SetSubstitutions sets the source path substitutions a replay reads
// files through (--substitute-path): a replay has no binary to hold them.
func (h *StopHistory) SetSubstitutions(s []source.Substitution) {
	h.mu.Lock()
	h.subst = append([]source.Substitution(nil), s...)
	h.mu.Unlock()
}

// MissingSources lists the source files the stops name (their frames'
// files) that cannot be read here, after --substitute-path, sorted.
func (h *StopHistory) MissingSources() []string {
	h.mu.Lock()
	subst := h.subst
	h.mu.Unlock()
	seen := map[string]bool{}
	var missing []string
	for _, r := range h.Records() {
		for _, f := range r.State.Frames {
			if f.File == "" || seen[f.File] {
				continue
			}
			seen[f.File] = true
			if _, err := os.Stat(source.LocalPathIn(subst, f.File)); err != nil {
				missing = append(missing, f.File)
			}
		}
	}
	sort.Strings(missing)
	return missing
}

// MissingSourceNote is the warning for a source file a replay cannot show.
func MissingSourceNote(file string) string {
	return "source file missing: " + file + " (its lines cannot be shown; --substitute-path FROM TO finds moved files)"
}

// PrintReplayOpening prints what a replay says first (ReplayIntro), a
// warning on stderr for each source file missing, and the stop shown.
func PrintReplayOpening(c *Console, p *BatchPrinter) {
	h := c.Stops()
	p.Print(ReplayIntro(h, c.replay))
	for _, f := range h.MissingSources() {
		p.send(p.stderr, "warning: "+MissingSourceNote(f)+"\n")
	}
	if rec, _ := c.Viewing(); rec != nil {
		c.printStop(rec)
	}
}

// RunReplayBatch is `tdb --batch replay FILE`: cmds run against the saved
// stops, the newest one shown first, and print as in a batch session.
// The status is as RunBatch's: 0 if every command succeeded, 1 otherwise.
func RunReplayBatch(h *StopHistory, file string, cmds []string, stdout, stderr io.Writer) int {
	none := make(chan debugger.Event)
	close(none)
	p := NewBatchPrinter(none, stdout, stderr)
	defer p.Finish()
	c := NewReplay(h, file, p)
	PrintReplayOpening(c, p)
	status := 0
	for _, line := range cmds {
		quit, err := c.Exec(line)
		if err != nil {
			status = 1
		}
		if quit {
			break
		}
	}
	return status
}
