package console

import (
	"testing"

	"tdb/source/fixture"
)

// TestNoScreenImports: line mode and the front ends to come use the text
// layer without a screen.
func TestNoScreenImports(t *testing.T) {
	fixture.NoScreenImports(t, "tdb/ui/console", "the text layer")
}
