package main

import (
	"regexp"
	"strings"
	"testing"
)

// C values as gdb prints them (issue 11): testdata/cctypes, built as gcc
// builds it by default (DWARF 5: bitfields by DW_AT_data_bit_offset) and
// with -gdwarf-4 (DW_AT_bit_offset from the storage unit's top bit).

func init() { moreGdbCases = append(moreGdbCases, cvalsGdbCases()) }

// tdbSetRe is the line tdb prints after set var (gdb prints nothing).
var tdbSetRe = regexp.MustCompile(`^[A-Za-z_][\w.\->\[\]]* = `)

// dropSetAndExit drops what tdb says of a set and of the exit, which gdb
// does not say in batch mode.
func dropSetAndExit(l string) string {
	if tdbSetRe.MatchString(l) || strings.HasPrefix(l, "exited: ") {
		return ""
	}
	return l
}

// oldNewOnly keeps a watchpoint's old and new values, as gdb spells them
// (tdb's batch lines are "old value: 2"; gdb's "Old value = 2").
func oldNewOnly(l string) string {
	for _, p := range []string{"old value: ", "new value: ", "Old value = ", "New value = "} {
		if v, ok := strings.CutPrefix(l, p); ok {
			return strings.ToLower(p[:3]) + " value = " + v
		}
	}
	return ""
}

func cvalsGdbCases() []gdbCase {
	const at = "marker: vals"
	bits := []string{"p bf", "p/x bf", "p/t bf", "p/d bf", "p/o bf", "p/c bf", "p bf.s", "p bf.wide", "p bf.col", "p bf.sc", "p bf.last", "p/x bf.s", "p bf.s + 1"}
	setBits := []string{"set var bf.b = 2", "p bf", "set var bf.s = -8", "set var bf.wide = 1", "set var bf.last = 3", "set var bf.sc = 3", "p bf", "p bf.b",
		"set var bf.c = 19", "p bf.c", "set var bf.sc = -5", "p bf.sc", "set var bf.sc = -4", "p bf", "continue"}
	widths := []string{"p w", "p/x w", "p/d w", "p/u w", "p/c w", "p/o w", "p/z w.s", "p w.c", "p w.sc", "p w.uc", "p w.ull", "p w.b", "p/x w.b", "p/t w.sc", "p ut",
		"p i8", "p u8", "p u8s", "p u8p", "p i16", "p u32v", "p i64", "p up", "p/x u8s", "p/x i8", "p/x up", "whatis u8p"}
	cases := []gdbCase{
		{name: "c bitfields", program: "cctypes", marker: at, tdb: bits},
		{name: "c bitfields dwarf4", program: "cctypes@dwarf4", marker: at, tdb: bits},
		// The program prints its bitfields at the end: only the bits set
		// change (gdb's run and tdb's print the same line).
		{name: "c set bitfield", program: "cctypes", marker: at, tdb: setBits, norm: dropSetAndExit,
			differ: "tdb prints the variable it set and the exit; gdb prints neither"},
		{name: "c set bitfield dwarf4", program: "cctypes@dwarf4", marker: at, tdb: setBits, norm: dropSetAndExit,
			differ: "tdb prints the variable it set and the exit; gdb prints neither"},
		// A bitfield's watchpoint stops when its bits change, not when
		// poke writes its neighbours first.
		{name: "c watch bitfield", program: "cctypes", marker: at, tdb: []string{"watch gbf.b", "watch gbf.s", "continue", "continue"}, norm: oldNewOnly,
			differ: "the values only: each debugger reports a watchpoint's stop in its own form"},
		{name: "c watch bitfield dwarf4", program: "cctypes@dwarf4", marker: at, tdb: []string{"watch gbf.last", "watch gbf.s", "continue", "continue"}, norm: oldNewOnly,
			differ: "the values only: each debugger reports a watchpoint's stop in its own form"},
		// long double, _Float128 and _Float16 are written in their
		// own formats, and compare by their values.
		{name: "c set floats", program: "cctypes", marker: at, tdb: []string{"set var ldv = 1.5", "p ldv", "p ldv > 1", "set var q = 2.5", "p q", "set var half = 0.5", "p half",
			"set var ldv = -0.1", "p ldv", "set var half = 1000.3", "p half", "set var q = -1e300", "p q", "p half < 2000", "p lds[1] < 0", "set var w.ld = 3", "p w", "set var w.f = 0.1", "p w.f"},
			norm: dropSetAndExit, differ: "tdb prints the variable it set; gdb prints nothing"},
		{name: "c integer widths", program: "cctypes", marker: at, tdb: widths},
		{name: "c integer widths dwarf4", program: "cctypes@dwarf4", marker: at, tdb: widths},
		{name: "c floats", program: "cctypes", marker: at, tdb: []string{"p fneg", "p finf", "p -finf", "p big", "p tiny", "p third", "p ldv", "p w.ld", "p w.f", "p w.d", "p gd", "p -w.d", "p/x w.ld", "p/x third", "p/x gd", "p/x fneg", "p/c w.f", "p/d w.f",
			"p q", "p half", "p f64x", "p/x q", "p/x half", "p/x f64x", "whatis q", "whatis half", "p/c q"}},
		{name: "c enums", program: "cctypes", marker: at, tdb: []string{"p f1", "p f2", "p f0", "p c8", "p bf.col", "p/x f2", "p/d c8", "p/x c8"}},
		{name: "c strings", program: "cctypes", marker: at, tdb: []string{"p esc", "p rep", "p ub", "p sb", "p gbuf", "p s", "p nul", "p longs", "p lp", "p/x esc", "p/d esc", "p/c ub", "p/s esc", "p/s ub", "p/x s", "p/s s", "p/x sb", "p/u sb", "p/d ub", "p utf", "p euros", "p/x utf", "p utf[1]", "p ws", "p wc", "p u16", "p u32", "p wp", "p/x ws", "p ws[1]", "p u16[0]", "whatis wc"}},
		{name: "c arrays", program: "cctypes", marker: at, tdb: []string{"p same", "p ten", "p gzero", "p gints", "p seq", "p pts", "p/x gints", "p/x same", "p/x pts", "p gbig", "p/x gbig", "p &gbig", "p gbig[3]"}},
		{name: "c pointers", program: "cctypes", marker: at, tdb: []string{"p vp", "p ip", "p np", "p &gints", "p &gints[1]", "p ops", "p/x ops", "p/x ip", "p ops[1]", "p *ip", "p &pts[1]", "p where", "p &w", "p &w.l", "p &bf"}},
		{name: "c p/a p/f", program: "cctypes", marker: at, tdb: []string{"p/f w.c", "p/f w.s", "p/f w.i", "p/f w.l", "p/f w.ull", "p/f w.f", "p/f w.d", "p/f w.ld", "p/f ip", "p/f f1", "p/f w.b", "p/f bf", "p/f 3", "p/f esc", "p/f third",
			"p/a ip", "p/a vp", "p/a w.c", "p/a w.i", "p/a ops", "p/a w.d", "p/a bf", "p/a esc", "p/a where", "p/a &gints[3]", "p/a hp"}},
		// x takes the address out of a value as print shows it.
		{name: "c x of values", program: "cctypes", marker: at, tdb: []string{"x/2i add", "x/4xb ip", "x/2dw ip", "x/s s", "x/s esc", "x/2xg &w", "x/3dw gints", "x/2i ops[1]", "x/2xw op"}, norm: firstWordIfCode,
			differ: "instructions by their addresses only: tdb disassembles in Intel syntax with the bytes, gdb in AT&T"},
		{name: "c functions", program: "cctypes", marker: at, tdb: []string{"p add", "p sub", "p main", "p/x add", "p/d add"}},
		{name: "c incomplete type", program: "cctypes", marker: at, tdb: []string{"p op", "p *op", "p op->label", "p op->weight", "ptype op", "whatis *op", "ptype struct opaque"}},
		{name: "c info locals", program: "cctypes", marker: at, tdb: []string{"info locals"}},
		{name: "c wide and complex", program: "cctypes", marker: at, tdb: []string{"p i128", "p u128", "p/x i128", "p z", "p zf", "p lds", "p/x lds", "p bs", "whatis z", "whatis i128", "whatis u128"}},
		{name: "c typedefs and qualifiers", program: "cctypes", marker: at, tdb: []string{"p bop", "p &bop", "whatis bop", "ptype bop", "p pr", "p prs", "p &pr", "p &prs", "ptype pr", "whatis prs", "p cvp", "whatis cvp", "p pp", "p strs", "p hp"}},
		{name: "c anonymous and flexible", program: "cctypes", marker: at, tdb: []string{"p an", "p an.hi", "p an.lo", "ptype an", "p *fx", "p fx->data", "ptype struct flex", "p names", "p/c names", "p e1", "p e2", "p/x e1", "ptype enum neg"}},
		{name: "c variable-length arrays", program: "cctypes", marker: "marker: vla", tdb: []string{"p v", "p tag", "p n", "whatis v", "ptype tag", "p &v", "p/x v", "p v[2]", "info locals"}},
		{name: "c display", program: "cctypes", marker: at, tdb: []string{"display where", "display/x bf", "display esc", "next", "next"},
			norm: func(l string) string {
				if strings.HasPrefix(l, "stopped: ") || gdbLineRe.MatchString(l) {
					return ""
				}
				return regexp.MustCompile(`^\d+: `).ReplaceAllString(l, "N: ")
			},
			tail:   3,
			differ: "displays numbered from 0 as Delve does; the stop line is each debugger's own; gdb -batch does not show a new display at once"},
		{name: "c finish pointer", program: "cctypes", marker: "marker: pick", tdb: []string{"finish"},
			norm: func(l string) string {
				if strings.HasPrefix(l, "Run till exit") || tdbStopRe2.MatchString(l) || gdbStopRe.MatchString(l) || gdbLineRe.MatchString(l) {
					return ""
				}
				return regexp.MustCompile(`^(?:Value returned is \$\d+|returned: \S+) = `).ReplaceAllString(l, "")
			},
			differ: "each debugger's words before the value returned"},
	}
	return cases
}

// The normalisers for Delve's spelling stay for cases that compare
// text tdb prints in Delve's form; C values no longer need them.
func TestDelveFormNormalisers(t *testing.T) {
	for in, want := range map[string]string{
		"struct point {x: 7, y: 8}": "{x = 7, y = 8}",
		"[4]int [1,2,3,4]":          "{1, 2, 3, 4}",
		"n = 5":                     "n",
	} {
		got := delveForm(in)
		if in == "n = 5" {
			got = firstField(in)
		}
		if got != want {
			t.Errorf("%q normalised to %q, want %q", in, got, want)
		}
	}
}
