package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// runTdbBinary runs the tdb binary and returns its stdout, stderr and
// exit status.
func runTdbBinary(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(fixture.Tdb(t), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	status := 0
	if ee, ok := err.(*exec.ExitError); ok {
		status = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), status
}

// TestCoreBatch (issue 16): tdb core BINARY COREFILE in batch mode on a
// kernel's core: the backtrace is gdb's, lines as DESIGN gives them;
// continue says "a core file cannot run" and the status is 1.
func TestCoreBatch(t *testing.T) {
	if _, err := exec.LookPath("gdb"); err != nil {
		t.Skip("gdb is not installed")
	}
	bin := fixture.Build(t, "ccore")
	core := fixture.KernelCore(t, bin, nil, "segv")
	stdout, stderr, status := runTdbBinary(t, "--batch", "-ex", "bt", "-ex", "p counter", "-ex", "continue", "-ex", "p origin.name", "-ex", "info registers rip", "core", bin, core)
	src := filepath.Join(fixture.Dir("ccore"), "prog.c")
	out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", "set debuginfod enabled off", "-ex", `echo @\n`, "-ex", "bt", "-ex", "p counter", "-ex", "p origin.name", "-ex", "info registers rip", bin, core).CombinedOutput()
	// gdb shows frame 0 as it loads the core: the answers follow the @.
	_, answers, _ := strings.Cut(string(out), "@\n")
	// gdb: "#0  0x00000000004012eb in fail (p=...) at /abs/prog.c:53";
	// frame 0 has no "0x... in" when its pc starts a line.
	re := regexp.MustCompile(`(?m)^#(\d+)\s+(?:0x0*([0-9a-f]+) in )?(\w+) \(.*\) at (\S+):(\d+)$`)
	var want []string
	for _, m := range re.FindAllStringSubmatch(answers, -1) {
		want = append(want, fmt.Sprintf("#%s 0x%s %s at %s:%s", m[1], m[2], m[3], m[4], m[5]))
	}
	if len(want) != 5 || !strings.Contains(want[0], src) {
		t.Fatalf("gdb's backtrace:\n%s", out)
	}
	rip := regexp.MustCompile(`(?m)^rip\s+(0x[0-9a-f]+)`).FindStringSubmatch(answers)
	if rip == nil {
		t.Fatalf("gdb's registers:\n%s", out)
	}
	want = append(want, "43", `0x402004 "origin"`, "rip "+rip[1])
	if got := strings.Split(strings.TrimSpace(stdout), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stdout:\n%s\nwant (gdb's):\n%s", stdout, strings.Join(want, "\n"))
	}
	if !strings.Contains(stderr, "error: a core file cannot run\n") || status != 1 {
		t.Errorf("status %d, stderr:\n%s\nwant status 1 and error: a core file cannot run", status, stderr)
	}
	if !strings.Contains(string(out), "$1 = 43") || !strings.Contains(string(out), `$2 = 0x402004 "origin"`) {
		t.Errorf("gdb's values:\n%s", out)
	}
}

// TestCoreDumpBatch: dump FILE from the command line writes a core that
// tdb core opens at the same stop; gdb names the same frame.
func TestCoreDumpBatch(t *testing.T) {
	bin := fixture.Build(t, "ccore")
	core := filepath.Join(t.TempDir(), "prog.core")
	stdout, stderr, status := runTdbBinary(t, "--batch", "-ex", "break prog.c:47", "-ex", "continue", "-ex", "bt 1", "-ex", "dump "+core, "exec", bin, "wait")
	if status != 0 || !strings.Contains(stdout, "Saved corefile "+core+"\n") {
		t.Fatalf("dump: status %d\n%s%s", status, stdout, stderr)
	}
	frame0 := regexp.MustCompile(`(?m)^#0 .*$`).FindString(stdout)
	again, stderr, status := runTdbBinary(t, "--batch", "-ex", "bt 1", "-ex", "p counter", "core", bin, core)
	if status != 0 || again != frame0+"\n43\n" {
		t.Errorf("tdb core on the dump: status %d\n%s%s\nwant:\n%s\n43", status, again, stderr, frame0)
	}
	if _, err := exec.LookPath("gdb"); err == nil {
		out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", "set debuginfod enabled off", "-ex", "bt 1", bin, core).CombinedOutput()
		if !regexp.MustCompile(`(?m)^#0  fail \(.*\) at \S+/prog\.c:47$`).Match(out) {
			t.Errorf("gdb on tdb's dump:\n%s", out)
		}
	}
}

// TestCoreBadArguments: a missing core file, a file that is not a core,
// a missing argument: one error line each, and the right status.
func TestCoreBadArguments(t *testing.T) {
	bin := fixture.Build(t, "ccore")
	missing := filepath.Join(t.TempDir(), "nothing")
	for _, c := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"core"}, 2, "tdb: tdb core needs [BINARY] COREFILE (see tdb --help)\n"},
		{[]string{"core", bin, missing, missing}, 2, "tdb: tdb core needs [BINARY] COREFILE (see tdb --help)\n"},
		{[]string{"core", missing}, 1, "error: open " + missing + ": no such file or directory\n"},
		{[]string{"core", bin, missing}, 1, "error: open " + missing + ": no such file or directory\n"},
		{[]string{"core", bin, bin}, 1, "error: " + bin + ": not a core file (ELF type ET_EXEC)\n"},
	} {
		_, stderr, status := runTdbBinary(t, append([]string{"--batch"}, c.args...)...)
		if status != c.status || stderr != c.want {
			t.Errorf("tdb %v: status %d, stderr %q; want %d, %q", c.args, status, stderr, c.status, c.want)
		}
	}
}

// TestCoreMismatchWarns: a core opened with another program says so, as
// gdb does, instead of showing that program's functions as the crash's.
func TestCoreMismatchWarns(t *testing.T) {
	bin := fixture.Build(t, "ccore")
	core := fixture.KernelCore(t, bin, nil, "segv")
	other := fixture.Build(t, "cprog@pie")
	_, stderr, _ := runTdbBinary(t, "--batch", "-ex", "bt 1", "core", other, core)
	want := "warning: core file may not match specified executable file (" + other + " ran as " + bin + ")\n"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant a line:\n%s", stderr, want)
	}
	_, stderr, _ = runTdbBinary(t, "--batch", "-ex", "bt 1", "core", bin, core)
	if strings.Contains(stderr, "may not match") {
		t.Errorf("the right program: stderr:\n%s", stderr)
	}
}

// TestCoreAlone: tdb core COREFILE opens the program the core names, as
// gdb -c does; a core whose program is gone says to give it.
func TestCoreAlone(t *testing.T) {
	bin := fixture.Build(t, "ccore")
	core := fixture.KernelCore(t, bin, nil, "segv")
	stdout, stderr, status := runTdbBinary(t, "--batch", "-ex", "bt 1", "core", core)
	if status != 0 || !strings.HasPrefix(stdout, "#0 0x") || !strings.Contains(stdout, " fail at ") {
		t.Errorf("tdb core COREFILE: status %d\n%s%s", status, stdout, stderr)
	}
	gone := filepath.Join(t.TempDir(), "gone")
	if b, err := exec.Command("cp", bin, gone).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, b)
	}
	core = fixture.KernelCore(t, gone, nil, "segv")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	_, stderr, status = runTdbBinary(t, "--batch", "-ex", "bt 1", "core", core)
	want := "error: " + core + " was made by " + gone + ", which is gone: give the program, tdb core BINARY COREFILE\n"
	if status != 1 || stderr != want {
		t.Errorf("status %d, stderr %q, want 1, %q", status, stderr, want)
	}
}

// TestCoreThreadApplyAllBt: thread apply all bt on a kernel's core names
// each thread and its frames in the program as gdb's does.
func TestCoreThreadApplyAllBt(t *testing.T) {
	if _, err := exec.LookPath("gdb"); err != nil {
		t.Skip("gdb is not installed")
	}
	bin := fixture.Build(t, "ccore")
	core := fixture.KernelCore(t, bin, nil, "segv")
	stdout, stderr, status := runTdbBinary(t, "--batch", "-ex", "thread apply all bt", "core", bin, core)
	if status != 0 {
		t.Fatalf("status %d\n%s%s", status, stdout, stderr)
	}
	out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", "set debuginfod enabled off", "-ex", `echo @\n`, "-ex", "thread apply all bt", bin, core).CombinedOutput()
	_, answers, _ := strings.Cut(string(out), "@\n")
	// Each thread's line and its frames in prog.c, sorted by thread.
	summary := func(text string, head, frame *regexp.Regexp) string {
		var threads []string
		for _, line := range strings.Split(text, "\n") {
			if m := head.FindStringSubmatch(line); m != nil {
				threads = append(threads, m[1]+":")
			} else if m := frame.FindStringSubmatch(line); m != nil && len(threads) > 0 && strings.HasSuffix(m[2], "/prog.c") {
				threads[len(threads)-1] += " " + m[1] + ":" + m[3]
			}
		}
		slices.Sort(threads)
		return strings.Join(threads, "\n")
	}
	got := summary(stdout, regexp.MustCompile(`^Thread (\d+):$`), regexp.MustCompile(`^#\d+ 0x[0-9a-f]+ (\S+) at (\S+):(\d+)$`))
	want := summary(answers, regexp.MustCompile(`^Thread \d+ \(Thread 0x[0-9a-f]+ \(LWP (\d+)\)\):$`), regexp.MustCompile(`^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*\) at (\S+):(\d+)$`))
	if got != want || strings.Count(got, "\n") != 2 {
		t.Errorf("tdb:\n%s\ngdb:\n%s\n(tdb's output:\n%s)", got, want, stdout)
	}
}
