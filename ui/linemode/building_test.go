package linemode

import (
	"strings"
	"testing"

	"tdb/source/fixture"
)

// TestBuildingSaysWhat: on a terminal, the first `tdb` says it builds the
// demo while it does (a fresh machine compiles for a minute), a second
// run with the demo cached says nothing, and `tdb debug` names what it
// builds.
func TestBuildingSaysWhat(t *testing.T) {
	cache := t.TempDir()
	const demo = "tdb: building the demo (first run only)..."
	p := startPty(t, []string{"TDB_CACHE_DIR=" + cache}, "--cli")
	if out := p.wait(`\(tdb\) $`); !strings.Contains(out, demo) {
		t.Errorf("first run: %q, want %q before the prompt", out, demo)
	}
	p.send("quit\r")
	p.exit()

	p = startPty(t, []string{"TDB_CACHE_DIR=" + cache}, "--cli")
	if out := p.wait(`\(tdb\) $`); strings.Contains(out, "building") {
		t.Errorf("second run: %q, want no build note (the demo is cached)", out)
	}
	p.send("quit\r")
	p.exit()

	p = startPty(t, nil, "--cli", "debug", fixture.Dir("fib"))
	if out := p.wait(`\(tdb\) $`); !strings.Contains(out, "tdb: building "+fixture.Dir("fib")+" (go build -gcflags='all=-N -l')...") {
		t.Errorf("tdb debug: %q, want the build note", out)
	}
	p.send("quit\r")
	p.exit()
}
