package debugger

import (
	"testing"
)

// A C backtrace ends at main, as gdb's; main's frame keeps its return
// address (gdb's saved rip in info frame). With past main on, the
// backtrace goes on through libc to _start, the first of those frames at
// that return address (gdb 13: __libc_start_call_main,
// __libc_start_main_impl, _start).
func TestBacktracePastMain(t *testing.T) {
	tg := launch(t, "cprog")
	tg.brk("fact")
	st := tg.stop(Continue{})
	last := st.Frames[len(st.Frames)-1]
	if last.Function != "main" || last.CallerPC == 0 {
		t.Fatalf("backtrace %q ends at %s, caller pc %#x: want main with its return address", funcs(st.Frames), last.Function, last.CallerPC)
	}
	st = tg.do(BacktracePastMain{On: true}).State
	n := len(st.Frames)
	if n < len(funcs(tg.do(Backtrace{}).Frames)) || st.Frames[n-1].Function != "_start" {
		t.Fatalf("past main: %q, want it to end at _start", funcs(st.Frames))
	}
	i := 0
	for st.Frames[i].Function != "main" {
		i++
	}
	if n < i+3 || st.Frames[i+1].PC != last.CallerPC || st.Frames[i+1].Library == "" {
		t.Fatalf("past main: %+v, want libc frames from %#x to _start after main", st.Frames[i:], last.CallerPC)
	}
	// It stays on at the next stop, and goes off again.
	if st := tg.stop(Continue{}); st.Frames[len(st.Frames)-1].Function != "_start" {
		t.Fatalf("next stop: %q, want it to end at _start", funcs(st.Frames))
	}
	if st := tg.do(BacktracePastMain{On: false}).State; st.Frames[len(st.Frames)-1].Function != "main" {
		t.Fatalf("past main off: %q, want it to end at main", funcs(st.Frames))
	}
}
