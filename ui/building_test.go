package ui

import (
	"fmt"
	"testing"

	"tdb/source/fixture"
)

// TestTdbTestStopsInTheTest runs the real `tdb test` in tmux: the screen
// opens in the test function the run selects (the go tool runs TestAdd
// first, or only TestMul with -test.run), not in _testmain.go.
func TestTdbTestStopsInTheTest(t *testing.T) {
	dir := fixture.Dir("gotest")
	for _, tt := range []struct {
		args   []string
		marker string
	}{
		{nil, "func TestAdd("},
		{[]string{"--", "-test.run", "TestMul$"}, "func TestMul("},
	} {
		line := fixture.LineOf(t, "gotest", "calc_test.go", tt.marker)
		ts := startTmux(t, 100, 30, append([]string{"test", dir}, tt.args...)...)
		ts.waitText(fmt.Sprintf("stopped at calc_test.go:%d", line))
		ts.send("q")
		ts.waitFor("tdb to exit", func(string) bool {
			_, err := ts.tmux("has-session")
			return err != nil
		})
	}
}
