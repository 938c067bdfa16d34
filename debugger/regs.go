//go:build linux && amd64

package debugger

import "golang.org/x/sys/unix"

// registerList gives the registers in the fixed order front ends show.
func registerList(r *unix.PtraceRegs) []Register {
	return []Register{
		{"rip", r.Rip}, {"rsp", r.Rsp}, {"rbp", r.Rbp},
		{"rax", r.Rax}, {"rbx", r.Rbx}, {"rcx", r.Rcx}, {"rdx", r.Rdx},
		{"rsi", r.Rsi}, {"rdi", r.Rdi},
		{"r8", r.R8}, {"r9", r.R9}, {"r10", r.R10}, {"r11", r.R11},
		{"r12", r.R12}, {"r13", r.R13}, {"r14", r.R14}, {"r15", r.R15},
		{"eflags", r.Eflags},
		{"cs", r.Cs}, {"ss", r.Ss}, {"ds", r.Ds}, {"es", r.Es}, {"fs", r.Fs}, {"gs", r.Gs},
		{"fs_base", r.Fs_base}, {"gs_base", r.Gs_base}, {"orig_rax", r.Orig_rax},
	}
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
