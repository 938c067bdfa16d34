//go:build linux && amd64

package debugger

// xmm reads the low 8 bytes of register xmmN of thread tid with
// PTRACE_GETFPREGS (the FXSAVE area: xmm0 at byte 160, 16 bytes each). Go
// passes float arguments in X0-X14, and at a function's first lines their
// location lists still say so.
func (e *engine) xmm(tid, n int) (uint64, bool) {
	if n < 0 || n > 15 || e.threads[tid] == nil {
		return 0, false
	}
	if e.core != nil {
		return e.coreXMM(tid, n) // core_session.go
	}
	var area [512]byte
	if err := e.getFPRegs(tid, &area); err != nil {
		// The callers' contract: the value is shown as unavailable.
		return 0, false
	}
	return le64(area[160+16*n:]), true
}
