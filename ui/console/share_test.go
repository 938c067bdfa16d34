package console

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// sockPath is a socket path short enough for sun_path (108 bytes): test
// temp dirs can be long.
func sockPath(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tdbshare")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "s.sock")
}

// followerEnd is a follower without a screen: a follower console fed from
// the stream as the screen feeds it, and the other messages kept.
type followerEnd struct {
	c    *Console
	rec  *syncRecorder
	mu   sync.Mutex
	msgs []ShareMsg
	done chan struct{}
}

// logs is how many Log lines f got.
func (f *followerEnd) logs() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, m := range f.msgs {
		if m.Log != nil {
			n++
		}
	}
	return n
}

func follow(t *testing.T, path string) *followerEnd {
	t.Helper()
	st, err := Dial(path)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	f := &followerEnd{rec: &syncRecorder{}, done: make(chan struct{})}
	f.c = NewFollower(NewStopHistory(st.Program), path, f.rec)
	go func() {
		defer close(f.done)
		for {
			m, err := st.Next()
			if err != nil {
				return
			}
			if m.Stop != nil {
				f.c.FollowerPut(m.Stop)
				continue
			}
			f.mu.Lock()
			f.msgs = append(f.msgs, m)
			f.mu.Unlock()
		}
	}()
	t.Cleanup(func() { st.Close(); <-f.done })
	return f
}

// waitFor polls cond until it holds or a deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// caughtUp: the follower holds every stop the session keeps, the same.
func caughtUp(f *followerEnd, c *Console) bool {
	want, got := c.Stops().Records(), f.c.Stops().Records()
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if want[i].ready != nil {
			return false
		}
		a, _ := json.Marshal(want[i])
		b, _ := json.Marshal(got[i])
		if string(a) != string(b) {
			return false
		}
	}
	return true
}

// TestShareFollowerLateAndLive shares a session on fib after three stops:
// a follower joining then gets those three as the session recorded them
// (with n's value at each, as the program had it), then each new stop,
// shown as it comes; one browsing the history stays where it is; and
// its execution commands are refused with one line.
func TestShareFollowerLateAndLive(t *testing.T) {
	s := startSession(t, "fib")
	c := New(s, &syncRecorder{})
	runAll(t, c, "break main.fib", "continue", "continue", "continue")
	path := sockPath(t)
	sh, err := Share(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	sh.Serve(c.Stops())
	c.Stops().Settle()

	f := follow(t, path)
	waitFor(t, "the history so far", func() bool { return caughtUp(f, c) })
	// fib(1), then fib(2) calling fib(1): the args the program had.
	for i, want := range []string{"1", "2", "1"} {
		r := f.c.Stops().Records()[i]
		if len(r.Args) == 0 || r.Args[0].Name != "n" || r.Args[0].Value != want {
			t.Errorf("follower's #%d: args %+v, want n = %s", r.N, r.Args, want)
		}
	}
	if rec, _ := f.c.Viewing(); rec == nil || rec.N != 3 {
		t.Fatalf("follower shows %+v, want the current stop #3", rec)
	}

	runAll(t, c, "continue", "next")
	waitFor(t, "stops #4 and #5", func() bool { return caughtUp(f, c) })
	if rec, _ := f.c.Viewing(); rec == nil || rec.N != 5 || rec.State.Line != c.Stops().Last().State.Line {
		t.Fatalf("follower shows %+v, want #5", rec)
	}
	if f.c.Browsing() {
		t.Error("a follower in the present says it browses")
	}

	// Browsing: the view stays on #2 while the session stops again.
	if _, err := f.c.Exec("history 2"); err != nil {
		t.Fatal(err)
	}
	runAll(t, c, "continue")
	waitFor(t, "stop #6", func() bool { return caughtUp(f, c) })
	if rec, _ := f.c.Viewing(); rec == nil || rec.N != 2 || !f.c.Browsing() {
		t.Fatalf("browsing follower moved to %+v", rec)
	}
	if _, err := f.c.Exec("."); err != nil {
		t.Fatal(err)
	}
	if rec, _ := f.c.Viewing(); rec == nil || rec.N != 6 || f.c.Browsing() {
		t.Fatalf(". showed %+v, want #6", rec)
	}
	// The follower's own reading commands answer from the records, as
	// the session answers live.
	out, err := printed(t, f.c, f.rec, "print n")
	live, lerr := printed(t, c, c.p.(*syncRecorder), "print n")
	if err != nil || lerr != nil || len(out) != 1 || strings.Join(out, "\n") != strings.Join(live, "\n") {
		t.Errorf("follower's print n = %q, %v; the session's %q, %v", out, err, live, lerr)
	}

	wantErr := "a follower cannot run the program: only the session at " + path + " can"
	for _, cmd := range []string{"next", "continue", "step", "restart", "kill"} {
		_, err := f.c.Exec(cmd)
		if err == nil || err.Error() != wantErr {
			t.Errorf("follower's %s: %v, want %q", cmd, err, wantErr)
		}
	}
	var fe *FollowerError
	if _, err := f.c.Exec("next"); !errors.As(err, &fe) {
		t.Errorf("next: %T, want *FollowerError", err)
	}
	wantErr = "a follower cannot change the session's breakpoints or settings: only the session at " + path + " can"
	for _, cmd := range []string{"break main.main", "clearall", "mechanics on"} {
		_, err := f.c.Exec(cmd)
		if err == nil || err.Error() != wantErr {
			t.Errorf("follower's %s: %v, want %q", cmd, err, wantErr)
		}
	}
	if out, err := printed(t, c, c.p.(*syncRecorder), "breakpoints"); err != nil || len(out) != 1 {
		t.Errorf("the session's breakpoints after the follower's: %q, %v; want fib's alone", out, err)
	}
	// The session did not move.
	if n := c.Stops().Last().N; n != 6 {
		t.Errorf("session at #%d after the follower's commands, want #6", n)
	}

	sh.Close()
	<-f.done // the stream ends
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.msgs) == 0 || f.msgs[len(f.msgs)-1].Bye == "" {
		t.Errorf("the stream ended without a bye: %+v", f.msgs)
	}
}

// TestShareSocketFile checks the socket's permissions (the owner's alone,
// or the group's too when asked), that a path in use or not a socket is
// refused, that a stale socket is replaced, and that no file is left
// behind.
func TestShareSocketFile(t *testing.T) {
	path := sockPath(t)
	for _, tt := range []struct {
		group bool
		want  os.FileMode
	}{{false, 0o600}, {true, 0o660}} {
		sh, err := Share(path, tt.group)
		if err != nil {
			t.Fatal(err)
		}
		sh.Serve(NewStopHistory(""))
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != tt.want {
			t.Errorf("group %v: socket mode %v, want %v", tt.group, fi.Mode(), tt.want)
		}
		// In use: refused, and the session's socket is left alone.
		var ee *ErrShareExists
		if _, err := Share(path, false); !errors.As(err, &ee) || !strings.Contains(err.Error(), "already shared") {
			t.Errorf("second share on a live socket: %v", err)
		}
		sh.Close()
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("socket left after the session ended: %v", err)
		}
	}

	// Not a socket: refused, the file untouched.
	if err := os.WriteFile(path, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Share(path, false); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("share over a file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Errorf("the file was changed: %q", b)
	}
	os.Remove(path)

	// A stale socket (its tdb died: nobody listens) is replaced.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	sh, err := Share(path, false)
	if err != nil {
		t.Fatalf("share over a stale socket: %v", err)
	}
	sh.Close()

	if _, err := Dial(path); err == nil || !strings.Contains(err.Error(), "no session is shared at") {
		t.Errorf("Dial with no session: %v", err)
	}
}

// TestShareStuckFollower connects a follower that never reads: the
// session goes on stepping, the follower is dropped when its queue is
// full, and a follower that reads is not.
func TestShareStuckFollower(t *testing.T) {
	s := startSession(t, "fib")
	c := New(s, &syncRecorder{})
	path := sockPath(t)
	sh, err := Share(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	sh.queue = 16
	sh.Serve(c.Stops())

	stuck, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	f := follow(t, path)
	waitFor(t, "two followers", func() bool { return sh.Followers() == 2 })

	// More than the socket's buffers and the queue hold: the Log of a
	// busy session (a megabyte of lines), then stops.
	line := strings.Repeat("x", 1000)
	runAll(t, c, "break main.fib", "continue")
	for i := 1; i <= 2000; i++ {
		sh.Log(line, 0)
		if i%8 == 0 {
			// A reading follower keeps up between bursts, as one does
			// between a person's keys.
			waitFor(t, "the reader to catch up", func() bool { return f.logs() >= i })
		}
	}
	for range 20 {
		runAll(t, c, "continue")
		waitFor(t, "the reader to have the stop", func() bool { return caughtUp(f, c) })
	}
	waitFor(t, "the stuck follower dropped", func() bool { return sh.Followers() <= 1 })
	waitFor(t, "the reader to have every stop", func() bool { return caughtUp(f, c) })
	if sh.Followers() != 1 {
		t.Errorf("%d followers left, want the reading one", sh.Followers())
	}
	// When the stuck one reads again, it gets what was under way, then
	// why it was dropped, then the end of the stream.
	stuck.SetReadDeadline(time.Now().Add(30 * time.Second))
	rest, err := io.ReadAll(stuck)
	if err != nil {
		t.Errorf("reading the dropped follower's connection: %v, want EOF", err)
	}
	lines := strings.Split(strings.TrimSpace(string(rest)), "\n")
	var last ShareMsg
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || !strings.Contains(last.Dropped, "the session dropped this follower: it fell 16 messages behind") {
		t.Errorf("the dropped follower's last line: %q (%v)", lines[len(lines)-1], err)
	}
}
