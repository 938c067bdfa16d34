package debugger

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// buildCsolib builds testdata/csolib's library and the program linked
// with it, as its source says.
func buildCsolib(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	src := fixture.Dir("csolib")
	for _, args := range [][]string{
		{"-shared", "-fPIC", "-g", "-O0", "-o", filepath.Join(dir, "libclib.so"), filepath.Join(src, "lib", "clib.c")},
		{"-g", "-O0", "-o", filepath.Join(dir, "csolib"), filepath.Join(src, "main.c"), "-L" + dir, "-lclib", "-Wl,-rpath," + dir},
	} {
		if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			t.Fatalf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return filepath.Join(dir, "csolib")
}

func launchPath(t *testing.T, bin string) *target {
	t.Helper()
	s, err := Start(Config{Path: bin})
	if err != nil {
		t.Fatalf("Start(%s): %v", bin, err)
	}
	tg := &target{t: t, s: s, end: make(chan struct{})}
	go func() {
		defer close(tg.end)
		for ev := range s.Events() {
			tg.mu.Lock()
			if o, ok := ev.(Output); ok {
				tg.out.Write(o.Data)
			}
			tg.evs = append(tg.evs, ev)
			tg.mu.Unlock()
		}
	}()
	t.Cleanup(func() { s.Close(); <-tg.end })
	return tg
}

// A library built with -g, linked with the program: step goes through the
// PLT into its function, next and step walk its lines, its arguments and
// locals read, and stepping off its end finishes main's line; each stop as
// gdb 13 makes it (compared with gdb where it is installed).
func TestLibraryDWARFStepping(t *testing.T) {
	bin := buildCsolib(t)
	tg := launchPath(t, bin)
	tg.brk("main")
	tg.stop(Continue{})
	var got []string
	stops := []Request{Next{}, Step{}, Next{}, Step{}, Next{}, Next{}, Next{}, Next{}, Next{}}
	for i, r := range stops {
		st := tg.stop(r)
		got = append(got, st.Function+":"+strconv.Itoa(st.Line))
		if i == 1 {
			if a := valueMap(tg.do(Args{Frame: 0}).Values); a["k"] != "2" {
				t.Errorf("clib_sum's args: %v, want k = 2", a)
			}
			if v := tg.print("p->a + p->b", 0); v != "7" {
				t.Errorf("p->a + p->b = %s, want 7", v)
			}
		}
		if i == 3 {
			if v := tg.print("v", 0); v != "7" {
				t.Errorf("scale's v = %s, want 7", v)
			}
		}
	}
	line := func(file, m string) int { return fixture.LineOf(t, "csolib", file, m) }
	want := []string{
		"main:" + strconv.Itoa(line("main.c", "marker: call")),
		"clib_sum:" + strconv.Itoa(line("lib/clib.c", "marker: clib_sum")),
		"clib_sum:" + strconv.Itoa(line("lib/clib.c", "marker: clib_sum")+1),
		"scale:" + strconv.Itoa(line("lib/clib.c", "marker: scale")),
		"scale:" + strconv.Itoa(line("lib/clib.c", "marker: scale")+1),
		"scale:" + strconv.Itoa(line("lib/clib.c", "marker: scale")+2),
		"clib_sum:" + strconv.Itoa(line("lib/clib.c", "marker: clib_sum return")),
		"clib_sum:" + strconv.Itoa(line("lib/clib.c", "marker: clib_sum return")+1),
		"main:" + strconv.Itoa(line("main.c", "marker: call")+1),
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("stops %q, want %q", got, want)
	}
	if _, err := exec.LookPath("gdb"); err != nil {
		return
	}
	args := []string{"-batch", "-nx", "-ex", "set debuginfod enabled off", "-ex", "break main", "-ex", "run"}
	for _, r := range stops {
		args = append(args, "-ex", map[bool]string{true: "next", false: "step"}[r == Request(Next{})])
	}
	out, err := exec.Command("gdb", append(args, bin)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	// gdb prints the function when it changes, then "LINE\tsource".
	fn := "main"
	var gdbStops []string
	head := regexp.MustCompile(`^(\w+) \(.*\) at \S+:\d+$`)
	src := regexp.MustCompile(`^(\d+)\t`)
	for _, l := range strings.Split(string(out), "\n")[1:] {
		if m := head.FindStringSubmatch(l); m != nil {
			fn = m[1]
		} else if m := src.FindStringSubmatch(l); m != nil {
			gdbStops = append(gdbStops, fn+":"+m[1])
		}
	}
	if len(gdbStops) > 0 {
		gdbStops = gdbStops[1:] // the breakpoint's
	}
	if strings.Join(got, " ") != strings.Join(gdbStops, " ") {
		t.Errorf("tdb's stops %q, gdb's %q\n%s", got, gdbStops, out)
	}
}

// Breakpoints in the library: by function (DT_NEEDED names it: kept
// pending without asking at entry, before the loader maps it), by
// FILE:LINE (an error without -pending, as gdb -batch's "No source file
// named clib.c."; pending with it), with a condition on its arguments.
func TestLibraryDWARFBreakpoints(t *testing.T) {
	bin := buildCsolib(t)
	tg := launchPath(t, bin)
	if r := tg.s.Do(SetBreakpoint{Loc: mustLoc("clib_sum"), Cond: "k == 2"}); r.Err != nil || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "pending") {
		t.Fatalf("break clib_sum at entry: %v %q, want it pending", r.Err, r.Notes)
	}
	scale := strconv.Itoa(fixture.LineOf(t, "csolib", "lib/clib.c", "marker: scale"))
	if r := tg.s.Do(SetBreakpoint{Loc: mustLoc("clib.c:" + scale)}); r.Err == nil || !strings.Contains(r.Err.Error(), "break -pending clib.c:"+scale) {
		t.Fatalf("break clib.c:%s without -pending: %v, want an error that says -pending", scale, r.Err)
	}
	tg.do(SetBreakpoint{Loc: mustLoc("clib.c:" + scale), Pending: true})
	st := tg.stop(Continue{})
	if st.Function != "clib_sum" || st.Line != fixture.LineOf(t, "csolib", "lib/clib.c", "marker: clib_sum") {
		t.Fatalf("stopped at %s, want clib_sum's first line", where(st))
	}
	st = tg.stop(Continue{})
	if st.Function != "scale" || strconv.Itoa(st.Line) != scale || len(st.Frames) != 3 || st.Frames[2].Function != "main" {
		t.Fatalf("stopped at %s %q, want scale line %s called from main", where(st), funcs(st.Frames), scale)
	}
	// A breakpoint by FILE:LINE once the library is loaded needs no
	// -pending; up in clib_sum, its local s reads 7.
	ret := strconv.Itoa(fixture.LineOf(t, "csolib", "lib/clib.c", "marker: clib_sum return"))
	tg.brk("clib.c:" + ret)
	if v := tg.print("s", 1); v != "7" {
		t.Errorf("clib_sum's s from scale's caller frame = %s, want 7", v)
	}
	if st := tg.stop(Continue{}); st.Function != "clib_sum" || strconv.Itoa(st.Line) != ret {
		t.Fatalf("stopped at %s, want clib_sum line %s", where(st), ret)
	}
	if v := tg.print("s", 0); v != "14" {
		t.Errorf("s = %s, want 14", v)
	}
}

// break malloc and break puts resolve in libc, where the program's calls
// go: one location each, the definition the loader binds the program to
// (gdb 13 lists malloc at 46 locations, libc's and the loader's inlined
// copies, and stops first in the same one, libc's).
func TestBreakLibcFunctions(t *testing.T) {
	tg := launch(t, "solib", "/nonexistent.so")
	for _, f := range []string{"malloc", "puts"} {
		tg.do(SetBreakpoint{Loc: mustLoc(f)})
	}
	// puts("sorted") comes first; its stdout buffer is the first malloc.
	st := tg.stop(Continue{})
	if !strings.Contains(st.Function, "puts") || len(st.Frames) != 2 || st.Frames[1].Function != "main" {
		t.Fatalf("stopped at %s %q, want puts called by main", where(st), funcs(st.Frames))
	}
	bps := tg.do(ListBreakpoints{}).Breakpoints
	if len(bps) != 2 || len(bps[0].Addrs) != 1 || len(bps[1].Addrs) != 1 {
		t.Fatalf("breakpoints %+v, want one location each", bps)
	}
	tg.do(ClearBreakpoint{ID: bps[1].ID})
	st = tg.stop(Continue{})
	if !strings.Contains(st.Function, "malloc") || st.Frames[0].Library == "" || st.Frames[len(st.Frames)-1].Function != "main" {
		t.Fatalf("stopped at %s %q, want malloc in libc, called from main", where(st), funcs(st.Frames))
	}
}

// step on a call through the pointer dlsym returned enters the
// library's function (gdb 13: solib_foo (x=3) at lib.c:4).
func TestStepIntoDlopenedFunction(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	so := filepath.Join(t.TempDir(), "libsolibfoo.so")
	if out, err := exec.Command("gcc", "-shared", "-fPIC", "-g", "-O0", "-o", so, fixture.Source("solib", "lib/lib.c")).CombinedOutput(); err != nil {
		t.Fatalf("building the library: %v\n%s", err, out)
	}
	tg := launch(t, "solib", so)
	tg.brk("main.c:" + strconv.Itoa(fixture.LineOf(t, "solib", "main.c", "foo(v[3])")))
	tg.stop(Continue{})
	st := tg.stop(Step{})
	if st.Function != "solib_foo" || st.Line != fixture.LineOf(t, "solib", "lib/lib.c", "int y = x * 2") {
		t.Fatalf("step: at %s, want solib_foo's first line", where(st))
	}
	if v := tg.print("x", 0); v != "3" {
		t.Errorf("x = %s, want 3", v)
	}
}
