package debugger

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tdb/source/fixture"
)

// Targets that misbehave (issue 6), with testdata/stubborn: a program that
// floods its output, one that reads stdin, one that blocks SIGINT and
// SIGTERM, one that never exits.

// floodReader checks testdata/stubborn's flood output as it streams in:
// every line, numbered from 0, in order, none lost or torn.
type floodReader struct {
	mu      sync.Mutex
	partial []byte
	next    uint64 // the number the next line must carry
	bytes   int
	err     error
	// atStop is the byte count when the Stopped event of each stop (by
	// State.Seq) came: the Output events before it were all counted.
	atStop map[int]int
}

// stopped notes the count at the Stopped event of stop seq.
func (f *floodReader) stopped(seq int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.atStop == nil {
		f.atStop = map[int]int{}
	}
	f.atStop[seq] = f.bytes
}

// waitStop polls until the reader has had stop seq's Stopped event and
// returns the byte count then.
func (f *floodReader) waitStop(t *testing.T, seq int) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		f.mu.Lock()
		n, ok := f.atStop[seq]
		f.mu.Unlock()
		if ok {
			return n
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Stopped event for stop %d", seq)
		}
		time.Sleep(time.Millisecond)
	}
}

func (f *floodReader) write(b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bytes += len(b)
	f.partial = append(f.partial, b...)
	for f.err == nil {
		i := bytes.IndexByte(f.partial, '\n')
		if i < 0 {
			break
		}
		line := string(f.partial[:i])
		f.partial = f.partial[i+1:]
		want := fmt.Sprintf("flood %08d %s", f.next, strings.Repeat("x", 48))
		if line != want {
			f.err = fmt.Errorf("line %d is %q, want %q", f.next, line, want)
		}
		f.next++
	}
	// Keep the buffer's memory bounded: reuse its start.
	if len(f.partial) == 0 {
		f.partial = f.partial[:0:0]
	}
}

func (f *floodReader) count() (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bytes, f.err
}

// waitBytes polls until at least n bytes of output have arrived.
func (f *floodReader) waitBytes(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		got, err := f.count()
		if err != nil {
			t.Fatal(err)
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d bytes of output arrived, want %d", got, n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestFloodingProgramStaysInHand: a program that writes as fast as it
// can still stops on interrupt, at once, takes a breakpoint and dies on
// kill; every byte it wrote arrives, in order.
func TestFloodingProgramStaysInHand(t *testing.T) {
	s, err := Start(Config{Path: fixture.Build(t, "stubborn"), Args: []string{"flood"}})
	if err != nil {
		t.Fatal(err)
	}
	fr := &floodReader{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range s.Events() {
			switch ev := ev.(type) {
			case Output:
				fr.write(ev.Data)
			case Stopped:
				fr.stopped(ev.State.Seq)
			}
		}
	}()
	defer func() { s.Close(); <-done }()
	reply := func(ch <-chan Reply) Reply {
		t.Helper()
		select {
		case r := <-ch:
			return r
		case <-time.After(30 * time.Second):
			t.Fatal("no reply within 30s")
		}
		return Reply{}
	}
	waitRunning := func() {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !s.running.Load(); {
			if time.Now().After(deadline) {
				t.Fatal("the program never ran")
			}
			time.Sleep(time.Millisecond)
		}
	}

	ch := s.Send(Continue{})
	fr.waitBytes(t, 8<<20)
	waitRunning()
	s.Interrupt()
	rep := reply(ch)
	if rep.State == nil || rep.State.Reason.Kind != "interrupt" {
		t.Fatalf("interrupt while flooding: %+v, want a stop", rep)
	}
	// Stopped, the program writes nothing: what it wrote before the stop
	// is all delivered (the engine drains the pty before it reports, so
	// its Output events come before the Stopped event; the reply may
	// come while this test's reader is still counting them).
	before := fr.waitStop(t, rep.State.Seq)
	if r := s.Do(SetBreakpoint{Loc: mustLoc("flood")}); r.Err != nil {
		t.Fatal(r.Err)
	}
	if after, _ := fr.count(); after != before {
		t.Errorf("output grew from %d to %d bytes while the program was stopped", before, after)
	}

	ch = s.Send(Continue{})
	fr.waitBytes(t, before+4<<20)
	waitRunning()
	rep = reply(s.Send(Kill{}))
	if rep.Exited == nil || rep.Exited.Signal != "SIGKILL" {
		t.Fatalf("kill while flooding: %+v", rep)
	}
	reply(ch)
	if n, err := fr.count(); err != nil || n < 12<<20 {
		t.Fatalf("%d bytes, %v", n, err)
	}
}

// TestProgramReadingStdin: what tdb writes to the program's terminal
// reaches the program's stdin, line by line.
func TestProgramReadingStdin(t *testing.T) {
	tg := launch(t, "stubborn", "stdin")
	ch := tg.s.Send(Continue{})
	tg.waitRunning()
	for _, line := range []string{"hello", "second line"} {
		if err := tg.s.WriteInput([]byte(line + "\n")); err != nil {
			t.Fatal(err)
		}
		tg.waitOutput("got: " + line + "\n")
	}
	tg.s.WriteInput([]byte("quit\n"))
	rep := tg.reply(ch)
	if rep.Exited == nil || rep.Exited.Status != 3 {
		t.Fatalf("after quit: %+v, want exit status 3", rep)
	}
}

// TestProgramBlockingSIGINTAndSIGTERM: a program that blocks the signals
// a user would stop it with is still interrupted (tdb stops it with
// SIGSTOP, which cannot be blocked) and killed; the blocked signals stay
// pending, not lost and not taken by tdb.
func TestProgramBlockingSIGINTAndSIGTERM(t *testing.T) {
	tg := launch(t, "stubborn", "block")
	ch := tg.s.Send(Continue{})
	tg.waitOutput("pid ")
	tg.waitRunning()
	pid := int(tg.s.pid.Load())
	unix.Kill(pid, unix.SIGINT)
	unix.Kill(pid, unix.SIGTERM)
	// Both pending on the process: SigPnd bits 2 and 15.
	const pending = 1<<(unix.SIGINT-1) | 1<<(unix.SIGTERM-1)
	for deadline := time.Now().Add(10 * time.Second); ; {
		v, _ := strconv.ParseUint(procStatusField(pid, "ShdPnd:"), 16, 64)
		if v&pending == pending {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SIGINT and SIGTERM not pending: ShdPnd %s", procStatusField(pid, "ShdPnd:"))
		}
		time.Sleep(time.Millisecond)
	}
	tg.s.Interrupt()
	rep := tg.reply(ch)
	if rep.State == nil || rep.State.Reason.Kind != "interrupt" {
		t.Fatalf("interrupt: %+v, want a stop", rep)
	}
	// Stepping and breakpoints work on it as on any program.
	tg.brk("spin")
	if st := tg.stop(Continue{}); st.Function != "spin" {
		t.Fatalf("stopped in %s, want spin", where(st))
	}
	kill := tg.reply(tg.s.Send(Kill{}))
	if kill.Exited == nil || kill.Exited.Signal != "SIGKILL" {
		t.Fatalf("kill: %+v", kill)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Errorf("process %d still exists after kill", pid)
	}
}

// TestProgramThatNeverExits: ending the session while such a program runs
// (the user quits) kills it and returns; nothing is left.
func TestProgramThatNeverExits(t *testing.T) {
	tg := launch(t, "stubborn", "forever")
	ch := tg.s.Send(Continue{})
	tg.waitOutput("pid ")
	tg.waitRunning()
	pid := int(tg.s.pid.Load())
	closed := make(chan struct{})
	go func() {
		tg.s.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not return while the program ran")
	}
	if rep := tg.reply(ch); rep.State != nil {
		t.Errorf("the pending continue got a stop after Close: %+v", rep)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Errorf("process %d still exists after Close", pid)
	}
}

// procStatusField is the value of a line of /proc/PID/status.
func procStatusField(pid int, name string) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	return statusField(string(b), name)
}
