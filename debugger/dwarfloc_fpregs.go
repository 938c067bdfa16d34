//go:build linux && amd64

package debugger

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

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
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_GETFPREGS, uintptr(tid), 0, uintptr(unsafe.Pointer(&area[0])), 0, 0)
	if errno != 0 {
		return 0, false
	}
	if e.mechanics {
		e.mech("GETFPREGS", tid, 0, "ptrace GETFPREGS tid %d", tid)
	}
	return le64(area[160+16*n:]), true
}
