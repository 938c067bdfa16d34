package x86emu

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The instruction under test sits at codeAddr, in a read-only mapping
// of 0x200 bytes; the stack is a writable page at stackLo.
const (
	codeAddr = 0x401000
	stackLo  = 0x7000
	stackHi  = 0x8000
	rflags0  = 0x202 // IF and the always-set bit 1
)

// fakeMemory is two mappings: code (read-only) and stack (read-write).
// Exec must never write it: it only reads and checks.
type fakeMemory struct {
	code  []byte
	stack []byte
}

func newFakeMemory(words map[uint64]uint64) *fakeMemory {
	m := &fakeMemory{code: make([]byte, 0x200), stack: make([]byte, stackHi-stackLo)}
	for a, v := range words {
		b, _ := m.region(a, 8)
		if b == nil {
			panic(fmt.Sprintf("word %#x outside the fake memory", a))
		}
		binary.LittleEndian.PutUint64(b, v)
	}
	return m
}

// region is the bytes of [a, a+n) and whether they are writable.
func (m *fakeMemory) region(a uint64, n int) ([]byte, bool) {
	switch {
	case a >= codeAddr && a+uint64(n) <= codeAddr+uint64(len(m.code)):
		return m.code[a-codeAddr : a-codeAddr+uint64(n)], false
	case a >= stackLo && a+uint64(n) <= stackHi:
		return m.stack[a-stackLo : a-stackLo+uint64(n)], true
	}
	return nil, false
}

func (m *fakeMemory) Read(a uint64, b []byte) error {
	src, _ := m.region(a, len(b))
	if src == nil {
		return fmt.Errorf("fault reading %#x", a)
	}
	copy(b, src)
	return nil
}

func (m *fakeMemory) CheckWrite(a uint64, size int) error {
	if b, w := m.region(a, size); b == nil || !w {
		return fmt.Errorf("fault writing %#x", a)
	}
	return nil
}

// regs are registers by name; "rip" and "rflags" too.
type regs map[string]uint64

// toRegs is r over a base of zeros, rip at codeAddr and rflags0.
func (r regs) toRegs(t *testing.T) Regs {
	out := Regs{Rip: codeAddr, Rflags: rflags0}
	return r.over(t, out)
}

// over is base with r's registers changed.
func (r regs) over(t *testing.T, base Regs) Regs {
	t.Helper()
	for name, v := range r {
		switch name {
		case "rip":
			base.Rip = v
		case "rflags":
			base.Rflags = v
		default:
			slot := slotNamed(name)
			if slot < 0 {
				t.Fatalf("no register %q", name)
			}
			base.GP[slot] = v
		}
	}
	return base
}

func slotNamed(name string) int {
	for i := range (Regs{}).GP {
		if RegName(i) == name {
			return i
		}
	}
	return -1
}

// TestRegName: the slots follow the encoding: rsp is slot 4, r8 slot 8.
func TestRegName(t *testing.T) {
	for slot, want := range map[int]string{0: "rax", 1: "rcx", 2: "rdx", 3: "rbx", 4: "rsp", 5: "rbp", 6: "rsi", 7: "rdi", 8: "r8", 15: "r15"} {
		if got := RegName(slot); got != want {
			t.Errorf("RegName(%d) = %q, want %q", slot, got, want)
		}
	}
	if slotNamed("rsp") != slotRSP {
		t.Errorf("slotRSP is %d, RegName says rsp is %d", slotRSP, slotNamed("rsp"))
	}
}

// emuCase is one instruction: its bytes and what they must decode to,
// the registers and memory words before, and the registers changed
// (rip included; rflags when they change), the stores and the flags left
// undefined after.
type emuCase struct {
	code   string // hex
	asm    string // Intel syntax at codeAddr
	in     regs
	mem    map[uint64]uint64
	want   regs
	writes []Write
	undef  uint64
}

func w8(a, v uint64) Write { return wn(a, v, 8) }

func wn(a, v uint64, n int) Write {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, v)
	return Write{Addr: a, Data: b[:n]}
}

// Flags as the tables write them.
const (
	cf = flagCF
	pf = flagPF
	af = flagAF
	zf = flagZF
	sf = flagSF
	of = flagOF
)

func runEmuCases(t *testing.T, cases []emuCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.asm, func(t *testing.T) {
			code, err := hex.DecodeString(strings.ReplaceAll(c.code, " ", ""))
			if err != nil {
				t.Fatal(err)
			}
			in, err := Decode(code)
			if err != nil {
				t.Fatalf("Decode(% x): %v", code, err)
			}
			if got := in.Intel(codeAddr); got != c.asm {
				t.Fatalf("% x decodes to %q, the table says %q", code, got, c.asm)
			}
			before := c.in.toRegs(t)
			want := c.want.over(t, before)
			if _, ok := c.want["rip"]; !ok {
				want.Rip = codeAddr + uint64(in.Len())
			}
			mem := newFakeMemory(c.mem)
			snapshot := string(mem.stack)
			res, err := in.Exec(&before, mem)
			if err != nil {
				t.Fatalf("Exec: %v", err)
			}
			if string(mem.stack) != snapshot {
				t.Error("Exec wrote memory: it must only compute the stores")
			}
			if res.UndefFlags != c.undef {
				t.Errorf("undefined flags %#x, want %#x", res.UndefFlags, c.undef)
			}
			got := res.Regs
			got.Rflags &^= c.undef
			want.Rflags &^= c.undef
			if got != want {
				t.Errorf("registers:\n got %s\nwant %s", show(got), show(want))
			}
			if fmt.Sprint(res.Writes) != fmt.Sprint(c.writes) {
				t.Errorf("stores: got %v, want %v", res.Writes, c.writes)
			}
		})
	}
}

// show prints the registers that are not zero.
func show(r Regs) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rip=%#x rflags=%#x", r.Rip, r.Rflags)
	for i, v := range r.GP {
		if v != 0 {
			fmt.Fprintf(&b, " %s=%#x", RegName(i), v)
		}
	}
	return b.String()
}

func TestMov(t *testing.T) {
	runEmuCases(t, []emuCase{
		{code: "48 89 d8", asm: "mov rax, rbx", in: regs{"rax": 1, "rbx": 0x1122334455667788},
			want: regs{"rax": 0x1122334455667788}},
		// A 32-bit write clears the upper half; 16- and 8-bit writes keep it.
		{code: "89 d8", asm: "mov eax, ebx", in: regs{"rax": ^uint64(0), "rbx": 0x100000002},
			want: regs{"rax": 2}},
		{code: "66 89 d8", asm: "mov ax, bx", in: regs{"rax": ^uint64(0), "rbx": 0x1234},
			want: regs{"rax": 0xffffffffffff1234}},
		{code: "88 dc", asm: "mov ah, bl", in: regs{"rax": 0x11223344, "rbx": 0x7f},
			want: regs{"rax": 0x11227f44}},
		{code: "48 c7 c0 ff ff ff ff", asm: "mov rax, -0x1", want: regs{"rax": ^uint64(0)}},
		{code: "48 8b 45 f8", asm: "mov rax, qword ptr [rbp-0x8]", in: regs{"rbp": 0x7008},
			mem: map[uint64]uint64{0x7000: 0xdeadbeef}, want: regs{"rax": 0xdeadbeef}},
		// rip-relative: from the end of the instruction.
		{code: "48 8b 05 10 00 00 00", asm: "mov rax, qword ptr [rip+0x10]",
			mem: map[uint64]uint64{0x401017: 0x42}, want: regs{"rax": 0x42}},
		{code: "48 89 45 f8", asm: "mov qword ptr [rbp-0x8], rax", in: regs{"rax": 0x1122334455667788, "rbp": 0x7008},
			writes: []Write{w8(0x7000, 0x1122334455667788)}},
		{code: "c7 45 f8 2a 00 00 00", asm: "mov dword ptr [rbp-0x8], 0x2a", in: regs{"rbp": 0x7008},
			writes: []Write{wn(0x7000, 0x2a, 4)}},
		{code: "0f b6 c3", asm: "movzx eax, bl", in: regs{"rax": ^uint64(0), "rbx": 0x1ff},
			want: regs{"rax": 0xff}},
		{code: "48 0f be c3", asm: "movsx rax, bl", in: regs{"rbx": 0x80},
			want: regs{"rax": 0xffffffffffffff80}},
		{code: "48 63 c3", asm: "movsxd rax, ebx", in: regs{"rbx": 0x80000000},
			want: regs{"rax": 0xffffffff80000000}},
		{code: "90", asm: "nop"},
		{code: "0f 1f 40 00", asm: "nop dword ptr [rax], eax"}, // reads nothing
	})
}

func TestLea(t *testing.T) {
	runEmuCases(t, []emuCase{
		{code: "48 8d 44 98 08", asm: "lea rax, ptr [rax+4*rbx+0x8]", in: regs{"rax": 0x1000, "rbx": 3},
			want: regs{"rax": 0x1014}},
		{code: "48 8d 05 00 01 00 00", asm: "lea rax, ptr [rip+0x100]", want: regs{"rax": 0x401107}},
	})
}

func TestPushPop(t *testing.T) {
	runEmuCases(t, []emuCase{
		{code: "55", asm: "push rbp", in: regs{"rsp": 0x7100, "rbp": 0xabc},
			want: regs{"rsp": 0x70f8}, writes: []Write{w8(0x70f8, 0xabc)}},
		{code: "41 54", asm: "push r12", in: regs{"rsp": 0x7100, "r12": 7},
			want: regs{"rsp": 0x70f8}, writes: []Write{w8(0x70f8, 7)}},
		// push imm8 sign-extends to 64 bits.
		{code: "6a ff", asm: "push 0xffffffff", in: regs{"rsp": 0x7100},
			want: regs{"rsp": 0x70f8}, writes: []Write{w8(0x70f8, ^uint64(0))}},
		// The address is computed from rsp before the push.
		{code: "ff 74 24 08", asm: "push qword ptr [rsp+0x8]", in: regs{"rsp": 0x70f0},
			mem: map[uint64]uint64{0x70f8: 0x55}, want: regs{"rsp": 0x70e8}, writes: []Write{w8(0x70e8, 0x55)}},
		{code: "5d", asm: "pop rbp", in: regs{"rsp": 0x70f8},
			mem: map[uint64]uint64{0x70f8: 0x1234}, want: regs{"rsp": 0x7100, "rbp": 0x1234}},
		{code: "41 5c", asm: "pop r12", in: regs{"rsp": 0x70f8},
			mem: map[uint64]uint64{0x70f8: 9}, want: regs{"rsp": 0x7100, "r12": 9}},
	})
}

func TestCallRetJmp(t *testing.T) {
	runEmuCases(t, []emuCase{
		{code: "e8 fb 0f 00 00", asm: "call 0x402000", in: regs{"rsp": 0x7100},
			want: regs{"rsp": 0x70f8, "rip": 0x402000}, writes: []Write{w8(0x70f8, 0x401005)}},
		{code: "c3", asm: "ret", in: regs{"rsp": 0x70f8},
			mem: map[uint64]uint64{0x70f8: 0x401234}, want: regs{"rsp": 0x7100, "rip": 0x401234}},
		{code: "c2 10 00", asm: "ret 0x10", in: regs{"rsp": 0x70f8},
			mem: map[uint64]uint64{0x70f8: 0x401234}, want: regs{"rsp": 0x7110, "rip": 0x401234}},
		{code: "eb fe", asm: "jmp 0x401000", want: regs{"rip": 0x401000}},
	})
}

func TestArithFlags(t *testing.T) {
	runEmuCases(t, []emuCase{
		// Carry out of 64 bits, zero result; AF from bit 3's carry.
		{code: "48 01 d8", asm: "add rax, rbx", in: regs{"rax": ^uint64(0), "rbx": 1},
			want: regs{"rax": 0, "rflags": rflags0 | cf | pf | af | zf}},
		// Signed overflow of 32 bits, and the upper half cleared.
		{code: "01 d8", asm: "add eax, ebx", in: regs{"rax": 0xffffffff7fffffff, "rbx": 1},
			want: regs{"rax": 0x80000000, "rflags": rflags0 | pf | af | sf | of}},
		{code: "48 29 d8", asm: "sub rax, rbx", in: regs{"rax": 1, "rbx": 2},
			want: regs{"rax": ^uint64(0), "rflags": rflags0 | cf | pf | af | sf}},
		{code: "48 83 ec 18", asm: "sub rsp, 0x18", in: regs{"rsp": 0x7100},
			want: regs{"rsp": 0x70e8, "rflags": rflags0 | pf | af}},
		// A memory destination: a load and a store.
		{code: "48 83 45 f8 01", asm: "add qword ptr [rbp-0x8], 0x1", in: regs{"rbp": 0x7008},
			mem: map[uint64]uint64{0x7000: 41}, writes: []Write{w8(0x7000, 42)}},
		// INC and DEC keep CF.
		{code: "48 ff c0", asm: "inc rax", in: regs{"rax": 0x7fffffffffffffff, "rflags": rflags0 | cf},
			want: regs{"rax": 0x8000000000000000, "rflags": rflags0 | cf | pf | af | sf | of}},
		{code: "48 ff c8", asm: "dec rax", in: regs{"rax": 1},
			want: regs{"rax": 0, "rflags": rflags0 | pf | zf}},
		// Logic operations clear CF and OF and leave AF undefined.
		{code: "48 31 c0", asm: "xor rax, rax", in: regs{"rax": 0x1234, "rflags": rflags0 | cf | of},
			want: regs{"rax": 0, "rflags": rflags0 | pf | zf}, undef: af},
		{code: "45 31 c0", asm: "xor r8d, r8d", in: regs{"r8": ^uint64(0)},
			want: regs{"r8": 0, "rflags": rflags0 | pf | zf}, undef: af},
		{code: "48 21 d8", asm: "and rax, rbx", in: regs{"rax": 0xf0f0, "rbx": 0xff00},
			want: regs{"rax": 0xf000, "rflags": rflags0 | pf}, undef: af},
		{code: "48 09 d8", asm: "or rax, rbx", in: regs{"rax": 0x8000000000000000, "rbx": 1},
			want: regs{"rax": 0x8000000000000001, "rflags": rflags0 | sf}, undef: af},
	})
}

func TestShiftFlags(t *testing.T) {
	runEmuCases(t, []emuCase{
		// CF is the last bit shifted out; OF is defined for a count of 1 only.
		{code: "48 c1 e0 04", asm: "shl rax, 0x4", in: regs{"rax": 0x1000000000000001},
			want: regs{"rax": 0x10, "rflags": rflags0 | cf}, undef: af | of},
		{code: "48 d1 e8", asm: "shr rax, 0x1", in: regs{"rax": 3},
			want: regs{"rax": 1, "rflags": rflags0 | cf}, undef: af},
		{code: "48 d1 f8", asm: "sar rax, 0x1", in: regs{"rax": 0x8000000000000000},
			want: regs{"rax": 0xc000000000000000, "rflags": rflags0 | pf | sf}, undef: af},
		{code: "48 c1 f8 3f", asm: "sar rax, 0x3f", in: regs{"rax": 0x8000000000000000},
			want: regs{"rax": ^uint64(0), "rflags": rflags0 | pf | sf}, undef: af | of},
		// A count of 0 (after masking) changes nothing, flags included.
		{code: "48 d3 e0", asm: "shl rax, cl", in: regs{"rax": 5, "rcx": 0x40, "rflags": rflags0 | cf | zf}},
	})
}

func TestCmpTest(t *testing.T) {
	runEmuCases(t, []emuCase{
		// Flags only: the destination keeps its value.
		{code: "48 39 d8", asm: "cmp rax, rbx", in: regs{"rax": 5, "rbx": 5},
			want: regs{"rflags": rflags0 | pf | zf}},
		{code: "48 39 d8", asm: "cmp rax, rbx", in: regs{"rax": 1, "rbx": 2},
			want: regs{"rflags": rflags0 | cf | pf | af | sf}},
		{code: "80 7d ff 00", asm: "cmp byte ptr [rbp-0x1], 0x0", in: regs{"rbp": 0x7008},
			mem: map[uint64]uint64{0x7000: 0x80 << 56}, want: regs{"rflags": rflags0 | sf}},
		{code: "48 85 c0", asm: "test rax, rax", in: regs{"rax": 0, "rflags": rflags0 | cf | of},
			want: regs{"rflags": rflags0 | pf | zf}, undef: af},
	})
}

func TestJcc(t *testing.T) {
	runEmuCases(t, []emuCase{
		{code: "74 10", asm: "jz 0x401012", in: regs{"rflags": rflags0 | zf}, want: regs{"rip": 0x401012}},
		{code: "74 10", asm: "jz 0x401012"}, // not taken: the next instruction
		{code: "7c 10", asm: "jl 0x401012", in: regs{"rflags": rflags0 | sf}, want: regs{"rip": 0x401012}},
		{code: "7c 10", asm: "jl 0x401012", in: regs{"rflags": rflags0 | sf | of}},
		{code: "0f 87 00 01 00 00", asm: "jnbe 0x401106", want: regs{"rip": 0x401106}},
		{code: "0f 87 00 01 00 00", asm: "jnbe 0x401106", in: regs{"rflags": rflags0 | cf}},
	})
}

// TestRefused: instructions Exec does not do are refused at Decode, so
// the caller lets the processor execute them.
func TestRefused(t *testing.T) {
	for _, c := range []struct{ code, asm string }{
		{"f3 a4", "rep movsb"},
		{"f0 48 0f b1 0a", "lock cmpxchg qword ptr [rdx], rcx"},
		{"0f 28 c1", "movaps xmm0, xmm1"},
		{"66 0f d6 45 f8", "movq qword ptr [rbp-0x8], xmm0"},
		{"48 0f af c3", "imul rax, rbx"},
		{"48 f7 e3", "mul rbx"},
		{"64 48 8b 04 25 f8 ff ff ff", "mov rax, qword ptr fs:[-0x8]"},
		{"67 8b 00", "mov eax, dword ptr [eax]"},
		{"5c", "pop rsp"},
		{"66 50", "push ax"},
		{"8f 00", "pop qword ptr [rax]"},
		// x86asm reports DataSize 32 for these (the encoding's default),
		// so indirect branches are left to the processor.
		{"ff d0", "call rax"},
		{"ff e0", "jmp rax"},
		{"ff 25 00 10 00 00", "jmp qword ptr [rip+0x1000]"},
		{"0f 05", "syscall"},
		{"cc", "int3"},
	} {
		code, _ := hex.DecodeString(strings.ReplaceAll(c.code, " ", ""))
		in, err := Decode(code)
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s (% x): Decode gave %v, %v; want ErrUnsupported", c.asm, code, in, err)
		} else if !strings.Contains(err.Error(), strings.Fields(c.asm)[0]) {
			t.Errorf("%s: the error %q does not name the instruction", c.asm, err)
		}
	}
}

// TestFaultsLeftToProcessor: an access the program may not make fails
// Exec, with no result, so the processor makes it and faults as it would
// undebugged.
func TestFaultsLeftToProcessor(t *testing.T) {
	for _, c := range []struct {
		code string
		in   regs
	}{
		{"48 8b 00", regs{"rax": 0}},                     // mov rax, [rax]: unmapped
		{"48 89 05 00 00 00 00", regs{}},                 // mov [rip], rax: read-only code
		{"55", regs{"rsp": stackLo}},                     // push rbp below the stack
		{"c3", regs{"rsp": stackHi}},                     // ret above it
		{"48 83 45 f8 01", regs{"rbp": stackHi + 8}},     // add [rbp-8], 1: the load faults
		{"e8 fb 0f 00 00", regs{"rsp": codeAddr + 0x10}}, // call: the store faults
		{"ff 74 24 08", regs{"rsp": stackHi - 8 + 0x10}}, // push [rsp+8]: the load faults
	} {
		code, _ := hex.DecodeString(strings.ReplaceAll(c.code, " ", ""))
		in, err := Decode(code)
		if err != nil {
			t.Fatalf("% x: %v", code, err)
		}
		regs := c.in.toRegs(t)
		res, err := in.Exec(&regs, newFakeMemory(nil))
		if err == nil {
			t.Errorf("%s: Exec succeeded (%s, stores %v); the access must be left to the processor",
				in.Intel(codeAddr), show(res.Regs), res.Writes)
		}
	}
}
