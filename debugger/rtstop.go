package debugger

import (
	"debug/dwarf"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Stops the Go runtime causes: the program's own int3 (runtime.Breakpoint,
// or an asm("int3") in C), an unrecovered panic, and a fatal error of the
// runtime (a deadlock, concurrent map writes, any throw). Each is reported
// before the program would die of it, with the runtime's message, and with
// the frame the user wrote selected.

// runtimeStopBPs are the internal breakpoints at the runtime's fatal
// paths, on the functions' first instructions, where the arguments are
// still in the registers of Go's register ABI (rax, rbx, ...). No stack
// growth runs through an entry twice (DESIGN fact 7): fatalpanic, throw
// and fatal are nosplit, and fatalsignal runs on the signal stack, which
// never grows.
var runtimeStopBPs = []struct {
	fn   string
	kind stopKind
}{
	// fatalpanic(msgs *_panic): an unrecovered panic, after gopanic ran
	// the deferred calls and preprintpanics turned error and Stringer
	// values into strings.
	{"runtime.fatalpanic", stopPanic},
	// throw(s string) and fatal(s string): every fatal error ("all
	// goroutines are asleep - deadlock!", "concurrent map writes", "go of
	// nil func value"); fatal is the one blamed on user code.
	{"runtime.throw", stopFatal},
	{"runtime.fatal", stopFatal},
	// fatalsignal(sig uint32, ...): a signal the runtime cannot turn
	// into a panic (a SIGSEGV in C code), before it prints and dies.
	{"runtime.fatalsignal", stopFatal},
}

// insertRuntimeStops places the runtime-stop breakpoints of a Go program.
func (e *engine) insertRuntimeStops() {
	e.panicBPs, e.fatalBPs = nil, nil
	if !e.bin.IsGo() {
		return
	}
	for _, r := range runtimeStopBPs {
		fns, err := e.bin.LookupFunc(r.fn)
		if err != nil || len(fns) != 1 {
			continue
		}
		addr := fns[0].Entry + e.bias
		if e.insertInternal(addr) != nil {
			continue
		}
		if r.kind == stopPanic {
			e.panicBPs = append(e.panicBPs, addr)
		} else {
			e.fatalBPs = append(e.fatalBPs, addr)
		}
	}
}

// runtimeStopKind says whether addr is one of the runtime-stop
// breakpoints.
func (e *engine) runtimeStopKind(addr uint64) stopKind {
	for _, a := range e.panicBPs {
		if a == addr {
			return stopPanic
		}
	}
	for _, a := range e.fatalBPs {
		if a == addr {
			return stopFatal
		}
	}
	return stopNone
}

// siKernel is si_code SI_KERNEL: the kernel raised the signal itself, as
// it does for the trap of an int3. A SIGTRAP sent with kill has SI_USER,
// with tgkill SI_TKILL; a single-step's has TRAP_TRACE.
const siKernel = 0x80

// hardcodedTrap reports whether t's SIGTRAP comes from an int3 of the
// program's own (not one of the engine's, which the caller has ruled
// out): raised by the kernel, with an int3 just before rip.
func (e *engine) hardcodedTrap(t *thread) bool {
	code, err := e.sigCode(t)
	if err != nil || code != siKernel || e.getRegs(t) != nil {
		return false
	}
	b := make([]byte, 1)
	return e.readMem(t.regs.Rip-1, b) == nil && b[0] == int3
}

// leaveRuntimeBreakpoint moves t, stopped just after the int3 of
// runtime.breakpoint, out of it and runtime.Breakpoint to the instruction
// after the call in the caller, one instruction at a time with the other
// threads stopped, so the stop is shown where the user called
// runtime.Breakpoint, as Delve does (its "hardcoded-breakpoint").
func (e *engine) leaveRuntimeBreakpoint(t *thread) {
	for i := 0; i < 64; i++ {
		if e.getRegs(t) != nil {
			return
		}
		fn := e.bin.FuncAt(t.regs.Rip - e.bias)
		if fn == nil {
			return
		}
		name := fn.Name
		if in := e.bin.InlineStack(t.regs.Rip - e.bias); len(in) > 0 {
			// Optimised, runtime.Breakpoint is inlined into its caller:
			// the return lands in what is left of its body there.
			name = in[0].Function
		}
		if name != "runtime.breakpoint" && name != "runtime.Breakpoint" {
			return
		}
		if sig, err := e.stepQuiet(t); err != nil || sig != 0 {
			return
		}
	}
}

// runtimeStopNote is the line said after a panic or fatal-error stop:
// "panic: VALUE" (the panic's value as Delve's debug adapter says it:
// "BOOM!" quoted, 42 bare) or "fatal error: MESSAGE" (what the runtime is
// about to print). t is at the first instruction of fatalpanic, throw,
// fatal or fatalsignal.
func (e *engine) runtimeStopNote(t *thread, kind string) string {
	if e.getRegs(t) != nil {
		return ""
	}
	switch kind {
	case "panic":
		if v := e.panicValue(t.regs.Rax); v != "" {
			return "panic: " + v
		}
	case "fatal":
		if fn := e.bin.FuncAt(t.regs.Rip - e.bias); fn != nil && fn.Name == "runtime.fatalsignal" {
			// sig uint32 in eax.
			return "fatal error: signal " + sigName(int(uint32(t.regs.Rax)))
		}
		// s string: data pointer in rax, length in rbx.
		n := min(t.regs.Rbx, 1024)
		b := make([]byte, n)
		if n > 0 && e.readMem(t.regs.Rax, b) != nil {
			return ""
		}
		if !utf8.Valid(b) {
			return fmt.Sprintf("fatal error: %q", b)
		}
		return "fatal error: " + string(b)
	}
	return ""
}

// panicValue formats the value inside msgs.arg, the panic's value (an
// interface{}), of the runtime._panic at p: Delve's (*msgs).arg.(data).
func (e *engine) panicValue(p uint64) string {
	if p == 0 {
		return ""
	}
	t, err := e.bin.LookupType("runtime._panic")
	if err != nil {
		return ""
	}
	st, ok := resolve(t).(*dwarf.StructType)
	if !ok {
		return ""
	}
	for _, f := range st.Field {
		if f.Name != "arg" {
			continue
		}
		arg := e.at(p+uint64(f.ByteOffset), f.Type)
		v, err := e.dynamic(arg, kEface)
		switch {
		case err != nil:
			return e.format(arg)
		case v == nil:
			return "nil"
		}
		return e.format(v)
	}
	return ""
}

// userFrame is the frame a panic or fatal-error stop selects. For a panic,
// where it was raised: the first frame outside the runtime (a library's
// own panic call is where it was raised). For a fatal error, which the
// runtime raises for user code's fault (a deadlock, concurrent map
// writes, unlocking an unlocked mutex), the first frame outside the Go
// distribution: goSrc is its source directory ("" if unknown). 0 when the
// whole stack is the runtime's: a deadlock is found by the scheduler, on
// the system stack.
func userFrame(frames []Frame, kind, goSrc string) int {
	for i, f := range frames {
		if isRuntimeFunc(f.Function) {
			continue
		}
		if i == 1 && isFatalShim(f.Function) {
			continue // sync.fatal calling runtime.fatal
		}
		if kind == "fatal" && goSrc != "" && strings.HasPrefix(f.File, goSrc) {
			continue
		}
		return i
	}
	return 0
}

// goSrc is the Go distribution's source directory as the binary records
// it ("/usr/local/go/src/"), from where runtime.main is.
func (e *engine) goSrc() string {
	fns, err := e.bin.LookupFunc("runtime.main")
	if err != nil || len(fns) != 1 {
		return ""
	}
	dir, ok := strings.CutSuffix(fns[0].File, "runtime/proc.go")
	if !ok || dir == "" {
		return ""
	}
	return dir
}

// isRuntimeFunc: the runtime's own code, and the internal packages it is
// split into (internal/runtime/maps holds the map code that detects
// concurrent writes). Only the standard library has import paths that
// start with "internal/".
func isRuntimeFunc(fn string) bool {
	return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/") || strings.HasPrefix(fn, "runtime/")
}

// isFatalShim: the runtime's throw and fatal under the names other
// standard packages link to them by (sync.fatal, crypto/rand.fatal, ...),
// which call the runtime's.
func isFatalShim(fn string) bool {
	return strings.HasSuffix(fn, ".fatal") || strings.HasSuffix(fn, ".throw")
}
