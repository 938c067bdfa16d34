package linemode

import (
	"testing"

	"tdb/source/fixture"
)

// The helpers that run the tdb binary are source/fixture's (run.go),
// shared with ui/console's and ui/linemode's tests; these names keep the
// tests short.

// tdbBinary is tdb built from this tree, once per test process.
func tdbBinary(t *testing.T) string { return fixture.Tdb(t) }

// result is one run of the tdb binary (fixture.Run: the helpers are
// shared by the packages whose tests run tdb).
type result = fixture.Run

// batch runs `tdb --batch -ex CMD... exec BIN`.
func batch(t *testing.T, bin string, cmds ...string) result {
	t.Helper()
	return fixture.Batch(t, bin, cmds...)
}
