package debugger

import (
	"fmt"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// mechEvents returns the Mechanics events so far, once the latest stop
// has come in.
func (tg *target) mechEvents() []Mechanics {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	tg.settle()
	var ms []Mechanics
	for _, ev := range tg.evs {
		if m, ok := ev.(Mechanics); ok {
			ms = append(ms, m)
		}
	}
	return ms
}

// gdbInsnAt is the instruction gdb shows at a breakpoint on loc, Intel
// syntax, with spaces taken out and lower case ("cmpdwordptr[rbp-0x14],0x1").
func gdbInsnAt(t *testing.T, bin, loc string) string {
	t.Helper()
	out, err := exec.Command("gdb", "-batch", "-nx", "-ex", "set disassembly-flavor intel",
		"-ex", "break "+loc, "-ex", "run", "-ex", "x/i $pc", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^=> 0x[0-9a-f]+(?: <[^>]*>)?:\s*(.*)$`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("no x/i line in gdb's output:\n%s", out)
	}
	return squash(m[1])
}

func squash(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }

// TestMechanicsExplainBreakpointHit: cprog's breakpoint in fact is
// written, hit and passed over with mechanics on; each operation of the
// hit carries its explanation: the POKEDATA names the instruction the
// int3 replaces (as gdb disassembles it at the breakpoint), the
// breakpoint's number and its line; the rip rewind says both addresses;
// the pass over the breakpoint says the int3 goes out, the instruction
// runs alone and the 0xCC goes back.
func TestMechanicsExplainBreakpointHit(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	bin := fixture.Build(t, "cprog")
	s, err := Start(Config{Path: bin, Mechanics: true})
	if err != nil {
		t.Fatal(err)
	}
	tg := adoptSession(t, s)
	bp := tg.brk("prog.c:10")
	addr := bp.Addrs[0]
	st := tg.stop(Continue{})
	if st.Reason.Kind != "breakpoint" || st.Line != 10 {
		t.Fatalf("stopped at %s, want breakpoint at prog.c:10", where(st))
	}
	tg.stop(Continue{}) // fact(4): over the int3 at fact(5)'s pass
	// Both stops are at the same pc of the same thread, which settle
	// cannot tell apart: the lines are polled for.
	var ms []Mechanics
	find := func(op, text string) *Mechanics {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			ms = tg.mechEvents()
			for i := range ms {
				if ms[i].Op == op && !ms[i].Pending && strings.Contains(ms[i].Text, text) {
					return &ms[i]
				}
			}
		}
		var all []string
		for _, m := range ms {
			all = append(all, m.Text+"  # "+m.Explain)
		}
		t.Fatalf("no %s line containing %q:\n%s", op, text, strings.Join(all, "\n"))
		return nil
	}
	insert := find("POKEDATA", fmt.Sprintf("%#x: ", addr)+"")
	re := regexp.MustCompile("^int3 replaces the first byte of `([^`]+)` \\(breakpoint (\\d+), prog.c:10\\)$")
	m := re.FindStringSubmatch(insert.Explain)
	if m == nil || !strings.HasSuffix(insert.Text, "-> cc (breakpoint 1)") {
		t.Fatalf("insertion %q explained %q, want %s", insert.Text, insert.Explain, re)
	}
	if m[2] != fmt.Sprint(bp.ID) {
		t.Errorf("explanation names breakpoint %s, want %d", m[2], bp.ID)
	}
	if _, err := exec.LookPath("gdb"); err == nil {
		if want := gdbInsnAt(t, bin, "prog.c:10"); squash(m[1]) != want {
			t.Errorf("int3 replaces %q, gdb shows %q at the breakpoint", m[1], want)
		}
	}
	rewind := find("SETREGS", fmt.Sprintf("rip %#x ", addr))
	if want := fmt.Sprintf("the CPU already ran the int3: step rip back onto the instruction (rip %#x -> %#x)", addr+1, addr); rewind.Explain != want {
		t.Errorf("rewind explained %q, want %q", rewind.Explain, want)
	}
	out := find("POKEDATA", fmt.Sprintf("%#x: cc -> ", addr))
	if !strings.HasPrefix(out.Explain, "take the int3 out: the original first byte of `"+m[1]+"` must run (breakpoint 1, prog.c:10)") {
		t.Errorf("taking the int3 out explained %q", out.Explain)
	}
	step := find("SINGLESTEP", "")
	if step.Explain != "run the original instruction alone, then put the 0xCC back" {
		t.Errorf("single-step explained %q", step.Explain)
	}
	back := find("POKEDATA", "re-insert")
	if !strings.HasPrefix(back.Explain, "put the 0xCC back") {
		t.Errorf("re-insertion explained %q", back.Explain)
	}
	// The dynamic loader's breakpoint (solib.go) is passed over by
	// emulation on the way from the entry to main.
	emu := find("EMULATE", "")
	if emu.Explain != "tdb ran this instruction itself, without removing the int3" {
		t.Errorf("emulated pass explained %q", emu.Explain)
	}
	for _, m := range ms {
		if m.Explain == "" {
			t.Errorf("%q has no explanation", m.Text)
		}
	}
}

// pendingCount is how many Pending events have come in.
func (tg *target) pendingCount() (n int, last Mechanics) {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	for _, ev := range tg.evs {
		if m, ok := ev.(Mechanics); ok && m.Pending {
			n++
			last = m
		}
	}
	return n, last
}

// waitPending polls until n Pending events have come and the engine is
// paused before the last.
func (tg *target) waitPending(n int) Mechanics {
	tg.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if got, last := tg.pendingCount(); got >= n && tg.s.step.paused.Load() {
			if got > n {
				tg.t.Fatalf("%d operations announced, want %d", got, n)
			}
			return last
		}
		time.Sleep(2 * time.Millisecond)
	}
	got, _ := tg.pendingCount()
	tg.t.Fatalf("%d operations announced, want %d", got, n)
	return Mechanics{}
}

// TestMechanicsStepMode: in step mode a continue pauses before each
// operation; N releases perform exactly N (each performed operation's
// line follows its announcement); an Interrupt returns to full speed and
// the continue ends at the breakpoint; a Close while paused releases the
// engine and ends the session, leaving no goroutine behind.
func TestMechanicsStepMode(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	before := runtime.NumGoroutine()
	bin := fixture.Build(t, "cprog")
	s, err := Start(Config{Path: bin, Mechanics: true})
	if err != nil {
		t.Fatal(err)
	}
	tg := &target{t: t, s: s, end: make(chan struct{})}
	go func() {
		defer close(tg.end)
		for ev := range s.Events() {
			tg.mu.Lock()
			tg.evs = append(tg.evs, ev)
			tg.mu.Unlock()
		}
	}()
	tg.brk("prog.c:10")
	if s.MechanicsNext() {
		t.Fatal("MechanicsNext released something before step mode")
	}
	s.MechanicsStep(true)
	reply := s.Send(Continue{})
	first := tg.waitPending(1)
	const n = 5
	for i := 1; i <= n; i++ {
		if !s.MechanicsNext() {
			t.Fatalf("release %d: the engine is not paused", i)
		}
		tg.waitPending(i + 1)
	}
	// Each announced operation but the last was performed: its line
	// follows its announcement.
	tg.mu.Lock()
	var seq []Mechanics
	for _, ev := range tg.evs {
		if m, ok := ev.(Mechanics); ok {
			seq = append(seq, m)
		}
	}
	tg.mu.Unlock()
	start := -1
	for i, m := range seq {
		if m == first {
			start = i
			break
		}
	}
	performed := 0
	for i := start; i+1 < len(seq); i++ {
		if seq[i].Pending && !seq[i+1].Pending && seq[i+1].Op == seq[i].Op {
			performed++
		}
	}
	if performed != n {
		t.Errorf("%d operations performed after %d releases:\n%v", performed, n, seq[start:])

	}
	select {
	case r := <-reply:
		t.Fatalf("the continue finished while paused: %+v", r)
	default:
	}
	s.Interrupt() // back to full speed: the continue goes on to the hit
	r := <-reply
	if r.Err != nil || r.State == nil || r.State.Reason.Kind != "breakpoint" {
		t.Fatalf("continue after Interrupt: %+v", r)
	}
	if s.MechanicsStepping() {
		t.Error("still in step mode after Interrupt")
	}
	// Paused again, then closed.
	s.MechanicsStep(true)
	k, _ := tg.pendingCount()
	reply = s.Send(Continue{})
	tg.waitPending(k + 1)
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(60 * time.Second):
		t.Fatal("Close did not return while the engine was paused")
	}
	<-reply
	<-tg.end
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after Close, %d before", g, before)
	}
}

// TestMechanicsExplainStopsOtherThreads: a worker of cwatch hits a
// breakpoint; the SIGSTOPs sent to the other threads say why.
func TestMechanicsExplainStopsOtherThreads(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	s, err := Start(Config{Path: fixture.Build(t, "cwatch"), Mechanics: true})
	if err != nil {
		t.Fatal(err)
	}
	tg := adoptSession(t, s)
	tg.brk(fmt.Sprintf("prog.c:%d", fixture.LineOf(t, "cwatch", "prog.c", "marker: write counter")))
	st := tg.stop(Continue{})
	if st.Reason.Kind != "breakpoint" {
		t.Fatalf("stopped: %s", where(st))
	}
	n := 0
	for _, m := range tg.mechEvents() {
		if m.Op == "TGKILL" && strings.HasSuffix(m.Text, " SIGSTOP") {
			n++
			if m.Explain != "stop the other threads: none may run while tdb works on the code" {
				t.Errorf("%q explained %q", m.Text, m.Explain)
			}
		}
	}
	if n == 0 {
		t.Error("no tgkill SIGSTOP at a worker's hit")
	}
}
