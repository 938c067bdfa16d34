package debugger

import (
	"strings"
	"testing"
)

// returnedText is st.Returned as "name = value" lines, as batch prints them.
func returnedText(st *State) string {
	var b []string
	for _, v := range st.Returned {
		if v.Err != "" {
			b = append(b, v.Name+" = (unreadable: "+v.Err+")")
			continue
		}
		b = append(b, v.Name+" = "+v.Value)
	}
	return strings.Join(b, "; ")
}

// stepout reports what the function returned, read with the callee's
// DWARF at the return address: several results (unnamed: ~r0, ~r1, ~r2),
// a string, a float, an error, a struct, an array returned on the stack,
// as Delve shows them; a breakpoint stop reports none. Optimised, the
// results have no DWARF location at the RET and are read where Go's
// register ABI returns them (Delve shows them unreadable there).
func TestStepOutReportsReturnedValues(t *testing.T) {
	for _, prog := range []string{"retvals", "retvals@opt"} {
		t.Run(prog, func(t *testing.T) {
			tg := launch(t, prog)
			for _, c := range []struct{ fn, want string }{
				{"main.many", `~r0 = 10; ~r1 = "n=5"; ~r2 = 1.25`},
				{"main.fails", `~r0 = error(*errors.errorString) *{s: "boom"}`},
				{"main.makePair", `~r0 = main.pair {A: 7, B: "p"}`},
				{"main.named", `sum = 3; ok = true`},
				{"main.triple", `~r0 = [3]int [4,5,6]`},
				// Returns through the wrapper of *namer, to main.
				{"main.namer.Name", `~r0 = "xyz"; ~r1 = 3`},
			} {
				b := tg.brk(c.fn)
				st := tg.stop(Continue{})
				if st.Function != c.fn || len(st.Returned) != 0 {
					t.Fatalf("continue to %s: %s, returned %q; want the breakpoint, nothing returned", c.fn, where(st), returnedText(st))
				}
				tg.do(ClearBreakpoint{ID: b.ID})
				st = tg.stop(StepOut{})
				if st.Function != "main.main" {
					t.Fatalf("stepout of %s: %s, want main.main", c.fn, where(st))
				}
				if got := returnedText(st); got != c.want {
					t.Errorf("stepout of %s returned %q, want %q", c.fn, got, c.want)
				}
			}
		})
	}
}

// step and next off a function's end report its results at the return
// address (past a wrapper, as the function returned them to it); the
// steps inside the function report none.
func TestStepOffEndReportsReturnedValues(t *testing.T) {
	for _, c := range []struct {
		name string
		req  Request
		fn   string
		want string
	}{
		{"step", Step{}, "main.named", "sum = 3; ok = true"},
		{"next", Next{}, "main.makePair", `~r0 = main.pair {A: 7, B: "p"}`},
		// Off the end into the wrapper of *namer, through it to main.
		{"step-wrapper", Step{}, "main.namer.Name", `~r0 = "xyz"; ~r1 = 3`},
		{"next-wrapper", Next{}, "main.namer.Name", `~r0 = "xyz"; ~r1 = 3`},
	} {
		t.Run(c.name, func(t *testing.T) {
			tg := launch(t, "retvals")
			tg.brk(c.fn)
			st := tg.stop(Continue{})
			tg.do(ClearBreakpoint{ID: 1})
			for n := 0; st.Function == c.fn; n++ {
				if n == 5 {
					t.Fatalf("5 %ss and still in %s: %s", c.name, c.fn, where(st))
				}
				st = tg.stop(c.req)
				if st.Function == c.fn && len(st.Returned) != 0 {
					t.Fatalf("%s inside %s: %s returned %q, want nothing", c.name, c.fn, where(st), returnedText(st))
				}
			}
			if st.Function != "main.main" {
				t.Fatalf("%s off the end of %s: %s, want main.main", c.name, c.fn, where(st))
			}
			if got := returnedText(st); got != c.want {
				t.Errorf("%s off the end of %s returned %q, want %q", c.name, c.fn, got, c.want)
			}
			// The next stop, in main.main, returned nothing.
			if st = tg.stop(Next{}); len(st.Returned) != 0 {
				t.Errorf("next in main.main: %s returned %q, want nothing", where(st), returnedText(st))
			}
		})
	}
}

// finish from a C function reports the value where the SysV ABI returns
// it: rax (an int, a small all-integer struct), xmm0 (a double), rax and
// xmm0 (a struct of a long and a double), memory at rax (a 24-byte
// struct); a void function returns nothing.
func TestFinishReportsCReturnValue(t *testing.T) {
	tg := launch(t, "cretvals")
	for _, c := range []struct{ fn, want string }{
		{"add", "~r0 = 7"},
		{"half", "~r0 = 1.25"},
		// gdb 13: Value returned is $2 = {n = 5, d = 7.5}
		{"mk_small", "~r0 = {x = 3, y = 4}"},
		{"mk_mixed", "~r0 = {n = 5, d = 7.5}"},
		{"mk_big", "~r0 = {a = 9, b = 10, c = 11}"},
		{"nothing", ""},
	} {
		b := tg.brk(c.fn)
		st := tg.stop(Continue{})
		if st.Function != c.fn {
			t.Fatalf("continue to %s: %s", c.fn, where(st))
		}
		tg.do(ClearBreakpoint{ID: b.ID})
		st = tg.stop(StepOut{})
		if st.Function != "main" {
			t.Fatalf("finish from %s: %s, want main", c.fn, where(st))
		}
		if got := returnedText(st); got != c.want {
			t.Errorf("finish from %s returned %q, want %q", c.fn, got, c.want)
		}
	}
}

// step off the end of a C function goes on, as gdb's does, to the start
// of the caller's next line (48; the return address is mid-line 47) and,
// as gdb's, says nothing of the value: only finish reports it.
func TestStepOffEndInCFinishesTheLine(t *testing.T) {
	tg := launch(t, "cretvals")
	tg.brk("add")
	st := tg.stop(Continue{})
	tg.do(ClearBreakpoint{ID: 1})
	for n := 0; st.Function == "add"; n++ {
		if n == 5 {
			t.Fatalf("5 steps and still in add: %s", where(st))
		}
		st = tg.stop(Step{})
	}
	if got := returnedText(st); st.Function != "main" || st.Line != 48 || got != "" {
		t.Errorf("step off the end of add: %s returned %q, want main line 48, nothing returned", where(st), got)
	}
}
