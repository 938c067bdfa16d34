package console

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// gdb's spellings on a Go program: types in Go's syntax, formats by the
// Go type's size. The expected lines are what testdata/values declares and
// assigns (type point struct{ X, Y int; Name string }, i8 := int8(-8),
// u16 := uint16(65535), arr := [3]int{1, 2, 3}).
func TestBatchGdbSpellingsGo(t *testing.T) {
	bin := fixture.Build(t, "values")
	loc := fmt.Sprintf("main.go:%d", fixture.LineOf(t, "values", "main.go", "marker: all set"))
	r := batch(t, bin, "break "+loc, "continue",
		"whatis pt", "ptype pt", "whatis pp", "whatis sl",
		"p/x i8", "p/d i8", "p/x u16", "p/t u16", "p/x arr", "p/x pt",
		"set var i8 = 9", "p i8", "display/x u16", "info locals", "x/3dg &arr")
	if r.Status != 0 {
		t.Errorf("status %d\n%s", r.Status, r)
	}
	// In order, each a whole line; info locals's other lines between.
	lines := strings.Split(r.Stdout, "\n")
	k := 0
	for _, w := range []string{
		`type = main.point`,
		`type = struct main.point \{`,
		`    X int`,
		`    Y int`,
		`    Name string`,
		`\}`,
		`type = \*main.point`,
		`type = \[\]int`,
		`0xf8`,
		`-8`,
		`0xffff`,
		`1111111111111111`,
		`\[3\]int \[0x1,0x2,0x3\]`,
		`main.point \{X: 0x3, Y: 0x6, Name: "p!"\}`,
		`i8 = 9`,
		`9`,
		`0: /x u16 = 0xffff`,
		`i8 = 9`,
		`0x[0-9a-f]+:\t1\t2`,
		`0x[0-9a-f]+:\t3`,
	} {
		re := regexp.MustCompile("^" + w + "$")
		for k < len(lines) && !re.MatchString(lines[k]) {
			k++
		}
		if k == len(lines) {
			t.Fatalf("no line matches %q after the lines before it\n%s", w, r)
		}
		k++
	}
}
