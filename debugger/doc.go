// Package debugger is tdb's engine: the only package that calls ptrace.
//
// A Session owns one target process. One goroutine, locked to its OS thread
// (the kernel only accepts ptrace requests from the thread that is the
// tracer), starts the target, makes every ptrace call and waits for every
// stop. Front ends send it plain request structs (Continue, Next,
// SetBreakpoint, ...) with reply channels and receive events (Stopped with
// a State snapshot, Output, Exited, Log, Mechanics) on one channel. Every
// reply and event leaves the engine through one door (handout.go) that
// copies what it carries: what a front end holds shares no memory with the
// engine. Interrupt is the one call that touches the target from another
// goroutine: it sends the target a SIGSTOP the engine recognises.
//
// The model is all-stop: when one thread stops for the debugger, every
// thread is stopped before the stop is reported, and all are resumed
// together. A breakpoint is one int3 byte (the constant in breakpoint.go)
// written over the first byte of an instruction; several logical
// breakpoints may share it. To move a thread past a breakpoint, the engine
// puts the original byte back, single-steps that thread alone while the
// others stay stopped, and writes the int3 again, so no other thread can
// run through the gap. A hit that does not stop the program is passed
// without lifting the int3 when it can: the engine executes the displaced
// instruction itself (passover.go, with the emulator in package x86emu).
//
// A location (LOC: FILE:LINE, LINE, FUNC, FILE:FUNC, *ADDR) is parsed
// once, by ParseLoc (location_parse.go), which needs no binary: front
// ends call it to refuse a typo before sending anything and to complete
// (CompleteLoc), and requests carry the typed Loc it returns. The engine
// resolves a Loc to addresses against the binary and its libraries
// (location.go) and keeps it on the breakpoint, to resolve it again after
// an exec, a restart or a library's load.
//
// A watchpoint is one of the processor's four debug registers, written
// into every thread (watch.go): the hardware traps after the access, and
// the engine tells that SIGTRAP from an int3's or a single-step's by DR6.
// Breakpoints and watchpoints share one numbering.
//
// A dynamically linked program's libraries come from the loader's r_debug
// list (solib.go), re-read at an internal breakpoint on its r_brk: frames
// in a library are named and unwound with that library's symbols and
// .eh_frame, and a breakpoint on a function no loaded object defines stays
// pending until a library that defines it is loaded. A library built with
// -g is read with its own DWARF: for a request about one of its frames, or
// a step that starts in its code, the engine lends the values and step
// code the library's binary and load bias in place of the program's
// (solib_values.go).
//
// A core file (core.go, core_session.go) is a session with no process:
// its own goroutine answers every request from the core, through the two
// doors the engine has to a process, readMem and the threads' registers
// (NT_PRSTATUS, valid from the start), and refuses what would run or
// change the program. core_dump.go writes such a file of a live program.
//
// Signals go through a table with gdb's defaults (signals.go): one that
// would kill the program stops it before delivery, the ones programs live
// with (SIGALRM, SIGCHLD, Go's SIGURG...) pass unannounced, and `handle`
// changes a row.
//
// Every ptrace, wait4, kill and tgkill goes through one door, the wrapper
// in ptrace_linux_amd64.go: it checks each error and reports each call to
// mechanics mode, so what mechanics shows is everything the engine asks
// of the kernel. TestOneDoor (door_test.go) parses the package and fails
// on such a call anywhere else.
//
// The package builds for linux/amd64 only: ptrace_linux_amd64.go holds the
// ptrace wrapper, and the files of x86-64 registers and instructions
// (regs.go, disasm.go, passover*.go, dwarfloc_fpregs.go) say so in a build
// line. Elsewhere unsupported.go stops the build with one line.
package debugger
