package console

import (
	"bytes"
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

// BenchmarkShareFollowersDecoding is BenchmarkShareFollowers with each
// follower also decoding every line into a follower console, as tdb
// follow does, in the session's own process: the worst case of 30
// followers' processes competing with the session for this machine's
// CPUs (tdb follow over SSH to the session's server).
func BenchmarkShareFollowersDecoding(b *testing.B) { shareBench(b, true) }

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
	var got atomic.Int64
	kept := int64(c.Stops().Len())
	for range 30 {
		st, err := Dial(path)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		// Each follower reads its lines; decoding and drawing them is
		// its own process's work (tdb follow runs in the follower's
		// login), not the session's, so it is left out here.
		go func() {
			if decode {
				fc := NewFollower(NewStopHistory(st.Program), path, &syncRecorder{})
				for {
					m, err := st.Next()
					if err != nil {
						return
					}
					if m.Stop != nil {
						fc.FollowerPut(m.Stop)
						got.Add(1)
					}
				}
			}
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
	t30 := phase()
	b.StopTimer()
	if sh.Followers() != 30 {
		b.Errorf("%d followers left of 30: reading ones were dropped", sh.Followers())
	}
	b.ReportMetric(float64(t0.Nanoseconds())/float64(b.N), "ns/stop-0")
	b.ReportMetric(float64(t30.Nanoseconds())/float64(b.N), "ns/stop-30")
	b.ReportMetric(float64(t30)/float64(t0), "ratio-30/0")
}
