package console

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"tdb/source"

	"tdb/debugger"
)

// The stop history (issue 15): every stop a Console reports is kept, with
// the values read at it, so `history N` can show it again read-only and
// `history save FILE` can write the session for `tdb replay`. It is named
// StopHistory to keep it apart from History, the command line's.

// StopRecord is one stop as the history keeps it: the engine's snapshot
// and the values read at the stop, in the stop's selected frame.
type StopRecord struct {
	// N numbers the stops of a session from 1; a number stays with its
	// stop when older ones are dropped.
	N     int             `json:"n"`
	State *debugger.State `json:"state"`
	// Frame is the frame Args and Locals belong to (the stop's selected
	// frame, 0 but at a panic).
	Frame int `json:"frame"`
	// Values says Args and Locals were read (a stop where reading them
	// failed has Values false and the error in ValuesErr).
	Values    bool             `json:"values"`
	ValuesErr string           `json:"values_err,omitempty"`
	Args      []debugger.Value `json:"args,omitempty"`
	Locals    []debugger.Value `json:"locals,omitempty"`
	// Watch holds the display expressions' values as they were printed
	// at the stop (Name is the expression as `display` lists it).
	Watch []debugger.Value `json:"watch,omitempty"`

	// ready is closed when the args and locals being read for this stop
	// have arrived, in a new record that replaces this one (records are
	// never changed once kept, so readers need no lock); nil when there
	// is nothing to wait for.
	ready chan struct{}
}

// Stop-history bounds. A hot loop under a conditional breakpoint stops
// tens of thousands of times: the history keeps the newest stops within
// both bounds and drops the oldest. A snapshot is a few KiB (a 100-frame
// backtrace is about 15), so 10,000 stops fit in the byte budget unless
// the stacks are deep.
const (
	MaxStops     = 10000
	MaxStopBytes = 64 << 20
)

// StopHistory is the bounded list of a session's stops. Safe for use
// from several goroutines: the console records from the goroutine that
// runs a command, the screen reads from its own.
type StopHistory struct {
	mu      sync.Mutex
	recs    []*StopRecord
	sizes   []int
	bytes   int
	next    int // the number the next stop gets
	dropped int // stops dropped to stay within the bounds
	program string
	subst   []source.Substitution // a replay's --substitute-path
	// maxStops, maxBytes: MaxStops and MaxStopBytes, smaller in tests.
	maxStops, maxBytes int
	// observer is told of each stop once it is complete (a shared
	// session's Sharer); called without mu held.
	observer func(*StopRecord)
}

// setObserver sets the function told of each complete stop (nil: none).
func (h *StopHistory) setObserver(f func(*StopRecord)) {
	h.mu.Lock()
	h.observer = f
	h.mu.Unlock()
}

// NewStopHistory returns an empty history for program (the binary's path,
// written into a saved file's header).
func NewStopHistory(program string) *StopHistory {
	return &StopHistory{next: 1, program: program, maxStops: MaxStops, maxBytes: MaxStopBytes}
}

// add appends r, numbering it, and drops the oldest records past the
// bounds. It returns r's number.
func (h *StopHistory) add(r *StopRecord) int {
	n, obs := h.addLocked(r)
	if obs != nil && r.ready == nil {
		obs(r)
	}
	return n
}

func (h *StopHistory) addLocked(r *StopRecord) (int, func(*StopRecord)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.N == 0 {
		r.N = h.next
	}
	h.next = r.N + 1
	size := recordSize(r)
	h.recs = append(h.recs, r)
	h.sizes = append(h.sizes, size)
	h.bytes += size
	drop := 0
	for len(h.recs)-drop > 1 && (len(h.recs)-drop > h.maxStops || h.bytes > h.maxBytes) {
		h.bytes -= h.sizes[drop]
		drop++
	}
	if drop > 0 {
		// Copy down now and then rather than reslice forever: the
		// dropped records must become garbage.
		h.recs = append(h.recs[:0:0], h.recs[drop:]...)
		h.sizes = append(h.sizes[:0:0], h.sizes[drop:]...)
		h.dropped += drop
	}
	return r.N, h.observer
}

// replace puts the record f makes from stop n's in its place, and
// closes the old one's ready.
func (h *StopHistory) replace(n int, f func(r StopRecord) StopRecord) {
	if nr, obs := h.replaceLocked(n, f); nr != nil && obs != nil {
		obs(nr)
	}
}

func (h *StopHistory) replaceLocked(n int, f func(r StopRecord) StopRecord) (*StopRecord, func(*StopRecord)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := len(h.recs) - 1; i >= 0; i-- {
		if old := h.recs[i]; old.N == n {
			nr := f(*old)
			nr.ready = nil
			h.recs[i] = &nr
			size := recordSize(&nr)
			h.bytes += size - h.sizes[i]
			h.sizes[i] = size
			if old.ready != nil {
				close(old.ready)
			}
			return &nr, h.observer
		}
	}
	return nil, nil
}

// Settled returns r once its args and locals have arrived: the record
// that replaced it, or r itself when it has been dropped since or had
// nothing to wait for. It waits for the engine's replies to requests
// sent at the stop; never call it on the screen's goroutine.
func (h *StopHistory) Settled(r *StopRecord) *StopRecord {
	if r == nil || r.ready == nil {
		return r
	}
	<-r.ready
	if nr := h.Get(r.N); nr != nil {
		return nr
	}
	return r
}

// Settle waits until every kept stop's args and locals have arrived.
func (h *StopHistory) Settle() {
	for _, r := range h.Records() {
		h.Settled(r)
	}
}

// Records returns the kept stops, oldest first. The records are shared:
// callers must not change them.
func (h *StopHistory) Records() []*StopRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*StopRecord(nil), h.recs...)
}

// Dropped says how many older stops were dropped to stay within the
// bounds.
func (h *StopHistory) Dropped() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dropped
}

// Get returns stop n, or nil when it is not kept.
func (h *StopHistory) Get(n int) *StopRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.recs) == 0 {
		return nil
	}
	// Numbers increase along the list, with gaps only where a loaded file
	// had them: look where n would be.
	i := n - h.recs[0].N
	if i >= 0 && i < len(h.recs) && h.recs[i].N == n {
		return h.recs[i]
	}
	for _, r := range h.recs {
		if r.N == n {
			return r
		}
	}
	return nil
}

// Before returns the stop kept before n (the baseline of "changed since
// the stop before"), or nil.
func (h *StopHistory) Before(n int) *StopRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	var prev *StopRecord
	for _, r := range h.recs {
		if r.N >= n {
			break
		}
		prev = r
	}
	return prev
}

// Neighbour returns the stop kept next to n in direction dir (-1 older,
// +1 newer), or nil at either end.
func (h *StopHistory) Neighbour(n, dir int) *StopRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, r := range h.recs {
		if r.N == n {
			if j := i + dir; j >= 0 && j < len(h.recs) {
				return h.recs[j]
			}
			return nil
		}
	}
	return nil
}

// Last returns the newest stop, or nil.
func (h *StopHistory) Last() *StopRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.recs) == 0 {
		return nil
	}
	return h.recs[len(h.recs)-1]
}

// Len is the number of stops kept.
func (h *StopHistory) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.recs)
}

// Program is the binary the stops were recorded on.
func (h *StopHistory) Program() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.program
}

// recordSize estimates the memory r holds: the strings' bytes and a
// fixed cost per element. It is for the byte budget, not exact.
func recordSize(r *StopRecord) int {
	n := 256
	st := r.State
	if st != nil {
		n += len(st.Note) + len(st.Function) + len(st.File) + 32*len(st.Registers)
		for _, f := range st.Frames {
			n += 80 + len(f.Function) + len(f.File) + len(f.Library)
		}
		for _, b := range st.Breakpoints {
			n += 128 + len(b.Loc) + len(b.Function) + len(b.File) + len(b.Cond) + 8*len(b.Addrs)
		}
		for _, t := range st.Threads {
			n += 64 + len(t.Function) + len(t.File)
		}
		n += valuesSize(st.Returned)
	}
	return n + valuesSize(r.Args) + valuesSize(r.Locals) + valuesSize(r.Watch)
}

func valuesSize(vs []debugger.Value) int {
	n := 0
	for _, v := range vs {
		n += 96 + len(v.Name) + len(v.Type) + len(v.Value) + len(v.Expr) + len(v.Err)
	}
	return n
}

// stopFileHeader is the first line of a saved history: it tells a stop
// history from any other JSON lines, and says what was debugged.
type stopFileHeader struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Program string `json:"program,omitempty"`
	Dropped int    `json:"dropped,omitempty"`
}

const (
	stopFileFormat  = "tdb stop history"
	stopFileVersion = 1
)

// Save writes the kept stops to path as JSON lines: a header, then one
// StopRecord a line, oldest first.
func (h *StopHistory) Save(path string) error {
	h.Settle()
	recs := h.Records()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = h.write(w, recs)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func (h *StopHistory) write(w io.Writer, recs []*StopRecord) error {
	enc := json.NewEncoder(w) // one value a line
	if err := enc.Encode(stopFileHeader{Format: stopFileFormat, Version: stopFileVersion,
		Program: h.Program(), Dropped: h.Dropped()}); err != nil {
		return err
	}
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// maxStopLine bounds one line of a history file: a record is a few KiB,
// and a file that is not a history must not be read whole into a line.
const maxStopLine = 16 << 20

// LoadStopHistory reads a file Save wrote. The history keeps at most
// MaxStops of it, the newest, as a live one does.
func LoadStopHistory(path string) (*StopHistory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return readStops(f, path)
}

func readStops(r io.Reader, path string) (*StopHistory, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxStopLine)
	line := 0
	bad := func(err error) error { return fmt.Errorf("%s:%d: %w", path, line, err) }
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		return nil, fmt.Errorf("%s is empty: not a stop history (history save FILE writes one)", path)
	}
	line++
	var hdr stopFileHeader
	if err := json.Unmarshal(sc.Bytes(), &hdr); err != nil || hdr.Format != stopFileFormat {
		return nil, fmt.Errorf("%s is not a stop history (history save FILE writes one)", path)
	}
	if hdr.Version != stopFileVersion {
		return nil, bad(fmt.Errorf("stop history version %d: this tdb reads version %d", hdr.Version, stopFileVersion))
	}
	h := NewStopHistory(hdr.Program)
	h.dropped = hdr.Dropped
	last := 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var rec StopRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, bad(err)
		}
		if rec.State == nil {
			return nil, bad(errors.New("a stop without its state"))
		}
		if rec.N <= last {
			return nil, bad(fmt.Errorf("stop #%d after #%d: the stops must be in order", rec.N, last))
		}
		last = rec.N
		h.add(&rec)
	}
	if err := sc.Err(); err != nil {
		return nil, bad(err)
	}
	if h.Len() == 0 {
		return nil, fmt.Errorf("%s holds no stops", path)
	}
	return h, nil
}
