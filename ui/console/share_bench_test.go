package console

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tdb/debugger"
	"tdb/source/fixture"
)

// BenchmarkShareFollowers is a session stepping (continue to a
// breakpoint on fib, hit 452 times a run) with no follower and then with
// 30 connected, each reading the stream as a follower's screen does. It
// reports both times a stop and their ratio (followers30/followers0):
// sharing must not slow the session measurably, a ratio near 1. A
// benchmark, not a timed assertion:
//
//	go test -run XXX -bench ShareFollowers ./ui/console
func BenchmarkShareFollowers(b *testing.B) { shareBench(b, false) }

// BenchmarkShareFollowersDecoding is BenchmarkShareFollowers with 30
// follower processes on the session's machine, each decoding every line
// into a follower console as tdb follow does, at tdb follow's priority:
// the worst case of a class following over SSH on the session's server,
// competing with it for this machine's CPUs.
func BenchmarkShareFollowersDecoding(b *testing.B) { shareBench(b, true) }

// TestShareFollowerProcess is a follower process of
// BenchmarkShareFollowersDecoding (it skips otherwise): it follows the
// session at $TDB_SHARE_FOLLOW as tdb follow does, says "caught up" once
// it has $TDB_SHARE_KEPT stops, and ends with the stream.
func TestShareFollowerProcess(t *testing.T) {
	path := os.Getenv("TDB_SHARE_FOLLOW")
	if path == "" {
		t.Skip("a follower process of BenchmarkShareFollowersDecoding")
	}
	kept, _ := strconv.Atoi(os.Getenv("TDB_SHARE_KEPT"))
	st, err := Dial(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	LowerPriority()
	fc := NewFollower(NewStopHistory(st.Program), path, &syncRecorder{})
	said := false
	for {
		m, err := st.Next()
		if err != nil || m.Bye != "" {
			return
		}
		if m.Stop != nil {
			fc.FollowerPut(m.Stop)
			if !said && fc.Stops().Len() >= kept {
				fmt.Println("caught up")
				said = true
			}
		}
	}
}

func shareBench(b *testing.B, decode bool) {
	s, err := debugger.Start(debugger.Config{Path: fixture.Build(b, "fib")})
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for range s.Events() {
		}
	}()
	defer s.Close()
	rec := &syncRecorder{}
	c := New(s, rec)
	if _, err := c.Exec("break main.fib"); err != nil {
		b.Fatal(err)
	}
	path := sockPath(b)
	sh, err := Share(path, false)
	if err != nil {
		b.Fatal(err)
	}
	defer sh.Close()
	sh.Serve(c.Stops())

	stop := func() {
		if _, err := c.Exec("continue"); err != nil {
			b.Fatal(err)
		}
		if l, _ := rec.lines(); len(l) > 0 && strings.HasPrefix(l[len(l)-1], "exited") {
			if _, err := c.Exec("restart"); err != nil {
				b.Fatal(err)
			}
		}
	}
	phase := func() time.Duration {
		start := time.Now()
		for range b.N {
			stop()
		}
		return time.Since(start)
	}
	stop() // warm: the first stop reads the binary's tables
	b.ResetTimer()
	t0 := phase()
	// The followers join and catch up on the history before the clock
	// runs again: what is measured is the session with 30 followers
	// watching, not 30 of them reading the history so far.
	kept := int64(c.Stops().Len())
	if decode {
		followProcesses(b, path, kept)
	} else {
		var got atomic.Int64
		for range 30 {
			st, err := Dial(path)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			// Each follower reads its lines; decoding and drawing them
			// is its own process's work (tdb follow runs in the
			// follower's login), left to the Decoding benchmark.
			go func() {
				for st.sc.Scan() {
					if bytes.HasPrefix(st.sc.Bytes(), []byte(`{"stop":`)) {
						got.Add(1)
					}
				}
			}()
		}
		for got.Load() < 30*kept {
			time.Sleep(time.Millisecond)
		}
	}
	t30 := phase()
	b.StopTimer()
	if sh.Followers() != 30 {
		b.Errorf("%d followers left of 30: reading ones were dropped", sh.Followers())
	}
	b.ReportMetric(float64(t0.Nanoseconds())/float64(b.N), "ns/stop-0")
	b.ReportMetric(float64(t30.Nanoseconds())/float64(b.N), "ns/stop-30")
	b.ReportMetric(float64(t30)/float64(t0), "ratio-30/0")
}

// followProcesses starts 30 follower processes (TestShareFollowerProcess)
// on the session shared at path and waits until each has the kept stops.
// They end when the session's sharer closes.
func followProcesses(b *testing.B, path string, kept int64) {
	var cmds []*exec.Cmd
	b.Cleanup(func() {
		for _, c := range cmds {
			c.Process.Kill()
			c.Wait()
		}
	})
	caught := make(chan bool, 30)
	for range 30 {
		c := exec.Command(os.Args[0], "-test.run=^TestShareFollowerProcess$")
		c.Env = append(os.Environ(), "TDB_SHARE_FOLLOW="+path, fmt.Sprintf("TDB_SHARE_KEPT=%d", kept))
		out, err := c.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Start(); err != nil {
			b.Fatal(err)
		}
		cmds = append(cmds, c)
		go func() {
			sc := bufio.NewScanner(out)
			ok := false
			for sc.Scan() {
				if sc.Text() == "caught up" && !ok {
					ok = true
					caught <- true
				}
			}
			if !ok {
				caught <- false
			}
		}()
	}
	for range 30 {
		select {
		case ok := <-caught:
			if !ok {
				b.Fatal("a follower process ended before catching up")
			}
		case <-time.After(2 * time.Minute):
			b.Fatal("the follower processes did not catch up in 2 minutes")
		}
	}
}
