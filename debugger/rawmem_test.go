package debugger

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"testing"

	"tdb/source/fixture"
)

// fileBytes reads n bytes at vaddr from the ELF file's sections: the code
// as the linker wrote it, before any debugger touched it.
func fileBytes(t *testing.T, path string, vaddr uint64, n int) []byte {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range f.Sections {
		if s.Type == elf.SHT_PROGBITS && s.Flags&elf.SHF_ALLOC != 0 && vaddr >= s.Addr && vaddr+uint64(n) <= s.Addr+s.Size {
			b := make([]byte, n)
			if _, err := s.ReadAt(b, int64(vaddr-s.Addr)); err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no section holds %#x", vaddr)
	return nil
}

// ReadMemory shows the program's own bytes; with Raw, memory as it is,
// tdb's int3s in (issue 15). Checked against the two outside truths: the
// binary's file (plain) and /proc/PID/mem read here directly (raw).
// Disassemble{At} decodes the function around At, whichever frame is
// selected, with the file's bytes.
func TestReadMemoryRaw(t *testing.T) {
	tg := launch(t, "fib")
	bin := fixture.Build(t, "fib")
	fibBP := tg.brk("main.fib")
	mainBP := tg.brk(fmt.Sprintf("main.go:%d", fixture.LineOf(t, "fib", "main.go", "sum += v")))
	tg.stop(Continue{})
	mem, err := os.Open(fmt.Sprintf("/proc/%d/mem", tg.s.pid.Load()))
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	for _, bp := range []Breakpoint{fibBP, mainBP} {
		a := bp.Addrs[0]
		start := a - 3
		real := make([]byte, 16)
		if _, err := mem.ReadAt(real, int64(start)); err != nil {
			t.Fatal(err)
		}
		if real[3] != int3 {
			t.Fatalf("breakpoint %d: no int3 at %#x in /proc/PID/mem: % x", bp.ID, a, real)
		}
		raw := tg.do(ReadMemory{Addr: start, Len: 16, Raw: true}).Memory
		if !bytes.Equal(raw, real) {
			t.Errorf("breakpoint %d: raw read % x, /proc/PID/mem % x", bp.ID, raw, real)
		}
		plain := tg.do(ReadMemory{Addr: start, Len: 16}).Memory
		if want := fileBytes(t, bin, start, 16); !bytes.Equal(plain, want) {
			t.Errorf("breakpoint %d: read % x, the binary has % x", bp.ID, plain, want)
		}
	}

	// The caller's function, asked for by pc while frame 0 is selected.
	st := tg.stop(CurrentState{})
	if len(st.Frames) < 2 || st.Frames[1].Function != "main.main" {
		t.Fatalf("frames: %v", funcs(st.Frames))
	}
	ins := tg.do(Disassemble{At: st.Frames[1].PC}).Instructions
	if len(ins) == 0 || ins[0].Function != "main.main" {
		t.Fatalf("Disassemble{At: caller's pc}: %d instructions, first %+v", len(ins), ins)
	}
	var code []byte
	found := false
	for _, in := range ins {
		code = append(code, in.Bytes...)
		if in.Addr == st.Frames[1].PC {
			found = true
		}
		if in.Addr == mainBP.Addrs[0] && !in.Breakpoint {
			t.Errorf("the instruction at breakpoint %d (%#x) is not marked", mainBP.ID, in.Addr)
		}
	}
	if !found {
		t.Errorf("no instruction starts at the caller's pc %#x", st.Frames[1].PC)
	}
	if want := fileBytes(t, bin, ins[0].Addr, len(code)); !bytes.Equal(code, want) {
		t.Errorf("main.main's instructions' bytes differ from the binary's")
	}
}
