package debugger

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/arch/x86/x86asm"
	"golang.org/x/sys/unix"
)

// What each ptrace operation means, in words, for the Mechanics pane
// (issue 15: a lecturer walks a class through one breakpoint hit). The
// explanation is made here, where the facts are (which breakpoint, which
// instruction, why the engine does it), and travels on Mechanics.Explain:
// the operation's own line (Text) stays as DESIGN's batch format has it.
//
// A door function asks explainOp before its call; a caller that knows
// more than the door does (the breakpoint hit rewinding rip) says so with
// because, which the next operation of that name takes.

// because makes the next op operation explained by text instead of its
// general explanation.
func (e *engine) because(op, text string) {
	if e.mechanics {
		e.why = mechWhy{op: op, text: text}
	}
}

// mechWhy is what because left for the next operation named op.
type mechWhy struct{ op, text string }

// explainOp is what operation op on tid (addr: its address; sig: a
// signal it delivers or sends, 0: none) means.
func (e *engine) explainOp(op string, tid int, addr uint64, sig int) string {
	if e.why.op == op {
		text := e.why.text
		e.why = mechWhy{}
		return text
	}
	// stepOver sets overBP while it takes its thread over the breakpoint.
	over := e.overBP != nil
	switch op {
	case "GETREGS":
		return "read the thread's registers: rip says where it stopped"
	case "SETREGS":
		return "write the thread's registers back"
	case "CONT":
		if sig != 0 {
			return fmt.Sprintf("let the thread run on, handing it the %s it stopped with", sigName(sig))
		}
		return "let the thread run on, until its next trap or signal"
	case "SINGLESTEP":
		if over {
			return "run the original instruction alone, then put the 0xCC back"
		}
		return "run one instruction, then trap back to tdb"
	case "WAIT":
		return "sleep until the kernel reports that a traced thread stopped or exited"
	case "TGKILL":
		if sig == int(unix.SIGSTOP) {
			return "stop the other threads: none may run while tdb works on the code"
		}
		return fmt.Sprintf("send the thread its %s again: it stopped with it and must still get it", sigName(sig))
	case "KILL":
		return "end the program"
	case "SEIZE":
		return "become the thread's tracer without stopping it"
	case "INTERRUPT":
		return "stop the seized thread where it is"
	case "SETOPTIONS":
		return "ask the kernel to report new threads, forks and execs, and to kill the program if tdb dies"
	case "GETEVENTMSG":
		return "read the event's number: the new thread, the forked child or the former thread id"
	case "DETACH":
		return "let the thread go: it runs on, no longer traced"
	case "GETFPREGS":
		return "read the floating-point and SSE registers"
	case "PEEKUSER":
		return "read a debug register: the CPU's hardware watchpoints"
	case "POKEUSER":
		return "write a debug register: the CPU watches that address in hardware"
	case "PEEKDATA":
		return "read the byte the int3 will replace, to put it back later" + e.bpWhere(addr)
	case "GETSIGINFO":
		return "ask the kernel why the thread stopped: si_code tells an int3 from a single-step"
	case "EMULATE":
		return "tdb ran this instruction itself, without removing the int3"
	case "CLONE":
		return "the program started a thread: tdb traces it too"
	case "EXEC":
		return "the program replaced itself with a new one: tdb reads the new binary"
	case "WATCHMOVE":
		return "the goroutine's stack moved: the debug registers follow the variable"
	}
	return ""
}

// explainPoke is what writing b over old at addr means.
func (e *engine) explainPoke(addr uint64, old, b byte, why string) string {
	insn := e.insnAt(addr)
	where := e.bpWhere(addr)
	over := e.overBP != nil && e.overBP.addr == addr
	switch {
	case strings.HasPrefix(why, "forked child"):
		return "the forked child has a copy of the int3: put back the first byte of " + insn + where
	case why == "lift while stopped":
		return "take the int3 out while the attached program is stopped: if tdb dies, the program must not trap" + where
	case b == int3 && over:
		return "put the 0xCC back: the breakpoint stays set for the next time" + where
	case b == int3:
		return "int3 replaces the first byte of " + insn + where
	case over:
		return "take the int3 out: the original first byte of " + insn + " must run" + where
	case old == int3:
		return "put back the original first byte of " + insn + ": the breakpoint is gone" + where
	}
	return "write the program's memory"
}

// insnAt is the program's own instruction at addr, `sub rsp, 0x18`, as
// disasm.go spells it (readMem gives the bytes under tdb's int3s).
func (e *engine) insnAt(addr uint64) string {
	var code [16]byte
	n := len(code)
	for ; n > 0; n /= 2 {
		if e.readMem(addr, code[:n]) == nil {
			break
		}
	}
	if n == 0 {
		return "the instruction"
	}
	inst, err := x86asm.Decode(code[:n], 64)
	if err != nil || inst.Len == 0 {
		return "the instruction"
	}
	return "`" + x86asm.IntelSyntax(inst, addr, e.symbolize) + "`"
}

// bpWhere is " (breakpoint 1, main.go:10)" for the breakpoint at addr, ""
// when there is none.
func (e *engine) bpWhere(addr uint64) string {
	b := e.bps[addr]
	if b == nil {
		return ""
	}
	var parts []string
	var ids []string
	for _, u := range b.users {
		ids = append(ids, fmt.Sprint(u.ID))
	}
	switch {
	case len(ids) == 1:
		parts = append(parts, "breakpoint "+ids[0])
	case len(ids) > 1:
		parts = append(parts, "breakpoints "+strings.Join(ids, ", "))
	default:
		parts = append(parts, "tdb's own breakpoint")
	}
	if e.bin != nil {
		if f, l, ok := e.bin.PCToLine(addr - e.bias); ok {
			parts = append(parts, fmt.Sprintf("%s:%d", filepath.Base(f), l))
		}
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// explainStatus is what a wait's status means to the engine.
func explainStatus(ws unix.WaitStatus) string {
	switch {
	case ws.Exited(), ws.Signaled():
		return "the kernel reports the thread is gone"
	case ws.Stopped() && ws.TrapCause() > 0:
		return "the kernel reports an event: a new thread, a fork, an exec or an exit"
	case ws.Stopped() && ws.StopSignal() == unix.SIGTRAP:
		return "the kernel reports a trap: an int3 ran, or a single-step finished"
	case ws.Stopped() && ws.StopSignal() == unix.SIGSTOP:
		return "the kernel reports a SIGSTOP: a new thread's first stop, or tdb's own (stopping the thread, or waking tdb for a request)"
	case ws.Stopped():
		return fmt.Sprintf("the kernel reports a %s for the program: tdb decides whether to pass it on", sigName(int(ws.StopSignal())))
	}
	return "the kernel reports a change of the thread's state"
}
