package source

import (
	"os"
	"testing"

	"tdb/source/fixture"
)

// TestMain removes the programs the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	fixture.Cleanup()
	if oddBuilds.dir != "" {
		os.RemoveAll(oddBuilds.dir)
	}
	os.Exit(code)
}
