package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// The helpers that run the tdb binary, as ui/console's batch_test.go has
// them: the screen's tests compare with `tdb --batch` and the tmux tests
// run tdb itself, and a test file's helpers cannot cross packages.

// tdbBinary is tdb built from this tree, once per test process.
func tdbBinary(t *testing.T) string { return fixture.Tdb(t) }

type result struct {
	stdout, stderr string
	status         int
}

func (r result) String() string {
	return fmt.Sprintf("status %d\n--- stdout:\n%s--- stderr:\n%s", r.status, r.stdout, r.stderr)
}

// lines returns stdout's lines that are tdb's, leaving out the program's
// output (which may interleave with them): those matching no prefix of
// tdb's line forms are dropped.
func (r result) tdbLines() []string {
	var out []string
	for _, l := range strings.Split(r.stdout, "\n") {
		for _, p := range []string{"Breakpoint ", "stopped: ", "#", "exited: ", "rip ", "=>", "detached"} {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// runTDB runs tdb with args, within a deadline so that a hang fails the
// test instead of the whole run.
func runTDB(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tdbBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ee.Exited():
		r.status = ee.ExitCode()
	default:
		t.Fatalf("tdb %q: %v\n%s", args, err, r)
	}
	if ctx.Err() != nil {
		t.Fatalf("tdb %q did not finish in time\n%s", args, r)
	}
	return r
}

// batch runs `tdb --batch -ex CMD... exec BIN`.
func batch(t *testing.T, bin string, cmds ...string) result {
	t.Helper()
	args := []string{"--batch"}
	for _, c := range cmds {
		args = append(args, "-ex", c)
	}
	return runTDB(t, nil, append(args, "exec", bin)...)
}
