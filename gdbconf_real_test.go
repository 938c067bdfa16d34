package main

import (
	"regexp"
	"strings"
)

// Differential cases against gdb on two real C code bases that nobody
// here wrote (issue 11): the Lua 5.4.6 interpreter (testdata/clua) and the
// cJSON 1.7.18 library with a small driver of ours (testdata/cjson), both
// kept in testdata as their authors wrote them, with their licences, and
// built with gcc -g -O0 once per test run. Each case is what a C
// programmer types in the first minutes: break on a function, run with
// arguments, look at pointers, structs, unions, enums and strings, walk
// the stack, step, finish, watch.
//
// The only normalising is of what differs between two runs of the same
// program (heap and stack addresses: gdb turns ASLR off, tdb does not)
// and of gdb's chatter; a case whose answer differs in form is known,
// with the reason, until it answers as gdb does.
//
//	TDB_GDBCONF='lua ' go test -run TestGdbConformance -v .

var _ = func() bool { moreGdbCases = append(moreGdbCases, realGdbCases()); return true }()

// luaFlags build the interpreter as its makefile's linux target does.
var luaFlags = []string{"-std=gnu99", "-DLUA_USE_LINUX", "-lm"}

// lua is a case debugging `lua testdata/clua/script.lua`, stopped at at.
func lua(name, at string, cmds ...string) gdbCase {
	return gdbCase{name: "lua " + name, program: "clua", cflags: luaFlags, args: []string{"testdata/clua/script.lua"}, at: at, tdb: cmds, norm: realAddrs}
}

// cjson is a case debugging our driver of cJSON on doc (testdata/cjson/doc.json
// or deep.json), stopped at at.
func cjson(name, doc, at string, cmds ...string) gdbCase {
	return gdbCase{name: "cjson " + name, program: "cjson", cflags: []string{}, args: []string{"testdata/cjson/" + doc}, at: at, tdb: cmds, norm: realAddrs}
}

// with sets a case's own normalising after realAddrs, and why.
func (c gdbCase) with(norm func(string) string, differ string) gdbCase {
	c.norm = func(l string) string { return norm(realAddrs(l)) }
	c.differ = differ
	return c
}

// knownAs marks a case tdb does not yet answer as gdb does.
func (c gdbCase) knownAs(why string) gdbCase { c.known = why; return c }

// realAddrRe is a heap, data or code address: heap addresses differ
// between gdb's run (no ASLR) and tdb's; code addresses of these
// non-PIE builds are equal and normalised alike.
var realAddrRe = regexp.MustCompile(`0x[0-9a-f]{6,}`)

func realAddrs(l string) string { return realAddrRe.ReplaceAllString(l, "0xADDR") }

// stackOffsets rewrites Lua's StkIdRel, a union of a stack pointer and
// its offset: the offset member is the same heap address read as a long,
// printed in decimal, so it differs as the addresses do.
var stackOffsetRe = regexp.MustCompile(`offset = \d+`)

func stackOffsets(l string) string { return stackOffsetRe.ReplaceAllString(l, "offset = ADDR") }

// stopsOnly keeps where each stop or frame is, as function:line, and
// the line of each other stop: the debuggers describe a frame each in
// its own form (gdb with the arguments' values).
func stopsOnly(l string) string {
	if m := tdbStopRe2.FindStringSubmatch(l); m != nil {
		return "line " + m[2]
	}
	if m := btRowRe.FindStringSubmatch(l); m != nil {
		return "#" + m[1] + " " + m[2] + ":" + m[3]
	}
	if m := gdbLineRe.FindStringSubmatch(l); m != nil {
		return "line " + m[1]
	}
	if m := tdbFrameLineRe.FindStringSubmatch(l); m != nil {
		return "line " + m[1]
	}
	return ""
}

// tdbFrameLineRe is the source line tdb prints under a selected frame.
var tdbFrameLineRe = regexp.MustCompile(`^=>\s+(\d+):\t`)

// stopsAndValues is stopsOnly that keeps the other lines (values) too,
// less gdb's "Run till exit" and the frame line gdb prints at a stop.
func stopsAndValues(l string) string {
	if s := stopsOnly(l); s != "" {
		return s
	}
	if strings.HasPrefix(l, "Run till exit") || gdbStopRe.MatchString(l) || bpSetRe.MatchString(l) {
		return ""
	}
	return l
}

// bpSetRe is a breakpoint being set, each debugger in its own words
// (tdb's batch line, gdb's "Temporary breakpoint 2 at 0x...: file F,
// line 34."), or gdb's stop at a temporary one.
var bpSetRe = regexp.MustCompile(`^(?:Temporary b|B)reakpoint \d+(?: at |, )`)

// frameInfo keeps the lines of info frame that tdb prints: the level,
// the pc, the saved pc, the frames either side.
func frameInfo(l string) string {
	for _, p := range []string{"Stack level", " rip = ", " called by", " caller of"} {
		if strings.HasPrefix(l, p) {
			return l
		}
	}
	return ""
}

// displays keeps the displays' lines, numbered alike: tdb numbers them
// from 0 as Delve does, gdb from 1.
var displayNumRe = regexp.MustCompile(`^\d+: `)

func displays(l string) string {
	if displayNumRe.MatchString(l) {
		return displayNumRe.ReplaceAllString(l, "N: ")
	}
	return ""
}

// listLineRe is a line of a listing, tdb's ("=>   34:\t") or gdb's
// ("34\t").
var listLineRe = regexp.MustCompile(`^(?:=>)?\s*(\d+):?\t`)

// bpStateRe is tdb's report of enable, disable and ignore.
var bpStateRe = regexp.MustCompile(`^(?:Breakpoint \d+ (?:enabled|disabled)|Will ignore next .*)$`)

// finishValue keeps the value returned: gdb's "Value returned is $1 = 73",
// tdb's "returned: ~r0 = 73".
var finishValueRe = regexp.MustCompile(`^(?:Value returned is \$\d+|returned: \S+) = `)

func finishValue(l string) string {
	if finishValueRe.MatchString(l) {
		return "returned " + finishValueRe.ReplaceAllString(l, "")
	}
	return stopsOnly(l)
}

// watchValues keeps a watchpoint's stops and values: gdb's "Old value =
// 4", tdb's "old value: 4".
var watchValueRe = regexp.MustCompile(`^(?i)(old|new) value(?: =|:) `)

func watchValues(l string) string {
	if m := watchValueRe.FindStringSubmatch(l); m != nil {
		return strings.ToLower(m[1]) + " " + watchValueRe.ReplaceAllString(l, "")
	}
	if m := btRowRe.FindStringSubmatch(l); m != nil {
		return "#" + m[1] + " " + m[2] + ":" + m[3]
	}
	return "" // the stop: tdb says where before the values, gdb after; bt 1 says where
}

// Why tdb's answer is not yet gdb's, by the helper of issue 11 at work on
// it (cvals: values in gdb's form; cexpr: C's expressions).
const (
	heapOffset = "Lua's stack offsets (a union with a pointer) are heap addresses read as longs: they differ as addresses do"
	kCall      = "an expression cannot call a function of the program"
)

func realGdbCases() []gdbCase {
	const (
		doc  = "doc.json"
		deep = "deep.json"
	)
	frames := "functions and lines of the frames: gdb prints the arguments' values, tdb the pc"
	stops := "the lines of the stops: each debugger prints a stop in its own form"
	returned := "the value returned only: each debugger's words before it"
	return []gdbCase{
		// Lua: the interpreter runs testdata/clua/script.lua.
		lua("bt luaV_execute", "luaV_execute", "bt").with(stopsOnly, frames),
		lua("bt 3", "luaV_execute", "bt 3").with(stopsOnly, frames),
		lua("bt -3", "luaV_execute", "bt -3").with(stopsOnly, frames),
		lua("p pointer", "luaV_execute", "p L", "p ci"),
		lua("p *L", "luaV_execute", "p *L").with(stackOffsets, heapOffset),
		lua("p fields", "luaV_execute", "p L->nci", "p L->errfunc", "p/x L->nCcalls", "p L->hookmask", "p/d L->status"),
		lua("p lu_byte", "luaV_execute", "p L->status", "p L->allowhook", "p L->tt"),
		lua("p struct member", "luaV_execute", "p L->base_ci.nresults", "p L->l_G->strt.size", "p L->l_G->strt.nuse", "p L->l_G->gcstepsize"),
		lua("p struct value", "luaV_execute", "p L->top").with(stackOffsets, heapOffset),
		lua("p ci->func", "luaV_execute", "p ci->func.p", "p ci->func").with(stackOffsets, heapOffset),
		lua("ci fields", "luaV_execute", "p ci->nresults", "p ci->callstatus", "p/x ci->callstatus", "p ci->previous->nresults"),
		lua("pointer difference", "luaV_execute", "p L->stack_last.p - L->stack.p", "p L->top.p - L->stack.p"),
		lua("whatis ptype", "luaV_execute", "whatis L", "whatis L->top", "ptype StkIdRel", "whatis L->l_G", "whatis ci->u", "whatis luaV_execute"),
		lua("ptype/o", "luaV_execute", "ptype/o struct CallInfo", "ptype/o union Node", "ptype/o struct lua_State", "ptype/o union GCUnion"),
		lua("ptype union", "luaV_execute", "ptype Value", "ptype TValue", "ptype union StackValue"),
		lua("char array", "luaV_execute", "p L->l_G->tmname[0]->contents"),
		lua("x/s char array", "luaV_execute", "x/s L->l_G->tmname[0]->contents", "p L->l_G->tmname[0]->shrlen", "p/c L->l_G->tmname[0]->contents[0]"),
		lua("extern globals", "luaV_execute", "p/d luaP_opmodes[0]", "p/x luaP_opmodes[1]", "whatis luaP_opmodes", "ptype luai_ctype_", "p/d luai_ctype_[65]", "whatis luaT_typenames_", "p luaT_typenames_[3]", "p *luaT_typenames_[4]"),
		lua("extern global chars", "luaV_execute", "p luaP_opmodes[0]", "p luai_ctype_[65]"),
		lua("sizeof", "luaV_execute", "p sizeof(lua_State)", "p sizeof(*L)", "p sizeof(L->nci)"),
		lua("printf", "luaV_execute", `printf "%s %d %u %x\n", L->l_G->tmname[0]->contents, L->nci, L->l_G->strt.size, L->status`),
		lua("x memory", "luaV_execute", "x/8xb &L->tt", "x/2xw &L->tt", "x/4dh &L->tt", "x/3ub &L->tt"),
		lua("x pointer", "luaV_execute", "x/8xb L", "x/4xb L->l_G"),
		lua("condition ->", "luaH_getshortstr if key->shrlen > 10", "x/s key->contents", "p key->shrlen"),
		lua("p *t", "luaH_getshortstr", "p *t"),
		lua("union Node", "luaH_getshortstr", "p/d t->node->u.key_tt", "p/d t->lsizenode", "p t->node->u.value_.i", "p/x t->node->i_val.tt_", "p/x t->flags", "p t->alimit"),
		lua("union value", "luaH_getshortstr", "p t->node->u.value_"),
		lua("index pointer member", "luaH_getshortstr", "p/d t->node[0].u.key_tt"),
		lua("finish pointer", "luaH_getshortstr", "finish").with(finishValue, returned),
		lua("finish selected frame", "luaO_ceillog2", "up", "finish", "bt 2").with(finishValue, returned),
		lua("finish outermost", "lua_pushinteger", "up", "finish", "bt 1").with(stopsAndValues, frames),
		lua("step through pointer", "ldo.c:529", "step", "bt 1", "step", "step", "finish", "next", "next").with(finishValue, returned),
		lua("pushinteger", "lua_pushinteger", "p n", "p/x n", "p n + 1", "p -n", "whatis n"),
		lua("enum print", "luaK_infix", "p op", "p v->k"),
		lua("enum types", "luaK_infix", "whatis op", "ptype op", "ptype BinOpr"),
		lua("enum expr", "luaK_infix", "p/d op", "p op == OPR_LT", "p OPR_ADD"),
		lua("expdesc", "luaK_infix", "p v->u.info", "p v->t", "p v->f", "p/d fs->nactvar"),
		lua("argv", "main", "p argc", "p argv[1]", "p argv[1][0]"),
		lua("argv@argc", "main", "p *argv@argc"),
		lua("frame and up", "luaV_execute", "frame 8", "p fname", "up", "p script", "down", "down").with(stopsAndValues, frames),
		lua("next step", "luaV_execute", "next", "next", "next", "step", "step").with(stopsOnly, stops),
		// 25 nexts through the interpreter's dispatch, 30 steps down
		// through luaT_adjustvarargs, pushclosure and the allocator to
		// lauxlib's l_alloc (the step after reaches libc's realloc, where
		// gdb has its lines where libc's debug package is installed).
		lua("next 25", "luaV_execute", repeat("next", 25)...).with(stopsOnly, stops),
		lua("step 30", "luaV_execute", repeat("step", 30)...).with(stopsOnly, stops),
		lua("watch field", "luaV_execute", "watch L->nci", "continue", "bt 1").
			with(watchValues, "the values and where: each debugger's words around them"),
		lua("tbreak", "luaV_execute", "tbreak luaH_resize", "continue", "bt 2").with(stopsOnly, frames),

		// cJSON: our driver parses testdata/cjson/doc.json (or deep.json).
		cjson("string arg", doc, "cJSON_Parse", "p *value", "p/c *value", "p/x *value"),
		cjson("long string", doc, "cJSON_Parse", "p value"),
		cjson("pointer index", doc, "cJSON_Parse", "p value[2]", "p value[0] == '{'"),
		cjson("x string", doc, "cJSON_Parse", "x/s value", "x/8xb value", "x/8c value"),
		cjson("condition depth", deep, "parse_value if input_buffer->depth > 40", "p input_buffer->depth", "bt 3").
			with(stopsAndValues, frames),
		cjson("deep bt", deep, "parse_number", "p input_buffer->depth", "p input_buffer->offset", "bt").with(stopsAndValues, frames),
		cjson("deep frames", deep, "parse_number", "frame 99", "up", "frame 125", "p argc", "up", "down", "info frame", "frame 110", "p input_buffer->depth", "frame 0", "down").
			with(func(l string) string {
				if s := frameInfo(l); s != "" || strings.HasPrefix(l, " ") {
					return s // the rest of gdb's info frame: see "info frame"
				}
				return stopsAndValues(l)
			}, frames),
		cjson("deep bt -3", deep, "parse_number", "bt -3").with(stopsOnly, frames),
		cjson("frames", doc, "parse_string", "frame 2", "up", "down", "down").with(stopsOnly, frames),
		cjson("p *item", doc, "driver.c:37", "p *item"),
		cjson("item strings", doc, "driver.c:37", "p item->string", "p item->valuestring", "p item->next->string", "p item->next->valueint", "p item->prev->string", "p item->next->next->valuedouble"),
		cjson("item->type", doc, "driver.c:37", "p item->type", "p/x item->type"),
		cjson("info args", doc, "driver.c:37", "info args"),
		cjson("info locals", doc, "driver.c:37", "info locals"),
		cjson("bt full", doc, "driver.c:37", "bt full 1").with(stopsAndValues, frames),
		cjson("bt full pointers", doc, "driver.c:37", "bt full").with(stopsAndValues, frames),
		cjson("ptype", doc, "driver.c:37", "ptype struct cJSON", "whatis item", "ptype item", "whatis item->next", "ptype cJSON_Hooks", "whatis cJSON_Parse", "ptype parse_buffer", "whatis cJSON_Version", "whatis cJSON_Delete"),
		cjson("ptype/o", doc, "driver.c:37", "ptype/o struct cJSON", "ptype/o parse_buffer", "ptype/o struct internal_hooks", "ptype/o item"),
		cjson("whatis expr", doc, "driver.c:37", "whatis item->string", "whatis *item->string", "whatis *item", "whatis &item", "whatis item->valuedouble * 2", "whatis depth + 1"),
		cjson("static member", doc, "parse_string", "p global_error.position", "p/x global_error.position"),
		cjson("static struct", doc, "parse_string", "p global_error"),
		cjson("function pointers", doc, "parse_string", "p global_hooks"),
		cjson("address of static", doc, "parse_string", "p &global_error"),
		cjson("finish int", doc, "parse_string", "finish").with(finishValue, returned),
		cjson("finish selected frame", doc, "parse_string", "delete 1", "up", "up", "finish", "bt 1").with(finishValue, returned),
		cjson("finish past a breakpoint", doc, "parse_string", "up", "finish", "bt 1").with(finishValue, returned),
		cjson("finish pointer", doc, "cJSON_GetObjectItemCaseSensitive", "finish").with(finishValue, returned),
		cjson("condition offset", doc, "parse_string if input_buffer->offset > 100", "p input_buffer->offset", "p input_buffer->depth"),
		cjson("pointer arithmetic", doc, "parse_string", "p input_buffer->content + input_buffer->offset", "p *(input_buffer->content + input_buffer->offset)"),
		cjson("index by expr", doc, "parse_string", "p input_buffer->content[input_buffer->offset]", "p input_buffer->content[input_buffer->offset + 1]"),
		cjson("escaped string", doc, "driver.c:59", "p root->child->next->next->next->next->next->next->valuestring", "p tags->child->next->valuestring", "p name->valuestring"),
		cjson("argv", doc, "main", "p argc", "p argv[1]", "p argv[1][0]", "p *argv[1]"),
		cjson("argv@argc", doc, "main", "p *argv@argc"),
		cjson("step next", doc, "driver.c:59", "step", "step", "next", "next", "next").with(stopsOnly, stops),
		cjson("tbreak", doc, "main", "tbreak count", "continue", "p depth", "tbreak count", "continue", "p depth").with(stopsAndValues, stops),
		cjson("watch field", doc, "parse_string", "watch input_buffer->offset", "continue", "bt 1", "continue", "bt 1").
			with(watchValues, "the values and where: each debugger's words around them"),
		cjson("breakpoint in a loop", doc, "driver.c:35", "continue", "p depth", "continue", "p item->string", "continue", "p item->next->string").with(stopsAndValues, stops),
		cjson("null pointer", doc, "driver.c:37", "p item->child", "p item->prev->valuestring"),
		cjson("list", doc, "count", "list", "list", "list parse_number", "list cJSON.c:100").
			with(func(l string) string { return listLineRe.ReplaceAllString(l, "$1\t") }, "tdb's listing marks the current line with => and pads the numbers"),
		cjson("watch local", doc, "driver.c:37", "delete 1", "watch n", "continue", "bt 1").
			with(func(l string) string {
				if strings.Contains(l, "went out of scope") || strings.Contains(l, "has left the block") {
					return "the watchpoint left its scope"
				}
				if m := btRowRe.FindStringSubmatch(l); m != nil {
					return "#" + m[1] + " " + m[2] + ":" + m[3]
				}
				return ""
			}, "where it stops, and that the watchpoint ended: each debugger in its own words"),
		cjson("enable disable ignore", doc, "parse_value", "break parse_string", "disable 2", "continue", "bt 1", "enable", "continue", "bt 1",
			"disable 2", "ignore 1 3", "continue", "p input_buffer->offset", "disable 7").
			with(func(l string) string {
				if bpStateRe.MatchString(l) {
					return ""
				}
				return stopsAndValues(l)
			}, "tdb says what enable, disable and ignore did; gdb -batch says nothing"),
		cjson("run again", doc, "count", "p depth", "continue", "p depth", "run", "p depth", "bt 2").with(stopsAndValues, stops),
		cjson("start", doc, "count", "start", "bt 1", "next", "next").with(stopsAndValues, stops),
		cjson("printf echo", doc, "driver.c:37",
			`printf "%s at depth %d (n=%d) %5.2f|%-4s|%c %x %lu %o %e %%\n", item->string, depth, n, item->valuedouble, item->valuestring, *item->string, depth+254, depth, 8, item->next->valuedouble`,
			`printf "%s\n", item->next->next->next->string`, `echo a\tb\n`, `printf "%d\n"`, `printf "%d\n", 1, 2`),
		cjson("list ranges", doc, "count", "list -", "list -", "list 30,32", "list", "list ,20", "list 5,", "list driver.c:50,52", "list count,37").
			with(func(l string) string { return listLineRe.ReplaceAllString(l, "$1\t") }, "tdb's listing marks the current line with => and pads the numbers"),
		// Only the string's own 5 bytes: the rest of its malloc chunk is
		// whatever the heap held before, which ASLR changes (x/2s read
		// "\177" under gdb, "~" under tdb in one CI run).
		cjson("x/s fields", doc, "driver.c:37", "x/s item->string", "x/5xb item->string", "x/4cb item->string"),
		cjson("x pointer", doc, "driver.c:37", "x/2xg item", "x/2dw &item->valueint", "x/s item->next->string"),
		cjson("p/x p/c", doc, "driver.c:37", "p/x depth", "p/c *item->string", "p/d *item->string", "p/x *item->valuestring"),
		cjson("call", doc, "driver.c:37", "p cJSON_Version()").knownAs(kCall),
		cjson("info frame", doc, "parse_string", "info frame").
			with(frameInfo, "tdb prints gdb's first lines, not where the arguments and saved registers are"),
		cjson("info frame up", doc, "parse_string", "frame 2", "info frame").
			with(frameInfo, "tdb prints gdb's first lines, not where the arguments and saved registers are"),
		// gdb -batch does not show a new display at once: the last four
		// lines are the two displays after each next.
		func() gdbCase {
			c := cjson("display", doc, "parse_string", "display input_buffer->offset", "display/x input_buffer->depth", "next", "next").
				with(displays, "displays numbered from 0, as Delve does; gdb from 1")
			c.tail = 4
			return c
		}(),
		cjson("until", doc, "driver.c:36", "until", "bt 1").with(stopsOnly, stops),
		cjson("advance", doc, "driver.c:36", "advance 37", "bt 1").with(stopsOnly, stops),

		// gdb's FILE:FUNC, on a small program of ours with two static
		// functions of one name (testdata/cstatics).
		{name: "FILE:FUNC break", program: "cstatics", at: "b.c:helper", tdb: []string{"bt", "p x", "p total", "finish"},
			norm: func(l string) string { return finishValue(realAddrs(l)) }, differ: frames},
		{name: "shadowed locals", program: "cstatics", marker: "marker: shadow", tdb: []string{"info locals", "p a", "set var a = 99", "p a", "bt full"},
			norm: func(l string) string {
				if l == "a = 99" {
					return "" // tdb says what it set, gdb nothing
				}
				return stopsAndValues(realAddrs(l))
			}, differ: frames + "; tdb says what set var set"},
		{name: "locals not yet declared", program: "cstatics", marker: "int b = b_run", tdb: []string{"info locals"}},
		{name: "FILE:FUNC list", program: "cstatics", marker: "marker: end", tdb: []string{"list a.c:helper", "list b.c:helper", "list prog.c:helper"},
			norm: func(l string) string { return listLineRe.ReplaceAllString(l, "$1\t") }, differ: "tdb's listing pads the line numbers"},
	}
}
