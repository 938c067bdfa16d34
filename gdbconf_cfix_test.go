package main

// What a C programmer hits first after the C work of issue 11: unreadable
// memory, the address of a bitfield, a register as a value, a function as
// a value. tdb's refusal of what gdb would do to the program (k++,
// calls) is its own message: TestEvalC checks it.

func init() { moreGdbCases = append(moreGdbCases, cfixGdbCases) }

var cfixGdbCases = []gdbCase{
	// At a function's first line C's locals are all in scope, not yet
	// set: their names, and expressions that read none of them.
	{name: "cfix locals before their line", program: "cgdb", marker: "signed char sc = -3;", tdb: []string{"info locals"},
		norm: firstField, differ: "the names only: the locals are not yet set, and hold what the stack held"},
	{name: "cfix expressions before their line", program: "cgdb", marker: "signed char sc = -3;", tdb: []string{
		"whatis msg", "whatis grid", "p sizeof(grid)", "p &total == &total", "whatis row", "p sizeof ull"}},
	{name: "cfix unreadable", program: "cgdb", marker: "marker: use", tdb: []string{
		"p *(int *)0", "p *(int *)8", "p *(char *)1", "p *r->next", "p r->next->s", "p *(struct rec *)16", "p ((int *)0)[1]",
		"p ((long *)8)[2]", "p *(long *)$sp == *(long *)$rsp"}},
	{name: "cfix bitfield address", program: "cgdb", marker: "marker: use", tdb: []string{
		"p &r->fl.a", "p &r->fl.b", "p &r->fl.c", "p &r->fl", "whatis &r->fl.b", "p *&r->fl.c", "p &r->fl.b == &r->fl.a"}},
	{name: "cfix registers", program: "cgdb", marker: "marker: use", tdb: []string{
		"p $rip", "p $pc", "p $sp", "p $fp", "p/x $rip", "p/x $sp", "whatis $rip", "whatis $sp", "p $rip == $pc"}},
	{name: "cfix char results", program: "cgdb", marker: "marker: use", tdb: []string{
		"p sc", "p sc + 1", "p 'a'", "p 'a' + 1", "p r->name[0]", "p r->name[0] + 1", "p -r->name[0]", "p ~uc", "p +sc",
		"p (char)65", "p msg[1]", "p uc", "p uc * 2", "whatis r->name[0] + 1", "whatis +sc", "p/c 65", "p/d 'a'"}},
}

// cextern's stdout is the program's copy of libc's, typed by stdio.h's
// declaration; gdb prints the same with or without libc's debug
// information.
var cexternGdbCases = []gdbCase{
	// cgdb declares none of libc's globals: gdb types them from libc's
	// separate debug file where one is installed (libc6-dbg), else says
	// their type is unknown; tdb reads the same file.
	{name: "cfix libc globals", program: "cgdb", marker: "marker: use", tdb: []string{
		"p stdin", "whatis stdin", "p stdin->_fileno", "p stdout->_fileno", "p stderr", "p *environ != 0", "whatis environ",
		"p *stdout", "p stdout->_lock", "p *stderr"}},
	{name: "cfix libc externs", program: "cextern", marker: "marker: out", tdb: []string{
		"p stdout", "p stderr", "p out == stdout", "whatis stdout", "p stdout->_flags == out->_flags", "p *environ != 0",
		"whatis environ", "p stdout->_fileno", "p stderr->_fileno"}},
}

func init() { moreGdbCases = append(moreGdbCases, cexternGdbCases) }
