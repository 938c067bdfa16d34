//go:build compare

package main

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The machinery of the peer comparison: building the workloads and the
// debuggers, running one debugger invocation and measuring it.

// delveVersion (conformance_test.go) is the Delve the comparison installs
// when none is found.

// outcome is one finished debugger invocation.
type outcome struct {
	wall   time.Duration
	maxRSS int64         // bytes: the peak of the debugger and the children it reaped
	cpu    time.Duration // user and system time of the debugger and the children it reaped
	out    string
	status int
}

// invoke runs a debugger with stdin closed and both output streams
// captured together, as a user's terminal would show them.
func invoke(t *testing.T, env []string, name string, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	start := time.Now()
	err := cmd.Run()
	r := outcome{wall: time.Since(start), out: buf.String()}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", name, err)
	}
	r.status = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss * 1024 // Linux reports kilobytes
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if ctx.Err() != nil {
		t.Fatalf("%s timed out; output ends:\n%s", name, tail(r.out, 20))
	}
	return r
}

// tail returns the last n lines of s, for failure messages.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// median of the durations (the upper one of the middle two).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func medianInt(vs []int64) int64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	return s[len(s)/2]
}

// buildTdb builds tdb from this tree, so the comparison measures the code
// under test and not an installed copy; TDB_COMPARE_TDB names a tdb binary
// to measure instead (an older build, to compare two versions).
func buildTdb(t *testing.T, dir string) string {
	t.Helper()
	if p := os.Getenv("TDB_COMPARE_TDB"); p != "" {
		return p
	}
	out := filepath.Join(dir, "tdb")
	if b, err := exec.Command("go", "build", "-o", out, ".").CombinedOutput(); err != nil {
		t.Fatalf("building tdb: %v\n%s", err, b)
	}
	return out
}

// buildWorkload builds a testdata program as users debug them.
func buildWorkload(t *testing.T, dir, pkg string) string {
	t.Helper()
	out := filepath.Join(dir, filepath.Base(pkg))
	if b, err := exec.Command("go", "build", "-gcflags=all=-N -l", "-o", out, "./"+pkg).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", pkg, err, b)
	}
	return out
}

// cacheDir is where slow-to-build inputs are kept between runs: the same
// place as source's BenchmarkOpenCmdGo, so both build cmd/go once.
func cacheDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TDB_CACHE_DIR")
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(c, "tdb")
	}
	dir = filepath.Join(dir, "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// goCmd returns Go's own cmd/go built with -N -l (about 22 MB): the big
// binary of the start-up row. It is built once per Go version.
func goCmd(t *testing.T) string {
	t.Helper()
	path := filepath.Join(cacheDir(t), "gocmd-"+runtime.Version())
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	if b, err := exec.Command("go", "build", "-gcflags=all=-N -l", "-o", tmp, "cmd/go").CombinedOutput(); err != nil {
		t.Fatalf("building cmd/go: %v\n%s", err, b)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// findDelve returns dlv from PATH or GOPATH/bin, installing it with
// `go install` when it is in neither.
func findDelve(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("dlv"); err == nil {
		return p
	}
	gobin, _ := exec.Command("go", "env", "GOBIN").Output()
	bin := strings.TrimSpace(string(gobin))
	if bin == "" {
		gopath, err := exec.Command("go", "env", "GOPATH").Output()
		if err != nil {
			t.Fatal(err)
		}
		bin = filepath.Join(strings.Split(strings.TrimSpace(string(gopath)), string(os.PathListSeparator))[0], "bin")
	}
	p := filepath.Join(bin, "dlv")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	t.Logf("installing Delve %s", delveVersion)
	if b, err := exec.Command("go", "install", "github.com/go-delve/delve/cmd/dlv@"+delveVersion).CombinedOutput(); err != nil {
		t.Fatalf("installing Delve: %v\n%s", err, b)
	}
	return p
}

// symbolAddr returns the address of a symbol in an ELF binary (a global
// the stepping rows read back to check where each debugger got to).
func symbolAddr(t *testing.T, path, name string) uint64 {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range syms {
		if s.Name == name {
			return s.Value
		}
	}
	t.Fatalf("%s: no symbol %s", path, name)
	return 0
}

// lineOf returns the number of the first line of file containing text.
func lineOf(t *testing.T, file, text string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line contains %q", file, text)
	return 0
}

// script writes a debugger command file, one command a line.
func script(t *testing.T, dir, name string, cmds []string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(cmds, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// commas formats n with thousands separators.
func commas(n float64) string {
	s := fmt.Sprintf("%.0f", n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func medianFloat(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	return s[len(s)/2]
}

// buildCeiling builds the bare ptrace tracer, or returns "" without gcc
// (the ceiling column is then left empty).
func buildCeiling(t *testing.T, dir string) string {
	t.Helper()
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Log("no gcc: no ptrace ceiling column")
		return ""
	}
	out := filepath.Join(dir, "ceiling")
	if b, err := exec.Command("gcc", "-O2", "-o", out, "testdata/bench/ceiling/ceiling.c").CombinedOutput(); err != nil {
		t.Fatalf("building the ceiling tracer: %v\n%s", err, b)
	}
	return out
}

// ceilingRate runs the bare tracer: "MODE N RATE/s".
func (c *comparison) ceilingRate(mode string, n int) (float64, error) {
	out, err := exec.Command(c.ceiling, mode, strconv.Itoa(n)).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, out)
	}
	f := strings.Fields(string(out))
	if len(f) != 3 || f[0] != mode {
		return 0, fmt.Errorf("unexpected output %q", out)
	}
	return strconv.ParseFloat(strings.TrimSuffix(f[2], "/s"), 64)
}
