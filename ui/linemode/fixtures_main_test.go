package linemode

import (
	"os"
	"testing"

	"tdb/source/fixture"
)

// TestMain removes the programs the tests built (tdb among them).
func TestMain(m *testing.M) {
	code := m.Run()
	fixture.Cleanup()
	os.Exit(code)
}
