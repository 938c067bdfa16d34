package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// guardTdb is tdb built from this tree: the guardian is tdb re-executed,
// so only a real tdb binary has one.
func guardTdb(t *testing.T) string { return fixture.Tdb(t) }

// skipUnlessSiblingAttach skips a test in which tdb attaches to a program
// it did not start: as a user under Yama ptrace_scope 1 or more, only a
// program's ancestors may (and the guardian is not one).
func skipUnlessSiblingAttach(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile("/proc/sys/kernel/yama/ptrace_scope")
	if err == nil && strings.TrimSpace(string(b)) != "0" && os.Geteuid() != 0 {
		t.Skipf("Yama ptrace_scope is %s: tdb may not attach to a program it did not start", strings.TrimSpace(string(b)))
	}
}

// TestAttachedProgramSurvivesTdbKill (issue 6): tdb attaches to a running
// program, sets a breakpoint on the line the program runs after its loop
// and lets it run; then tdb dies by SIGKILL, so no cleanup of tdb's runs.
// The kernel lets the program go with the 0xCC in its code: unguarded, it
// would die of SIGTRAP when it reaches that line. tdb's guardian puts the
// byte back, and the program ends exactly as an undebugged run does.
func TestAttachedProgramSurvivesTdbKill(t *testing.T) {
	skipUnlessSiblingAttach(t)
	tdb := guardTdb(t)
	cache := t.TempDir()
	marker := filepath.Join(t.TempDir(), "done")
	bin := fixture.Build(t, "loop")
	// Held after its 400 ticks until the guardian has done its work: tdb
	// must attach, set the breakpoint, resume the program and be killed
	// before the program reaches the line after its loop, however loaded
	// the machine.
	gate := fixture.NewGate(t)
	prog := exec.Command(bin, marker, "400")
	prog.Env = gate.Environ()
	var progOut bytes.Buffer
	prog.Stdout = &progOut
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer prog.Process.Kill()
	pid := prog.Process.Pid

	line := fixture.LineOf(t, "loop", "main.go", `fmt.Println("loop total"`)
	cmd := exec.Command(tdb, "--batch", "-ex", fmt.Sprintf("break main.go:%d", line), "-ex", "continue",
		"attach", strconv.Itoa(pid))
	cmd.Env = append(os.Environ(), "TDB_CACHE_DIR="+cache)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addrs := make(chan uint64, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var id int
			var addr uint64
			if _, err := fmt.Sscanf(sc.Text(), "Breakpoint %d at %v", &id, &addr); err == nil {
				addrs <- addr
			}
		}
	}()
	var addr uint64
	select {
	case addr = <-addrs:
	case <-time.After(30 * time.Second):
		t.Fatalf("tdb never set the breakpoint; stderr:\n%s", stderr.String())
	}
	// Kill tdb once the program runs again (continue resumed it) with the
	// breakpoint in its code.
	waitFor(t, "the program to run with the breakpoint inserted", func() bool {
		return !anyThreadTraceStopped(pid) && memByte(pid, addr) == 0xCC
	})
	cmd.Process.Kill()
	cmd.Wait()

	logPath := filepath.Join(cache, "guardian.log")
	waitFor(t, "the guardian's report in "+logPath, func() bool {
		b, _ := os.ReadFile(logPath)
		return bytes.Contains(b, []byte("tdb died;"))
	})
	log, _ := os.ReadFile(logPath)
	// The breakpoint's byte and tdb's own four in runtime.fatalpanic,
	// throw, fatal and fatalsignal (it stops unrecovered panics and fatal
	// errors: debugger/rtstop.go).
	if !bytes.Contains(log, []byte("restored 5 breakpoint byte(s)")) {
		t.Errorf("guardian log:\n%s\nwant 5 bytes restored", log)
	}
	if stray := strayBreakpoints(t, pid, bin); len(stray) > 0 {
		t.Errorf("0xCC left in the program's code at %#x", stray)
	}
	gate.Open(t)
	done := make(chan error, 1)
	go func() { done <- prog.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the program ended with %v, want status 0; guardian log:\n%s", err, log)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the program did not end; state %s", procStatus(pid, "State:"))
	}
	if b, _ := os.ReadFile(marker); string(b) != "done 400\n" || !strings.Contains(progOut.String(), "loop total") {
		t.Fatalf("marker %q, output %q: the program did not finish its work", b, progOut.String())
	}
}

// TestDetachedGuardianLeavesQuietly: after a normal detach the guardian
// exits without touching the program or writing to its log.
func TestDetachedGuardianLeavesQuietly(t *testing.T) {
	skipUnlessSiblingAttach(t)
	tdb := guardTdb(t)
	cache := t.TempDir()
	gate := fixture.NewGate(t) // held until tdb has attached and detached
	prog := exec.Command(fixture.Build(t, "loop"), filepath.Join(t.TempDir(), "done"), "300")
	prog.Env = gate.Environ()
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer prog.Process.Kill()
	line := fixture.LineOf(t, "loop", "main.go", `fmt.Println("loop total"`)
	cmd := exec.Command(tdb, "--batch", "-ex", fmt.Sprintf("break main.go:%d", line), "-ex", "detach",
		"attach", strconv.Itoa(prog.Process.Pid))
	cmd.Env = append(os.Environ(), "TDB_CACHE_DIR="+cache)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tdb: %v\n%s", err, out)
	}
	gate.Open(t)
	if err := prog.Wait(); err != nil {
		t.Fatalf("the detached program ended with %v, want status 0", err)
	}
	if b, err := os.ReadFile(filepath.Join(cache, "guardian.log")); err == nil {
		t.Fatalf("the guardian of a detached program wrote:\n%s", b)
	}
}

// waitFor polls cond until it holds, failing after a generous deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// anyThreadTraceStopped reports whether a thread of pid is in a
// tracing stop ('t' in /proc/PID/task/TID/stat).
func anyThreadTraceStopped(pid int) bool {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
	for _, p := range tasks {
		b, _ := os.ReadFile(p)
		if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) && b[i+2] == 't' {
			return true
		}
	}
	return false
}

func memByte(pid int, addr uint64) byte {
	f, err := os.Open(fmt.Sprintf("/proc/%d/mem", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	b := make([]byte, 1)
	f.ReadAt(b, int64(addr))
	return b[0]
}

func procStatus(pid int, field string) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// strayBreakpoints compares the executable mappings of bin in pid's
// memory with the file: the addresses holding 0xCC where the file has
// another byte.
func strayBreakpoints(t *testing.T, pid int, bin string) []uint64 {
	t.Helper()
	maps, err := os.ReadFile(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	mem, err := os.Open(fmt.Sprintf("/proc/%d/mem", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	var stray []uint64
	checked := false
	for _, l := range strings.Split(string(maps), "\n") {
		f := strings.Fields(l)
		if len(f) < 6 || f[1][2] != 'x' || f[5] != bin {
			continue
		}
		var lo, hi, off uint64
		fmt.Sscanf(f[0], "%x-%x", &lo, &hi)
		fmt.Sscanf(f[2], "%x", &off)
		code := make([]byte, hi-lo)
		n, _ := mem.ReadAt(code, int64(lo))
		for i := 0; i < n && off+uint64(i) < uint64(len(file)); i++ {
			if code[i] == 0xCC && file[off+uint64(i)] != 0xCC {
				stray = append(stray, lo+uint64(i))
			}
		}
		checked = n > 0
	}
	if !checked {
		t.Fatalf("no executable mapping of %s in process %d", bin, pid)
	}
	return stray
}

// TestGuardStressHotLoop measures, rather than asserts, how often an
// attached program survives tdb's SIGKILL with a breakpoint in its hot loop
// (a condition that never holds, so tdb passes every hit). The group stop
// tdb keeps the program in (guard_groupstop.go) makes the kernel stop the
// threads a dying tdb releases, and the guardian restores the code and
// moves a thread caught mid-hit back onto its instruction; what remains is
// the instant between the release and the stop. It runs only with
// TDB_GUARD_STRESS=N (N runs) and logs the survival rate.
func TestGuardStressHotLoop(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("TDB_GUARD_STRESS"))
	if runs <= 0 {
		t.Skip("set TDB_GUARD_STRESS=N to run it N times")
	}
	skipUnlessSiblingAttach(t)
	tdb := guardTdb(t)
	bin := fixture.Build(t, "loop")
	survived := 0
	outcomes := map[string]int{}
	for i := range runs {
		prog := exec.Command(bin, filepath.Join(t.TempDir(), "done"), "60")
		if err := prog.Start(); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(tdb, "--batch", "-ex", "break main.tick if i < 0", "-ex", "continue",
			"attach", strconv.Itoa(prog.Process.Pid))
		cmd.Env = append(os.Environ(), "TDB_CACHE_DIR="+t.TempDir())
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() && !strings.HasPrefix(sc.Text(), "Breakpoint 1 at") {
		}
		// Let it pass a varying number of hits first: each tick sleeps,
		// a voluntary context switch of its main thread.
		start := switches(prog.Process.Pid)
		waitFor(t, "ticks", func() bool { return switches(prog.Process.Pid) >= start+2+i%7 })
		cmd.Process.Kill()
		cmd.Wait()
		err := prog.Wait()
		if err == nil {
			survived++
		}
		outcomes[fmt.Sprint(err)]++
	}
	t.Logf("survived %d of %d; outcomes %v", survived, runs, outcomes)
}

// switches is the voluntary context switches of pid's main thread.
func switches(pid int) int {
	n, _ := strconv.Atoi(procStatus(pid, "voluntary_ctxt_switches:"))
	return n
}
