package main

import (
	"regexp"
	"strings"
)

// C expressions as gdb evaluates them (issue 11): casts, sizeof, C's
// integer arithmetic and types, pointer arithmetic, enumerators,
// functions and registers as values, gdb's FUNC::var and 'file.c'::var,
// and globals across units (testdata/cunits). Cases print scalars where
// they can, so that they judge the evaluator, not the value printer.

func init() {
	moreGdbCases = append(moreGdbCases, cexprGdbCases)
}

// answersOnly drops the lines about breakpoints and stops, which each
// debugger spells its own way, keeping the answers to print.
var gdbSrcLineRe = regexp.MustCompile(`^\d+\t`)

func answersOnly(l string) string {
	if strings.HasPrefix(l, "Breakpoint ") || strings.HasPrefix(l, "stopped: ") || gdbSrcLineRe.MatchString(l) ||
		strings.HasPrefix(l, "line ") && strings.Contains(l, "has no code") {
		return ""
	}
	return l
}

var cexprGdbCases = []gdbCase{
	{name: "c casts", program: "cgdb", marker: "marker: use", tdb: []string{
		"p (char)65", "p (unsigned char)300", "p (uint_t)-1", "p (int)r->s", "p (short)70000", "p (long)k * 3",
		"p *(int *)&grid", "p (unsigned long)&grid[1][2] - (unsigned long)&grid", "p (double)k / 2", "p (int)2.9",
		"p (unsigned)-1", "p (long long)-1 < 0", "p (unsigned long long)-1 > 0", "p (enum color)5 == BLUE",
		"p *(char *)msg", "p ((char *)msg)[1]", "p (char)r->name[2]", "p (int)'a'", "p (_Bool)7"}},
	{name: "c sizeof", program: "cgdb", marker: "marker: use", tdb: []string{
		"p sizeof(int)", "p sizeof r", "p sizeof(*r)", "p sizeof *r", "p sizeof(struct rec)", "p sizeof(uint_t)", "p sizeof grid",
		"p sizeof grid[0]", "p sizeof(char *)", "p sizeof(union num)", "p sizeof(enum color)", "p sizeof(long double)",
		"p sizeof(int[10])", "p sizeof(int (*)(int, int))", "p sizeof(unsigned short) * 3", "whatis sizeof(int)", "p sizeof r->name"}},
	{name: "c arithmetic", program: "cgdb", marker: "marker: use", tdb: []string{
		"p 7/2", "p -7/2", "p 7%-3", "p 1u-2", "p us+1", "p sc*2", "p ull+1", "p ll/1000", "p 2147483647+1", "p 2147483648",
		"p !5", "p !0", "p 3>2", "p 1?2:3", "p 0?2:3", "p ~0", "p 1<<3", "p k*k-81", "p 10/3.0", "p 'a'+1", "p 'a'", "p '\\n'",
		"p 0x10", "p 010", "p 5 & 3 | 8 ^ 1", "p -sc", "p us*us", "p (us+1)/2", "p 1 && 0 || 2", "p uc+1", "p k - 10"}},
	{name: "c result types", program: "cgdb", marker: "marker: use", tdb: []string{
		"whatis us+1", "whatis ll+1", "whatis ull+1", "whatis k+1", "whatis 2147483648", "whatis 3>2", "whatis 'a'",
		"whatis 1.5", "whatis sc*2", "whatis r->l + k", "whatis !r", "whatis (char)1", "whatis k << 1"}},
	{name: "c pointers", program: "cgdb", marker: "marker: use", tdb: []string{
		"p *(msg+1)", "p msg[3]", "p &grid[1][2] - &grid[0][0]", "whatis &grid[1][2] - &grid[0][0]", "p *&counter",
		"p row[1][2]", "p *(*(row+1)+2)", "p (long)(r+1) - (long)r", "p r->name[1]", "p *r->name", "p (&grid[1][0])[-1]",
		"p *grid[1]", "p **grid", "p r == &*r", "p msg + 2 > msg", "p !r->next", "p r->next == 0", "p (r+1) - r",
		"p &grid[1]", "p &grid[1][2]", "p (int *)&grid", "p (struct rec *)r", "p &r->s"}},
	{name: "c enums", program: "cgdb", marker: "marker: use", tdb: []string{
		"p r->col == BLUE", "p BLUE + 1", "p r->col == GREEN", "whatis r->col == BLUE", "p (int)BLUE", "p RED < GREEN",
		"p r->col - RED", "p sizeof(BLUE)"}},
	{name: "c functions", program: "cgdb", marker: "marker: use", tdb: []string{
		"p add", "p *add", "p &add", "p add == &add", "p r->op == add", "p add != 0", "p *r->op"}},
	{name: "c registers", program: "cgdb", marker: "marker: use", tdb: []string{
		"p $rsp + 8", "p $rip == $pc", "p $sp == $rsp", "whatis $rax", "whatis $eax", "p $eax == (int)$rax", "p $fp == $rbp",
		"p *(long *)$sp == *(long *)$rsp", "p $pc - $rip", "p (long)$sp % 8"}},
	{name: "c x expr", program: "cgdb", marker: "marker: use", tdb: []string{
		"x/4xb r->name", "x/2dw &grid[1]", "x/s msg + 3", "x/2xw &r->s", "x/3dw grid[1]", "x/2dw *row", "x/c r->name + 1"}},
	{name: "c precedence", program: "cgdb", marker: "marker: use", tdb: []string{
		"p 1+2*3", "p 10-3-2", "p 1<<2+1", "p 2*3%4", "p 1|2^3&4", "p 5 > 3 > 1", "p !!k", "p ~k", "p -8 >> 1", "p -5 / 3u",
		"p -5 % 3", "p 0x7fffffff + 0x7fffffff", "p 10 == 10.0", "p sc < us", "p r->l * 1.5", "p 0 ? 1 : 2 ? 3 : 4",
		"p k ? 1.5 : 2", "p 'A' == 65", "p sizeof \"abc\"", "p \"ab\"[1]", "p -(-k)", "p +k", "p (k)", "p ((k+1))*2"}},
	{name: "c more", program: "cgdb", marker: "marker: use", tdb: []string{
		"p r->u.b[1]", "p *&r->u.i", "p (long)r & 0xf", "p/x (unsigned char)-1", "p grid[1][5]", "p row[-0][0]", "p sizeof *row",
		"p *(r->name + 1)", "p (unsigned short)-1 == us", "p 1 ? r->s : 0", "p (int)uc", "p uc > 100", "p (char)r->l",
		"whatis 4294967295", "whatis 0xffffffff", "p (long)&((struct rec *)0)->col", "p (long)&((struct rec *)0)->next", "p &r->u.b[2] - &r->u.b[0]",
		"whatis (uint_t)1", "whatis (struct rec *)0", "whatis *r", "whatis r->name[0]", "whatis &r->name"}},
	{name: "c declarators", program: "cgdb", marker: "marker: use", tdb: []string{
		"p (*(int (*)[3])grid)[2]", "whatis (int (*)[3])grid", "whatis (char *(*)(int))0", "whatis (int (*)(int, int))add",
		"p ((int (*)(int, int))add) == add", "p sizeof(char *[2])", "p sizeof(int (*)[3])", "whatis (void (*)(int (*)(int)))0",
		"whatis (unsigned long long)1", "whatis (long double)1", "whatis (short unsigned)1", "whatis (signed char)1"}},
	{name: "c convenience functions", program: "cgdb", marker: "marker: use", tdb: []string{
		`p $_streq(r->name, "abc")`, `p $_streq(msg, "hi\tthere")`, `p $_streq(msg, "hi")`, "p $_strlen(msg)", "p $_strlen(r->name)",
		`p $_memeq(r->name, "abc", 3)`, "p $_memeq(&grid[0], &grid[1], 4)", "p $_memeq(grid, &grid[0][0], 12)", `p $_regex(msg, "^hi")`,
		`p $_regex(r->name, "b.$")`, `p $_streq(r->name, "abc") && r->s == 60`}},
	{name: "c conditions", program: "cgdb", marker: "marker: use", norm: answersOnly,
		differ: "the breakpoint and stop lines are each debugger's own; the values printed at the stop must be gdb's",
		tdb: []string{"break prog.c:67 if r->s == 61 || r->col != BLUE || !$_streq(r->name, \"abc\")",
			`break prog.c:69 if r->col == BLUE && k == 9 && $_streq(r->name, "abc")`, "continue", "p total", "p r->s"}},
	{name: "c units", program: "cunits", marker: "marker: tally", tdb: []string{
		"p calls", "p level", "p 'other.c'::level", "p 'prog.c'::level", "p bump::hits", "p tally::calls", "p shared_count",
		"p global_cfg.level", "p *global_cfg.name", "p *where == calls", "p &calls == &tally::calls", "p n + calls * 2",
		"p sizeof(global_cfg)", "p ((cfg *)&global_cfg)->level", "p sizeof(cfg)", "whatis (cfg *)0", "p (cfg *)c == c", "p c->name[1]", "p main::argc", "p 'other.c'::bump == bump", "p main::argv[0][0]", "p shared_count + global_cfg.level"}},
}
