package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
	"tdb/ui/console"
)

// TestTmuxFollow runs the real binary twice, each in its own tmux server
// at its own size: `tdb --share SOCK exec fib` at 100x30 and, after two
// steps, `tdb follow SOCK` at 80x24. The follower shows the session's
// stop and history, follows its next, refuses its own n, and says so when
// the session quits, which removes the socket.
func TestTmuxFollow(t *testing.T) {
	fib := fixture.Build(t, "fib")
	mainLine := fixture.LineOf(t, "fib", "main.go", "func main() {")
	dir, err := os.MkdirTemp("", "tf")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "s")

	sess := startTmux(t, 100, 30, "--share", sock, "exec", fib)
	sess.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine))
	fi, err := os.Stat(sock)
	if err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket %s: %v, %v; want a socket, 0600", sock, fi.Mode(), err)
	}
	sess.send("n")
	sess.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+1))
	sess.send("n")
	sess.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+2))

	fol := startTmux(t, 80, 24, "follow", sock)
	s := fol.waitText(fmt.Sprintf("#3 at main.go:%d", mainLine+2))
	if !strings.Contains(s, "#1 entry main.main") || !strings.Contains(s, "#2 step main.main") {
		t.Errorf("the follower lacks the history so far:\n%s", s)
	}
	// The follower yields the CPUs to the session: every thread of it
	// at nice FollowerNice, the session's at the nice it was started
	// with (this test's, unless a CI runs it higher than that).
	base := threadNices(t, os.Getpid())[0]
	if got := threadNices(t, fol.tdbPid()); len(got) != 1 || got[0] != max(base, console.FollowerNice) {
		t.Errorf("the follower's threads' nice values: %v, want all %d", got, max(base, console.FollowerNice))
	}
	if got := threadNices(t, sess.tdbPid()); len(got) != 1 || got[0] != base {
		t.Errorf("the session's threads' nice values: %v, want all %d", got, base)
	}
	sess.send("n")
	sess.waitText(fmt.Sprintf("stopped at main.go:%d", mainLine+3))
	fol.waitText(fmt.Sprintf("#4 at main.go:%d", mainLine+3))
	fol.send("n")
	fol.waitText("a follower cannot run the program")
	if s := sess.capture(); !strings.Contains(s, fmt.Sprintf("stopped at main.go:%d", mainLine+3)) {
		t.Errorf("the session moved:\n%s", s)
	}

	sess.send("q")
	sess.waitFor("the session to exit", func(string) bool {
		_, err := sess.tmux("has-session")
		return err != nil
	})
	fol.waitText("the session at " + sock + " ended")
	if _, err := os.Stat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket is left after the session: %v", err)
	}
	fol.send("q")
	fol.waitFor("the follower to exit", func(string) bool {
		_, err := fol.tmux("has-session")
		return err != nil
	})
}

// threadNices lists the distinct nice values of pid's threads
// (/proc/PID/task/TID/stat's 19th field).
func threadNices(t *testing.T, pid int) []int {
	t.Helper()
	stats, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
	var out []int
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // a thread that ended
		}
		// The command may hold spaces: fields count from its ")".
		fs := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(fs) < 17 {
			t.Fatalf("%s: %q", f, b)
		}
		n, err := strconv.Atoi(fs[16])
		if err != nil {
			t.Fatalf("%s: %q", f, b)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
