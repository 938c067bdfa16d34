package debugger

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// execEvents returns the Exec events seen so far.
func (tg *target) execEvents() []Exec {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	var xs []Exec
	for _, ev := range tg.evs {
		if x, ok := ev.(Exec); ok {
			xs = append(xs, x)
		}
	}
	return xs
}

// logs returns the text of the Log events seen so far.
func (tg *target) logs() string {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	tg.settle()
	var b strings.Builder
	for _, ev := range tg.evs {
		if l, ok := ev.(Log); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// A C program execs another C program: tdb follows it, the breakpoint on
// main is set again in the new program and hit there (at the line gdb
// stops at), one by address is deleted with a message, and the new program
// runs to its own end (cprog exits 7).
func TestExecFollowC(t *testing.T) {
	for _, v := range []string{"", "@pie"} {
		t.Run("cexec"+v, func(t *testing.T) {
			prog := fixture.Build(t, "cprog"+v)
			tg := launch(t, "cexec"+v, prog)
			tg.brk("main")
			st := tg.stop(Continue{})
			if !strings.HasSuffix(st.File, "cexec/prog.c") || st.Reason.Kind != "breakpoint" {
				t.Fatalf("first stop: %s at %s:%d", st.Reason, st.File, st.Line)
			}
			byAddr := tg.brk(fmt.Sprintf("*%#x", st.PC))
			st = tg.stop(Continue{})
			if !strings.HasSuffix(st.File, "cprog/prog.c") || st.Reason.Kind != "breakpoint" || st.Reason.Breakpoint != 1 {
				t.Fatalf("after exec: %s at %s:%d, want breakpoint 1 in cprog/prog.c", st.Reason, st.File, st.Line)
			}
			if st.Thread != int(tg.s.pid.Load()) {
				t.Errorf("thread %d after exec, want the pid %d", st.Thread, tg.s.pid.Load())
			}
			xs := tg.execEvents()
			if len(xs) != 1 || xs[0].Path != prog {
				t.Errorf("exec events %+v, want one for %s", xs, prog)
			}
			if !strings.Contains(tg.logs(), fmt.Sprintf("Breakpoint %d (*%#x) deleted", byAddr.ID, byAddr.Addrs[0])) {
				t.Errorf("no message about the deleted breakpoint %d:\n%s", byAddr.ID, tg.logs())
			}
			if got := tg.s.Binary().Path(); got != prog {
				t.Errorf("session binary %s, want %s", got, prog)
			}
			rep := tg.do(Continue{})
			if rep.Exited == nil || rep.Exited.Status != 7 || rep.Exited.Signal != "" {
				t.Fatalf("end: %+v, want exit status 7", rep.Exited)
			}
			tg.waitOutput("fact(5) = 120")
			// restart runs the program the session started with, its
			// breakpoints where they were.
			tg.do(Restart{})
			if st := tg.stop(Continue{}); !strings.HasSuffix(st.File, "cexec/prog.c") || st.Reason.Breakpoint != 1 {
				t.Fatalf("after restart: %s at %s:%d, want breakpoint 1 in cexec/prog.c", st.Reason, st.File, st.Line)
			}
			if st := tg.stop(Continue{}); !strings.HasSuffix(st.File, "cprog/prog.c") || st.Reason.Breakpoint != 1 {
				t.Fatalf("after restart and exec: %s at %s:%d, want breakpoint 1 in cprog/prog.c", st.Reason, st.File, st.Line)
			}
			if v != "" {
				return
			}
			if _, err := exec.LookPath("gdb"); err != nil {
				return
			}
			out, err := exec.Command("gdb", "-batch", "-nx", "-ex", "break main", "-ex", "run", "-ex", "continue",
				"--args", fixture.Build(t, "cexec"), prog).CombinedOutput()
			if err != nil {
				t.Fatalf("gdb: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`(?m)^Breakpoint 1, main \(\) at (\S+):(\d+)`).FindStringSubmatch(string(out))
			if m == nil || filepath.Base(filepath.Dir(m[1])) != "cprog" || m[2] != fmt.Sprint(st.Line) {
				t.Errorf("gdb stops after the exec at %v; tdb at %s:%d\n%s", m, st.File, st.Line, out)
			}
		})
	}
}

// A multi-threaded Go program execs itself from a thread that is not the
// group leader: the breakpoint in the function only the new image calls is
// hit, on the pid's thread, and the exit status is the new image's.
func TestExecFollowGo(t *testing.T) {
	tg := launch(t, "goexec")
	b := tg.brk("main.child")
	st := tg.stop(Continue{})
	if st.Function != "main.child" || st.Reason.Breakpoint != b.ID {
		t.Fatalf("after exec: %s in %s, want breakpoint %d in main.child", st.Reason, st.Function, b.ID)
	}
	if st.Thread != int(tg.s.pid.Load()) {
		t.Errorf("thread %d after exec, want the pid %d", st.Thread, tg.s.pid.Load())
	}
	if len(tg.execEvents()) != 1 {
		t.Errorf("exec events: %+v", tg.execEvents())
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 3 {
		t.Fatalf("end: %+v, want exit status 3 (as undebugged)", rep.Exited)
	}
	tg.waitOutput("goexec: child")

	// Into a program with no symbols: it runs to its end as undebugged.
	tg = launch(t, "goexec", "/bin/true")
	rep = tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 || rep.Exited.Signal != "" {
		t.Fatalf("goexec /bin/true: %+v, want exit status 0", rep.Exited)
	}
}

// catch exec stops at the new image's first instruction, as gdb's does
// (the loader's _start), and the program then runs on.
func TestCatchExec(t *testing.T) {
	tg := launch(t, "cexec", fixture.Build(t, "cprog"))
	tg.do(CatchExec{On: true})
	st := tg.stop(Continue{})
	if st.Reason.Kind != "exec" || st.Function != "_start" {
		t.Fatalf("catch exec: %s in %s, want exec in _start", st.Reason, st.Function)
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 7 {
		t.Fatalf("end: %+v, want exit status 7", rep.Exited)
	}
}

// next over syscall.Exec on a thread that is not the group leader (init
// locks the leader to the main goroutine), then a stepi of the SYSCALL
// instruction itself: the step's thread takes the leader's id in the exec,
// and the exec completes only once the other threads' exits are collected.
// Waiting on the stepping thread's own id blocked for ever.
func TestStepOverExecFromThread(t *testing.T) {
	tg := launch(t, "goexec")
	b := tg.brk("main.go:60") // done <- syscall.Exec(...), on its locked thread
	st := tg.stop(Continue{})
	pid := int(tg.s.pid.Load())
	if st.Reason.Breakpoint != b.ID || st.Thread == pid {
		t.Fatalf("stopped: %s on thread %d, want breakpoint %d on a thread other than the pid %d", st.Reason, st.Thread, b.ID, pid)
	}
	tg.do(ClearBreakpoint{ID: b.ID})
	rep := tg.do(Next{})
	if rep.Err != nil || len(tg.execEvents()) != 1 {
		t.Fatalf("next over the exec: %v, exec events %+v", rep.Err, tg.execEvents())
	}
	if rep.State != nil && rep.State.Thread != pid {
		t.Errorf("thread %d after exec, want the pid %d", rep.State.Thread, pid)
	}
	rep = tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 3 {
		t.Fatalf("end: %+v %v, want exit status 3 (as undebugged)", rep.Exited, rep.Err)
	}
	tg.waitOutput("goexec: child")

	// stepi onto and over the SYSCALL instruction of the execve.
	tg = launch(t, "goexec")
	b = tg.brk("main.go:60")
	st = tg.stop(Continue{})
	tg.do(ClearBreakpoint{ID: b.ID})
	thread := st.Thread
	b = tg.brk("internal/runtime/syscall/linux.Syscall6")
	// Other threads make system calls too (the runtime's, main's): the
	// hit that counts is the exec's thread's (CI saw another's first).
	for i := 0; ; i++ {
		if i == 100 {
			t.Fatalf("100 hits of Syscall6 and none on the exec's thread %d", thread)
		}
		if st = tg.stop(Continue{}); st.Thread == thread {
			break
		}
	}
	tg.do(ClearBreakpoint{ID: b.ID})
	for i := 0; len(tg.execEvents()) == 0; i++ {
		if i == 30 {
			t.Fatal("no exec after 30 instructions of Syscall6")
		}
		rep = tg.do(StepInstruction{})
		if rep.Err != nil {
			t.Fatalf("stepi %d: %v", i, rep.Err)
		}
	}
	pid = int(tg.s.pid.Load())
	if rep.State == nil || rep.State.Thread != pid || rep.State.Function != "_rt0_amd64_linux" {
		t.Fatalf("after the exec's stepi: %+v, want the new image's entry on thread %d", rep.State, pid)
	}
	rep = tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 3 {
		t.Fatalf("end: %+v %v, want exit status 3", rep.Exited, rep.Err)
	}
}
