package ui

import (
	"fmt"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// The real binary with HOME (and XDG_CONFIG_HOME, TDB_CONFIG_DIR) unset,
// in a 1x1 terminal (issue 13): it draws what fits, and once the window
// grows it is a working session that quits cleanly. Without HOME there is
// no config directory: no config, no history, no complaint.
func TestTmuxNoHomeOneByOne(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	cmdline := fmt.Sprintf("env -u HOME -u XDG_CONFIG_HOME -u TDB_CONFIG_DIR LANG=C.UTF-8 %s exec %s", tdbBinary(t), fib)
	ts := startTmuxCmd(t, 1, 1, cmdline)
	// Something drawn in the single cell: tdb runs at 1x1.
	ts.waitFor("a drawing at 1x1", func(s string) bool { return strings.TrimSpace(s) != "" })
	if out, err := ts.tmux("resize-window", "-x", "80", "-y", "24"); err != nil {
		t.Fatalf("tmux resize-window: %v\n%s", err, out)
	}
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	ts.send("n")
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+1))
	ts.send("q")
	ts.waitFor("tdb to exit", func(string) bool {
		_, err := ts.tmux("has-session")
		return err != nil
	})
}
