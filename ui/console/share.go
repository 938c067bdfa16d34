package console

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"tdb/debugger"
)

// Sharing a session (issue 16): `tdb --share SOCKET` serves the session's
// stream to followers (`tdb follow SOCKET`) over a Unix socket, one JSON
// value a line. A follower is a live replay: it gets the stop records the
// history keeps (the records `history save` writes), the Log's lines, the
// program's output and the mechanics, and renders them at its own size.
// It sends nothing back: the session reads nothing from a follower, so a
// follower can neither run the program nor slow it down. Nothing here
// listens on the network.

// ShareMsg is one line of the stream. Exactly one field is set.
type ShareMsg struct {
	Hello *ShareHello `json:"hello,omitempty"`
	// Stop is a stop record; a record with a number already sent
	// replaces it (the args and locals arrive after the stop).
	Stop *StopRecord `json:"stop,omitempty"`
	// Log is a Log line with its role (the screen's theme role).
	Log *ShareLine `json:"log,omitempty"`
	// Output is the program's output, as it came.
	Output string `json:"output,omitempty"`
	// Mech is a mechanics event with the command that caused it.
	Mech *ShareMech `json:"mech,omitempty"`
	// Run is what the session's program does when it is not stopped
	// ("running", "exited: status 3", "detached"); a stop ends it.
	Run string `json:"run,omitempty"`
	// After is the newest stop the session had kept when Run was sent:
	// a follower that has a newer one already (stops are sent when their
	// values arrive, events as the screen applies them) ignores the Run.
	After int `json:"after,omitempty"`
	// Bye says the session ended (Bye) or dropped this follower (Dropped).
	Bye     string `json:"bye,omitempty"`
	Dropped string `json:"dropped,omitempty"`
}

// ShareHello is the stream's first line.
type ShareHello struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Program string `json:"program,omitempty"`
}

// ShareLine is one Log line.
type ShareLine struct {
	Text string `json:"text"`
	Role int    `json:"role"`
}

// ShareMech is one mechanics event and the command it belongs to.
type ShareMech struct {
	Cmd string             `json:"cmd,omitempty"`
	Op  debugger.Mechanics `json:"op"`
}

const (
	shareFormat  = "tdb share"
	shareVersion = 1
	// FollowerQueue bounds what waits to be written to one follower. A
	// follower that falls this far behind (stopped, stuck, on a link
	// slower than the session) is dropped rather than let the session
	// wait or the memory grow.
	FollowerQueue = 4096
	// shareBacklog bounds the Log and mechanics lines kept for a
	// follower who joins late (the stops are the history's).
	shareBacklog = 2000
)

// Sharer serves one session's stream on a Unix socket. Its methods are
// safe for use from several goroutines; none of them blocks on a
// follower.
type Sharer struct {
	path string
	ln   *net.UnixListener
	h    *StopHistory

	mu        sync.Mutex
	followers map[*follower]bool
	dropping  map[*follower]bool // dropped, their writers telling them
	backlog   [][]byte           // Log, output and mechanics lines, encoded
	state     ShareMsg           // the last Run sent, none since a stop
	closed    bool
	wg        sync.WaitGroup
	queue     int // FollowerQueue; smaller in tests
}

// follower is one connection and its queue. Its writer goroutine owns
// the connection's writes.
type follower struct {
	conn    net.Conn
	q       chan []byte
	dropped chan struct{} // closed when the session drops it
}

// ErrShareExists is a --share path that exists and is not a stale socket
// of a tdb that has gone.
type ErrShareExists struct{ Path, Why string }

func (e *ErrShareExists) Error() string {
	return fmt.Sprintf("cannot share on %s: %s", e.Path, e.Why)
}

// Share listens on path for followers of the session; Serve starts
// serving the stops a history keeps. The socket is the owner's alone
// (0600), or the owner's and the group's (0660) when group is set. A path
// that exists is refused, unless it is a socket nobody listens on (a tdb
// that died): that one is replaced.
func Share(path string, group bool) (*Sharer, error) {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSocket == 0 {
			return nil, &ErrShareExists{path, "the file exists and is not a socket"}
		}
		c, err := net.DialTimeout("unix", path, time.Second)
		if err == nil {
			c.Close()
			return nil, &ErrShareExists{path, "a session is already shared there"}
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			return nil, &ErrShareExists{path, err.Error()}
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	mode := os.FileMode(0o600)
	if group {
		mode = 0o660
	}
	// The socket is created with the umask's permissions: narrow it
	// around bind so no one else can connect between bind and chmod.
	old := syscall.Umask(0o777 &^ int(mode))
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	syscall.Umask(old)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, mode); err != nil {
		ln.Close()
		return nil, err
	}
	// Close removes the file; the listener must not remove it again after
	// a new session has taken the path.
	ln.SetUnlinkOnClose(false)
	return &Sharer{path: path, ln: ln, followers: map[*follower]bool{}, dropping: map[*follower]bool{}, queue: FollowerQueue}, nil
}

// Serve serves the stops h keeps (the session's console's history) and
// the lines published; followers are accepted from now on.
func (s *Sharer) Serve(h *StopHistory) {
	s.mu.Lock()
	s.h = h
	s.mu.Unlock()
	h.setObserver(s.stop)
	s.wg.Add(1)
	go s.accept()
}

// Path is the socket's path.
func (s *Sharer) Path() string { return s.path }

// Followers is how many followers are connected.
func (s *Sharer) Followers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.followers)
}

func (s *Sharer) accept() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.join(conn)
	}
}

// join sends a new follower what it missed (the stops kept, the recent
// Log) and then the stream. Under s.mu, so nothing is published between
// the snapshot and the follower joining the list; a stop added or
// replaced meanwhile may come twice, which a follower takes as the same
// stop.
func (s *Sharer) join(conn net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		conn.Close()
		return
	}
	// Only the lists are copied here: the records are never changed once
	// kept, so the writer encodes them, and a late joiner's long history
	// costs the session nothing.
	var recs []*StopRecord
	for _, r := range s.h.Records() {
		if r.ready == nil {
			recs = append(recs, r)
		}
	}
	hello := &ShareHello{Format: shareFormat, Version: shareVersion, Program: s.h.Program()}
	backlog := append([][]byte(nil), s.backlog...)
	if s.state.Run != "" {
		backlog = append(backlog, encode(s.state))
	}
	f := &follower{conn: conn, q: make(chan []byte, s.queue), dropped: make(chan struct{})}
	s.followers[f] = true
	s.wg.Add(1)
	go s.write(f, func(w io.Writer) error {
		if _, err := w.Write(encode(ShareMsg{Hello: hello})); err != nil {
			return err
		}
		for _, r := range recs {
			if _, err := w.Write(encode(ShareMsg{Stop: r})); err != nil {
				return err
			}
		}
		for _, b := range backlog {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// write is f's writer: what it missed, then its queue, until the session
// closes the queue or drops f, or f goes away.
func (s *Sharer) write(f *follower, first func(io.Writer) error) {
	defer s.wg.Done()
	defer f.conn.Close()
	defer s.forget(f)
	w := bufio.NewWriterSize(f.conn, 64<<10)
	if first(w) != nil {
		return
	}
	for {
		var b []byte
		ok := true
		select {
		case b, ok = <-f.q:
		case <-f.dropped:
			s.sayDropped(w)
			return
		default:
			// Nothing more queued: flush, so a burst costs one system
			// call, then wait.
			if w.Flush() != nil {
				return
			}
			select {
			case b, ok = <-f.q:
			case <-f.dropped:
				s.sayDropped(w)
				return
			}
		}
		if !ok {
			w.Flush()
			return
		}
		if _, err := w.Write(b); err != nil {
			return
		}
	}
}

// sayDropped tells a dropped follower why, once it reads again (a
// follower stopped with Ctrl+Z, say). Its queue is gone: only the write
// under way and this line wait for it, until the session ends.
func (s *Sharer) sayDropped(w *bufio.Writer) {
	w.Write(encode(ShareMsg{Dropped: fmt.Sprintf("the session dropped this follower: it fell %d messages behind", s.queue)}))
	w.Flush()
}

// drop takes f, whose queue is full, off the list, frees its queue and
// tells its writer.
func (s *Sharer) drop(f *follower) {
	s.mu.Lock()
	if !s.followers[f] {
		s.mu.Unlock()
		return
	}
	delete(s.followers, f)
	s.dropping[f] = true
	s.mu.Unlock()
	close(f.dropped)
	for {
		select {
		case _, ok := <-f.q:
			if !ok { // the session closed meanwhile
				return
			}
		default:
			return
		}
	}
}

// forget takes f off the lists when its writer ends.
func (s *Sharer) forget(f *follower) {
	s.mu.Lock()
	delete(s.followers, f)
	delete(s.dropping, f)
	s.mu.Unlock()
}

// publish queues msg for every follower, dropping those whose queue is
// full. keep adds it to the late joiners' backlog.
func (s *Sharer) publish(msg ShareMsg, keep bool) {
	b := encode(msg)
	var full []*follower
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	if keep {
		s.backlog = append(s.backlog, b)
		if n := len(s.backlog) - shareBacklog; n > shareBacklog/10 {
			s.backlog = append(s.backlog[:0:0], s.backlog[n:]...)
		}
	}
	for f := range s.followers {
		select {
		case f.q <- b:
		default:
			full = append(full, f)
		}
	}
	s.mu.Unlock()
	for _, f := range full {
		s.drop(f)
	}
}

// stop is the history's observer: a stop kept, or completed.
func (s *Sharer) stop(r *StopRecord) {
	s.mu.Lock()
	s.state = ShareMsg{}
	s.mu.Unlock()
	s.publish(ShareMsg{Stop: r}, false)
}

// RunStopped is the Run that says the program stopped (its stop record
// comes on its own).
const RunStopped = "stopped"

// Run sends what the program does: running, exited, detached, or
// RunStopped.
func (s *Sharer) Run(what string) {
	s.mu.Lock()
	m := ShareMsg{Run: what}
	if s.h != nil {
		if last := s.h.Last(); last != nil {
			m.After = last.N
		}
	}
	s.state = m
	if what == RunStopped {
		s.state = ShareMsg{}
	}
	s.mu.Unlock()
	s.publish(m, false)
}

// Log sends a Log line.
func (s *Sharer) Log(text string, role int) {
	s.publish(ShareMsg{Log: &ShareLine{Text: text, Role: role}}, true)
}

// Output sends the program's output.
func (s *Sharer) Output(b []byte) { s.publish(ShareMsg{Output: string(b)}, true) }

// Mech sends a mechanics event performed under command cmd.
func (s *Sharer) Mech(cmd string, op debugger.Mechanics) {
	s.publish(ShareMsg{Mech: &ShareMech{Cmd: cmd, Op: op}}, true)
}

// Close tells the followers the session ended, stops listening, waits
// (a second at most) for their queues to be written and removes the
// socket.
func (s *Sharer) Close() {
	s.publish(ShareMsg{Bye: "the session at " + s.path + " ended"}, false)
	if s.h != nil {
		s.h.setObserver(nil)
	}
	s.mu.Lock()
	s.closed = true
	for f := range s.followers {
		close(f.q)
		f.conn.SetWriteDeadline(time.Now().Add(time.Second))
	}
	for f := range s.dropping {
		f.conn.SetWriteDeadline(time.Now())
	}
	s.followers = map[*follower]bool{}
	s.mu.Unlock()
	s.ln.Close()
	s.wg.Wait()
	os.Remove(s.path)
}

func encode(m ShareMsg) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		// Plain data always encodes; say so rather than send nothing.
		b, _ = json.Marshal(ShareMsg{Log: &ShareLine{Text: "tdb: cannot send: " + err.Error()}})
	}
	return append(b, '\n')
}

// Stream is a follower's end of a shared session.
type Stream struct {
	conn net.Conn
	sc   *bufio.Scanner
	// Program is the binary the session debugs.
	Program string
}

// Dial connects to the session shared at path and reads its hello.
func Dial(path string) (*Stream, error) {
	conn, err := net.DialTimeout("unix", path, 5*time.Second)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && (errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, os.ErrNotExist)) {
			return nil, fmt.Errorf("no session is shared at %s (start one with tdb --share %s ...)", path, path)
		}
		return nil, err
	}
	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 0, 64<<10), maxStopLine)
	st := &Stream{conn: conn, sc: sc}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	m, err := st.Next()
	conn.SetReadDeadline(time.Time{})
	if err != nil || m.Hello == nil || m.Hello.Format != shareFormat {
		conn.Close()
		return nil, fmt.Errorf("%s is not a shared tdb session", path)
	}
	if m.Hello.Version != shareVersion {
		conn.Close()
		return nil, fmt.Errorf("the session at %s speaks share version %d; this tdb speaks %d", path, m.Hello.Version, shareVersion)
	}
	st.Program = m.Hello.Program
	return st, nil
}

// Next reads the next message; io.EOF when the session closed the
// connection.
func (st *Stream) Next() (ShareMsg, error) {
	var m ShareMsg
	if !st.sc.Scan() {
		if err := st.sc.Err(); err != nil {
			return m, err
		}
		return m, io.EOF
	}
	err := json.Unmarshal(st.sc.Bytes(), &m)
	return m, err
}

// Close ends the connection.
func (st *Stream) Close() error { return st.conn.Close() }

// Put keeps a stop that came from a shared session: a new one, or the
// completed record of one kept already. Records may come out of order
// (each is sent when its values arrive): a stop goes where its number
// puts it.
func (h *StopHistory) Put(r *StopRecord) {
	if h.Get(r.N) != nil {
		h.replace(r.N, func(StopRecord) StopRecord { return *r })
		return
	}
	h.mu.Lock()
	if len(h.recs) == 0 || r.N > h.recs[len(h.recs)-1].N {
		h.mu.Unlock()
		h.add(r)
		return
	}
	defer h.mu.Unlock()
	if r.N < h.recs[0].N && len(h.recs) >= h.maxStops {
		return // older than all kept, and no room: dropped already
	}
	i := 0
	for i < len(h.recs) && h.recs[i].N < r.N {
		i++
	}
	size := recordSize(r)
	h.recs = append(h.recs[:i], append([]*StopRecord{r}, h.recs[i:]...)...)
	h.sizes = append(h.sizes[:i], append([]int{size}, h.sizes[i:]...)...)
	h.bytes += size
}

// NewFollower returns a console over the stops a shared session sends
// (tdb follow SOCKET): no program, the newest stop shown as each comes,
// unless the user browses the history.
func NewFollower(h *StopHistory, socket string, p Printer) *Console {
	c := NewReplay(h, socket, p)
	c.follow = socket
	return c
}

// Follower is the socket a follower console follows, "" for others.
func (c *Console) Follower() string { return c.follow }

// FollowerError is an execution request, or a change to the session,
// made in a follower.
type FollowerError struct {
	Socket string
	// Change: the request would change the session (a breakpoint, a
	// setting) rather than run the program.
	Change bool
}

func (e *FollowerError) Error() string {
	if e.Change {
		return "a follower cannot change the session's breakpoints or settings: only the session at " + e.Socket + " can"
	}
	return "a follower cannot run the program: only the session at " + e.Socket + " can"
}

// FollowerPut keeps a stop the session sent. A follower in the present
// (showing the newest stop, or none yet) moves to it; one browsing the
// history stays where it is. It reports whether the stop shown changed.
func (c *Console) FollowerPut(r *StopRecord) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	last := c.stops.Last()
	present := c.view == nil || last == nil || c.view.rec.N == last.N
	c.stops.Put(r)
	if present {
		nl := c.stops.Last()
		if c.view != nil && c.view.rec.N == nl.N && c.view.rec == nl {
			return false
		}
		frame := nl.State.SelectedFrame
		if c.view != nil && c.view.rec.N == nl.N {
			frame = c.view.frame
		}
		c.view = &stopView{rec: nl, frame: frame}
		return true
	}
	if c.view.rec.N == r.N {
		c.view.rec = c.stops.Get(r.N)
		return true
	}
	return false
}

// Browsing says a follower shows a stop older than the newest.
func (c *Console) Browsing() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	last := c.stops.Last()
	return c.view != nil && last != nil && c.view.rec.N != last.N
}

// FollowerNice is the scheduling priority (nice value) a follower runs at,
// the lowest: on the session's server, thirty followers' decoding and
// drawing yield the CPUs to the session they watch. At nice 10 thirty
// followers still outweighed it (BenchmarkShareFollowersDecoding).
const FollowerNice = 19

// LowerPriority makes the calling process a follower in the scheduler's
// eyes: every thread's nice value becomes FollowerNice (Linux keeps it
// per thread, and threads made later inherit their maker's). A nice
// value that cannot be set (raised above FollowerNice already, or a
// kernel that says no) is left as it is.
func LowerPriority() {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return
	}
	for _, t := range tasks {
		var tid int
		if _, err := fmt.Sscan(t.Name(), &tid); err != nil {
			continue
		}
		if cur, err := syscall.Getpriority(syscall.PRIO_PROCESS, tid); err == nil && 20-cur >= FollowerNice {
			continue // nice already at or above FollowerNice (getpriority says 20-nice)
		}
		syscall.Setpriority(syscall.PRIO_PROCESS, tid, FollowerNice)
	}
}
