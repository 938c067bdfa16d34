package ui

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source/fixture"
	"tdb/theme"
	"tdb/ui/console"
)

// What the full-screen UI adds to the hot workloads of issue 5: the same
// script runs once through the batch front end and once through the real
// App (engine, pump, event loop, every pane drawn) on a simulation screen,
// and the two are compared. Both are timed between the script's first
// printed line and its "exited:" line, so start-up is left out of both.

// overheadWorkload is one script and the program it debugs.
type overheadWorkload struct {
	name  string
	prog  string
	args  []string
	cmds  []string
	stops int // "stopped:" lines the script must print
}

// hitsWorkload stops at a breakpoint in testdata/hot n times, each stop a
// `continue` of its own: every stop is shown.
func hitsWorkload(n int) overheadWorkload {
	cmds := append(append([]string{"break main.hot"}, repeat("continue", n)...), "continue")
	return overheadWorkload{name: "hits", prog: "hot", args: []string{fmt.Sprint(n), "4"}, cmds: cmds, stops: n}
}

// hitCountWorkload passes a hit-count breakpoint n-1 times and stops once.
func hitCountWorkload(n int) overheadWorkload {
	cmds := []string{"break main.hot", fmt.Sprintf("condition -hitcount 1 == %d", n), "continue", "continue"}
	return overheadWorkload{name: "hitcount", prog: "hot", args: []string{fmt.Sprint(n), "4"}, cmds: cmds, stops: 1}
}

// condWorkload runs through n calls with a condition that is never true.
func condWorkload(n int) overheadWorkload {
	cmds := []string{"break main.hot if i < 0", "continue"}
	return overheadWorkload{name: "cond", prog: "hot", args: []string{fmt.Sprint(n), "4"}, cmds: cmds}
}

// stepWorkload stops in testdata/bench/spin's loop and runs cmd n times,
// each a command of its own (a user holding the key down).
func stepWorkload(tb testing.TB, cmd string, n int) overheadWorkload {
	line := fixture.LineOf(tb, "bench/spin", "main.go", "iter = i")
	cmds := []string{fmt.Sprintf("break main.go:%d", line), "continue", "clear 1"}
	cmds = append(append(cmds, repeat(cmd, n)...), "continue")
	return overheadWorkload{name: cmd, prog: "bench/spin", cmds: cmds, stops: n + 1}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// marks notes what a script printed: when its first line and its exit
// line came, and how many stops there were. Any goroutine.
type marks struct {
	mu           sync.Mutex
	first, last  time.Time
	stops        int
	exited       string
	partial      []byte // a batch write's unfinished line
	errors       []string
	sawFirstLine bool
}

func (m *marks) line(s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if strings.HasPrefix(s, "stopped: entry:") {
		// The full screen's own run to main, before the script.
		return
	}
	if !m.sawFirstLine {
		m.first, m.sawFirstLine = now, true
	}
	switch {
	case strings.HasPrefix(s, "stopped:"):
		m.stops++
	case strings.HasPrefix(s, "exited:"):
		m.last, m.exited = now, s
	case strings.HasPrefix(s, "error:"):
		m.errors = append(m.errors, s)
	}
}

// Write takes the batch front end's output.
func (m *marks) Write(b []byte) (int, error) {
	m.mu.Lock()
	m.partial = append(m.partial, b...)
	var lines []string
	for {
		i := bytes.IndexByte(m.partial, '\n')
		if i < 0 {
			break
		}
		lines = append(lines, string(m.partial[:i]))
		m.partial = m.partial[i+1:]
	}
	m.mu.Unlock()
	for _, l := range lines {
		m.line(l)
	}
	return len(b), nil
}

// markPrinter counts the console's lines on their way to the UI's log.
type markPrinter struct {
	m    *marks
	next console.Printer
}

func (p markPrinter) Print(line string) { p.m.line(line); p.next.Print(line) }
func (p markPrinter) Error(line string) { p.m.line("error: " + line); p.next.Error(line) }

// overheadRun is one measured run of a workload.
type overheadRun struct {
	elapsed time.Duration // first printed line to the exit line
	total   time.Duration // the whole run, start-up included
	stops   int
	draws   int64 // frames drawn (the UI only)
}

func (m *marks) check(tb testing.TB, w overheadWorkload, front string) {
	tb.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.errors) > 0 {
		tb.Fatalf("%s %s: %s", front, w.name, strings.Join(m.errors, "; "))
	}
	if m.exited != "exited: status 0" {
		tb.Fatalf("%s %s: the program did not exit with status 0 (%q)", front, w.name, m.exited)
	}
	if m.stops != w.stops {
		tb.Fatalf("%s %s: %d stops, want %d", front, w.name, m.stops, w.stops)
	}
}

// runBatchWorkload runs w through the batch front end. Like the UI, it
// first runs to main.
func runBatchWorkload(tb testing.TB, w overheadWorkload) overheadRun {
	tb.Helper()
	start := time.Now()
	sess, err := debugger.Start(debugger.Config{Path: fixture.Build(tb, w.prog), Args: w.args})
	if err != nil {
		tb.Fatal(err)
	}
	if rep := sess.Do(debugger.RunToMain{}); rep.Err != nil {
		sess.Close()
		tb.Fatal(rep.Err)
	}
	m := &marks{}
	console.RunBatch(sess, w.cmds, m, m)
	m.check(tb, w, "batch")
	return overheadRun{elapsed: m.last.Sub(m.first), total: time.Since(start), stops: m.stops}
}

// sizedScreen is a simulation screen that comes up at the size of a big
// terminal window, as the first frame of a real one would.
type sizedScreen struct {
	tcell.SimulationScreen
	w, h int
}

func (s sizedScreen) Init() error {
	if err := s.SimulationScreen.Init(); err != nil {
		return err
	}
	s.SetSize(s.w, s.h)
	return nil
}

// runUIWorkload runs w as `tdb -x FILE` does in the full-screen UI, on a
// 200x50 simulation screen, and quits.
func runUIWorkload(tb testing.TB, w overheadWorkload) overheadRun {
	tb.Helper()
	return runUIWorkloadThen(tb, w, nil)
}

// runUIWorkloadThen is runUIWorkload; with then, once the script printed
// its exit line, it runs then on the UI goroutine (through the pump, as
// any worker's post) until it reports it is done, and quits.
func runUIWorkloadThen(tb testing.TB, w overheadWorkload, then func(a *App) bool) overheadRun {
	tb.Helper()
	start := time.Now()
	sess, err := debugger.Start(debugger.Config{Path: fixture.Build(tb, w.prog), Args: w.args})
	if err != nil {
		tb.Fatal(err)
	}
	defer sess.Close()
	th, _ := theme.LoadColour("dark")
	a := newApp(sess, nil, th, config{dir: tb.TempDir()}, sess.Binary().Path())
	m := &marks{}
	a.con = console.New(sess, markPrinter{m, uiPrinter{a}})
	var draws atomic.Int64
	a.app.SetAfterDrawFunc(func(tcell.Screen) { draws.Add(1) })
	cmds := append(w.cmds[:len(w.cmds):len(w.cmds)], "quit")
	if then != nil {
		cmds = w.cmds
		go func() {
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				m.mu.Lock()
				exited := m.exited != ""
				m.mu.Unlock()
				if exited {
					break
				}
			}
			// then may wait for more (output the engine sends after
			// its reply, when the machine is slow): it is asked again
			// until it is done or a deadline passes.
			deadline := time.Now().Add(20 * time.Second)
			var ask func()
			ask = func() {
				if then(a) || time.Now().After(deadline) {
					a.quit()
					return
				}
				go func() {
					time.Sleep(10 * time.Millisecond)
					a.post(ask)
				}()
			}
			a.post(ask)
		}()
	}
	done := make(chan error, 1)
	go func() { done <- a.runOn(sizedScreen{tcell.NewSimulationScreen("UTF-8"), 200, 50}, cmds) }()
	select {
	case err := <-done:
		if err != nil {
			tb.Fatal(err)
		}
	case <-time.After(10 * time.Minute):
		tb.Fatalf("ui %s: the script did not finish", w.name)
	}
	m.check(tb, w, "ui")
	return overheadRun{elapsed: m.last.Sub(m.first), total: time.Since(start), stops: m.stops, draws: draws.Load()}
}

// TestUILogKeepsOrder: the program's last output, sent by the engine
// before the reply to the continue that ran it, lands in the Log pane
// between that continue and the exit line the console prints after the
// reply. The session's events and the workers' posts come through two
// channels; the pump must not interleave them at random (it did: the
// output was put among the script's earlier lines, out of view, in about
// one run in ten).
func TestUILogKeepsOrder(t *testing.T) {
	w := stepWorkload(t, "stepi", 1)
	for range 5 {
		var log []string
		runUIWorkloadThen(t, w, func(a *App) bool {
			log = log[:0]
			for _, l := range a.log.lines {
				log = append(log, l.text)
			}
			return slices.ContainsFunc(log, func(l string) bool { return strings.HasPrefix(l, "spin ") })
		})
		var got []string
		for _, l := range log {
			if l == "(tdb) continue" || strings.HasPrefix(l, "spin ") || strings.HasPrefix(l, "exited:") {
				got = append(got, l)
			}
		}
		// The output comes before the exit line when the engine's
		// reader drained the pty before the exit was reported (it waits
		// a second for that); on a very slow machine it may come after.
		want := []string{"(tdb) continue", "(tdb) continue", "spin 1000000 8072613310126131704", "exited: status 0"}
		late := []string{"(tdb) continue", "(tdb) continue", "exited: status 0", "spin 1000000 8072613310126131704"}
		if !slices.Equal(got, want) && !slices.Equal(got, late) {
			t.Fatalf("the log's continues, output and exit:\n%s\nwant:\n%s\nthe log:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), strings.Join(log, "\n"))
		}
	}
}

// TestUIDrawsOncePerFrame runs a burst of stops through the full-screen UI
// and counts the frames: the pump draws at most once per frame interval,
// so a hot loop's stops cost a bounded number of draws, however many
// there are. It counts; it does not time anything.
func TestUIDrawsOncePerFrame(t *testing.T) {
	w := hitsWorkload(400)
	r := runUIWorkload(t, w)
	// The first frame, the one at the stop at main, and one per frame
	// interval of the run.
	limit := int64(r.total/frameInterval) + 3
	t.Logf("%d stops in %v: %d draws (at most %d)", r.stops, r.total, r.draws, limit)
	if r.draws > limit {
		t.Errorf("%d draws for %d stops in %v: more than one per %v", r.draws, r.stops, r.total, frameInterval)
	}
	if r.draws > int64(r.stops) {
		t.Errorf("%d draws for %d stops: more than one a stop", r.draws, r.stops)
	}
}

// BenchmarkUIOverhead runs each workload through the batch front end and
// the full-screen UI and reports the UI's time over the batch's
// (ui/batch; issue 5 asks for at most 1.10) and the frames drawn. Times
// are net of a baseline run of the same script doing one operation (two
// for next), as in the peer comparison, so the fixed costs of the first
// stop (loading and highlighting the source) are left out:
//
//	go test -run X -bench UIOverhead -benchtime 3x ./ui
func BenchmarkUIOverhead(b *testing.B) {
	for _, c := range []struct {
		name    string
		n, base int
		w       func(n int) overheadWorkload
	}{
		// Long enough that the UI's one-time work at the first stop
		// (reading and highlighting the source, off the UI goroutine),
		// which the short baseline does not always wait for, is a
		// small part of the net time.
		{"hits", 2000, 1, hitsWorkload},
		{"hitcount", 50000, 1, hitCountWorkload},
		{"cond", 50000, 1, condWorkload},
		{"stepi", 2000, 1, func(n int) overheadWorkload { return stepWorkload(b, "stepi", n) }},
		{"next", 1000, 2, func(n int) overheadWorkload { return stepWorkload(b, "next", n) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			full, base := c.w(c.n), c.w(c.base)
			// The two front ends take turns, and the medians are
			// compared: the machine is shared, and a burst of other
			// work in one run must not decide the ratio.
			var batch, ui []time.Duration
			var draws int64
			for range b.N {
				batch = append(batch, runBatchWorkload(b, full).elapsed-runBatchWorkload(b, base).elapsed)
				r := runUIWorkload(b, full)
				ui = append(ui, r.elapsed-runUIWorkload(b, base).elapsed)
				draws += r.draws
			}
			mb, mu := medianDuration(batch), medianDuration(ui)
			b.ReportMetric(float64(mb.Nanoseconds()), "batch-ns/op")
			b.ReportMetric(float64(mu.Nanoseconds()), "ui-ns/op")
			b.ReportMetric(float64(mu)/float64(mb), "ui/batch")
			b.ReportMetric(float64(draws)/float64(b.N), "draws/op")
		})
	}
}

// medianDuration is the middle of ds (the upper one of the middle two).
func medianDuration(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
