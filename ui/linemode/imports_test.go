package linemode

import (
	"testing"

	"tdb/source/fixture"
)

// TestNoScreenImports: line mode is for terminals the screen cannot run
// on, and builds on the text layer alone.
func TestNoScreenImports(t *testing.T) {
	fixture.NoScreenImports(t, "tdb/ui/linemode", "line mode")
}
