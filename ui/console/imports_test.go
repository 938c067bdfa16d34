package console

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoScreenImports fails when the text layer imports tview or tcell,
// directly or through another package (issue 14): line mode and the
// front ends to come use it without a screen. go list is the go tool's
// own answer, build tags and all; go test puts the go tool on PATH.
func TestNoScreenImports(t *testing.T) {
	const pkg = "tdb/ui/console"
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 || deps[len(deps)-1] != pkg {
		t.Fatalf("go list -deps %s listed %q: not the package's dependencies", pkg, deps)
	}
	var screen []string
	for _, d := range deps {
		if screenPackage(d) {
			screen = append(screen, d)
		}
	}
	if len(screen) > 0 {
		t.Errorf("%s imports %s: the text layer must build without the screen", pkg, strings.Join(screen, ", "))
	}
}

// screenPackage says whether an import path is tview, tcell or the
// full-screen package built on them.
func screenPackage(path string) bool {
	for _, p := range []string{"github.com/rivo/tview", "github.com/gdamore/tcell"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return path == "tdb/ui"
}
