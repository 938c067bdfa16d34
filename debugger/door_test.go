package debugger

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// doorFile is the one file of the package that may make the kernel's
// tracing calls: it reports each as mechanics and checks its error.
const doorFile = "ptrace_linux_amd64.go"

// doorCalls are the functions of golang.org/x/sys/unix and syscall that
// trace, wait for or signal a process, besides every Ptrace* function.
var doorCalls = map[string]bool{
	"Wait4": true, "Waitid": true, "Kill": true, "Tgkill": true, "Tkill": true,
	"PidfdSendSignal": true,
	"Syscall":         true, "Syscall6": true, "Syscall9": true, "SyscallNoError": true,
	"RawSyscall": true, "RawSyscall6": true, "RawSyscallNoError": true,
}

// ptraceTypes are the Ptrace* names of those packages that are types, not
// calls: unix.PtraceRegs is the register set every file passes around.
var ptraceTypes = map[string]bool{
	"PtraceRegs": true, "PtraceRegsAmd64": true, "PtraceFpregs": true, "PtraceIoVec": true,
}

// doorViolations parses the package's non-test Go files in dir and lists,
// as "file:line: pkg.Name", each use (a call or a function value) of a
// tracing call outside doorFile. Only code counts: a comment naming one
// neither hides nor adds one.
func doorViolations(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var bad []string
	for _, path := range files {
		name := filepath.Base(path)
		if strings.HasSuffix(name, "_test.go") || name == doorFile {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		// The names the file gives the two packages (an import may rename
		// them; a dot import would hide the calls, so it is one itself).
		pkgs := map[string]string{}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p != "syscall" && p != "golang.org/x/sys/unix" {
				continue
			}
			local := filepath.Base(p)
			if imp.Name != nil {
				local = imp.Name.Name
			}
			if local == "." {
				bad = append(bad, fset.Position(imp.Pos()).String()+": dot import of "+p)
				continue
			}
			pkgs[local] = p
		}
		if len(pkgs) == 0 {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || pkgs[id.Name] == "" {
				return true
			}
			fn := sel.Sel.Name
			if doorCalls[fn] || (strings.HasPrefix(fn, "Ptrace") && !ptraceTypes[fn]) {
				pos := fset.Position(sel.Pos())
				bad = append(bad, filepath.Base(pos.Filename)+":"+strconv.Itoa(pos.Line)+": "+id.Name+"."+fn)
			}
			return true
		})
	}
	sort.Strings(bad)
	return bad
}

// TestOneDoor: every ptrace, wait and signal call of the engine goes
// through ptrace_linux_amd64.go, so that mechanics mode shows it and its
// error is checked there (issue 14).
func TestOneDoor(t *testing.T) {
	if bad := doorViolations(t, "."); len(bad) > 0 {
		t.Errorf("tracing calls outside %s (add a method there and call it):\n%s", doorFile, strings.Join(bad, "\n"))
	}
}

// TestOneDoorCanFail: the check finds a call, a function value and a
// renamed import, and ignores comments, types, constants and the door
// file itself.
func TestOneDoorCanFail(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("bad.go", `package debugger

import (
	"syscall"

	sys "golang.org/x/sys/unix"
)

// unix.PtraceCont(1, 0) in a comment is no call.
func f(tid int) {
	var regs sys.PtraceRegs
	sys.PtraceGetRegs(tid, &regs)
	wait := syscall.Wait4
	_ = wait
	_ = sys.PTRACE_O_TRACECLONE
}
`)
	write("clean.go", `package debugger

import "golang.org/x/sys/unix"

// unix.Tgkill(1, 2, unix.SIGSTOP) and unix.Wait4 are named here only.
var _ unix.PtraceRegs
var _ = unix.SIGSTOP
`)
	write(doorFile, `package debugger

import "golang.org/x/sys/unix"

func g(tid int) error { return unix.PtraceCont(tid, 0) }
`)
	write("bad_test.go", `package debugger

import "golang.org/x/sys/unix"

func h(tid int) error { return unix.PtraceCont(tid, 0) }
`)
	got := strings.Join(doorViolations(t, dir), "\n")
	want := "bad.go:12: sys.PtraceGetRegs\nbad.go:13: syscall.Wait4"
	if got != want {
		t.Errorf("violations:\n%s\nwant:\n%s", got, want)
	}
}
