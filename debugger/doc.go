// Package debugger is tdb's engine: the only package that calls ptrace.
//
// A Session owns one target process. One goroutine, locked to its OS thread
// (the kernel only accepts ptrace requests from the thread that is the
// tracer), starts the target, makes every ptrace call and waits for every
// stop. Front ends send it plain request structs (Continue, Next,
// SetBreakpoint, ...) with reply channels and receive events (Stopped with
// an immutable State snapshot, Output, Exited, Log, Mechanics) on one
// channel. Interrupt is the one call that touches the target from another
// goroutine: it sends the target a SIGSTOP the engine recognises.
//
// The model is all-stop: when one thread stops for the debugger, every
// thread is stopped before the stop is reported, and all are resumed
// together. A breakpoint is one int3 (0xCC) byte written over the first
// byte of an instruction; several logical breakpoints may share it. To move
// a thread past a breakpoint, the engine puts the original byte back,
// single-steps that thread alone while the others stay stopped, and writes
// 0xCC again, so no other thread can run through the gap.
//
// A watchpoint is one of the processor's four debug registers, written
// into every thread (watch.go): the hardware traps after the access, and
// the engine tells that SIGTRAP from an int3's or a single-step's by DR6.
// Breakpoints and watchpoints share one numbering.
package debugger
