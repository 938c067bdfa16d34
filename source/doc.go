// Package source knows the program being debugged as files: the ELF
// executable and the source text it was built from. It never touches a
// process (that is the debugger package, the only one calling ptrace) and
// never draws (that is ui).
//
// A Binary is an opened executable. Open reads the ELF headers, the symbol
// table (the fast source of function names and boundaries) and the list of
// DWARF compilation units with their address ranges, and nothing more: on a
// large Go binary, decoding every line table up front would cost more than
// the whole start-up may. A unit's line program is decoded the first time a
// pc in it, or one of its files, is asked about, and kept as packed 16-byte
// rows; call-frame information (.debug_frame for Go, .eh_frame for gcc) is
// indexed by address on the first unwind and run by our own CFA
// interpreter, which debug/dwarf lacks. Go binaries without DWARF or without
// symbols fall back to the runtime's pclntab (debug/gosym) for functions
// and lines.
//
// Code the compiler inlined (an optimised build) is described per function
// by DW_TAG_inlined_subroutine entries, read with the function's variables
// the first time a pc in it is asked about: InlineStack gives the chain of
// inlined calls at a pc (the backtrace's inlined frames), InlinedCalls the
// copies of a function (a breakpoint on it), Optimized how a unit was
// compiled (DW_AT_producer).
//
// Addresses are link-time addresses, as the file records them; for a PIE
// the engine adds the load bias. After Open returns every Binary method is
// safe for concurrent use.
//
// debug/elf and debug/dwarf are not hardened against hostile input: Open
// and every lazy decoder recover from their panics and report a corrupt
// file instead of crashing tdb.
//
// The package also builds debuggable targets (build.go), caches source
// files (text.go) and tokenises them for highlighting (highlight.go).
package source
