package ui

import (
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source"
)

// The load tests' material: a generated Go program of 100,000 lines,
// screens that count the cells drawn, and hand-made breakpoint lists.

// bigFuncs is how many functions the generated program has: 5 lines each
// after an 8-line header, 100,008 lines in all.
const bigFuncs = 20000

// bigFuncLine is the line of "func fI(n int) int {" in the generated
// program; its first statement (where `break main.fI` stops) is the next.
func bigFuncLine(i int) int { return 9 + 5*i }

// bigLines is how many lines the generated program has.
const bigLines = 8 + 5*bigFuncs

// bigProgram is the generated program's text. main calls f0, each fI
// calls fI+1 (the backtrace is capped by the engine), so every function
// is reachable and the linker keeps it; it prints the sum of
// 0..bigFuncs-1.
func bigProgram() string {
	var b strings.Builder
	b.WriteString("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"sum\", f0(0))\n}\n\n")
	for i := 0; i < bigFuncs; i++ {
		if i < bigFuncs-1 {
			fmt.Fprintf(&b, "func f%d(n int) int {\n\tx := n + %d\n\treturn f%d(x)\n}\n\n", i, i, i+1)
		} else {
			fmt.Fprintf(&b, "func f%d(n int) int {\n\tx := n + %d\n\treturn x\n}\n\n", i, i)
		}
	}
	return b.String()
}

// writeBigProgram writes the generated program into dir as main.go and
// returns its path.
func writeBigProgram(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "main.go")
	writeFile(t, path, bigProgram())
	return path
}

var bigBuild struct {
	once sync.Once
	bin  string
	err  error
}

// buildBigProgram builds the generated program, as fixture.Build does for
// testdata (-gcflags=all=-N -l), and returns the binary. Source and
// binary live in a fixed directory under the system's temp dir, the
// binary named for its source and the Go version: a later test process
// finds it built (and the build cache, which keys on the source's path,
// helps when it is not), and no run leaves a copy behind.
func buildBigProgram(t testing.TB) string {
	t.Helper()
	bigBuild.once.Do(func() {
		bigBuild.bin, bigBuild.err = buildBig()
	})
	if bigBuild.err != nil {
		t.Fatal(bigBuild.err)
	}
	return bigBuild.bin
}

func buildBig() (string, error) {
	src := filepath.Join(os.TempDir(), fmt.Sprintf("tdb-load-big-%d", bigFuncs))
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	// Another test process may be building from the same directory:
	// every file is written under a temporary name and renamed.
	for name, text := range map[string]string{"main.go": bigProgram(), "go.mod": "module big\n\ngo 1.26\n"} {
		path := filepath.Join(src, name)
		if b, err := os.ReadFile(path); err == nil && string(b) == text {
			continue
		}
		tmp, err := os.CreateTemp(src, name+".*")
		if err != nil {
			return "", err
		}
		_, err = tmp.WriteString(text)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return "", err
		}
	}
	// Named for the source and the Go version: a binary there is this one.
	sum := fnv.New64a()
	sum.Write([]byte(bigProgram() + runtime.Version()))
	bin := filepath.Join(src, fmt.Sprintf("big-%x", sum.Sum64()))
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() {
		return bin, nil
	}
	tmp := fmt.Sprintf("%s.%d", bin, os.Getpid())
	cmd := exec.Command("go", "build", "-gcflags=all=-N -l", "-o", tmp, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("go build: %v\n%s", err, msg)
	}
	if err := os.Rename(tmp, bin); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return bin, nil
}

// bigSourceFile writes the generated program into a temporary directory
// and reads it as the Source pane would.
func bigSourceFile(t testing.TB) (*source.File, string) {
	t.Helper()
	path := writeBigProgram(t, t.TempDir())
	f, err := source.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Lines) != bigLines {
		t.Fatalf("generated %d lines, want %d", len(f.Lines), bigLines)
	}
	return f, path
}

// stoppedAt is a hand-made snapshot stopped at path:line in fn.
func stoppedAt(seq int, path string, line int, fn string, bps []debugger.Breakpoint) *debugger.State {
	return &debugger.State{Seq: seq, File: path, Line: line, Function: fn, Breakpoints: bps,
		Frames: []debugger.Frame{{File: path, Line: line, Function: fn}}}
}

// manyBreakpoints makes n breakpoints on the first statement of f0..fn-1
// of the generated program at path: every third conditional, every
// seventh disabled, so the gutter shows all three marks.
func manyBreakpoints(path string, n int) []debugger.Breakpoint {
	bps := make([]debugger.Breakpoint, n)
	for i := range bps {
		bps[i] = debugger.Breakpoint{ID: i + 1, File: path, Line: bigFuncLine(i) + 1,
			Function: fmt.Sprintf("main.f%d", i), Enabled: i%7 != 0, Addrs: []uint64{0x400000 + uint64(i)*16}}
		if i%3 == 0 {
			bps[i].Cond = "n > 1"
		}
	}
	return bps
}

// countingScreen counts what a frame writes: SetContent calls in all and
// the rows they touched. Drawing must cost what the screen shows, not
// what the file, the breakpoint list or the goroutine list holds.
type countingScreen struct {
	tcell.SimulationScreen
	cells int
	rows  map[int]bool
}

func newCountingScreen(t testing.TB, w, h int) *countingScreen {
	s := tcell.NewSimulationScreen("UTF-8")
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	t.Cleanup(s.Fini)
	return &countingScreen{SimulationScreen: s, rows: map[int]bool{}}
}

func (s *countingScreen) SetContent(x, y int, primary rune, combining []rune, style tcell.Style) {
	s.cells++
	s.rows[y] = true
	s.SimulationScreen.SetContent(x, y, primary, combining, style)
}

func (s *countingScreen) reset() { s.cells, s.rows = 0, map[int]bool{} }

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// discardScreen drops every cell: allocation counts are then the
// drawing code's own.
type discardScreen struct{ tcell.SimulationScreen }

func (discardScreen) SetContent(int, int, rune, []rune, tcell.Style) {}
