package source

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Building debuggable targets: `tdb debug`, `tdb test` and the bundled demo
// run the go command with optimisations and inlining off
// (-gcflags='all=-N -l'), so every variable lives on the stack and every
// line has code, as Delve does.

// debugGCFlags turns off optimisation and inlining in every package.
const debugGCFlags = "-gcflags=all=-N -l"

// BuildError is a failed build. Its text is the go command's own output,
// which is what the user needs to fix the program.
type BuildError struct {
	Output string // the compiler's messages, trimmed
	Err    error  // how the go command failed (exit status)
}

func (e *BuildError) Error() string {
	if e.Output != "" {
		return e.Output
	}
	return "build failed: " + e.Err.Error()
}

func (e *BuildError) Unwrap() error { return e.Err }

// ErrNoGo says the go command is not installed: tdb debug, tdb test and the
// demo need it.
var ErrNoGo = errors.New("the go command is not in PATH: tdb debug, tdb test and the demo need the Go toolchain")

// BuildGo builds target for debugging into a new temporary directory and
// returns the binary's path and a cleanup that removes the directory.
// target is a package path, a directory or a .go file ("" is the current
// directory), resolved against dir ("" is tdb's working directory). With
// test set it builds the package's test binary (go test -c).
func BuildGo(target string, test bool, dir string) (bin string, cleanup func(), err error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", nil, ErrNoGo
	}
	tmp, err := os.MkdirTemp("", "tdb-build-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	bin = filepath.Join(tmp, "__debug_bin")

	args := []string{"build", debugGCFlags, "-o", bin}
	if test {
		args = []string{"test", "-c", debugGCFlags, "-o", bin}
	}
	cmdDir, arg := buildTarget(target, dir)
	cmd := exec.Command(goCmd, append(args, arg)...)
	cmd.Dir = cmdDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		cleanup()
		return "", nil, &BuildError{Output: strings.TrimSpace(string(out)), Err: err}
	}
	if _, err := os.Stat(bin); err != nil {
		// go test -c writes nothing for a package without tests and still
		// succeeds ("no test files").
		cleanup()
		msg := strings.TrimSpace(string(out))
		if msg == "" {
			msg = "the go command wrote no binary"
		}
		return "", nil, &BuildError{Output: msg, Err: err}
	}
	return bin, cleanup, nil
}

// PackageDir returns the directory of the package target names (as
// BuildGo reads target), where `go test` runs a test binary.
func PackageDir(target, dir string) (string, error) {
	cmdDir, arg := buildTarget(target, dir)
	cmd := exec.Command("go", "list", "-f", "{{.Dir}}", arg)
	cmd.Dir = cmdDir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("finding the directory of %q: %w", target, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// buildTarget turns what the user typed into the directory to run the go
// command in and the argument to give it. A directory or a file is built
// from inside its own directory, so that its own go.mod applies (from
// elsewhere the go command refuses a directory outside the main module),
// and a relative directory such as "testdata/fib" is not taken for an
// import path.
func buildTarget(target, dir string) (cmdDir, arg string) {
	if target == "" {
		return dir, "."
	}
	p := target
	if dir != "" && !filepath.IsAbs(p) {
		p = filepath.Join(dir, target)
	}
	fi, err := os.Stat(p)
	switch {
	case err == nil && fi.IsDir():
		return p, "."
	case err == nil && strings.HasSuffix(target, ".go"):
		return filepath.Dir(p), filepath.Base(p)
	}
	// A package path, or something missing: the go command says what is
	// wrong with it.
	return dir, target
}

// BuildDemo builds the bundled demo program from its source, once: the
// binary is cached under the user's cache directory (TDB_CACHE_DIR
// overrides it) in a directory named after a hash of the source and the Go
// version, and reused while both are unchanged. The source file stays next
// to the binary, where its DWARF line tables point, so the source pane can
// show it.
func BuildDemo(src []byte) (bin string, err error) { return BuildDemoNoting(src, nil) }

// BuildDemoNoting is BuildDemo calling building (when not nil) before it
// compiles, which on a fresh machine takes a minute (the standard library
// is built too): the user is told why nothing happens meanwhile.
func BuildDemoNoting(src []byte, building func()) (bin string, err error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", ErrNoGo
	}
	root, err := cacheDir()
	if err != nil {
		return "", err
	}
	ver, err := exec.Command(goCmd, "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("asking the go command for its version: %w", err)
	}
	h := sha256.New()
	h.Write(src)
	h.Write([]byte{0})
	h.Write(bytes.TrimSpace(ver))
	dir := filepath.Join(root, "demo-"+hex.EncodeToString(h.Sum(nil))[:16])
	bin = filepath.Join(dir, "demo")
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Two tdbs may build at once: each writes under a temporary name and
	// renames, so neither ever sees a half-written file. The source's
	// content is fixed by the directory's hash, so either copy is right.
	srcPath := filepath.Join(dir, "main.go")
	if err := writeAtomic(srcPath, src); err != nil {
		return "", err
	}
	if building != nil {
		building()
	}
	tmpBin, err := os.CreateTemp(dir, "demo-*.tmp")
	if err != nil {
		return "", err
	}
	tmpBin.Close()
	defer os.Remove(tmpBin.Name())
	cmd := exec.Command(goCmd, "build", debugGCFlags, "-o", tmpBin.Name(), "main.go")
	cmd.Dir = dir
	// The demo has no go.mod; the user's GOFLAGS (e.g. -mod=vendor) would
	// only get in the way.
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=on")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &BuildError{Output: strings.TrimSpace(string(out)), Err: err}
	}
	if err := os.Rename(tmpBin.Name(), bin); err != nil {
		return "", err
	}
	return bin, nil
}

func cacheDir() (string, error) {
	if d := os.Getenv("TDB_CACHE_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for the demo (set TDB_CACHE_DIR): %w", err)
	}
	return filepath.Join(d, "tdb"), nil
}

func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
