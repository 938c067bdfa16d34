//go:build linux && amd64

package debugger

import (
	"fmt"

	"golang.org/x/sys/unix"

	"tdb/debugger/x86emu"
	"tdb/source"
)

// regField is a register's name and the PtraceRegs field that holds it.
type regField struct {
	name  string
	field func(*unix.PtraceRegs) *uint64
}

// regFields are the registers in the fixed order front ends show: the
// one place a register's name meets its PtraceRegs field. The DWARF
// numbering (source's table) and the emulator's slots (the x86 encoding's
// order) are derived from it below.
var regFields = []regField{
	{"rip", func(r *unix.PtraceRegs) *uint64 { return &r.Rip }},
	{"rsp", func(r *unix.PtraceRegs) *uint64 { return &r.Rsp }},
	{"rbp", func(r *unix.PtraceRegs) *uint64 { return &r.Rbp }},
	{"rax", func(r *unix.PtraceRegs) *uint64 { return &r.Rax }},
	{"rbx", func(r *unix.PtraceRegs) *uint64 { return &r.Rbx }},
	{"rcx", func(r *unix.PtraceRegs) *uint64 { return &r.Rcx }},
	{"rdx", func(r *unix.PtraceRegs) *uint64 { return &r.Rdx }},
	{"rsi", func(r *unix.PtraceRegs) *uint64 { return &r.Rsi }},
	{"rdi", func(r *unix.PtraceRegs) *uint64 { return &r.Rdi }},
	{"r8", func(r *unix.PtraceRegs) *uint64 { return &r.R8 }},
	{"r9", func(r *unix.PtraceRegs) *uint64 { return &r.R9 }},
	{"r10", func(r *unix.PtraceRegs) *uint64 { return &r.R10 }},
	{"r11", func(r *unix.PtraceRegs) *uint64 { return &r.R11 }},
	{"r12", func(r *unix.PtraceRegs) *uint64 { return &r.R12 }},
	{"r13", func(r *unix.PtraceRegs) *uint64 { return &r.R13 }},
	{"r14", func(r *unix.PtraceRegs) *uint64 { return &r.R14 }},
	{"r15", func(r *unix.PtraceRegs) *uint64 { return &r.R15 }},
	{"eflags", func(r *unix.PtraceRegs) *uint64 { return &r.Eflags }},
	{"cs", func(r *unix.PtraceRegs) *uint64 { return &r.Cs }},
	{"ss", func(r *unix.PtraceRegs) *uint64 { return &r.Ss }},
	{"ds", func(r *unix.PtraceRegs) *uint64 { return &r.Ds }},
	{"es", func(r *unix.PtraceRegs) *uint64 { return &r.Es }},
	{"fs", func(r *unix.PtraceRegs) *uint64 { return &r.Fs }},
	{"gs", func(r *unix.PtraceRegs) *uint64 { return &r.Gs }},
	{"fs_base", func(r *unix.PtraceRegs) *uint64 { return &r.Fs_base }},
	{"gs_base", func(r *unix.PtraceRegs) *uint64 { return &r.Gs_base }},
	{"orig_rax", func(r *unix.PtraceRegs) *uint64 { return &r.Orig_rax }},
}

// fieldNamed is the field of register name; the tables below are built
// from names regFields has, so a miss is a bug of this file.
func fieldNamed(name string) func(*unix.PtraceRegs) *uint64 {
	for _, f := range regFields {
		if f.name == name {
			return f.field
		}
	}
	panic(fmt.Sprintf("no register %q in regFields", name))
}

// dwarfFields are the fields of DWARF registers 0 to source.RegRIP.
var dwarfFields = func() (out [source.DwarfRegs]func(*unix.PtraceRegs) *uint64) {
	for n := range out {
		out[n] = fieldNamed(source.DwarfRegName(n))
	}
	return out
}()

// emuFields are the fields of x86emu.Regs.GP's slots.
var emuFields = func() (out [len(x86emu.Regs{}.GP)]func(*unix.PtraceRegs) *uint64) {
	for i := range out {
		out[i] = fieldNamed(x86emu.RegName(i))
	}
	return out
}()

// registerList gives the registers in the fixed order front ends show.
func registerList(r *unix.PtraceRegs) []Register {
	out := make([]Register, len(regFields))
	for i, f := range regFields {
		out[i] = Register{f.name, *f.field(r)}
	}
	return out
}

// dwarfRegs are a thread's general registers by DWARF number.
func dwarfRegs(r *unix.PtraceRegs) map[int]uint64 {
	out := make(map[int]uint64, len(dwarfFields))
	for n, f := range dwarfFields {
		out[n] = *f(r)
	}
	return out
}

// EflagsNames decodes the flags register: "CF PF ZF IF", in bit order.
func EflagsNames(v uint64) []string {
	bits := []struct {
		bit  uint
		name string
	}{{0, "CF"}, {2, "PF"}, {4, "AF"}, {6, "ZF"}, {7, "SF"}, {8, "TF"}, {9, "IF"}, {10, "DF"}, {11, "OF"}}
	var out []string
	for _, b := range bits {
		if v&(1<<b.bit) != 0 {
			out = append(out, b.name)
		}
	}
	return out
}
