package debugger

import (
	"slices"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// Every signal that would kill a C program stops it first, with a
// backtrace through libc to the function that raised it, as gdb shows it
// (gdb 13 on csignals: SIGABRT in __pthread_kill_implementation, then
// raise, abort, __assert_fail_base, __assert_fail, check, boom, main).
// libc is checked by its exported names only: which static functions are
// named depends on whether its debug symbols are installed.
func TestCSignalsStopWithBacktrace(t *testing.T) {
	cases := []struct {
		mode, sig string
		libc      []string // exported libc functions on the way, innermost first
		user      []string // the program's frames, innermost first
		marker    string   // the line of the innermost user frame
	}{
		{"abort", "SIGABRT", []string{"raise", "abort"}, []string{"boom", "main"}, "marker: abort"},
		{"assert", "SIGABRT", []string{"raise", "abort", "__assert_fail"}, []string{"check", "boom", "main"}, "marker: assert"},
		{"segv", "SIGSEGV", nil, []string{"boom", "main"}, "marker: segv"},
		{"bus", "SIGBUS", nil, []string{"bus", "boom", "main"}, "marker: bus"},
		{"fpe", "SIGFPE", nil, []string{"divide", "boom", "main"}, "marker: divide"},
		{"ill", "SIGILL", nil, []string{"boom", "main"}, "marker: ill"},
		{"sys", "SIGSYS", []string{"syscall"}, []string{"sys", "boom", "main"}, "marker: sys"},
		{"trap", "SIGTRAP", []string{"raise"}, []string{"boom", "main"}, "marker: trap"},
		{"usr1", "SIGUSR1", []string{"raise"}, []string{"boom", "main"}, "marker: usr1"},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			tg := launch(t, "csignals", c.mode)
			st := tg.stop(Continue{})
			if got := st.Reason.String(); got != "signal "+c.sig {
				t.Fatalf("stopped at %s, want signal %s", where(st), c.sig)
			}
			var libc, user []string
			line := 0
			for _, f := range st.Frames {
				if f.Library != "" {
					if len(user) == 0 {
						// __GI_raise where libc's debug file is
						// installed, as gdb names it there.
						libc = append(libc, strings.TrimPrefix(f.Function, "__GI_"))
					}
					continue
				}
				if len(user) == 0 {
					line = f.Line
				}
				user = append(user, f.Function)
			}
			for _, want := range c.libc {
				i := slices.Index(libc, want)
				if i < 0 {
					t.Fatalf("libc frames %q lack %s", libc, want)
				}
				libc = libc[i+1:]
			}
			if !slices.Equal(user, c.user) {
				t.Errorf("program frames %q, want %q (all: %q)", user, c.user, funcs(st.Frames))
			}
			if want := fixture.LineOf(t, "csignals", "prog.c", c.marker); line != want {
				t.Errorf("%s's line %d, want %d", c.user[0], line, want)
			}
			// Continued, the program gets the signal and dies of it
			// (SIGTRAP is not passed, as in gdb: it goes on).
			rep := tg.do(Continue{})
			want := c.sig
			if c.sig == "SIGTRAP" {
				want = ""
			}
			if rep.Exited == nil || rep.Exited.Signal != want {
				t.Fatalf("continue: %+v, want the program killed by %q", rep, want)
			}
		})
	}
}

// An int3 in a C program is a SIGTRAP tdb did not cause: a stop after
// the instruction (gdb shows the same line), and not passed, so the
// program goes on.
func TestCInt3IsASignalStop(t *testing.T) {
	tg := launch(t, "csignals", "int3")
	st := tg.stop(Continue{})
	if st.Reason.String() != "signal SIGTRAP" || st.Function != "boom" {
		t.Fatalf("stopped at %s, want signal SIGTRAP in boom", where(st))
	}
	rep := tg.do(Continue{})
	if rep.Exited == nil || rep.Exited.Status != 0 || rep.Exited.Signal != "" {
		t.Fatalf("continue: %+v, want exit status 0", rep)
	}
	tg.waitOutput("done")
}

// handle changes the table: nostop lets a signal through unannounced or
// announced, nopass discards it, and SIGALRM does not stop by default.
func TestHandleSignals(t *testing.T) {
	t.Run("alrm default", func(t *testing.T) {
		tg := launch(t, "csignals", "alrm")
		rep := tg.do(Continue{})
		if rep.Exited == nil || rep.Exited.Signal != "SIGALRM" {
			t.Fatalf("continue: %+v, want the program killed by SIGALRM without a stop", rep)
		}
	})
	t.Run("usr1 nopass", func(t *testing.T) {
		tg := launch(t, "csignals", "usr1")
		rows := tg.do(HandleSignals{Signals: []string{"USR1"}, Actions: []string{"nopass"}}).Notes
		if len(rows) != 2 || rows[1] != "SIGUSR1       Yes\tYes\tNo\t\tUser defined signal 1" {
			t.Fatalf("handle USR1 nopass: %q", rows)
		}
		if st := tg.stop(Continue{}); st.Reason.String() != "signal SIGUSR1" {
			t.Fatalf("stopped at %s, want signal SIGUSR1", where(st))
		}
		rep := tg.do(Continue{})
		if rep.Exited == nil || rep.Exited.Status != 0 || rep.Exited.Signal != "" {
			t.Fatalf("continue: %+v, want exit status 0: the signal discarded", rep)
		}
	})
	t.Run("usr1 nostop", func(t *testing.T) {
		tg := launch(t, "csignals", "usr1")
		tg.do(HandleSignals{Signals: []string{"SIGUSR1", "14"}, Actions: []string{"nostop"}})
		rep := tg.do(Continue{})
		if rep.Exited == nil || rep.Exited.Signal != "SIGUSR1" {
			t.Fatalf("continue: %+v, want the program killed by SIGUSR1 without a stop", rep)
		}
		tg.mu.Lock()
		defer tg.mu.Unlock()
		tg.settle()
		for _, ev := range tg.evs {
			if l, ok := ev.(Log); ok && l.Text == "Program received signal SIGUSR1, User defined signal 1." {
				return
			}
		}
		t.Errorf("no log line says the signal came (print stays on with nostop); events: %+v", tg.evs)
	})
	t.Run("info", func(t *testing.T) {
		tg := launch(t, "csignals", "none")
		rows := tg.do(SignalInfo{}).Notes
		if rows[0] != "Signal        Stop\tPrint\tPass to program\tDescription" || !slices.Contains(rows, "SIGALRM       No\tNo\tYes\t\tAlarm clock") ||
			!slices.Contains(rows, "SIGTRAP       Yes\tYes\tNo\t\tTrace/breakpoint trap") {
			t.Errorf("info signals:\n%s", strings.Join(rows, "\n"))
		}
		if rows := tg.do(HandleSignals{Signals: []string{"all"}, Actions: []string{"nostop"}}).Notes; slices.ContainsFunc(rows, func(r string) bool {
			return strings.HasPrefix(r, "SIGKILL") || strings.HasPrefix(r, "SIGSTOP") || strings.HasPrefix(r, "SIGINT") || strings.HasPrefix(r, "SIGTRAP")
		}) || len(rows) < 30 {
			t.Errorf("handle all changed:\n%s", strings.Join(rows, "\n"))
		}
		if rows := tg.do(HandleSignals{Signals: []string{"1-15"}, Actions: []string{"stop"}}).Notes; len(rows) != 1+14 {
			t.Errorf("handle 1-15 changed %d rows, want 14 (not SIGKILL):\n%s", len(rows)-1, strings.Join(rows, "\n"))
		}
		for _, bad := range []string{"SIGFOO", "0", "65", "", "SIGKILL", "stop", "19"} {
			if rep := tg.s.Do(HandleSignals{Signals: []string{bad}, Actions: []string{"stop"}}); rep.Err == nil {
				t.Errorf("handle %q stop: no error", bad)
			}
		}
		if rep := tg.s.Do(HandleSignals{Signals: []string{"SIGUSR1"}, Actions: []string{"sotp"}}); rep.Err == nil {
			t.Errorf("handle SIGUSR1 sotp: no error")
		}
	})
}
