package debugger

import (
	"fmt"
	"testing"

	"tdb/source/fixture"
)

// Slice headers no Go code makes print as Delve prints them (checked with
// dlv v1.27.2 on testdata/badslice), and reading them never takes the
// engine down: a len of -1 in an uninitialised local panicked the printer
// (makeslice) when the stop history read every stop's locals, and killed
// tdb in Delve's rangeoverfunc TestRecur.
func TestPrintBadSliceHeaders(t *testing.T) {
	tg := launch(t, "badslice")
	tg.brk(fmt.Sprintf("main.go:%d", fixture.LineOf(t, "badslice", "main.go", "marker: built")))
	tg.stop(Continue{})
	for expr, want := range map[string]string{
		"neg":     "(unreadable Negative array length)",
		"nilBase": "(unreadable non-zero length array with nil base)",
		"x":       "7",
	} {
		if got := tg.print(expr, 0); got != want {
			t.Errorf("print %s: %s, want %s", expr, got, want)
		}
	}
	if rep := tg.do(Locals{Frame: 0}); rep.Err != nil {
		t.Fatalf("locals: %v", rep.Err)
	}
}
