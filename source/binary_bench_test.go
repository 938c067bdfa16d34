package source

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"tdb/source/fixture"
)

var (
	goCmdOnce sync.Once
	goCmdPath string
	goCmdErr  error
)

// goCmdBinary builds the go command with -N -l (as `tdb debug` would): a
// 22 MB binary with ~20 MB of DWARF, the large-program case. It is cached
// under the user's cache dir per Go version, because the link alone takes
// seconds and benchmarks run their function several times.
func goCmdBinary(b *testing.B) string {
	goCmdOnce.Do(func() {
		dir := os.Getenv("TDB_CACHE_DIR")
		if dir == "" {
			c, err := os.UserCacheDir()
			if err != nil {
				goCmdErr = err
				return
			}
			dir = filepath.Join(c, "tdb")
		}
		dir = filepath.Join(dir, "bench")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			goCmdErr = err
			return
		}
		goCmdPath = filepath.Join(dir, "gocmd-"+runtime.Version())
		if _, err := os.Stat(goCmdPath); err == nil {
			return
		}
		tmp := goCmdPath + ".tmp"
		out, err := exec.Command("go", "build", "-gcflags=all=-N -l", "-o", tmp, "cmd/go").CombinedOutput()
		if err != nil {
			goCmdErr = &BuildError{Output: string(out), Err: err}
			return
		}
		goCmdErr = os.Rename(tmp, goCmdPath)
	})
	if goCmdErr != nil {
		b.Skipf("building cmd/go: %v", goCmdErr)
	}
	return goCmdPath
}

var (
	gdbOnce sync.Once
	gdbTime time.Duration
)

// gdbBreakMain times gdb doing the same job as BenchmarkOpenCmdGo (load
// the symbols, resolve main.main past its prologue, give its line), once.
// It includes gdb's process start-up, which is part of what a user waits
// for. Zero when gdb is not installed.
func gdbBreakMain(path string) time.Duration {
	gdbOnce.Do(func() {
		if _, err := exec.LookPath("gdb"); err != nil {
			return
		}
		start := time.Now()
		cmd := exec.Command("gdb", "-nx", "-batch", "-ex", "break main.main", "-ex", "info line main.main", path)
		if err := cmd.Run(); err == nil {
			gdbTime = time.Since(start)
		}
	})
	return gdbTime
}

// BenchmarkOpenCmdGo is what `tdb exec gocmd` does before the program
// runs: open, find main.main, place its breakpoint after the prologue and
// show its line. With gdb installed it also reports gdb's time for the
// same job and the ratio (gdb-x: how many times longer gdb takes).
func BenchmarkOpenCmdGo(b *testing.B) {
	path := goCmdBinary(b)
	if g := gdbBreakMain(path); g > 0 {
		defer func() {
			if b.N > 0 {
				per := b.Elapsed() / time.Duration(b.N)
				b.ReportMetric(float64(g.Nanoseconds()), "gdb-ns")
				b.ReportMetric(float64(g)/float64(per), "gdb-x")
			}
		}()
	}
	b.ResetTimer()
	for b.Loop() {
		bin, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		fs, err := bin.LookupFunc("main.main")
		if err != nil {
			b.Fatal(err)
		}
		pc := bin.PrologueEnd(fs[0])
		if _, _, ok := bin.PCToLine(pc); !ok {
			b.Fatal("no line for main.main")
		}
		bin.Close()
	}
}

// BenchmarkFindFileCmdGo is the first FILE:LINE breakpoint in a large
// binary: every unit's file table is read once.
func BenchmarkFindFileCmdGo(b *testing.B) {
	path := goCmdBinary(b)
	b.ResetTimer()
	for b.Loop() {
		bin, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		file, err := bin.FindFile("cmd/go/main.go")
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := bin.ResolveLine(file, 100); err != nil {
			b.Fatal(err)
		}
		bin.Close()
	}
}

// BenchmarkPCToLine is the lookup done for every frame of every stop.
func BenchmarkPCToLine(b *testing.B) {
	bin := openFixture(b, "fib")
	fs := bin.Functions()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		f := fs[i%len(fs)]
		bin.PCToLine(f.Entry + (f.End-f.Entry)/2)
		i++
	}
}

// BenchmarkResolveLine is a breakpoint set from the source pane's gutter.
func BenchmarkResolveLine(b *testing.B) {
	bin := openFixture(b, "fib")
	src := fixture.Source("fib", "main.go")
	line := fixture.LineOf(b, "fib", "main.go", "a := fib(n - 1)")
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := bin.ResolveLine(src, line); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrameRowAt is one unwinding step.
func BenchmarkFrameRowAt(b *testing.B) {
	bin := openFixture(b, "fib")
	fn := lookupOne(b, bin, "main.fib")
	pc := bin.PrologueEnd(fn)
	b.ResetTimer()
	for b.Loop() {
		if _, ok := bin.FrameRowAt(pc); !ok {
			b.Fatal("no row")
		}
	}
}
