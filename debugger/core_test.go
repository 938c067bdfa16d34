package debugger

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// Core files (issue 16) are checked against gdb on the same core: the
// backtrace's frames in the program, the threads and the current one,
// rip, and values. Cores come from the kernel, from gdb's gcore and from
// tdb's own dump; gdb must open tdb's too and agree.

// openCoreSession opens core of bin in the engine.
func openCoreSession(t *testing.T, bin, core string) *target {
	t.Helper()
	s, err := Start(Config{Path: bin, Core: core})
	if err != nil {
		t.Fatalf("opening core %s: %v", core, err)
	}
	return adoptSession(t, s)
}

// coreView is what a debugger says about a core: the frames in the
// program's source (function and line), the threads' ids and the current
// one, rip and some values.
type coreView struct {
	frames  []string // "fail:53"
	threads []int
	current int
	rip     uint64
	values  map[string]string
}

func (v coreView) String() string {
	return fmt.Sprintf("frames %v\nthreads %v (current %d)\nrip %#x\nvalues %q", v.frames, v.threads, v.current, v.rip, v.values)
}

// tdbCoreView asks the engine; exprs are evaluated in the innermost frame
// of function fn (the program's frame under libc's in an abort).
func tdbCoreView(t *testing.T, tg *target, srcFile, fn string, exprs []string) coreView {
	t.Helper()
	rep := tg.s.Do(CurrentState{})
	if rep.Err != nil || rep.State == nil {
		t.Fatalf("state: %v", rep.Err)
	}
	st := rep.State
	v := coreView{current: st.Thread, rip: st.PC, values: map[string]string{}}
	for _, th := range st.Threads {
		v.threads = append(v.threads, th.ID)
	}
	bt := tg.s.Do(Backtrace{})
	if bt.Err != nil {
		t.Fatalf("bt: %v", bt.Err)
	}
	frame := -1
	for _, f := range bt.Frames {
		if filepath.Base(f.File) == srcFile {
			v.frames = append(v.frames, fmt.Sprintf("%s:%d", f.Function, f.Line))
		}
		if f.Function == fn && frame < 0 {
			frame = f.Index
		}
	}
	for _, x := range exprs {
		r := tg.s.Do(Eval{Expr: x, Frame: frame})
		if r.Err != nil {
			v.values[x] = "error: " + r.Err.Error()
		} else if len(r.Values) == 1 {
			v.values[x] = r.Values[0].Value
		}
	}
	return v
}

var (
	gdbFrameRE  = regexp.MustCompile(`^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*\) at (\S+):(\d+)$`)
	gdbThreadRE = regexp.MustCompile(`^(\*)?\s+\d+\s+Thread 0x[0-9a-f]+ \(LWP (\d+)\)`)
	gdbValueRE  = regexp.MustCompile(`^\$\d+ = (.*)$`)
	gdbRipRE    = regexp.MustCompile(`^rip\s+0x([0-9a-f]+)`)
)

// gdbCoreView asks gdb the same questions about the core.
func gdbCoreView(t *testing.T, bin, core, srcFile, fn string, exprs []string) coreView {
	t.Helper()
	args := []string{"-batch", "-nx", "-ex", "set debuginfod enabled off", "-ex", "echo @bt\\n", "-ex", "bt",
		"-ex", "echo @threads\\n", "-ex", "info threads", "-ex", "echo @rip\\n", "-ex", "info registers rip",
		"-ex", "frame function " + fn}
	for _, x := range exprs {
		args = append(args, "-ex", "echo @value\\n", "-ex", "p "+x)
	}
	out, _ := exec.Command("gdb", append(args, bin, core)...).CombinedOutput()
	v := coreView{values: map[string]string{}}
	section, vi := "", 0
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "@") {
			section = line[1:]
			continue
		}
		switch section {
		case "bt":
			if m := gdbFrameRE.FindStringSubmatch(line); m != nil && filepath.Base(m[2]) == srcFile {
				v.frames = append(v.frames, m[1]+":"+m[3])
			}
		case "threads":
			if m := gdbThreadRE.FindStringSubmatch(line); m != nil {
				tid, _ := strconv.Atoi(m[2])
				v.threads = append(v.threads, tid)
				if m[1] == "*" {
					v.current = tid
				}
			}
		case "rip":
			if m := gdbRipRE.FindStringSubmatch(line); m != nil {
				v.rip, _ = strconv.ParseUint(m[1], 16, 64)
			}
		case "value":
			if m := gdbValueRE.FindStringSubmatch(line); m != nil && vi < len(exprs) {
				v.values[exprs[vi]] = m[1]
				vi++
			}
		}
	}
	slices.Sort(v.threads)
	if len(v.frames) == 0 {
		t.Fatalf("gdb showed no frame of %s:\n%s", srcFile, out)
	}
	return v
}

func needGdb(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("gdb"); err != nil {
		t.Skip("gdb is not installed")
	}
}

// compareWithGdb opens core in tdb and gdb and compares what they say.
func compareWithGdb(t *testing.T, bin, core, fn string, exprs []string) coreView {
	t.Helper()
	tg := openCoreSession(t, bin, core)
	got := tdbCoreView(t, tg, "prog.c", fn, exprs)
	want := gdbCoreView(t, bin, core, "prog.c", fn, exprs)
	if got.String() != want.String() {
		t.Errorf("tdb on %s:\n%s\ngdb:\n%s", filepath.Base(core), got, want)
	}
	return got
}

var ccoreValues = []string{"counter", "*p", "local", "depth", "origin", "ratio"}

// TestCoreKernelC: cores the kernel wrote of a threaded C program that
// died of SIGSEGV and of abort(), in a plain and a PIE build.
func TestCoreKernelC(t *testing.T) {
	needGdb(t)
	for _, c := range []struct{ prog, mode, sig string }{
		{"ccore", "segv", "SIGSEGV"},
		{"ccore", "abort", "SIGABRT"},
		{"ccore@pie", "segv", "SIGSEGV"},
	} {
		t.Run(c.prog+"/"+c.mode, func(t *testing.T) {
			bin := fixture.Build(t, c.prog)
			core := fixture.KernelCore(t, bin, nil, c.mode)
			v := compareWithGdb(t, bin, core, "fail", ccoreValues)
			if len(v.threads) != 3 || len(v.frames) != 5 {
				t.Errorf("want 3 threads and 5 frames in prog.c (4 of fail, main), got %v", v)
			}
			if want := "{x = 7, y = 8, name = 0x"; !strings.HasPrefix(v.values["*p"], want) {
				t.Errorf("*p = %s, want %s...", v.values["*p"], want)
			}
			tg := openCoreSession(t, bin, core)
			if st := tg.s.Do(CurrentState{}).State; st.Reason.String() != "signal "+c.sig {
				t.Errorf("reason %q, want signal %s", st.Reason, c.sig)
			}
		})
	}
}

// TestCoreCannotRun: what would run or change the program is refused,
// each with one clear error, and reading goes on.
func TestCoreCannotRun(t *testing.T) {
	bin := fixture.Build(t, "ccore")
	core := fixture.KernelCore(t, bin, nil, "segv")
	tg := openCoreSession(t, bin, core)
	for _, r := range []Request{Continue{}, Next{}, Step{}, StepOut{}, StepInstruction{}, RunToMain{},
		Restart{}, Kill{}, Detach{}, SetBreakpoint{Loc: mustLoc("main")}, SetWatchpoint{Expr: "counter", Kind: WatchWrite}} {
		if err := tg.s.Do(r).Err; !errors.Is(err, ErrCoreCannotRun) {
			t.Errorf("%T: %v, want %v", r, err, ErrCoreCannotRun)
		}
	}
	if err := tg.s.Do(SetVar{Expr: "counter", Value: "1", Frame: SelectedFrame}).Err; !errors.Is(err, ErrCoreReadOnly) {
		t.Errorf("SetVar: %v, want %v", err, ErrCoreReadOnly)
	}
	if err := tg.s.Do(DumpCore{Path: filepath.Join(t.TempDir(), "again")}).Err; err == nil {
		t.Errorf("DumpCore of a core: no error")
	}
	r := tg.s.Do(Eval{Expr: "counter", Frame: SelectedFrame})
	if r.Err != nil || len(r.Values) != 1 || r.Values[0].Value != "43" {
		t.Errorf("counter after the refusals: %+v %v, want 43", r.Values, r.Err)
	}
}

// TestCoreGcore: a core gdb's gcore wrote of the program stopped at a
// breakpoint (gdb records the SIGTRAP it stopped with).
func TestCoreGcore(t *testing.T) {
	needGdb(t)
	bin := fixture.Build(t, "ccore")
	core := fixture.Gcore(t, bin, "prog.c:47", "wait")
	v := compareWithGdb(t, bin, core, "fail", ccoreValues)
	if len(v.frames) == 0 || v.frames[0] != "fail:47" {
		t.Errorf("frames %v, want fail:47 first", v.frames)
	}
}

// TestCoreDump: tdb's dump of a program stopped at a breakpoint opens in
// tdb and gdb alike, they agree, the values are the live ones, and the
// code under the breakpoint is the program's, not tdb's 0xCC.
func TestCoreDump(t *testing.T) {
	needGdb(t)
	bin := fixture.Build(t, "ccore")
	live := launch(t, "ccore", "wait")
	rep := live.s.Do(SetBreakpoint{Loc: mustLoc("prog.c:47")})
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	bpAddr := rep.Breakpoints[0].Addrs[0]
	if rep := live.s.Do(Continue{}); rep.Err != nil || rep.State == nil || rep.State.Line != 47 {
		t.Fatalf("continue: %v %+v", rep.Err, rep.State)
	}
	liveView := tdbCoreView(t, live, "prog.c", "fail", ccoreValues)
	core := filepath.Join(t.TempDir(), "dump.core")
	if rep := live.s.Do(DumpCore{Path: core}); rep.Err != nil || len(rep.Notes) != 1 || rep.Notes[0] != "Saved corefile "+core {
		t.Fatalf("dump: %v %q", rep.Err, rep.Notes)
	}
	v := compareWithGdb(t, bin, core, "fail", ccoreValues)
	if v.String() != liveView.String() {
		t.Errorf("the dump says:\n%s\nthe live program said:\n%s", v, liveView)
	}
	tg := openCoreSession(t, bin, core)
	m := tg.s.Do(ReadMemory{Addr: bpAddr, Len: 1})
	if m.Err != nil || m.Memory[0] == 0xcc {
		t.Errorf("the dump's byte at the breakpoint %#x: % x %v, want the program's", bpAddr, m.Memory, m.Err)
	}
	out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", fmt.Sprintf("x/1xb %#x", bpAddr), bin, core).CombinedOutput()
	if strings.Contains(string(out), "0xcc") || !strings.Contains(string(out), fmt.Sprintf("%#x", bpAddr)) {
		t.Errorf("gdb reads the dump's breakpoint byte as:\n%s", out)
	}
}

// TestCoreGoKernel: a Go program that died with GOTRACEBACK=crash: the
// runtime aborts after its traceback and the kernel writes the core.
// tdb's goroutines, stack and values are Delve's on the same core.
func TestCoreGoKernel(t *testing.T) {
	bin := fixture.Build(t, "gocore")
	core := fixture.KernelCore(t, bin, []string{"GOTRACEBACK=crash"})
	tg := openCoreSession(t, bin, core)
	got := tdbGoView(t, tg)
	if want := "main.crash:45 main.crash:36 main.crash:36 main.crash:36 main.main:58"; got.frames != want {
		t.Errorf("goroutine 1's frames in main: %s, want %s", got.frames, want)
	}
	if got.values != "43 main.point {X: 3, Y: 4, Name: \"origin\"}" {
		t.Errorf("values: %s", got.values)
	}
	if st := tg.s.Do(CurrentState{}).State; st.Reason.String() != "signal SIGABRT" {
		t.Errorf("reason %q, want signal SIGABRT", st.Reason)
	}
	if want := dlvGoView(t, bin, core); want != nil && got.String() != want.String() {
		t.Errorf("tdb:\n%s\nDelve:\n%s", got, want)
	}
}

// TestCoreGoDump: tdb's dump of a Go program opens in Delve, which agrees.
func TestCoreGoDump(t *testing.T) {
	bin := fixture.Build(t, "gocore")
	live := launch(t, "gocore", "wait")
	if rep := live.s.Do(SetBreakpoint{Loc: mustLoc("main.go:39")}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	if rep := live.s.Do(Continue{}); rep.Err != nil || rep.State == nil || rep.State.Line != 39 {
		t.Fatalf("continue: %v %+v", rep.Err, rep.State)
	}
	liveView := tdbGoView(t, live)
	core := filepath.Join(t.TempDir(), "dump.core")
	if rep := live.s.Do(DumpCore{Path: core}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	got := tdbGoView(t, openCoreSession(t, bin, core))
	if got.String() != liveView.String() {
		t.Errorf("the dump says:\n%s\nthe live program said:\n%s", got, liveView)
	}
	if want := dlvGoView(t, bin, core); want != nil && got.String() != want.String() {
		t.Errorf("tdb:\n%s\nDelve:\n%s", got, want)
	}
}

// goView: goroutine 1's frames in package main, the threads, the user
// goroutines parked in main.waiter, and two globals.
type goView struct {
	frames, threads, waiters, values string
}

func (v goView) String() string {
	return fmt.Sprintf("frames %s\nthreads %s\nwaiters %s\nvalues %s", v.frames, v.threads, v.waiters, v.values)
}

func tdbGoView(t *testing.T, tg *target) goView {
	t.Helper()
	var v goView
	if rep := tg.s.Do(SwitchGoroutine{ID: 1}); rep.Err != nil {
		t.Fatalf("goroutine 1: %v", rep.Err)
	}
	bt := tg.s.Do(Backtrace{})
	var fs []string
	for _, f := range bt.Frames {
		if strings.HasPrefix(f.Function, "main.") {
			fs = append(fs, fmt.Sprintf("%s:%d", f.Function, f.Line))
		}
	}
	v.frames = strings.Join(fs, " ")
	st := tg.s.Do(CurrentState{}).State
	var ts []string
	for _, th := range st.Threads {
		ts = append(ts, fmt.Sprintf("%d@%#x", th.ID, th.PC))
	}
	v.threads = strings.Join(ts, " ")
	var ws []string
	for _, g := range tg.s.Do(ListGoroutines{}).Goroutines {
		if g.User.Function == "main.waiter" {
			ws = append(ws, fmt.Sprintf("%d:%d", g.ID, g.User.Line))
		}
	}
	v.waiters = strings.Join(ws, " ")
	var vals []string
	for _, x := range []string{"main.counter", "main.origin"} {
		r := tg.s.Do(Eval{Expr: x, Frame: SelectedFrame})
		if r.Err != nil {
			vals = append(vals, "error: "+r.Err.Error())
		} else {
			vals = append(vals, r.Values[0].Value)
		}
	}
	v.values = strings.Join(vals, " ")
	return v
}

var (
	dlvFrameRE   = regexp.MustCompile(`^\s*\d+\s+0x[0-9a-f]+ in (\S+)\n\s+at \S+:(\d+)`)
	dlvThreadRE  = regexp.MustCompile(`^[* ] Thread (\d+) at (0x[0-9a-f]+)`)
	dlvWaiterRE  = regexp.MustCompile(`Goroutine (\d+) - User: \S+:(\d+) main\.waiter `)
	dlvPromptRE  = regexp.MustCompile(`\(dlv\) `)
	dlvEscapesRE = regexp.MustCompile("\x1b\\[[0-9;]*m")
)

// dlvGoView asks Delve (dlv core) the same questions; nil without dlv.
func dlvGoView(t *testing.T, bin, core string) *goView {
	t.Helper()
	dlv, err := exec.LookPath("dlv")
	if err != nil {
		if home, herr := os.UserHomeDir(); herr == nil {
			dlv = filepath.Join(home, "go", "bin", "dlv")
		}
		if _, err := os.Stat(dlv); err != nil {
			t.Log("Delve is not installed: not compared")
			return nil
		}
	}
	cmd := exec.Command(dlv, "core", bin, core, "--allow-non-terminal-interactive=true")
	cmd.Stdin = strings.NewReader("goroutine 1\nbt\nthreads\ngoroutines\nprint main.counter\nprint main.origin\nexit\n")
	cmd.Env = append(os.Environ(), "TERM=dumb")
	b, _ := cmd.CombinedOutput()
	out := dlvEscapesRE.ReplaceAllString(string(b), "")
	// One answer a prompt: [0] the banner, [1] goroutine 1, [2] bt, ...
	parts := dlvPromptRE.Split(out, -1)
	if len(parts) < 7 {
		t.Fatalf("dlv core said:\n%s", out)
	}
	var v goView
	var fs, ts, ws []string
	for _, m := range regexp.MustCompile(`(?m)^\s*\d+\s+0x[0-9a-f]+ in \S+\n\s+at \S+:\d+`).FindAllString(parts[2], -1) {
		if f := dlvFrameRE.FindStringSubmatch(m); f != nil && strings.HasPrefix(f[1], "main.") {
			fs = append(fs, f[1]+":"+f[2])
		}
	}
	for _, line := range strings.Split(parts[3], "\n") {
		if m := dlvThreadRE.FindStringSubmatch(line); m != nil {
			pc, _ := strconv.ParseUint(m[2], 0, 64)
			ts = append(ts, fmt.Sprintf("%s@%#x", m[1], pc))
		}
	}
	for _, m := range dlvWaiterRE.FindAllStringSubmatch(parts[4], -1) {
		ws = append(ws, m[1]+":"+m[2])
	}
	v.frames, v.threads, v.waiters = strings.Join(fs, " "), strings.Join(ts, " "), strings.Join(ws, " ")
	v.values = strings.TrimSpace(parts[5]) + " " + strings.TrimSpace(parts[6])
	return &v
}

// TestCoreWithoutFileNote: a core with no NT_FILE note (older gcores)
// still reads the program's code, from BINARY's own segments.
func TestCoreWithoutFileNote(t *testing.T) {
	bin := fixture.Build(t, "ccore@pie")
	core := fixture.KernelCore(t, bin, nil, "segv")
	b, err := os.ReadFile(core)
	if err != nil {
		t.Fatal(err)
	}
	// The note's header: namesz 5, descsz, type NT_FILE, "CORE".
	i := strings.Index(string(b), "\x45\x4c\x49\x46CORE\x00")
	if i < 0 {
		t.Fatal("no NT_FILE note in the kernel's core")
	}
	b[i], b[i+1], b[i+2], b[i+3] = 0x7f, 0x7f, 0x7f, 0x7f // a type nobody knows
	stripped := filepath.Join(t.TempDir(), "nofile.core")
	if err := os.WriteFile(stripped, b, 0o600); err != nil {
		t.Fatal(err)
	}
	read := func(path string) ([]byte, uint64) {
		tg := openCoreSession(t, bin, path)
		pc := tg.s.Do(CurrentState{}).State.PC
		m := tg.s.Do(ReadMemory{Addr: pc, Len: 32})
		if m.Err != nil {
			t.Fatalf("%s: reading the code at %#x: %v", filepath.Base(path), pc, m.Err)
		}
		return m.Memory, pc
	}
	want, pc := read(core)
	got, pc2 := read(stripped)
	if pc != pc2 || string(got) != string(want) {
		t.Errorf("without NT_FILE: % x at %#x, want % x at %#x", got, pc2, want, pc)
	}
}

// TestCoreDamaged: cut short or with its notes scribbled on, a core gives
// an error or reads what it can; it never panics.
func TestCoreDamaged(t *testing.T) {
	bin := fixture.Build(t, "ccore")
	core := fixture.KernelCore(t, bin, nil, "segv")
	orig, err := os.ReadFile(core)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	try := func(name string, b []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := openCore(p, bin)
		if err != nil {
			return
		}
		defer c.close()
		buf := make([]byte, 64)
		for _, th := range c.threads {
			c.readAt(th.regs.Rip, buf)
			c.readAt(th.regs.Rsp, buf)
		}
		c.matches()
	}
	for _, n := range []int{0, 16, 64, 200, 1000, 3000, 5000, 1 << 16} {
		try(fmt.Sprintf("cut%d", n), orig[:min(n, len(orig))])
	}
	// Scribble on the notes (the first few KB) in many places.
	for seed := 0; seed < 30; seed++ {
		b := slices.Clone(orig)
		x := uint32(seed*2654435761 + 1)
		for k := 0; k < 8; k++ {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			b[64+int(x%6000)] = byte(x >> 8)
		}
		try(fmt.Sprintf("scribbled%d", seed), b)
	}
}

// TestCoreGoGcore: gdb's gcore of a Go program at a breakpoint; tdb's
// goroutines, stack and values are Delve's on it.
func TestCoreGoGcore(t *testing.T) {
	bin := fixture.Build(t, "gocore")
	core := fixture.Gcore(t, bin, "main.go:39", "wait")
	got := tdbGoView(t, openCoreSession(t, bin, core))
	if want := "main.crash:39 main.crash:36 main.crash:36 main.crash:36 main.main:58"; got.frames != want {
		t.Errorf("goroutine 1's frames in main: %s, want %s", got.frames, want)
	}
	if strings.Count(got.waiters, ":29") != 4 {
		t.Errorf("want 4 goroutines waiting at main.go:29, got %s", got.waiters)
	}
	if want := dlvGoView(t, bin, core); want != nil && got.String() != want.String() {
		t.Errorf("tdb:\n%s\nDelve:\n%s", got, want)
	}
}

// TestCoreDumpRegisterArgs: at a Go function's breakpoint its arguments
// are still in registers, a float in xmm0: the dump's NT_FPREGSET must
// carry it, and the core session read it from there.
func TestCoreDumpRegisterArgs(t *testing.T) {
	tg := launch(t, "values")
	tg.brk("main.inspect")
	tg.stop(Continue{})
	core := filepath.Join(t.TempDir(), "values.core")
	if rep := tg.s.Do(DumpCore{Path: core}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	live := valueMap(tg.do(Args{Frame: 0}).Values)
	c := openCoreSession(t, fixture.Build(t, "values"), core)
	got := valueMap(c.s.Do(Args{Frame: 0}).Values)
	for name, want := range map[string]string{
		"n": "5", "s": `"hello"`, "p": `*main.point {X: 1, Y: 2, Name: "arg"}`, "f": "1.25",
	} {
		if got[name] != want || live[name] != want {
			t.Errorf("arg %s: %s in the core, %s live, want %s", name, got[name], live[name], want)
		}
	}
}

// TestCoreDlopenRelative: a library dlopen loaded by a relative name
// ("./libsolibfoo.so") is found in a core by the path its NT_FILE note
// gives, so its frames have their names and lines.
func TestCoreDlopenRelative(t *testing.T) {
	dir := t.TempDir()
	so := filepath.Join(dir, "libsolibfoo.so")
	if out, err := exec.Command("gcc", "-shared", "-fPIC", "-g", "-O0", "-o", so, fixture.Source("solib", "lib/lib.c")).CombinedOutput(); err != nil {
		t.Skipf("building the library: %v\n%s", err, out)
	}
	bin := fixture.Build(t, "solib")
	s, err := Start(Config{Path: bin, Args: []string{"./libsolibfoo.so"}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	live := adoptSession(t, s)
	if rep := live.s.Do(SetBreakpoint{Loc: mustLoc("solib_foo"), Pending: true}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	if st := live.stop(Continue{}); st.Function != "solib_foo" {
		t.Fatalf("stopped in %s, want solib_foo", st.Function)
	}
	core := filepath.Join(dir, "solib.core")
	if rep := live.s.Do(DumpCore{Path: core}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	want := live.do(Backtrace{}).Frames
	got := openCoreSession(t, bin, core).do(Backtrace{}).Frames
	line := fixture.LineOf(t, "solib", "lib/lib.c", "int y = x * 2")
	if len(got) != len(want) || len(got) == 0 || got[0].Function != "solib_foo" || got[0].Line != line {
		t.Errorf("the core's backtrace: %+v\nlive: %+v", got, want)
	}
}

// TestCoreDumpAtSignal: a dump of a program stopped by a fault records
// the signal as the kernel does, in every thread's NT_PRSTATUS: tdb's
// core session and gdb both say the program died of it.
func TestCoreDumpAtSignal(t *testing.T) {
	needGdb(t)
	bin := fixture.Build(t, "ccore")
	live := launch(t, "ccore", "segv")
	if st := live.stop(Continue{}); st.Reason.String() != "signal SIGSEGV" {
		t.Fatalf("stopped for %s, want signal SIGSEGV", st.Reason)
	}
	core := filepath.Join(t.TempDir(), "segv.core")
	if rep := live.s.Do(DumpCore{Path: core}); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	if st := openCoreSession(t, bin, core).s.Do(CurrentState{}).State; st.Reason.String() != "signal SIGSEGV" || st.Line != 53 {
		t.Errorf("the core: %s at line %d, want signal SIGSEGV at 53", st.Reason, st.Line)
	}
	out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", "set debuginfod enabled off", bin, core).CombinedOutput()
	if !strings.Contains(string(out), "Program terminated with signal SIGSEGV") {
		t.Errorf("gdb on the dump:\n%s", out)
	}
}
