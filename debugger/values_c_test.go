package debugger

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// C values, as gcc -g -O0 describes them, in gdb's form (gdb 13 on this
// program: info locals prints arr = {1, 2, 3, 4}, p = 0x7ffe...).
func TestValuesC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	tg := launch(t, "cvalues")
	line := fixture.LineOf(t, "cvalues", "prog.c", "marker: show")
	tg.brk("prog.c:" + strconv.Itoa(line))
	tg.stop(Continue{})
	locals := valueMap(tg.do(Locals{Frame: 0}).Values)
	for name, want := range map[string]string{
		"arr":   "{1, 2, 3, 4}",
		"c":     "122 'z'",
		"d":     "2.5",
		"big":   "1099511627776",
		"local": `{x = 7, y = 8, name = 0x`,
		"msg":   `0x`,
	} {
		if !strings.HasPrefix(locals[name], want) {
			t.Errorf("%s = %s, want %s...", name, locals[name], want)
		}
	}
	if !strings.HasSuffix(locals["msg"], ` "hello"`) || !strings.HasSuffix(locals["local"], ` "loc"}`) {
		t.Errorf("char pointers: msg = %s, local = %s", locals["msg"], locals["local"])
	}
	args := valueMap(tg.do(Args{Frame: 0}).Values)
	if !strings.HasPrefix(args["p"], "0x") || strings.Contains(args["p"], "{") || args["n"] != "44" {
		t.Errorf("args: %v", args)
	}
	for expr, want := range map[string]string{
		"p->x":             "10",
		"p.x + n":          "54",
		"(*p).y":           "20",
		"arr[3] * counter": "20",
		"local.y":          "8",
		"counter":          "5",
		"pt.x":             `error: no variable "pt" in show`,
	} {
		if got := tg.print(expr, 0); !strings.HasPrefix(got, want) {
			t.Errorf("print %s = %s, want %s", expr, got, want)
		}
	}
	if got := tg.print("pt.y", 1); got != "20" {
		t.Errorf("main's pt.y = %s", got)
	}
}

// In a cgo program, values print in the language of the frame they are
// asked about: gdb's C form in a C frame (a comparison is an int, 0),
// Delve's in a Go frame (true).
func TestValuesCgoFrameLanguage(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	tg := launch(t, "cgostack")
	tg.brk("cleaf")
	st := tg.stop(Continue{})
	if st.Function != "cleaf" {
		t.Fatalf("stopped in %s, want cleaf", st.Function)
	}
	goFrame := -1
	for i, f := range st.Frames {
		if f.Function == "main.main" {
			goFrame = i
		}
	}
	if goFrame < 0 {
		t.Fatalf("no main.main frame: %v", st.Frames)
	}
	if got := tg.print("2 > 3", 0); got != "0" {
		t.Errorf("in C's cleaf, 2 > 3 = %s, want gdb's 0", got)
	}
	if got := tg.print("2 > 3", goFrame); got != "false" {
		t.Errorf("in main.main (frame %d), 2 > 3 = %s, want Delve's false", goFrame, got)
	}
}

// set on a C bitfield changes its bits only, in the running program: the
// program prints its bitfields at the end (testdata/cctypes), DWARF 5's
// data_bit_offset and DWARF 4's bit_offset alike. Without the set it
// prints "bits 1 5 -3 3 5 -2 100".
func TestSetCBitfield(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	for _, prog := range []string{"cctypes", "cctypes@dwarf4"} {
		t.Run(prog, func(t *testing.T) {
			tg := launch(t, prog)
			line := fixture.LineOf(t, "cctypes", "prog.c", "marker: vals")
			tg.brk("prog.c:" + strconv.Itoa(line))
			tg.stop(Continue{})
			for expr, v := range map[string]string{"bf.b": "2", "bf.s": "-8", "bf.last": "3", "bf.sc": "1"} {
				if rep := tg.do(SetVar{Expr: expr, Value: v, Frame: 0}); rep.Err != nil {
					t.Fatalf("set %s = %s: %v", expr, v, rep.Err)
				}
			}
			if got, want := tg.print("bf", 0), "{a = 1, b = 2, s = -8, c = 9, col = BLUE, wide = 78187493631, sc = 1 '\\001', last = 3}"; got != want {
				t.Errorf("after the sets, bf = %s, want %s", got, want)
			}
			tg.do(Continue{})
			tg.waitOutput("bits 1 2 -8 3 5 1 3")
		})
	}
}
