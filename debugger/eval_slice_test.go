package debugger

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// Slices of slices, arrays (and pointers to arrays) and strings, with Go's
// bounds, at the line of testdata/values where every local is set:
// sl = [10,20,30], arr = [1,2,3], nums = 0..99, s = "hello", long =
// "abab..." (100 bytes), pp = &pt.
func TestValuesSliceExpressions(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	for expr, want := range map[string]string{
		"sl[1:]":            "[]int len: 2, cap: 2, [20,30]",
		"sl[:2]":            "[]int len: 2, cap: 3, [10,20]",
		"sl[1:2]":           "[]int len: 1, cap: 2, [20]",
		"sl[:]":             "[]int len: 3, cap: 3, [10,20,30]",
		"sl[0:1:1]":         "[]int len: 1, cap: 1, [10]",
		"sl[3:]":            "[]int len: 0, cap: 0, []",
		"sl[1:3][1]":        "30",
		"len(sl[1:])":       "2",
		"cap(sl[:1])":       "3",
		"arr[1:]":           "[]int len: 2, cap: 2, [2,3]",
		"arr[:]":            "[]int len: 3, cap: 3, [1,2,3]",
		"(&arr)[2:]":        "[]int len: 1, cap: 1, [3]",
		"nums[90:95]":       "[]int len: 5, cap: 10, [90,91,92,93,94]",
		"nums[n:n+2]":       "[]int len: 2, cap: 95, [5,6]",
		"nums[10:][0]":      "10",
		"bs[1:]":            "[]uint8 len: 1, cap: 1, [105]",
		"s[1:3]":            `"el"`,
		"s[:0]":             `""`,
		"s[4:]":             `"o"`,
		"s[1:4] == \"ell\"": "true",
		"len(long[90:])":    "10",
		"long[98:]":         `"ab"`,
		`"hello"[1:3]`:      `"el"`,
		"pt.Name[1:]":       `"!"`,
		"sl[2:1]":           "error: index out of bounds",
		"sl[:4]":            "error: index out of bounds",
		"sl[0:1:4]":         "error: index out of bounds",
		"arr[:4]":           "error: index out of bounds",
		"s[:6]":             "error: index out of bounds",
		"s[1:2:3]":          "error: s[1:2:3]: a string cannot be sliced with 3 indexes",
		"n[1:]":             `error: can not slice "n" (type int)`,
		"sl[f:]":            "error: index f is not an integer",
		"m[3:]":             "error: map index out of bounds",
		"sl[nope:]":         `error: no variable "nope" in main.inspect`,
		"sl[-1:]":           "error: index out of bounds",
		"sl[1:][5:]":        "error: index out of bounds",
	} {
		if got := tg.print(expr, SelectedFrame); got != want {
			t.Errorf("print %s = %s, want %s", expr, got, want)
		}
	}
	// A slice of a slice expands element by element, as the Locals and
	// Watch panes ask for it.
	rep := tg.s.Do(Children{Expr: "nums[40:43]", Frame: SelectedFrame})
	if rep.Err != nil {
		t.Fatalf("children of nums[40:43]: %v", rep.Err)
	}
	var got []string
	for _, v := range rep.Values {
		got = append(got, v.Name+"="+v.Value)
	}
	if strings.Join(got, " ") != "[0]=40 [1]=41 [2]=42" {
		t.Errorf("children of nums[40:43]: %v", got)
	}
}

// A C array has no slice type in its program: the slice's type is made
// up, and shown with Go's name for it.
func TestValuesSliceCArray(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	tg := launch(t, "cvalues")
	line := fixture.LineOf(t, "cvalues", "prog.c", "marker: show")
	tg.brk("prog.c:" + strconv.Itoa(line))
	tg.stop(Continue{})
	for expr, want := range map[string]string{
		"arr[1:3]":     "[]int len: 2, cap: 3, [2,3]",
		"arr[1:][2]":   "4",
		"len(arr[2:])": "2",
	} {
		if got := tg.print(expr, SelectedFrame); got != want {
			t.Errorf("print %s = %s, want %s", expr, got, want)
		}
	}
}
