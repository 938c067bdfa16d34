package console

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// End-to-end tests of `tdb --batch`: they build the tdb binary once, run it
// on the programs in testdata/ and check its exact output lines and exit
// status against what each program really does.

// tdbBinary is tdb built from this tree, once per test process.
func tdbBinary(t *testing.T) string { return fixture.Tdb(t) }

// result is one run of the tdb binary (fixture.Run: the helpers are
// shared by the packages whose tests run tdb).
type result = fixture.Run

func runTDB(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return fixture.RunTdb(t, env, args...)
}

// batch runs `tdb --batch -ex CMD... exec BIN`.
func batch(t *testing.T, bin string, cmds ...string) result {
	t.Helper()
	return fixture.Batch(t, bin, cmds...)
}

// match checks lines against regular expressions, one for one.
func match(t *testing.T, r result, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s\nwant:\n%s\n%s", len(got), len(want), strings.Join(got, "\n"), strings.Join(want, "\n"), r)
	}
	for i := range want {
		if !regexp.MustCompile("^" + want[i] + "$").MatchString(got[i]) {
			t.Errorf("line %d:\n  %s\ndoes not match\n  %s\n%s", i, got[i], want[i], r)
		}
	}
}

var q = regexp.QuoteMeta

func TestBatchBreakContinueBacktrace(t *testing.T) {
	bin := fixture.Build(t, "fib")
	src := fixture.Source("fib", "main.go")
	funcLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	callLine := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")

	r := batch(t, bin, "break main.fib", "continue", "bt")
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	if len(lines) < 5 {
		t.Fatalf("too few lines:\n%s", r)
	}
	m := regexp.MustCompile(`^Breakpoint 1 at (0x[0-9a-f]+): main\.fib ` + q(src) + `:` + strconv.Itoa(funcLine) + `$`).FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("breakpoint line %q\n%s", lines[0], r)
	}
	addr := m[1]
	match(t, r, lines[1:3],
		`stopped: breakpoint 1: main\.fib at `+q(src)+`:`+strconv.Itoa(funcLine)+` \(pc `+addr+`, thread \d+, goroutine 1\)`,
		`#0 `+addr+` main\.fib at `+q(src)+`:`+strconv.Itoa(funcLine),
	)
	match(t, r, lines[3:4], `#1 0x[0-9a-f]+ main\.main at `+q(src)+`:`+strconv.Itoa(callLine))
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^#\d+ 0x[0-9a-f]+ runtime\.goexit(\.abi0)?( at .*)?$`).MatchString(last) {
		t.Errorf("the backtrace does not end at runtime.goexit: %q\n%s", last, r)
	}
}

func TestBatchRunToEndPassesOutputAndStatus(t *testing.T) {
	bin := fixture.Build(t, "fib")
	r := batch(t, bin, "continue")
	if r.Status != 0 {
		t.Fatalf("want status 0:\n%s", r)
	}
	for i, want := range []string{"fib(1) = 1", "fib(10) = 55", "sum 143"} {
		if !strings.Contains(r.Stdout, want+"\n") && !strings.Contains(r.Stdout, want+"\r\n") {
			t.Errorf("output %d %q not passed through:\n%s", i, want, r)
		}
	}
	match(t, r, r.TdbLines(), `exited: status 3`)

	// The program has exited: a command that needs it fails, and says so.
	r = batch(t, bin, "continue", "next")
	if r.Status != 1 {
		t.Errorf("next after the end: want status 1:\n%s", r)
	}
	if !regexp.MustCompile(`(?m)^error: .*not running`).MatchString(r.Stderr) {
		t.Errorf("next after the end: want an error line saying the program is not running:\n%s", r)
	}
}

func TestBatchHitCountsRegsList(t *testing.T) {
	bin := fixture.Build(t, "fib")
	src := fixture.Source("fib", "main.go")
	funcLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	r := batch(t, bin, "b fib", "c", "c", "c", "breakpoints", "regs", "list")
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	lines := r.Without(`^fib\(\d+\) = \d+\r?$`)
	var addr string
	if m := regexp.MustCompile(`^Breakpoint 1 at (0x[0-9a-f]+): `).FindStringSubmatch(lines[0]); m != nil {
		addr = m[1]
	} else {
		t.Fatalf("first line %q\n%s", lines[0], r)
	}
	stop := `stopped: breakpoint 1: main\.fib at ` + q(src) + `:` + strconv.Itoa(funcLine) + ` \(pc ` + addr + `, thread \d+, goroutine 1\)`
	match(t, r, lines[1:5], stop, stop, stop,
		`Breakpoint 1 at `+addr+`: main\.fib `+q(src)+`:`+strconv.Itoa(funcLine)+` \(hits 3\)`)

	// regs: one a line, rip first and equal to the breakpoint's address.
	if lines[5] != "rip "+addr {
		t.Errorf("first register line %q, want rip %s\n%s", lines[5], addr, r)
	}
	var regs, list []string
	for _, l := range lines[5:] {
		if regexp.MustCompile(`^[a-z0-9_]+ 0x[0-9a-f]+( \[[A-Z ]*\])?$`).MatchString(l) {
			regs = append(regs, strings.Fields(l)[0])
		} else {
			list = append(list, l)
		}
	}
	for _, name := range []string{"rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r15", "eflags", "fs_base"} {
		if !contains(regs, name) {
			t.Errorf("register %s missing from %q", name, regs)
		}
	}
	// list: ten lines around the current one, which is marked.
	if len(list) != listSpan {
		t.Fatalf("list printed %d lines, want %d:\n%s", len(list), listSpan, r)
	}
	cur := fmt.Sprintf("=> %4d:\tfunc fib(n int) int {", funcLine)
	if !contains(list, cur) {
		t.Errorf("list has no %q:\n%s", cur, strings.Join(list, "\n"))
	}
}

func TestBatchCommandFileAndCounts(t *testing.T) {
	bin := fixture.Build(t, "fib")
	src := fixture.Source("fib", "main.go")
	sumLine := fixture.LineOf(t, "fib", "main.go", "sum += v")
	printLine := fixture.LineOf(t, "fib", "main.go", `fmt.Printf("fib(%d) = %d\n", i, v)`)
	file := filepath.Join(t.TempDir(), "cmds")
	script := fmt.Sprintf("# run to the loop, then step over two lines\n\nbreak main.go:%d\ncontinue\n", sumLine)
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	// -x runs first, whatever the order on the command line.
	r := runTDB(t, nil, "--batch", "-ex", "next 1", "-x", file, "exec", bin)
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: main\.main `+q(src)+`:`+strconv.Itoa(sumLine),
		`stopped: breakpoint 1: main\.main at `+q(src)+`:`+strconv.Itoa(sumLine)+` \(pc 0x[0-9a-f]+, thread \d+, goroutine 1\)`,
		`stopped: step: main\.main at `+q(src)+`:`+strconv.Itoa(printLine)+` \(pc 0x[0-9a-f]+, thread \d+, goroutine 1\)`,
	)
}

func TestBatchCProgram(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	bin := fixture.Build(t, "cprog")
	r := batch(t, bin, "break main", "continue", "bt 1", "goroutines")
	if r.Status != 1 {
		t.Errorf("goroutines in a C program should fail:\n%s", r)
	}
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: main /.*prog\.c:\d+`,
		`stopped: breakpoint 1: main at /.*prog\.c:\d+ \(pc 0x[0-9a-f]+, thread \d+\)`,
		`#0 0x[0-9a-f]+ main at /.*prog\.c:\d+`,
	)
	if !strings.Contains(r.Stderr, "error: no goroutine") {
		t.Errorf("no goroutine error:\n%s", r)
	}
}

func TestBatchBadInput(t *testing.T) {
	fib := fixture.Build(t, "fib")
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a program\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	elf32 := filepath.Join(dir, "elf32")
	writeELFHeader(t, elf32, 1, 3) // ELFCLASS32, EM_386
	arm := filepath.Join(dir, "arm64")
	writeELFHeader(t, arm, 2, 183) // ELFCLASS64, EM_AARCH64
	tests := []struct {
		name string
		args []string
		want string // a regexp one stderr line must match
	}{
		{"32-bit ELF", []string{"exec", elf32}, `^error: .*32-bit ELF .*x86-64`},
		{"ARM ELF", []string{"exec", arm}, `^error: .*AArch64.*x86-64`},
		{"missing file", []string{"exec", filepath.Join(dir, "nope")}, `^error: .*no such file or directory`},
		{"directory", []string{"exec", dir}, `^error: .*is a directory`},
		{"not ELF", []string{"exec", text}, `^error: .*not an ELF`},
		{"missing -x file", []string{"-x", filepath.Join(dir, "nope"), "exec", fib}, `^error: open .*nope: no such file or directory`},
		{"unknown command", []string{"-ex", "foo", "exec", fib}, `^error: unknown command "foo" \(try help\)$`},
		{"bad LOC form", []string{"-ex", "break main.go:1x", "exec", fib}, `^error: bad location "main.go:1x"`},
		{"no such FILE:FUNC", []string{"-ex", "break main.go:x", "exec", fib}, `^error: Function "x" not defined in "main.go"\.$`},
		{"no such function", []string{"-ex", "break nosuchfunc", "exec", fib}, `^error: .*nosuchfunc`},
		{"no such file", []string{"-ex", "break nosuch.go:3", "exec", fib}, `^error: .*nosuch\.go`},
		{"line past the end", []string{"-ex", "break main.go:999", "exec", fib},
			fmt.Sprintf(`^error: no line 999 in main\.go \(it has %d lines\)$`, lineCount(t, fixture.Source("fib", "main.go")))},
		{"broken package", []string{"debug", brokenPackage(t)}, `undefined: nothere`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runTDB(t, nil, append([]string{"--batch"}, tt.args...)...)
			if r.Status != 1 {
				t.Errorf("want status 1:\n%s", r)
			}
			if !regexp.MustCompile(`(?m)` + tt.want).MatchString(r.Stderr) {
				t.Errorf("stderr does not match %s:\n%s", tt.want, r)
			}
			if strings.Contains(r.Stderr, "panic") || strings.Contains(r.Stderr, "goroutine ") {
				t.Errorf("tdb panicked:\n%s", r)
			}
		})
	}

	// An unknown command does not stop the others.
	r := batch(t, fib, "foo", "break main.fib", "continue")
	if r.Status != 1 || len(r.TdbLines()) != 2 {
		t.Errorf("commands after an unknown one should run:\n%s", r)
	}
}

func TestBatchUsage(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"--help"}, 0, "Usage:"},
		{[]string{"-h"}, 0, "Usage:"},
		{[]string{"--version"}, 0, "tdb "},
		{[]string{"frobnicate"}, 2, `tdb: unknown subcommand "frobnicate"`},
		{[]string{"--nosuchflag"}, 2, "tdb: flag provided but not defined: -nosuchflag"},
		{[]string{"exec"}, 2, "tdb: tdb exec needs a BINARY"},
		{[]string{"attach", "x"}, 2, `tdb: bad pid "x"`},
		{[]string{"debug", "a", "b"}, 2, "tdb: debug takes one package"},
	}
	for _, tt := range tests {
		r := runTDB(t, nil, tt.args...)
		if r.Status != tt.status || !strings.Contains(r.Stdout+r.Stderr, tt.want) {
			t.Errorf("tdb %q: want status %d and %q:\n%s", tt.args, tt.status, tt.want, r)
		}
	}
}

func TestBatchDebugBuildsAndDemo(t *testing.T) {
	funcLine := fixture.LineOf(t, "fib", "main.go", "func fib(n int) int {")
	// tdb debug DIR: built with -N -l into a temporary directory.
	r := runTDB(t, nil, "--batch", "-ex", "break fib", "-ex", "continue", "debug", fixture.Dir("fib"))
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: main\.fib `+q(fixture.Source("fib", "main.go"))+`:`+strconv.Itoa(funcLine),
		`stopped: breakpoint 1: main\.fib at .*`,
	)

	// tdb with no subcommand: the embedded demo, built into the cache.
	cache := t.TempDir()
	r = runTDB(t, []string{"TDB_CACHE_DIR=" + cache}, "--batch", "-ex", "continue")
	if r.Status != 0 || !strings.Contains(r.Stdout, "tdb demo: bye") {
		t.Fatalf("the demo did not run to its end:\n%s", r)
	}
	match(t, r, r.TdbLines(), `exited: status 0`)
	srcs, _ := filepath.Glob(filepath.Join(cache, "demo-*", "main.go"))
	if len(srcs) != 1 {
		t.Fatalf("demo source not cached: %v", srcs)
	}
	line := fixture.LineOf(t, "demo", "main.go", "func fib(n int) int {")
	r = runTDB(t, []string{"TDB_CACHE_DIR=" + cache}, "--batch", "-ex", "break main.fib", "-ex", "continue")
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: main\.fib `+q(srcs[0])+`:`+strconv.Itoa(line),
		`stopped: breakpoint 1: main\.fib at `+q(srcs[0])+`:`+strconv.Itoa(line)+` .*`,
	)
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func lineCount(t *testing.T, path string) int {
	lines, err := (&Console{}).readSource(path)
	if err != nil {
		t.Fatal(err)
	}
	return len(lines)
}

// brokenPackage writes a main package that does not compile.
func brokenPackage(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() { nothere() }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "main.go")
}

// waitFile polls for a file the program writes when it finishes.
func waitFile(t *testing.T, path, want string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		b, err := os.ReadFile(path)
		if err == nil && string(b) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: got %q, %v; want %q", path, b, err, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestBatchDetachLeavesProgramRunning(t *testing.T) {
	bin := fixture.Build(t, "loop")
	marker := filepath.Join(t.TempDir(), "done")
	r := runTDB(t, nil, "--batch", "-ex", "break main.tick", "-ex", "continue", "-ex", "detach", "exec", bin, marker, "30")
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: main\.tick .*`,
		`stopped: breakpoint 1: main\.tick .*`,
		`detached from process \d+`,
	)
	// tdb has exited; the program runs on to its end, breakpoint gone.
	waitFile(t, marker, "done 30\n", 20*time.Second)
}

func TestBatchAttach(t *testing.T) {
	bin := fixture.Build(t, "loop")
	marker := filepath.Join(t.TempDir(), "done")
	// Held after its ticks until tdb is done: a program that ended before
	// a slow attach (a loaded machine) is a zombie no one can attach to.
	gate := fixture.NewGate(t)
	prog := exec.Command(bin, marker, "200")
	prog.Env = gate.Environ()
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer prog.Process.Kill()
	waited := make(chan error, 1)
	go func() { waited <- prog.Wait() }()

	r := runTDB(t, nil, "--batch", "-ex", "break main.tick", "-ex", "continue", "-ex", "detach", "attach", strconv.Itoa(prog.Process.Pid))
	if r.Status != 0 {
		if strings.Contains(r.Stderr, "Yama ptrace_scope") || strings.Contains(r.Stderr, "you may not trace") {
			t.Skipf("ptrace attach not permitted here:\n%s", r)
		}
		t.Fatalf("want status 0:\n%s", r)
	}
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: main\.tick .*`,
		`stopped: breakpoint 1: main\.tick .*`,
		`detached from process `+strconv.Itoa(prog.Process.Pid),
	)
	gate.Open(t)
	select {
	case err := <-waited:
		if err != nil {
			t.Fatalf("the program did not exit cleanly after detach: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the program did not finish after detach")
	}
	waitFile(t, marker, "done 200\n", time.Second)

	// A pid with no process.
	r = runTDB(t, nil, "--batch", "attach", "999999999")
	if r.Status != 1 || !strings.Contains(r.Stderr, "error: ") {
		t.Errorf("attach to no process:\n%s", r)
	}
}

func TestBatchTestSubcommand(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/tp\n\ngo 1.21\n",
		"p.go":   "package tp\n\nfunc Twice(x int) int { return 2 * x }\n",
		// The test passes only in its package's directory, as go test runs it.
		"p_test.go": "package tp\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\nfunc TestTwice(t *testing.T) {\n" +
			"\tif _, err := os.Stat(\"p.go\"); err != nil {\n\t\tt.Fatal(\"not in the package directory\")\n\t}\n" +
			"\tif Twice(2) != 4 {\n\t\tt.Fatal(\"wrong\")\n\t}\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runTDB(t, nil, "--batch", "-ex", "break Twice", "-ex", "continue", "-ex", "bt 2", "-ex", "continue", "test", dir, "--", "-test.v")
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	src, test := q(filepath.Join(dir, "p.go")), q(filepath.Join(dir, "p_test.go"))
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: example\.com/tp\.Twice `+src+`:3`,
		`stopped: breakpoint 1: example\.com/tp\.Twice at `+src+`:3 \(pc 0x[0-9a-f]+, thread \d+, goroutine \d+\)`,
		`#0 0x[0-9a-f]+ example\.com/tp\.Twice at `+src+`:3`,
		`#1 0x[0-9a-f]+ example\.com/tp\.TestTwice at `+test+`:\d+`,
		`exited: status 0`,
	)
	if !strings.Contains(r.Stdout, "--- PASS: TestTwice") {
		t.Errorf("the test's -test.v output is missing:\n%s", r)
	}
}

// mechanics on: each ptrace operation is a line, in order, before the
// result line of the command that caused it.
func TestBatchMechanics(t *testing.T) {
	bin := fixture.Build(t, "fib")
	r := batch(t, bin, "mechanics on", "break main.fib", "continue", "mechanics off", "continue")
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("want status 0 and no errors:\n%s", r)
	}
	lines := r.Without(`^fib\(\d+\) = \d+\r?$`)
	var addr string
	bpAt, stopAt, offAt := -1, -1, -1
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "Breakpoint 1 at "):
			bpAt = i
			addr = strings.TrimSuffix(strings.Fields(l)[3], ":")
		case strings.HasPrefix(l, "stopped: ") && stopAt < 0:
			stopAt = i
		case l == "mechanics off":
			offAt = i
		}
	}
	if bpAt < 1 || stopAt < bpAt || offAt != stopAt+1 || lines[0] != "mechanics on" {
		t.Fatalf("lines out of order:\n%s", r)
	}
	poke := regexp.MustCompile(`^ptrace POKEDATA tid \d+ ` + addr + `: [0-9a-f]{2} -> cc \(breakpoint 1\)$`)
	if !poke.MatchString(lines[bpAt-1]) {
		t.Errorf("the line before %q is %q, want the int3 being written", lines[bpAt], lines[bpAt-1])
	}
	ops := 0
	for _, l := range lines[bpAt+1 : stopAt] {
		if strings.HasPrefix(l, "ptrace ") || strings.HasPrefix(l, "wait4 ") {
			ops++
		}
	}
	if ops < 3 {
		t.Errorf("only %d mechanics lines for a continue:\n%s", ops, r)
	}
	for _, l := range lines[offAt+1:] {
		if strings.HasPrefix(l, "ptrace ") || strings.HasPrefix(l, "wait4 ") {
			t.Errorf("mechanics line after mechanics off: %q", l)
		}
	}
}

// writeELFHeader writes an executable that is nothing but an ELF header of
// the given class (1: 32-bit, 2: 64-bit) and machine.
func writeELFHeader(t *testing.T, path string, class byte, machine uint16) {
	t.Helper()
	h := make([]byte, 64)
	copy(h, "\x7fELF")
	h[4], h[5], h[6] = class, 1, 1 // class, little-endian, version 1
	h[16] = 2                      // ET_EXEC
	h[18], h[19] = byte(machine), byte(machine>>8)
	h[20] = 1 // e_version
	if err := os.WriteFile(path, h, 0o755); err != nil {
		t.Fatal(err)
	}
}

// A stripped binary runs, with a warning, and function breakpoints work
// from the Go pclntab.
func TestBatchStripped(t *testing.T) {
	bin := fixture.Build(t, "fib@stripped")
	r := batch(t, bin, "break main.fib", "continue")
	if r.Status != 0 {
		t.Fatalf("want status 0:\n%s", r)
	}
	if !regexp.MustCompile(`(?m)^warning: .*stripped`).MatchString(r.Stderr) {
		t.Errorf("no warning about the missing symbols:\n%s", r)
	}
	match(t, r, r.TdbLines(),
		`Breakpoint 1 at 0x[0-9a-f]+: main\.fib.*`,
		`stopped: breakpoint 1: main\.fib .*`,
	)
}
