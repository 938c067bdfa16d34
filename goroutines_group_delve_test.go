package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// groupLineRe is a line of tdb's `goroutines -group`: count, key, sample.
var groupLineRe = regexp.MustCompile(`^\s*(\d+) (.+) \(e\.g\. goroutine \d+ \[[^\]]*\]\)$`)

// TestGoroutinesGroupDelve: tdb's `goroutines -group userloc|goloc|
// startloc` and Delve's on the same state. testdata/many in hold mode
// parks its 2,000 goroutines and sleeps; tdb attaches, groups, detaches;
// then Delve attaches and groups the user goroutines (tdb's default, and
// the runtime's own move between the two attaches). Keys and counts must
// be the same.
func TestGoroutinesGroupDelve(t *testing.T) {
	skipUnlessSiblingAttach(t)
	dlv := lookDelve()
	if dlv == "" {
		t.Skip("dlv not installed")
	}
	tdb := fixture.Tdb(t)
	const n = 2000
	prog := exec.Command(fixture.Build(t, "many"), strconv.Itoa(n), "hold")
	out, err := prog.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { prog.Process.Kill(); prog.Wait() }()
	held := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		held <- line
	}()
	select {
	case line := <-held:
		if line != fmt.Sprintf("held %d\n", n) {
			t.Fatalf("the program said %q, want held %d", line, n)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the program did not park its goroutines")
	}
	pid := strconv.Itoa(prog.Process.Pid)
	kinds := []string{"userloc", "goloc", "startloc"}

	args := []string{"--batch"}
	for _, k := range kinds {
		args = append(args, "-ex", "goroutines -n 0 -group "+k)
	}
	args = append(args, "-ex", "detach", "attach", pid)
	tout, err := exec.Command(tdb, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("tdb: %v\n%s", err, tout)
	}
	var got []map[string]int
	cur := map[string]int{}
	for _, l := range strings.Split(string(tout), "\n") {
		if m := groupLineRe.FindStringSubmatch(l); m != nil {
			c, _ := strconv.Atoi(m[1])
			cur[m[2]] = c
		} else if strings.HasPrefix(l, "[") {
			got, cur = append(got, cur), map[string]int{}
		}
	}
	if len(got) != len(kinds) {
		t.Fatalf("tdb printed %d groupings, want %d:\n%s", len(got), len(kinds), tout)
	}

	var script strings.Builder
	for _, k := range kinds {
		fmt.Fprintf(&script, "goroutines -with user -group %s\n", k)
	}
	script.WriteString("exit\nn\n") // exit; and no, do not kill the process
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, dlv, "attach", pid, "--allow-non-terminal-interactive=true")
	cmd.Env = append(os.Environ(), "TERM=dumb", "NO_COLOR=1")
	cmd.Stdin = strings.NewReader(script.String())
	dout, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("dlv: %v\n%s", err, dout)
	}
	// Delve prints each group as its key, up to five member lines
	// (tab-indented) and "\tTotal: N"; each command's output starts
	// after its "(dlv) " prompt.
	var want []map[string]int
	for _, chunk := range strings.Split(string(dout), "(dlv) ")[1:] {
		m, key := map[string]int{}, ""
		for _, l := range strings.Split(chunk, "\n") {
			switch {
			case strings.HasPrefix(l, "\tTotal: "):
				c, _ := strconv.Atoi(strings.TrimPrefix(l, "\tTotal: "))
				m[key] = c
			case l != "" && !strings.HasPrefix(l, "\t"):
				key = l
			}
		}
		if len(m) > 0 {
			want = append(want, m)
		}
	}
	if len(want) != len(kinds) {
		t.Fatalf("Delve printed %d groupings, want %d:\n%s", len(want), len(kinds), dout)
	}
	for i, k := range kinds {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Errorf("-group %s:\n tdb:  %v\n dlv:  %v", k, got[i], want[i])
		}
	}
	if got[0][fmt.Sprintf("%s:%d in main.park", fixture.Source("many", "main.go"), fixture.LineOf(t, "many", "main.go", "v := <-in"))] != n {
		t.Errorf("userloc: %v, want %d goroutines in main.park", got[0], n)
	}
}
