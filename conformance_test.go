package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tdb/source/fixture"
)

// The conformance suite runs tdb on Delve's own test fixtures (the
// _fixtures directory of the Delve module, fetched with `go mod download`;
// no Delve code goes into tdb) and checks its answers against the tables of
// Delve's tests, transcribed case by case into conformance_*_test.go, and,
// where dlv is installed, against Delve's live answer on the same binary.
//
// A case is one row of one of Delve's tests. It passes when every line of
// want matches a line of tdb's batch output, in order. A case tdb does not
// yet answer right carries known: the reason; it is run and reported but
// does not fail the suite, and it fails when it starts passing, so the
// score in README stays true. A case where tdb answers differently on
// purpose carries differ: why.
//
//	go test -run TestDelveConformance -v .      (TDB_CONFORMANCE=CASE runs one)

// delveVersion is the Delve release whose fixtures and tables the suite uses.
const delveVersion = "v1.27.2"

type delveCase struct {
	name    string   // Delve's test and row, e.g. "TestStepCallPtr/1"
	fixture string   // a file (without .go) or directory in _fixtures
	build   string   // "" for -gcflags='all=-N -l', "inline" for -gcflags=all=-N, "opt" for a plain build
	args    []string // the program's arguments
	cmds    []string // tdb's commands, in order
	want    []string // regexps, each matching a later line of tdb's output than the one before
	// live: also run dlv with cmds (through dlvCmds) and require the same
	// sequence of stop locations (function and line).
	live    bool
	dlvCmds []string // Delve's spelling of cmds where it differs (live only)
	known   string   // tdb does not yet answer this right: why (reported, not failed)
	differ  string   // tdb answers differently on purpose: why (counted as passing)
}

var (
	confMu    sync.Mutex
	confCases []delveCase
)

// addDelveCases registers cases; each conformance_*_test.go calls it from a
// package-level var so that the files stay independent.
func addDelveCases(cs ...delveCase) bool {
	confMu.Lock()
	defer confMu.Unlock()
	confCases = append(confCases, cs...)
	return true
}

// stop matches tdb's batch line for a stop in function fn at line of the
// fixture file (any reason).
func stop(fn string, line int) string {
	return `^stopped: .*?: ` + regexp.QuoteMeta(fn) + ` at \S+:` + strconv.Itoa(line) + ` \(`
}

// stopIn matches a stop in function fn at any line.
func stopIn(fn string) string {
	return `^stopped: .*?: ` + regexp.QuoteMeta(fn) + ` at \S+:\d+ \(`
}

// exact matches a line that is exactly s.
func exact(s string) string { return `^` + regexp.QuoteMeta(s) + `$` }

// frame matches backtrace row n in function fn (at line, unless line is 0).
func frame(n int, fn string, line int) string {
	l := `\d+`
	if line > 0 {
		l = strconv.Itoa(line)
	}
	return `^#` + strconv.Itoa(n) + ` 0x[0-9a-f]+ ` + regexp.QuoteMeta(fn) + ` at \S+:` + l + `$`
}

func delveFixturesDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/go-delve/delve@"+delveVersion).Output()
	if err != nil {
		t.Fatalf("fetching Delve's fixtures (go mod download github.com/go-delve/delve@%s): %v", delveVersion, err)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		t.Fatalf("go mod download: %v %s", err, m.Error)
	}
	return filepath.Join(m.Dir, "_fixtures")
}

// confBuilder builds each fixture once per flag set.
type confBuilder struct {
	dir, out string
	mu       sync.Mutex
	built    map[string]*confBuild
}

type confBuild struct {
	once sync.Once
	path string
	err  error
}

func (b *confBuilder) build(fx, mode string) (string, error) {
	key := fx + "@" + mode
	b.mu.Lock()
	e := b.built[key]
	if e == nil {
		e = &confBuild{}
		b.built[key] = e
	}
	b.mu.Unlock()
	e.once.Do(func() {
		src := filepath.Join(b.dir, fx)
		if st, err := os.Stat(src); err != nil || !st.IsDir() {
			src += ".go"
		}
		e.path = filepath.Join(b.out, strings.ReplaceAll(key, "/", "_"))
		args := []string{"build", "-o", e.path}
		switch mode {
		case "":
			args = append(args, "-gcflags=all=-N -l")
		case "inline":
			args = append(args, "-gcflags=all=-N")
		case "opt":
		default:
			e.err = fmt.Errorf("unknown build mode %q", mode)
			return
		}
		cmd := exec.Command("go", append(args, src)...)
		cmd.Dir = b.dir
		// The module cache is read-only; the fixtures build in Delve's
		// module, which is where they sit. C is built unoptimised, as
		// Delve's test support does (cgo's default -O2 turns
		// cgostacktest's calls into jumps: frames its tables expect go).
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "CGO_CFLAGS=-O0 -g")
		if o, err := cmd.CombinedOutput(); err != nil {
			e.err = fmt.Errorf("go %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, o)
		}
	})
	return e.path, e.err
}

func TestDelveConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Delve's fixtures")
	}
	dir := delveFixturesDir(t)
	tdb := fixture.Tdb(t)
	dlv := lookDelve()
	if dlv == "" {
		t.Log("dlv not installed: checking against Delve's tables only")
	}
	b := &confBuilder{dir: dir, out: t.TempDir(), built: map[string]*confBuild{}}
	only := os.Getenv("TDB_CONFORMANCE")

	confMu.Lock()
	cases := append([]delveCase(nil), confCases...)
	confMu.Unlock()
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].name < cases[j].name })

	var tally confTally
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			if only != "" && !strings.Contains(c.name, only) {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				tally.record(t, c.name, c.known, c.differ, runDelveCase(t, b, tdb, dlv, c))
			})
		}
	})
	pass, total, differ, known, fail := tally.counts()
	t.Logf("conformance: %d of %d of Delve's cases give Delve's answer (%d of them different on purpose); %d known wrong, %d failing",
		pass, total, differ, len(known), fail)
	for _, n := range known {
		t.Logf("  known wrong: %s", n)
	}
}

// confTally counts a conformance suite's cases as they finish (in
// parallel): this suite's and the gdb suite's (gdbconf_test.go).
type confTally struct {
	mu                        sync.Mutex
	pass, differ, known, fail []string
}

// record files one case's result. A known case that passes fails, so
// that the score stays true.
func (c *confTally) record(t *testing.T, name, known, differ string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err == nil && known != "":
		c.fail = append(c.fail, name)
		t.Errorf("passes now: remove known (%s)", known)
	case err == nil && differ != "":
		c.differ = append(c.differ, name)
	case err == nil:
		c.pass = append(c.pass, name)
	case known != "":
		c.known = append(c.known, name)
		t.Logf("known: %s\n%v", known, err)
	default:
		c.fail = append(c.fail, name)
		t.Error(err)
	}
}

// counts: the cases with the peer's answer (differ included), all cases,
// those differing on purpose, the known-wrong ones, the failing.
func (c *confTally) counts() (pass, total, differ int, known []string, fail int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pass = len(c.pass) + len(c.differ)
	return pass, pass + len(c.known) + len(c.fail), len(c.differ), c.known, len(c.fail)
}

func lookDelve() string {
	if p, err := exec.LookPath("dlv"); err == nil {
		return p
	}
	gopath, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return ""
	}
	p := filepath.Join(strings.Split(strings.TrimSpace(string(gopath)), string(os.PathListSeparator))[0], "bin", "dlv")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// runDelveCase runs one case and returns what was wrong, or nil.
func runDelveCase(t *testing.T, b *confBuilder, tdb, dlv string, c delveCase) error {
	bin, err := b.build(c.fixture, c.build)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--batch"}
	for _, cmd := range c.cmds {
		args = append(args, "-ex", cmd)
	}
	args = append(append(args, "exec", bin), c.args...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tdb, args...)
	cmd.Dir = b.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // a failed command is judged by the output
	if ctx.Err() != nil {
		return fmt.Errorf("tdb did not finish in 2 minutes:\n%s", out.String())
	}
	lines := strings.Split(out.String(), "\n")
	if err := matchInOrder(lines, c.want); err != nil {
		return fmt.Errorf("%v\ntdb %s\n%s", err, strings.Join(quoteArgs(args), " "), out.String())
	}
	if c.live && dlv != "" {
		dcmds := c.dlvCmds
		if dcmds == nil {
			dcmds = c.cmds
		}
		want, err := dlvStops(ctx, dlv, b.dir, bin, c.args, dcmds)
		if err != nil {
			return fmt.Errorf("running dlv: %v", err)
		}
		got := tdbStops(lines)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("stops differ from Delve's:\n tdb: %q\n dlv: %q\n%s", got, want, out.String())
		}
	}
	return nil
}

func quoteArgs(args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if strings.ContainsAny(a, " '\"*()[]") {
			q[i] = "'" + a + "'"
		}
	}
	return q
}

// matchInOrder checks that each pattern matches a line after the line the
// previous pattern matched.
func matchInOrder(lines, want []string) error {
	i := 0
	for _, w := range want {
		re, err := regexp.Compile(w)
		if err != nil {
			return fmt.Errorf("bad pattern %q: %v", w, err)
		}
		for i < len(lines) && !re.MatchString(lines[i]) {
			i++
		}
		if i == len(lines) {
			return fmt.Errorf("no line matches %q (after the earlier patterns)", w)
		}
		i++
	}
	return nil
}

var tdbStopRe = regexp.MustCompile(`^stopped: .*?: (\S+) at \S+:(\d+) \(`)

// tdbStops lists tdb's stops as "function:line".
func tdbStops(lines []string) []string {
	var s []string
	for _, l := range lines {
		if m := tdbStopRe.FindStringSubmatch(l); m != nil {
			s = append(s, m[1]+":"+m[2])
		}
	}
	return s
}

// dlvStopRe matches Delve's stop line: "> [Breakpoint 1] main.f() /p/x.go:9 (hits ...)",
// a watchpoint's "> watchpoint on [x] main.f() /p/x.go:9 (hits ...)"
// or "> main.f() /p/x.go:5 (PC: 0x4844e0)" ("> goroutine(1): main.f() ..." when
// the goroutine changed).
var dlvStopRe = regexp.MustCompile(`^> (?:\[[^\]]*\] )?(?:goroutine\(\d+\): )?(?:\[[^\]]*\] )?(?:watchpoint on \[[^\]]*\] )?(\S+)\(\) \S+:(\d+) `)

// dlvStops runs Delve's terminal on bin with cmds and lists its stops as
// "function:line".
func dlvStops(ctx context.Context, dlv, dir, bin string, args, cmds []string) ([]string, error) {
	dargs := []string{"exec", bin, "--allow-non-terminal-interactive=true"}
	if len(args) > 0 {
		dargs = append(append(dargs, "--"), args...)
	}
	cmd := exec.CommandContext(ctx, dlv, dargs...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TERM=dumb", "NO_COLOR=1")
	cmd.Stdin = strings.NewReader(strings.Join(append(append([]string{"config source-list-line-count 0"}, cmds...), "exit"), "\n") + "\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("%v\n%s", err, out.String())
	}
	// One stop a command: when several threads stopped at breakpoints
	// together, Delve prints each of them, the current one last.
	var s []string
	for _, chunk := range strings.Split(out.String(), "(dlv) ") {
		last := ""
		for _, l := range strings.Split(chunk, "\n") {
			if m := dlvStopRe.FindStringSubmatch(l); m != nil {
				last = m[1] + ":" + m[2]
			}
		}
		if last != "" {
			s = append(s, last)
		}
	}
	return s, nil
}
