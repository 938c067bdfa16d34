package console

import (
	"fmt"
	"strings"
)

// Command is one console command. The table of them is the single source
// of the command line's parsing, of `help`, of completion and of README's
// command list (TestREADMECommands fails when README is stale).
type Command struct {
	Name    string   // Delve's name
	Aliases []string // gdb's and short names; may be several words ("info registers")
	Args    string   // argument synopsis, e.g. "LOC [if COND]"
	Help    string   // first line: a summary; the rest: details for `help CMD`
	Format  bool     // takes gdb's /FMT after its name: p/x, x/8xb, display/x
	Run     func(c *Console, args string) error
}

func (cmd *Command) names() []string { return append([]string{cmd.Name}, cmd.Aliases...) }

// Usage is the synopsis: "break|b LOC [if COND]".
func (cmd *Command) Usage() string {
	s := strings.Join(cmd.names(), "|")
	if cmd.Args != "" {
		s += " " + cmd.Args
	}
	return s
}

// Summary is the first line of Help.
func (cmd *Command) Summary() string {
	s, _, _ := strings.Cut(cmd.Help, "\n")
	return s
}

// takesLoc says whether the first argument is a location, for completion.
func (cmd *Command) takesLoc() bool {
	return strings.HasPrefix(cmd.Args, "[LOC") || strings.HasPrefix(cmd.Args, "LOC")
}

// Commands returns the command table, in help order.
func Commands() []Command {
	return append([]Command(nil), commandTable...)
}

const locHelp = "\nLOC is FILE:LINE (the file by base name or path suffix), LINE (in the current file), FUNC (main.fib, or fib when unique) or *0xADDR."

var commandTable []Command

// The table is filled in init because `help` reads it.
func init() {
	commandTable = []Command{
		{Name: "break", Aliases: []string{"b"}, Args: "[LOC] [if COND]", Run: cmdBreak,
			Help: "Set a breakpoint (at the current line without LOC); break -pending LOC keeps one for a library loaded later (a function nothing loaded defines is otherwise an error)." + locHelp +
				"\nA line without code moves the breakpoint to the next line that has code; a function breakpoint goes after the prologue, and so does a C line breakpoint that lands on a function's first instruction (its opening line, or a comment above it), as gdb's." +
				"\nLINE before the program runs is in main's file. A function nothing loaded defines is an error (a typo), unless a library the program needs (DT_NEEDED) defines it: then it waits for that library. break -pending LOC (or gdb's set breakpoint pending on) keeps any function or FILE:LINE pending, for a library dlopen loads later."},
		{Name: "tbreak", Args: "[LOC] [if COND]", Run: cmdTbreak,
			Help: "Set a temporary breakpoint: it is cleared when first hit." + locHelp},
		{Name: "watch", Args: "[-r|-w|-rw] EXPR", Run: cmdWatch,
			Help: "Stop when the memory EXPR names is written (-r: read, -rw: read or written), with a debug register; at most four.\n" +
				"EXPR is evaluated once, in the selected frame; its value (1, 2, 4 or 8 bytes, aligned; an interface's data word) is watched wherever code changes it.\n" +
				"A hit stops after the access with reason `watchpoint N`, then prints `old value: ...` and `new value: ...`.\n" +
				"x86 cannot watch reads alone: -r stops on accesses that leave the value unchanged.\n" +
				"A variable on a goroutine's stack is followed when the stack moves; the watchpoint is cleared, with a stop, when its frame returns."},
		{Name: "rwatch", Args: "EXPR", Run: cmdRwatch,
			Help: "gdb's name for watch -r: stop when EXPR is read."},
		{Name: "awatch", Args: "EXPR", Run: cmdAwatch,
			Help: "gdb's name for watch -rw: stop when EXPR is read or written."},
		{Name: "condition", Aliases: []string{"cond"}, Args: "[-hitcount] N [EXPR]", Run: cmdCondition,
			Help: "Make breakpoint N stop only when EXPR is true; without EXPR, always.\nWith -hitcount, EXPR compares the hit count: condition -hitcount 1 > 100 (operators > >= < <= == != %)."},
		{Name: "clear", Aliases: []string{"delete"}, Args: "N", Run: cmdClear,
			Help: "Clear breakpoint (or watchpoint) N."},
		{Name: "clearall", Run: cmdClearAll,
			Help: "Clear every breakpoint."},
		{Name: "toggle", Args: "N", Run: cmdToggle,
			Help: "Disable breakpoint N if enabled, enable it if disabled."},
		{Name: "disable", Args: "[N...]", Run: cmdDisable,
			Help: "gdb's: disable breakpoints N... (every one without N); they stay, and enable turns them on again."},
		{Name: "enable", Args: "[N...]", Run: cmdEnable,
			Help: "gdb's: enable breakpoints N... (every one without N)."},
		{Name: "ignore", Args: "N COUNT", Run: cmdIgnore,
			Help: "gdb's: pass breakpoint N the next COUNT times it is reached (a hit-count condition, see condition)."},
		{Name: "breakpoints", Aliases: []string{"bp", "info breakpoints"}, Run: cmdBreakpoints,
			Help: "List the breakpoints with their hit counts, each condition under its breakpoint (cond EXPR, cond -hitcount > N)."},
		{Name: "continue", Aliases: []string{"c"}, Args: "[LOC]", Run: cmdContinue,
			Help: "Run until a breakpoint, a signal or the end; with LOC, until LOC too." + locHelp},
		{Name: "next", Aliases: []string{"n"}, Args: "[N]", Run: cmdNext,
			Help: "Run to the next line of this function, over calls (N times).\nIt stays on the goroutine and frame it started in: recursion and other goroutines do not take it elsewhere."},
		{Name: "step", Aliases: []string{"s"}, Args: "[N]", Run: cmdStep,
			Help: "Run to the next line, into calls (N times)."},
		{Name: "stepout", Aliases: []string{"so", "finish"}, Run: cmdStepOut,
			Help: "Run until the selected function returns to its caller."},
		{Name: "until", Aliases: []string{"u"}, Args: "[LOC]", Run: cmdUntil,
			Help: "gdb's until: without LOC, next, but never back into a loop (a jump back to the loop's top goes on to the loop's end); with LOC, run until LOC in the current frame, or until the current frame returns." + locHelp},
		{Name: "advance", Args: "LOC", Run: cmdAdvance,
			Help: "gdb's advance: run until LOC, in any frame, or until the current frame returns." + locHelp},
		{Name: "stepi", Aliases: []string{"si"}, Args: "[N]", Run: cmdStepi,
			Help: "Execute one machine instruction (N times), into calls."},
		{Name: "nexti", Aliases: []string{"ni"}, Args: "[N]", Run: cmdNexti,
			Help: "Execute one machine instruction (N times), over calls."},
		{Name: "stack", Aliases: []string{"bt", "where"}, Args: "[full] [N|-N]", Run: cmdStack,
			Help: "Print the backtrace of the stopped thread (the innermost N frames, or with -N the outermost N); full (gdb's) adds each frame's locals."},
		{Name: "frame", Args: "[N]", Run: cmdFrame,
			Help: "Select frame N of the backtrace (list, regs, up and down work on it); without N, show the selected frame."},
		{Name: "info frame", Run: cmdInfoFrame,
			Help: "Describe the selected frame: its pc, function and line, the caller's pc, the frame's address (the CFA)."},
		{Name: "up", Run: cmdUp,
			Help: "Select the caller of the selected frame."},
		{Name: "down", Run: cmdDown,
			Help: "Select the callee of the selected frame."},
		{Name: "regs", Aliases: []string{"info registers"}, Args: "[REG...]", Run: cmdRegs,
			Help: "Print the registers of the selected frame, eflags decoded; with names (rip, $rsp), those only."},
		{Name: "print", Aliases: []string{"p"}, Args: "[/FMT] EXPR", Run: cmdPrint, Format: true,
			Help: "Print the value of an expression in the selected frame; p/FMT as gdb: /x hex, /z zero-padded hex, /d signed, /u unsigned, /o octal, /t binary, /c char, /s string; for C also /a address and symbol, /f float.\nGo syntax: variables, a.b, s[i], s[a:b] (slices, arrays, strings), m[\"k\"], *p, &x, len(), cap(), + - * / %, comparisons, && || !, literals, casts to basic types and (*T)(ADDR)."},
		{Name: "printf", Args: `"FORMAT", ARG...`, Run: cmdPrintf,
			Help: "gdb's printf: C's printf of expressions of the selected frame (%d %i %u %x %o %c %s %p %f %e %g, with l, ll, h, hh; %s reads the string a pointer points at)."},
		{Name: "echo", Args: "TEXT", Run: cmdEcho,
			Help: "gdb's echo: print TEXT, C's escapes (\\n, \\t, \\033) understood."},
		{Name: "ptype", Args: "[/o] EXPR", Run: cmdPtype, Format: true,
			Help: "Print the type of an expression, structs and unions with their members (C syntax for C, Go's for Go); /o (gdb's) adds a C struct's offsets, sizes and holes."},

		{Name: "whatis", Args: "EXPR", Run: cmdWhatis,
			Help: "Print the name of the type of an expression."},
		{Name: "locals", Aliases: []string{"info locals"}, Run: cmdLocals,
			Help: "Print the local variables of the selected frame in scope at its line, one name = value a line."},
		{Name: "args", Aliases: []string{"info args"}, Run: cmdArgs,
			Help: "Print the arguments of the selected frame, one name = value a line."},
		{Name: "display", Args: "[[/FMT] EXPR | -d N]", Run: cmdDisplay, Format: true,
			Help: "Print EXPR after every stop (display/x EXPR: in a format, as p/x); without EXPR, print the displays now; -d N removes display N."},
		{Name: "undisplay", Args: "N", Run: cmdUndisplay,
			Help: "Remove display N (gdb's name for display -d N); the later ones move down by one."},
		{Name: "set", Args: "[var] VAR = VALUE", Run: cmdSet,
			Help: "Set a variable (or memory an expression names) to a number, bool or pointer; `set var` is gdb's spelling.\nset breakpoint pending on|off|auto: on, break keeps a function nothing loaded defines pending, as break -pending.\nset backtrace past-main on|off: on, a C backtrace goes on past main into libc (__libc_start_call_main, __libc_start_main_impl, _start), as gdb's."},
		{Name: "goroutines", Aliases: []string{"grs"}, Args: "[-a] [-group KIND] [-s START] [-n COUNT] [FILTER]", Run: cmdGoroutines,
			Help: "List the goroutines: id, status or wait reason, where each is, its go statement and start function; * marks the selected one.\nUser goroutines only (-a: the runtime's too), COUNT at a time (default 100, 0: all) from START; FILTER keeps those whose status or locations contain it.\n-group sums them up instead, a line per group with its count and a sample: userloc (the innermost frame outside the runtime), curloc (the innermost frame), goloc (the go statement), startloc (the start function), wait (status and wait reason), stack (identical stacks, with their frames); keys as Delve spells them, FILE:LINE in FUNC."},
		{Name: "goroutine", Args: "[N]", Run: cmdGoroutine,
			Help: "Switch to goroutine N: its stack becomes the backtrace, and frame, list and the panes follow; without N, show the selected one.\nA parked goroutine cannot be stepped: switch back or continue."},
		{Name: "sharedlibrary", Aliases: []string{"info sharedlibrary", "libs"}, Run: cmdSharedLibs,
			Help: "List the loaded shared libraries as gdb does: the range of each one's .text, whether its symbols were read, its path."},
		{Name: "handle", Args: "SIGNAL... [stop|nostop] [print|noprint] [pass|nopass]", Run: cmdHandle,
			Help: "Say what a signal does, as gdb's handle: stop (report it before the program gets it; implies print), print (say it came without stopping), pass (the program gets it when resumed; nopass discards it).\nSIGNAL is a name (SIGUSR1, USR1), a Linux number or range (14-15), or all (every signal but SIGINT and SIGTRAP). Prints the rows changed.\nDefaults are gdb's: SIGALRM, SIGCHLD, SIGURG, SIGIO, SIGPROF, SIGVTALRM and SIGWINCH nostop noprint pass; SIGINT and SIGTRAP (in C) nopass; the rest stop, print, pass."},
		{Name: "info signals", Aliases: []string{"info handle"}, Args: "[SIGNAL]", Run: cmdInfoSignals,
			Help: "Print the signal table (or SIGNAL's row): stop, print, pass to program, description, as gdb's."},
		{Name: "threads", Aliases: []string{"info threads"}, Run: cmdThreads,
			Help: "List the threads: tid, pc, function, file:line and goroutine; * marks the selected one."},
		{Name: "thread", Args: "N", Run: cmdThread,
			Help: "Switch to thread N: its stack becomes the backtrace, and stepping works on it."},
		{Name: "x", Args: "[/NFU] [-raw] ADDR [N]", Run: cmdExamine, Format: true,
			Help: "Dump N bytes (default 64) of memory at ADDR as hex and ASCII; -raw shows them as they are, with the 0xCC tdb wrote for its breakpoints (without it, the program's own bytes, as gdb's x).\nADDR is 0xHEX, a decimal number, a register name (rsp, $rsp) or, with /NFU, any pointer expression.\nx/NFU is gdb's: N units, F a format (x d u o t c a, s strings, i instructions), U a size (b h w g): x/8xb &v, x/4gx $rsp, x/s p, x/10i $pc.\nThe format and size stay for the next x/N; a bare x after x/NFU shows the units that follow."},
		{Name: "disassemble", Aliases: []string{"disass"}, Run: cmdDisassemble,
			Help: "Disassemble the selected frame's function; => marks the current instruction, * a breakpoint."},
		{Name: "layout", Args: "source|asm|split|next|prev", Run: cmdLayout,
			Help: "Full screen: show the source (source, or src), the Disassembly pane in its place (asm), or both (split: side by side from 160 columns, else the disassembly under the source), as gdb's TUI; next and prev cycle them, as the D key does.\nThe Disassembly pane shows each source line above its instructions with their raw bytes, the execution mark, breakpoints in the gutter (b toggles one on the cursor's instruction), and follows the selected frame."},
		{Name: "memory", Args: "[-raw] [EXPR]", Run: cmdMemory,
			Help: "Full screen: show the Memory pane (key X) at EXPR, as x takes it (&v, p, rsp, $sp, 0xADDR): hex and ASCII, scrollable, the bytes changed since the last stop highlighted; EXPR is evaluated again at each stop.\n-raw (or t in the pane) shows the bytes as they are in memory, with the 0xCC of tdb's breakpoints; without it, the program's own bytes, as x shows them."},
		{Name: "list", Aliases: []string{"l"}, Args: "[LOC | FIRST,LAST | -]", Run: cmdList,
			Help: "List source lines around the selected frame's line, or around LOC; again, the lines after; - the lines before (gdb's), FIRST,LAST a range (FIRST, and ,LAST ten lines)." + locHelp},
		{Name: "run", Run: cmdRun,
			Help: "gdb's run: run the program from its start to a breakpoint, restarting it first once it has run (the arguments are the ones tdb was given)."},
		{Name: "start", Run: cmdStart,
			Help: "gdb's start: run the program from its start to the beginning of main, restarting it first once it has run."},
		{Name: "restart", Aliases: []string{"r"}, Run: cmdRestart,
			Help: "Kill the program and start it again, stopped at entry; breakpoints are kept, hit counts reset.\nWatchpoints are cleared, as Delve does: their expressions belong to the old run."},
		{Name: "kill", Run: cmdKill,
			Help: "Kill the program."},
		{Name: "detach", Run: cmdDetach,
			Help: "Remove every breakpoint and let the program run on without tdb."},
		{Name: "mechanics", Args: "on|off|step|run|next|explain on|off", Run: cmdMechanics,
			Help: "Show (or stop showing) each ptrace operation tdb performs: PEEK/POKE, GETREGS, CONT, waits.\nmechanics step (full screen only) pauses before each operation: Space or mechanics next performs it; mechanics run (or Ctrl+C) returns to full speed.\nmechanics explain on (batch and line mode) prints what each operation means on a line of its own, \"  # ...\", after it."},
		{Name: "present", Args: "on|off", Run: cmdPresentMode,
			Help: "Presenter mode (full screen only; tdb --present starts in it): the projector theme, each key shown with the action it ran (n → next), a taller Log, short file names in the Log's stop lines."},
		{Name: "history", Args: "[N|-|+|.|save FILE]", Run: cmdHistory,
			Help: "List the stops recorded (#N REASON FUNC FILE:LINE), or show stop N read-only: - and + step one stop back and forward, . returns to the present.\nEach stop keeps its registers, backtrace, breakpoints, args, locals and watches; bt, regs, frame, locals, args and print of a recorded name answer from it, execution commands are refused until `.`.\nhistory save FILE writes the stops as JSON lines for tdb replay FILE. The newest 10000 stops (and at most 64 MiB) are kept."},
		{Name: ".", Run: cmdPresent,
			Help: "Leave the stop history's view: back to the present (history .)."},
		{Name: "help", Aliases: []string{"h"}, Args: "[CMD]", Run: cmdHelp,
			Help: "List the commands, or explain one."},
		{Name: "quit", Aliases: []string{"q", "exit"}, Run: cmdQuit,
			Help: "Leave tdb; the program is killed unless detached."},
	}
}

func cmdHelp(c *Console, args string) error {
	if args == "" {
		w := 0
		for i := range commandTable {
			w = max(w, len(commandTable[i].Usage()))
		}
		for i := range commandTable {
			cmd := &commandTable[i]
			c.p.Print(fmt.Sprintf("  %-*s  %s", w, cmd.Usage(), cmd.Summary()))
		}
		return nil
	}
	cmd, _, err := lookupCommand(args)
	if err != nil {
		return err
	}
	c.p.Print(cmd.Usage())
	for _, l := range strings.Split(cmd.Help, "\n") {
		c.p.Print("  " + l)
	}
	return nil
}

func cmdQuit(c *Console, args string) error { return errQuit }
