package debugger

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// A write that covers a breakpoint's int3 lands (issue 13): reads show the
// written byte, never the int3; the int3 stays in the code, so the
// breakpoint still stops; clearing the breakpoint leaves the written byte,
// not the one saved when the breakpoint was set (gdb's shadow contents).
func TestWriteUnderBreakpoint(t *testing.T) {
	tg := launch(t, "fib")
	b := tg.brk("main.fib")
	a := b.Addrs[0]
	tg.stop(Continue{})
	mem, err := os.Open(fmt.Sprintf("/proc/%d/mem", tg.s.pid.Load()))
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	raw := func() byte {
		var buf [1]byte
		if _, err := mem.ReadAt(buf[:], int64(a)); err != nil {
			t.Fatal(err)
		}
		return buf[0]
	}
	shown := func() (byte, string) {
		m := tg.do(ReadMemory{Addr: a, Len: 1}).Memory[0]
		v := tg.do(Eval{Expr: fmt.Sprintf("*(*uint8)(uintptr(%#x))", a)}).Values[0].Value
		return m, v
	}
	orig, _ := shown()
	if orig == int3 || raw() != int3 {
		t.Fatalf("before the write: shown %#x, in memory %#x", orig, raw())
	}
	set := func(v byte) {
		tg.do(SetVar{Expr: fmt.Sprintf("*(*uint8)(uintptr(%#x))", a), Value: fmt.Sprint(v)})
	}
	other := orig ^ 0x01
	set(other)
	if m, v := shown(); m != other || v != fmt.Sprint(other) {
		t.Errorf("after writing %#x under the breakpoint: x shows %#x, print %s", other, m, v)
	}
	if r := raw(); r != int3 {
		t.Errorf("the write took the breakpoint's int3 out: %#x in memory", r)
	}
	set(orig)
	// Still a breakpoint: fib calls itself.
	if st := tg.stop(Continue{}); st.Reason.Breakpoint != b.ID || st.PC != a {
		t.Fatalf("after the writes: %s at %#x, want breakpoint %d at %#x", st.Reason, st.PC, b.ID, a)
	}
	set(other)
	tg.do(ClearBreakpoint{ID: b.ID})
	if r := raw(); r != other {
		t.Errorf("cleared, the breakpoint put back %#x over the written %#x", r, other)
	}
	set(orig)
}

// break *ADDR inside an instruction is refused, naming the instruction
// that holds it; the instruction's first byte is accepted.
func TestBreakInsideInstruction(t *testing.T) {
	tg := launch(t, "cprog")
	st := tg.stop(Continue{To: mustLoc("main")})
	var in *Instruction
	code := tg.do(Disassemble{}).Instructions
	entry := code[0].Addr
	for _, i := range code {
		if len(i.Bytes) > 1 && i.Addr > st.PC {
			in = &i
			break
		}
	}
	if in == nil {
		t.Fatal("no instruction longer than a byte in main")
	}
	rep := tg.s.Do(SetBreakpoint{Loc: mustLoc(fmt.Sprintf("*%#x", in.Addr+1))})
	want := fmt.Sprintf("inside the instruction at %#x (main+%d: %s)", in.Addr, in.Addr-entry, in.Text)
	if rep.Err == nil || !strings.Contains(rep.Err.Error(), want) {
		t.Fatalf("break *%#x: %v, want an error containing %q", in.Addr+1, rep.Err, want)
	}
	if rep := tg.s.Do(SetBreakpoint{Loc: mustLoc(fmt.Sprintf("*%#x", in.Addr))}); rep.Err != nil {
		t.Fatalf("break *%#x (the instruction's first byte): %v", in.Addr, rep.Err)
	}
	if st := tg.stop(Continue{}); st.PC != in.Addr {
		t.Fatalf("stopped at %#x, want %#x", st.PC, in.Addr)
	}
}
