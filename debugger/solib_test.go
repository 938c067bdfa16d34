package debugger

import (
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// The loaded libraries as gdb sees them: a backtrace from a qsort
// callback through libc to main, a breakpoint on a function of a library
// dlopen loads later, and `info sharedlibrary`.
func TestSharedLibraries(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	so := filepath.Join(t.TempDir(), "libsolibfoo.so")
	if out, err := exec.Command("gcc", "-shared", "-fPIC", "-g", "-O0", "-o", so, fixture.Source("solib", "lib/lib.c")).CombinedOutput(); err != nil {
		t.Fatalf("building the library: %v\n%s", err, out)
	}
	tg := launch(t, "solib", so)
	// Asked for explicitly (break -pending): dlopen loads the library,
	// so nothing the program names in DT_NEEDED defines solib_foo.
	if r := tg.s.Do(SetBreakpoint{Loc: mustLoc("solib_foo")}); r.Err == nil || !strings.Contains(r.Err.Error(), "break -pending solib_foo") {
		t.Fatalf("break solib_foo without -pending: %v %q, want an error that says break -pending", r.Err, r.Notes)
	}
	rep := tg.s.Do(SetBreakpoint{Loc: mustLoc("solib_foo"), Pending: true})
	if rep.Err != nil || len(rep.Notes) != 1 || rep.Notes[0] != "Breakpoint 1 pending: solib_foo (no library loaded defines it yet)" {
		t.Fatalf("break solib_foo before the library is loaded: %v %q", rep.Err, rep.Notes)
	}
	// A typo is an error, as in gdb -batch (Function "mian" not
	// defined.); a function of libc, not loaded yet at entry, is kept.
	if r := tg.s.Do(SetBreakpoint{Loc: mustLoc("mian")}); r.Err == nil {
		t.Fatalf("break mian: no error")
	}
	if r := tg.s.Do(SetBreakpoint{Loc: mustLoc("puts")}); r.Err != nil || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "pending: puts") {
		t.Fatalf("break puts at entry: %v %q, want it pending", r.Err, r.Notes)
	}
	tg.do(ClearBreakpoint{ID: 2})
	cmpBP := tg.brk("cmp")
	tg.stop(Continue{})
	var got []uint64
	var names []string
	for _, f := range tg.do(Backtrace{}).Frames {
		got = append(got, f.PC)
		names = append(names, f.Function)
	}
	libsAtCmp := tg.do(ListSharedLibraries{}).Notes
	if len(names) < 4 || names[len(names)-1] != "main" || !strings.HasPrefix(names[1], "msort_with_tmp") && names[1] != "" {
		t.Fatalf("backtrace from cmp: %q", names)
	}
	tg.do(ClearBreakpoint{ID: cmpBP.ID})
	st := tg.stop(Continue{})
	if st.Function != "solib_foo" || st.Line != fixture.LineOf(t, "solib", "lib/lib.c", "int y = x * 2") {
		t.Fatalf("pending breakpoint: stopped in %s at line %d", st.Function, st.Line)
	}
	bt := tg.do(Backtrace{}).Frames
	if len(bt) != 2 || bt[1].Function != "main" {
		t.Fatalf("backtrace from solib_foo: %+v", bt)
	}
	libs := tg.do(ListSharedLibraries{}).Notes
	// dlclose and dlopen again: the breakpoint is placed in the library
	// loaded anew, and nothing is written where the old one was.
	if st := tg.stop(Continue{}); st.Function != "solib_foo" || st.Breakpoints[0].HitCount != 2 {
		t.Fatalf("after dlclose and dlopen: stopped in %s, hits %d", st.Function, st.Breakpoints[0].HitCount)
	}
	if rep := tg.do(Continue{}); rep.Exited == nil || rep.Exited.Status != 0 {
		t.Errorf("the program did not end well: %+v", rep.Exited)
	}
	if !strings.HasSuffix(libs[len(libs)-1], so) && !strings.Contains(strings.Join(libs, "\n"), "Yes         "+so) {
		t.Errorf("info sharedlibrary does not list %s:\n%s", so, strings.Join(libs, "\n"))
	}

	if _, err := exec.LookPath("gdb"); err != nil {
		return
	}
	// gdb: the same return addresses, relative to libc's .text (ASLR
	// moves libc in tdb's run, gdb turns it off), and the same libraries.
	out, err := exec.Command("gdb", "-batch", "-nx", "-ex", "set breakpoint pending on",
		"-ex", "break cmp", "-ex", "run", "-ex", "bt", "-ex", "info sharedlibrary",
		"-ex", "delete", "-ex", "break solib_foo", "-ex", "continue", "-ex", "info sharedlibrary",
		"--args", fixture.Build(t, "solib"), so).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	text := string(out)
	gdbLibs := regexp.MustCompile(`(?m)^0x[0-9a-f]+  0x[0-9a-f]+  .*$`).FindAllString(text, -1)
	ours := libLines(libsAtCmp)
	if len(gdbLibs) < len(ours) {
		t.Fatalf("gdb's libraries:\n%s", text)
	}
	gdbBase := libcBase(gdbLibs[:len(ours)])
	tdbBase := libcBase(ours)
	var gdbPCs []uint64
	for _, m := range regexp.MustCompile(`(?m)^#\d+\s+(0x[0-9a-f]+) in (\S+)`).FindAllStringSubmatch(text, -1) {
		pc, _ := strconv.ParseUint(m[1], 0, 64)
		gdbPCs = append(gdbPCs, pc)
	}
	var want, have []string
	// Libraries are mapped below the stack, at 0x7e... to 0x7f... with
	// ASLR's up to 1 TiB of randomness (a run put libc at 0x7effd9...);
	// a PIE executable sits at 0x55... or 0x56...: above 0x6000_0000_0000
	// is a library.
	rel := func(pc, base uint64) string {
		if pc >= 0x600000000000 {
			return "libc+" + strconv.FormatUint(pc-base, 16)
		}
		return strconv.FormatUint(pc, 16)
	}
	for _, pc := range gdbPCs {
		want = append(want, rel(pc, gdbBase))
	}
	for _, pc := range got[1:] {
		have = append(have, rel(pc, tdbBase))
	}
	if strings.Join(have, " ") != strings.Join(want, " ") {
		t.Errorf("return addresses from cmp: tdb %v, gdb %v\n%s", have, want, text)
	}
	t.Logf("return addresses: tdb %v, gdb %v", have, want)
	// The libraries after dlopen: same paths, same Syms Read, same order.
	final := libLines(libs)
	gdbFinal := gdbLibs[len(gdbLibs)-len(final):]
	for i := range final {
		if cols(final[i]) != cols(gdbFinal[i]) {
			t.Errorf("info sharedlibrary line %d: tdb %q, gdb %q", i, final[i], gdbFinal[i])
		}
	}
}

func libLines(notes []string) []string {
	var out []string
	for _, n := range notes {
		if strings.HasPrefix(n, "0x") {
			out = append(out, n)
		}
	}
	return out
}

// cols drops the addresses of an `info sharedlibrary` line.
func cols(line string) string {
	f := strings.Fields(line)
	return strings.Join(f[2:], " ")
}

func libcBase(lines []string) uint64 {
	for _, l := range lines {
		if strings.Contains(l, "libc.so") {
			v, _ := strconv.ParseUint(strings.Fields(l)[0], 0, 64)
			return v
		}
	}
	return 0
}

// TestAttachAsleepInLibc: attached while the program sleeps in usleep, the
// backtrace goes through libc's nanosleep to main, as gdb's does on the
// same process.
func TestAttachAsleepInLibc(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	cmd := exec.Command(fixture.Build(t, "csleep"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	buf := make([]byte, 6)
	if _, err := io.ReadFull(out, buf); err != nil || string(buf) != "ready\n" {
		t.Fatalf("program output %q: %v", buf, err)
	}
	pid := cmd.Process.Pid
	// Asleep in the kernel: the state the kernel reports, polled (the
	// program has nothing left to do but enter nanosleep).
	for !strings.HasPrefix(procStatusField(pid, "State:"), "S") {
		runtime.Gosched()
	}
	var gdbPCs []string
	if _, err := exec.LookPath("gdb"); err == nil {
		g, err := exec.Command("gdb", "-batch", "-nx", "-p", strconv.Itoa(pid), "-ex", "bt").CombinedOutput()
		if err != nil {
			t.Fatalf("gdb: %v\n%s", err, g)
		}
		for _, m := range regexp.MustCompile(`(?m)^#\d+\s+(0x[0-9a-f]+) in `).FindAllStringSubmatch(string(g), -1) {
			v, _ := strconv.ParseUint(m[1], 0, 64)
			gdbPCs = append(gdbPCs, fmt.Sprintf("%#x", v))
		}
		if len(gdbPCs) == 0 {
			t.Fatalf("no frames in gdb's bt:\n%s", g)
		}
	}
	s := attachTo(t, pid)
	rep := s.Do(Backtrace{})
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	var names, pcs []string
	for _, f := range rep.Frames {
		names = append(names, f.Function)
		pcs = append(pcs, fmt.Sprintf("%#x", f.PC))
	}
	if len(names) < 4 || names[len(names)-1] != "main" || names[len(names)-2] != "nap" || names[len(names)-3] != "usleep" {
		t.Fatalf("backtrace: %q", names)
	}
	// gdb prints the pc of frame 0 without "in": compare the callers.
	if gdbPCs != nil && strings.Join(pcs[1:], " ") != strings.Join(gdbPCs, " ") {
		t.Errorf("return addresses: tdb %v, gdb %v", pcs[1:], gdbPCs)
	}
}
