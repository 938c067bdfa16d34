package debugger

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// The calls that went around ptrace_linux_amd64.go until issue 14 (the
// options, the event messages of clones, kill and the polling waits that
// reap a killed program, the seize, interrupt and detach of an attach, the
// siginfo of a stop signal) now show in mechanics mode like the others.

// mechLines returns the text of every Mechanics event so far, once the
// latest stop or exit has come in.
func (tg *target) mechLines() []string {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	tg.settle()
	var lines []string
	for _, ev := range tg.evs {
		if m, ok := ev.(Mechanics); ok {
			lines = append(lines, m.Text)
		}
	}
	return lines
}

// hasLine reports whether a line of lines matches the regular expression
// re in full.
func hasLine(lines []string, re string) bool {
	r := regexp.MustCompile("^" + re + "$")
	for _, l := range lines {
		if r.MatchString(l) {
			return true
		}
	}
	return false
}

// procTasks lists the threads of pid, as the kernel does.
func procTasks(t *testing.T, pid int) []int {
	t.Helper()
	tids, err := listThreads(pid)
	if err != nil {
		t.Fatal(err)
	}
	return tids
}

// TestMechanicsBreakpointHitShowsEveryCall: launched with mechanics on,
// cwatch's four workers start and one hits a breakpoint. The lines show
// the options set at launch, the event message of each clone, naming
// exactly the threads the kernel lists for the program, then the kill and
// the wait that reaps the leader.
func TestMechanicsBreakpointHitShowsEveryCall(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	s, err := Start(Config{Path: fixture.Build(t, "cwatch"), Mechanics: true})
	if err != nil {
		t.Fatal(err)
	}
	tg := adoptSession(t, s)
	pid := int(s.pid.Load())
	tg.brk("prog.c:" + strconv.Itoa(fixture.LineOf(t, "cwatch", "prog.c", "marker: write counter")))
	st := tg.stop(Continue{})
	if st.Reason.Kind != "breakpoint" || st.Thread == pid {
		t.Fatalf("stopped: %s on thread %d, want a breakpoint hit on a worker thread", where(st), st.Thread)
	}
	lines := tg.mechLines()
	all := strings.Join(lines, "\n")
	if want := fmt.Sprintf("ptrace SETOPTIONS tid %d: TRACEFORK|TRACEVFORK|TRACECLONE|TRACEEXEC|EXITKILL", pid); !hasLine(lines, regexp.QuoteMeta(want)) {
		t.Errorf("no line %q:\n%s", want, all)
	}
	for _, tid := range procTasks(t, pid) {
		if tid == pid {
			continue
		}
		// Each thread is announced by the event message of the clone
		// that made it, then named by the engine.
		ev := fmt.Sprintf(`ptrace GETEVENTMSG tid \d+: %d`, tid)
		clone := fmt.Sprintf(`new thread %d \(clone event on tid \d+\)`, tid)
		if !hasLine(lines, ev) || !hasLine(lines, clone) {
			t.Errorf("thread %d of /proc/%d/task: no lines %q and %q:\n%s", tid, pid, ev, clone, all)
		}
	}
	if !hasLine(lines, fmt.Sprintf(`wait4 -> tid %d stopped SIGTRAP`, st.Thread)) {
		t.Errorf("no wait reports the hit of thread %d:\n%s", st.Thread, all)
	}
	if rep := tg.do(Kill{}); rep.Exited == nil || rep.Exited.Signal != "SIGKILL" {
		t.Fatalf("kill: %+v, want killed by SIGKILL", rep.Exited)
	}
	lines = tg.mechLines()
	all = strings.Join(lines, "\n")
	for _, want := range []string{
		fmt.Sprintf("kill process group %d SIGKILL", pid),
		fmt.Sprintf("wait4 WNOHANG -> tid %d killed by SIGKILL", pid),
	} {
		if !hasLine(lines, regexp.QuoteMeta(want)) {
			t.Errorf("no line %q after kill:\n%s", want, all)
		}
	}
}

// TestMechanicsShowSiginfoOfStopSignal: cstop raises SIGSTOP. The engine
// reads the signal's siginfo to tell it from its own SIGSTOPs; the line
// shows the si_code gdb shows for $_siginfo.si_code (SI_TKILL, -6: raise
// uses tgkill).
func TestMechanicsShowSiginfoOfStopSignal(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	want := "-6"
	if _, err := exec.LookPath("gdb"); err == nil {
		out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", "run", "-ex", "p $_siginfo.si_code", fixture.Build(t, "cstop")).CombinedOutput()
		m := regexp.MustCompile(`(?m)^\$1 = (-?\d+)$`).FindStringSubmatch(string(out))
		if m == nil {
			t.Fatalf("gdb shows no si_code:\n%s", out)
		}
		want = m[1]
	}
	code, _ := strconv.Atoi(want)
	tg := launch(t, "cstop")
	pid := int(tg.s.pid.Load())
	tg.do(SetMechanics{On: true})
	st := tg.stop(Continue{})
	if st.Reason.Kind != "signal" || st.Reason.Signal != "SIGSTOP" {
		t.Fatalf("stopped: %s, want signal SIGSTOP", st.Reason)
	}
	lines := tg.mechLines()
	line := fmt.Sprintf("ptrace GETSIGINFO tid %d: si_code %#x", pid, int32(code))
	if !hasLine(lines, regexp.QuoteMeta(line)) {
		t.Errorf("no line %q (gdb's si_code %s):\n%s", line, want, strings.Join(lines, "\n"))
	}
}

// TestMechanicsShowAttachAndDetach: attached with mechanics on, the lines
// show the seize and interrupt of every thread the kernel lists, the
// options (no EXITKILL: the program outlives tdb), a breakpoint hit, and at
// detach each thread let go and the SIGCONT; the program then ends as if
// never touched.
func TestMechanicsShowAttachAndDetach(t *testing.T) {
	cmd, _, marker, release := startHeldLoop(t, 150)
	pid := cmd.Process.Pid
	s, err := Start(Config{Attach: pid, Mechanics: true})
	if err != nil {
		t.Skipf("attach not permitted here: %v", err)
	}
	release()
	tg := adoptSession(t, s)
	tasks := procTasks(t, pid)
	tg.brk("main.tick")
	if st := tg.stop(Continue{}); st.Function != "main.tick" {
		t.Fatalf("stopped in %s, want main.tick", where(st))
	}
	lines := tg.mechLines()
	all := strings.Join(lines, "\n")
	if want := fmt.Sprintf("ptrace SETOPTIONS tid %d: TRACEFORK|TRACEVFORK|TRACECLONE|TRACEEXEC", pid); !hasLine(lines, regexp.QuoteMeta(want)) {
		t.Errorf("no line %q:\n%s", want, all)
	}
	for _, tid := range tasks {
		seized := hasLine(lines, fmt.Sprintf("ptrace SEIZE tid %d", tid)) && hasLine(lines, fmt.Sprintf("ptrace INTERRUPT tid %d", tid))
		if !seized && !hasLine(lines, fmt.Sprintf(`ptrace GETEVENTMSG tid \d+: %d`, tid)) {
			t.Errorf("thread %d of /proc/%d/task is neither seized and interrupted nor announced by a clone:\n%s", tid, pid, all)
		}
	}
	if rep := tg.do(Detach{}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !tg.detached() {
		if time.Now().After(deadline) {
			t.Fatal("no Detached event")
		}
		time.Sleep(time.Millisecond)
	}
	lines = tg.mechLines()
	all = strings.Join(lines, "\n")
	for _, want := range []string{fmt.Sprintf("ptrace DETACH tid %d", pid), fmt.Sprintf("kill pid %d SIGCONT", pid)} {
		if !hasLine(lines, regexp.QuoteMeta(want)) {
			t.Errorf("no line %q at detach:\n%s", want, all)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after detach the program ended with %v", err)
	}
	waitFileContent(t, marker, "done 150\n")
}
