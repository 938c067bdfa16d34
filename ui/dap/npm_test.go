package dap

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"tdb/source/fixture"
)

// TestDebugClient runs testdata/dap/client.test.js: VS Code's DebugClient
// (npm @vscode/debugadapter-testsupport, what VS Code's own adapters are
// tested with) starts `tdb dap` and drives fib and cprog through launch,
// breakpoints, stepping, variables, the repl and the exit. A client that
// is not ours checks that the protocol is spoken as editors expect. It
// needs node and npm; the package is installed with `npm ci` (from
// package-lock.json) when missing, as .ci/run does.
func TestDebugClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the DebugClient test needs Node.js (apt-get install nodejs npm)")
	}
	dir := fixture.Dir("dap")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@vscode", "debugadapter-testsupport")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Skip("npm is not installed: the DebugClient test needs it to install @vscode/debugadapter-testsupport")
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	cmd := exec.Command(node, "--test", "client.test.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"TDB="+fixture.Tdb(t),
		"FIB="+fixture.Build(t, "fib"),
		"FIB_SRC="+filepath.Join(fixture.Dir("fib"), "main.go"),
		"CPROG="+fixture.Build(t, "cprog"),
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test client.test.js: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
