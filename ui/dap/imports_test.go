package dap

import (
	"testing"

	"tdb/source/fixture"
)

// TestNoScreenImports: the adapter serves editors from any machine,
// terminal or none: it builds on the engine and the text layer alone.
func TestNoScreenImports(t *testing.T) {
	fixture.NoScreenImports(t, "tdb/ui/dap", "the debug adapter")
}
