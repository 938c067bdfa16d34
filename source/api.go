package source

// This file fixes the API the engine (debugger/) and the front ends use.
// Addresses are link-time addresses as the ELF file records them; the
// engine adds the load bias of a PIE itself.

// Function is one function of the binary.
type Function struct {
	Name  string
	Entry uint64 // first instruction
	End   uint64 // one past the last instruction
	File  string // source file of the entry, as recorded ("" if unknown)
	Line  int    // line of the entry (0 if unknown)

	// rank orders a symbol among aliases at one address: global, then
	// weak, then local (symRank).
	rank int
}

// LineEntry is one row of a line table.
type LineEntry struct {
	PC          uint64
	File        string
	Line        int
	Stmt        bool // is_stmt: a good place for a breakpoint
	PrologueEnd bool
}

// RuleKind says how a register of the caller's frame is recovered.
type RuleKind int

const (
	RuleUndefined RuleKind = iota // not recoverable
	RuleSameValue                 // unchanged from this frame
	RuleOffset                    // saved in memory at CFA+Offset
	RuleValOffset                 // its value is CFA+Offset
	RuleRegister                  // in register Reg of this frame
)

// RegRule is the rule for one register.
type RegRule struct {
	Kind   RuleKind
	Offset int64
	Reg    int
}

// DWARF register numbers on x86-64.
const (
	RegRAX = 0
	RegRDX = 1
	RegRCX = 2
	RegRBX = 3
	RegRSI = 4
	RegRDI = 5
	RegRBP = 6
	RegRSP = 7
	RegRIP = 16 // the return address column
)

// FrameRow is the call-frame information at one pc: CFA = CFAReg +
// CFAOffset, and where the return address and rbp of the caller are.
type FrameRow struct {
	CFAReg    int
	CFAOffset int64
	RA        RegRule
	RBP       RegRule
}
