package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// A config directory tdb may not read (tdb run as nobody, the directory
// root's, mode 0700): the screen opens with one line saying so in the Log
// and the session works.
func TestTmuxUnreadableConfigDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run tdb as another user")
	}
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Skip("setpriv is not installed")
	}
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	// The binaries where nobody may run them; t.TempDir's are 0700.
	pub, err := os.MkdirTemp("", "tdb-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(pub) })
	if err := os.Chmod(pub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{tdbBinary(t), fib} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pub, filepath.Base(f)), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(pub, "config-dir")
	if err := os.Mkdir(cfg, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg, "config"), []byte("theme dark\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmdline := fmt.Sprintf("setpriv --reuid=65534 --regid=65534 --clear-groups env TDB_CONFIG_DIR=%s LANG=C.UTF-8 %s exec %s",
		cfg, filepath.Join(pub, filepath.Base(tdbBinary(t))), filepath.Join(pub, "fib"))
	ts := startTmuxCmd(t, 200, 30, cmdline) // wide: the Log line does not wrap
	s := ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	if !strings.Contains(s, "config: stat "+filepath.Join(cfg, "config")+": permission denied") {
		t.Errorf("no line about the unreadable config:\n%s", s)
	}
	ts.send("n")
	ts.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+1))
	ts.send("q")
	ts.waitFor("tdb to exit", func(string) bool {
		_, err := ts.tmux("has-session")
		return err != nil
	})
}
