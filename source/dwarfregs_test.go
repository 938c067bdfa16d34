package source

import "testing"

// TestDwarfRegTable: the named numbers, the table and its inverse agree
// with the psABI's numbering (rdx is 1, rsp 7, the return address 16).
func TestDwarfRegTable(t *testing.T) {
	for name, want := range map[string]int{"rax": RegRAX, "rdx": RegRDX, "rcx": RegRCX, "rbx": RegRBX,
		"rsi": RegRSI, "rdi": RegRDI, "rbp": RegRBP, "rsp": RegRSP, "r8": 8, "r15": 15, "rip": RegRIP} {
		if n, ok := DwarfRegNumber(name); !ok || n != want {
			t.Errorf("DwarfRegNumber(%q) = %d, %v; want %d", name, n, ok, want)
		}
		if got := DwarfRegName(want); got != name {
			t.Errorf("DwarfRegName(%d) = %q, want %q", want, got, name)
		}
	}
	if got := DwarfRegName(17); got != "xmm0" {
		t.Errorf("DwarfRegName(17) = %q, want xmm0", got)
	}
	for _, name := range []string{"eax", "xmm0", "eflags", ""} {
		if n, ok := DwarfRegNumber(name); ok {
			t.Errorf("DwarfRegNumber(%q) = %d, want none", name, n)
		}
	}
}
