//go:build linux && amd64

package debugger

import (
	"testing"

	"golang.org/x/sys/unix"

	"tdb/source"
)

// TestRegisterTables: the DWARF numbering and the emulator's slots,
// derived from regFields, reach the right PtraceRegs fields.
func TestRegisterTables(t *testing.T) {
	r := unix.PtraceRegs{Rax: 1, Rbx: 2, Rcx: 3, Rdx: 4, Rsi: 5, Rdi: 6, Rbp: 7, Rsp: 8,
		R8: 9, R9: 10, R10: 11, R11: 12, R12: 13, R13: 14, R14: 15, R15: 16, Rip: 17, Eflags: 18}
	d := dwarfRegs(&r)
	for n, want := range map[int]uint64{source.RegRAX: r.Rax, source.RegRDX: r.Rdx, source.RegRCX: r.Rcx,
		source.RegRBX: r.Rbx, source.RegRSI: r.Rsi, source.RegRDI: r.Rdi, source.RegRBP: r.Rbp,
		source.RegRSP: r.Rsp, 8: r.R8, 15: r.R15, source.RegRIP: r.Rip} {
		if d[n] != want {
			t.Errorf("DWARF register %d (%s) = %d, want %d", n, source.DwarfRegName(n), d[n], want)
		}
	}
	if len(d) != source.DwarfRegs {
		t.Errorf("%d DWARF registers, want %d", len(d), source.DwarfRegs)
	}
	x := emuRegs(&r)
	want := [16]uint64{r.Rax, r.Rcx, r.Rdx, r.Rbx, r.Rsp, r.Rbp, r.Rsi, r.Rdi, r.R8, r.R9, r.R10, r.R11, r.R12, r.R13, r.R14, r.R15}
	if x.GP != want || x.Rip != r.Rip || x.Rflags != r.Eflags {
		t.Errorf("emulator registers %+v, want GP %v", x, want)
	}
	if back := withEmuRegs(unix.PtraceRegs{}, &x); back.Rsp != r.Rsp || back.R15 != r.R15 || back.Eflags != r.Eflags {
		t.Errorf("withEmuRegs lost registers: %+v", back)
	}
	if got := registerList(&r); got[0] != (Register{"rip", 17}) || got[1] != (Register{"rsp", 8}) || len(got) != 27 {
		t.Errorf("registerList: %v", got)
	}
}
