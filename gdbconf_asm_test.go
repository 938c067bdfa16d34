package main

// x at and around a breakpoint (issue 15): tdb's plain x shows the
// program's own bytes where tdb wrote its 0xCC, as gdb's x does (gdb's
// shadow contents); x -raw, which gdb has no form of, is checked against
// /proc/PID/mem in debugger's TestReadMemoryRaw.

func init() { moreGdbCases = append(moreGdbCases, asmGdbCases()) }

func asmGdbCases() []gdbCase {
	return []gdbCase{
		{name: "c x under breakpoints", program: "cprog", marker: "if (n <= 1)",
			tdb: []string{"x/8xb $pc", "x/16xb fact", "x/2xg $pc", "x/3i $pc"}, norm: firstWordIfCode,
			differ: "instructions by their addresses only: tdb disassembles in Intel syntax with the bytes, gdb in AT&T"},
	}
}
