package debugger

import (
	"sync"
	"sync/atomic"
)

// testHooks are what the package's own tests force or watch inside a
// session. A session started by Start has none (Session.test is nil):
// they are not part of the API, and only the tests' start (their
// harness, export_test.go) hands a session some.
type testHooks struct {
	// verifyEmu: every instruction emulated to pass a breakpoint
	// (emulate.go) is also executed for real and the results compared;
	// the differences go to emuErrs.
	verifyEmu bool
	// onBound is called on the ptrace goroutine as a bounded request
	// starts (bounded.go), to force an Interrupt into its work.
	onBound func()

	emuPasses atomic.Int64 // breakpoint hits passed by emulating
	mu        sync.Mutex
	emuErrs   []string
}

// emuPassed counts one breakpoint hit passed by emulation.
func (h *testHooks) emuPassed() {
	if h != nil {
		h.emuPasses.Add(1)
	}
}

// noteEmu records a difference the verifying mode found.
func (h *testHooks) noteEmu(msg string) {
	h.mu.Lock()
	h.emuErrs = append(h.emuErrs, msg)
	h.mu.Unlock()
}
