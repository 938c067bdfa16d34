package debugger

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestOtherPlatformsStopWithOneLine builds the module for linux/arm64 and
// darwin/amd64: unsupported.go must stop the build with the line that names
// the reason, and nothing else (before it existed, arm64 gave ten lines of
// "e.peekByte undefined" and the like).
func TestOtherPlatformsStopWithOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	for _, p := range [][2]string{{"linux", "arm64"}, {"darwin", "amd64"}} {
		cmd := exec.Command("go", "build", "./...")
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "GOOS="+p[0], "GOARCH="+p[1], "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("%s/%s: go build ./... succeeded", p[0], p[1])
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], "tdb_runs_on_linux_amd64_only (unsupported.go)") {
			t.Errorf("%s/%s: go build ./... said\n%s\nwant one line naming tdb_runs_on_linux_amd64_only", p[0], p[1], out)
		}
	}
}
