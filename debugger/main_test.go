package debugger

import (
	"os"
	"testing"

	"tdb/source/fixture"
)

func TestMain(m *testing.M) {
	code := m.Run()
	fixture.Cleanup()
	os.Exit(code)
}
