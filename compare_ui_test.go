//go:build compare

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// What the full-screen UI adds to the hot workloads (issue 5: at most
// 10%). Each workload runs as the same -x script through `tdb --batch`
// and through the full-screen UI, the real tdb binary in a 200x50 tmux
// window, in turns; both are net of a baseline run doing one operation
// (two for next). Every stop is a command of its own (N continues, N
// stepis, N nexts), so the UI has a stop to show for each: the case where
// drawing each one would cost most. The UI's answers are read off its
// screen (the Log pane) and must match the batch front end's.

// uiPoll is how often the UI run looks at the screen for the end of the
// script. Each look runs a tmux client (about 2 ms of CPU), so it is not
// done often; the wait it adds, half of this on average, is the same in
// the baseline and drops out of the net figure.
const uiPoll = 50 * time.Millisecond

// uiRow is one workload measured through both front ends.
type uiRow struct {
	name    string
	n, base int
	unit    string // "/s" (rate) or "ms" (time each)
	prog    string
	args    func(n int) []string
	script  func(n int) []string
	// check returns the run's answer (compared between the two front
	// ends) or why its output is wrong.
	check           func(out string, n int) (string, error)
	batch, ui       []time.Duration // wall, net of the baseline
	batchCPU, uiCPU []time.Duration // CPU time of tdb and the program, net
	bad             [2]string       // batch, ui: why an answer was wrong
}

// uiRows are the comparison's workloads with a stop shown for each
// operation, plus the conditional ones, which show one stop or none.
func (c *comparison) uiRows() []*uiRow {
	hotArgs := func(n int) []string { return []string{strconv.Itoa(n), "4"} }
	hotChecks := func(out string, n int, wants ...string) (string, error) {
		for _, w := range append(wants, hotOutput(n), "exited: status 0") {
			if !strings.Contains(out, w) {
				return "", fmt.Errorf("no %q in the output; it ends:\n%s", w, tail(out, 12))
			}
		}
		return "", nil
	}
	start := []string{fmt.Sprintf("break main.go:%d", c.spinLine), "continue", "clear 1"}
	stepping := func(cmd string) func(n int) []string {
		return func(n int) []string {
			return append(append(append([]string{}, start...), repeat(cmd, n)...), fmt.Sprintf("x %#x 8", c.iterAddr), "continue")
		}
	}
	stepCheck := func(out string, n int) (string, error) {
		ans, err := c.tdbAnswer(out)
		if err != nil {
			return "", err
		}
		return ans, expect(outcome{out: out}, spinOutput, "exited: status 0")
	}
	// The rows that show no stop run ten times as many calls as the
	// peer comparison, and next ten times as many steps: the UI's fixed
	// costs (its start, highlighting the source) finish in the full run
	// but not always in the short baseline, and must be a small part
	// of the net figure.
	n, calls := 20000, 200000
	return []*uiRow{
		{
			name: fmt.Sprintf("breakpoint hit %s times, a continue each", commas(float64(n))), n: n, base: 1, unit: "/s", prog: c.hot, args: hotArgs,
			script: func(n int) []string {
				return append(append([]string{"break main.hot"}, repeat("continue", n)...), "info breakpoints", "continue")
			},
			check: func(out string, n int) (string, error) { return hotChecks(out, n, fmt.Sprintf("(hits %d)", n)) },
		},
		{
			name: fmt.Sprintf("hit-count breakpoint, stops at hit %s", commas(float64(calls))), n: calls, base: 1, unit: "/s", prog: c.hot, args: hotArgs,
			script: func(n int) []string {
				return []string{"break main.hot", fmt.Sprintf("condition -hitcount 1 == %d", n), "continue", "info breakpoints", "continue"}
			},
			check: func(out string, n int) (string, error) {
				return hotChecks(out, n, "stopped: breakpoint 1", fmt.Sprintf("(hits %d)", n))
			},
		},
		{
			name: fmt.Sprintf("conditional breakpoint never true, %s calls", commas(float64(calls))), n: calls, base: 1, unit: "/s", prog: c.hot, args: hotArgs,
			script: func(int) []string { return []string{"break main.hot if i < 0", "continue"} },
			check: func(out string, n int) (string, error) {
				if strings.Contains(out, "stopped: breakpoint") {
					return "", fmt.Errorf("stopped at a false condition")
				}
				return hotChecks(out, n)
			},
		},
		{
			name: fmt.Sprintf("stepi %s times, a command each", commas(float64(n))), n: n, base: 1, unit: "/s", prog: c.spin,
			script: stepping("stepi"), check: stepCheck,
		},
		{
			name: "next 2,000 times in a loop, a command each", n: 2000, base: 2, unit: "ms", prog: c.spin,
			script: stepping("next"), check: stepCheck,
		},
	}
}

// measureUI does one run of a row through both front ends (full and
// baseline each), the batch first.
func (c *comparison) measureUI(r *uiRow) {
	run := func(front int, n int) (outcome, string, bool) {
		var args []string
		if r.args != nil {
			args = r.args(n)
		}
		var out outcome
		if front == 0 {
			out = c.runTdb(r.script(n), r.prog, args...)
		} else {
			out = c.runTdbUI(r.script(n), r.prog, args...)
			if out.out == "" {
				r.bad[front] = "the UI did not finish"
				c.t.Errorf("%s: full screen: the UI did not finish", r.name)
				return outcome{}, "", false
			}
		}
		ans, err := r.check(out.out, n)
		if err != nil {
			r.bad[front] = err.Error()
			c.t.Errorf("%s: %s is wrong: %v", r.name, [2]string{"batch", "full screen"}[front], err)
			return outcome{}, "", false
		}
		return out, ans, true
	}
	var answers [2]string
	for front := range 2 {
		if r.bad[front] != "" {
			continue
		}
		full, ans, ok := run(front, r.n)
		if !ok {
			continue
		}
		base, _, ok := run(front, r.base)
		if !ok {
			continue
		}
		answers[front] = ans
		if front == 0 {
			r.batch = append(r.batch, full.wall-base.wall)
			r.batchCPU = append(r.batchCPU, full.cpu-base.cpu)
		} else {
			r.ui = append(r.ui, full.wall-base.wall)
			r.uiCPU = append(r.uiCPU, full.cpu-base.cpu)
		}
	}
	if answers[0] != answers[1] && r.bad[0] == "" && r.bad[1] == "" {
		r.bad[1] = fmt.Sprintf("said %s, the batch front end %s", answers[1], answers[0])
		c.t.Errorf("%s: full screen is wrong: %s", r.name, r.bad[1])
	}
}

// formatUITable prints the medians: each front end's figure, the UI's
// time over the batch's and the same for the CPU time (tdb's and the
// program's), which a busy machine disturbs less than the time.
func formatUITable(rows []*uiRow, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nthe full-screen UI (tmux, 200x50) against the batch front end, medians of %d runs\n\n", runs)
	b.WriteString("| workload | tdb --batch | tdb full screen | UI/batch, time | UI/batch, CPU |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		var cell [2]string
		var d, cpu [2]time.Duration
		for front, runs := range [2][]time.Duration{r.batch, r.ui} {
			switch {
			case r.bad[front] != "":
				cell[front] = "WRONG"
			case len(runs) == 0:
				cell[front] = "-"
			default:
				d[front] = median(runs)
				cpu[front] = median([2][]time.Duration{r.batchCPU, r.uiCPU}[front])
				if r.unit == "ms" {
					cell[front] = fmt.Sprintf("%.2f ms each", float64(d[front].Microseconds())/1000/float64(r.n-r.base))
				} else {
					cell[front] = commas(float64(r.n-r.base)/d[front].Seconds()) + "/s"
				}
			}
		}
		ratio := func(v [2]time.Duration) string {
			if v[0] <= 0 || v[1] <= 0 || r.bad[0] != "" || r.bad[1] != "" {
				return "-"
			}
			return fmt.Sprintf("%.2fx", float64(v[1])/float64(v[0]))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.name, cell[0], cell[1], ratio(d), ratio(cpu))
	}
	return b.String()
}

// runTdbUI runs tdb's full-screen UI on the script in a detached tmux
// window and waits until its Log pane says the program exited. It returns
// the time to that and the screen (borders trimmed), or an empty output
// when tdb ended first or the run timed out.
func (c *comparison) runTdbUI(cmds []string, prog string, args ...string) outcome {
	t := c.t
	t.Helper()
	if c.tmuxSock == "" {
		c.tmuxSock = fmt.Sprintf("tdbcompare%d", os.Getpid())
		c.uiConfig = filepath.Join(c.dir, "config")
		if err := os.MkdirAll(c.uiConfig, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.tmux("kill-server") })
		// One server for every run, kept by a session of its own: a
		// server started with a run's session would end with it, and a
		// new server now and then exits as it starts ("server exited
		// unexpectedly"), so it is started here, until it holds.
		for try := 1; ; try++ {
			out, err := c.tmux("new-session", "-d", "-s", "keep", "sleep 86400")
			if err == nil {
				break
			}
			if try == 10 {
				t.Fatalf("starting a tmux server: %v: %s", err, out)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	c.uiRuns++
	name := fmt.Sprintf("run%d", c.uiRuns)
	argv := append([]string{c.tdb, "-x", c.script(cmds), "exec", prog}, args...)
	for i, a := range argv {
		argv[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	// The window stays after tdb ends, saying so, until it is killed.
	shell := strings.Join(argv, " ") + `; echo "tdb ended: $?"; sleep 3600`
	start := time.Now()
	if out, err := c.tmux("new-session", "-d", "-s", name, "-x", "200", "-y", "50",
		"-e", "XDG_CONFIG_HOME="+c.uiConfig, "-e", "TERM=tmux-256color", shell); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	defer c.tmux("kill-session", "-t", name)
	deadline := start.Add(10 * time.Minute)
	var screen string
	for time.Now().Before(deadline) {
		time.Sleep(uiPoll)
		b, err := c.tmux("capture-pane", "-p", "-t", name)
		if err != nil {
			t.Fatalf("tmux capture-pane: %v: %s", err, b)
		}
		screen = string(b)
		if strings.Contains(screen, "tdb ended:") {
			t.Logf("tdb ended before the program did; the screen:\n%s", screen)
			return outcome{}
		}
		if strings.Contains(screen, "exited: status") {
			wall := time.Since(start)
			cpu := c.tdbCPU(name)
			screen = trimBorders(screen)
			// The program's last output may come a frame later than
			// the exit line.
			settle := time.Now().Add(2 * time.Second)
			for !strings.Contains(screen, "\ncalls ") && !strings.Contains(screen, "\nspin ") && time.Now().Before(settle) {
				time.Sleep(uiPoll)
				b, _ := c.tmux("capture-pane", "-p", "-t", name)
				screen = trimBorders(string(b))
			}
			return outcome{wall: wall, cpu: cpu, out: screen}
		}
	}
	t.Logf("the UI run timed out; the screen:\n%s", screen)
	return outcome{}
}

// tdbCPU returns the user and system time tdb has used in the tmux window
// name, with the program it reaped: what the batch front end's rusage
// counts. tdb is the child of the window's shell.
func (c *comparison) tdbCPU(name string) time.Duration {
	b, err := c.tmux("display-message", "-p", "-t", name, "#{pane_pid}")
	if err != nil {
		c.t.Fatalf("tmux display-message: %v: %s", err, b)
	}
	sh := strings.TrimSpace(string(b))
	kids, err := os.ReadFile(filepath.Join("/proc", sh, "task", sh, "children"))
	if err != nil || len(strings.Fields(string(kids))) != 1 {
		c.t.Fatalf("tdb's process in the tmux window: %q, %v", kids, err)
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strings.Fields(string(kids))[0], "stat"))
	if err != nil {
		c.t.Fatal(err)
	}
	// The fields after the command name, which is in parentheses:
	// utime, stime, cutime and cstime are the 14th to 17th of stat.
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	var ticks int64
	for _, s := range f[11:15] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			c.t.Fatalf("/proc stat: %v", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// clockTicks is the unit of /proc/PID/stat's times (USER_HZ, 100 on
// Linux x86-64).
const clockTicks = 100

// tmux runs a tmux command on the comparison's own server, without the
// user's configuration.
func (c *comparison) tmux(args ...string) ([]byte, error) {
	return exec.Command("tmux", append([]string{"-L", c.tmuxSock, "-f", "/dev/null"}, args...)...).CombinedOutput()
}

// trimBorders strips the pane borders off each line of a captured
// screen, so the Log pane's lines read as the batch output's do.
func trimBorders(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(strings.Trim(strings.TrimSpace(l), "│|║"))
	}
	return strings.Join(lines, "\n")
}
