package source

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"tdb/source/fixture"
)

func TestPCToLineAtEntries(t *testing.T) {
	tests := []struct {
		prog, fn, file, marker string
	}{
		{"fib", "main.fib", "main.go", "func fib("},
		{"fib", "main.main", "main.go", "func main()"},
		{"fib@pie", "main.fib", "main.go", "func fib("},
		{"cprog", "fact", "prog.c", "int fact(int n)"},
		{"cprog", "main", "prog.c", "int main(void)"},
		{"cprog@pie", "fact", "prog.c", "int fact(int n)"},
		// No DWARF: the pclntab answers.
		{"fib@nodwarf", "main.fib", "main.go", "func fib("},
		{"fib@stripped", "main.fib", "main.go", "func fib("},
	}
	for _, tt := range tests {
		t.Run(tt.prog+"/"+tt.fn, func(t *testing.T) {
			b := openFixture(t, tt.prog)
			fn := lookupOne(t, b, tt.fn)
			base := strings.SplitN(tt.prog, "@", 2)[0]
			file, line, ok := b.PCToLine(fn.Entry)
			want := fixture.LineOf(t, base, tt.file, tt.marker)
			if strings.HasSuffix(tt.file, ".c") {
				want++ // gcc starts a function's line table at its opening brace
			}
			if !ok || line != want || file != fixture.Source(base, tt.file) {
				t.Errorf("PCToLine(%#x) = %s:%d %v, want %s:%d", fn.Entry, file, line, ok, fixture.Source(base, tt.file), want)
			}
		})
	}
}

func TestPCToLineOutside(t *testing.T) {
	b := openFixture(t, "fib")
	if f, l, ok := b.PCToLine(0x10); ok {
		t.Errorf("PCToLine(0x10) = %s:%d", f, l)
	}
}

func TestLineEntriesAndPrologue(t *testing.T) {
	b := openFixture(t, "fib")
	fn := lookupOne(t, b, "main.fib")
	rows := b.LineEntries(fn)
	if len(rows) < 5 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		if r.PC < fn.Entry || r.PC >= fn.End || (i > 0 && r.PC < rows[i-1].PC) {
			t.Errorf("row %d at %#x out of order or outside [%#x,%#x)", i, r.PC, fn.Entry, fn.End)
		}
	}
	if rows[0].PC != fn.Entry || !rows[0].Stmt {
		t.Errorf("first row %+v, want the entry as a statement", rows[0])
	}
	// Go's prologue is the stack check; its end is flagged and still on
	// the func line.
	pe := b.PrologueEnd(fn)
	if pe <= fn.Entry || pe >= fn.End {
		t.Fatalf("PrologueEnd %#x outside main.fib (%#x..%#x)", pe, fn.Entry, fn.End)
	}
	if _, l, _ := b.PCToLine(pe); l != fn.Line {
		t.Errorf("PrologueEnd at line %d, want the func line %d", l, fn.Line)
	}
	c := openFixture(t, "cprog")
	fact := lookupOne(t, c, "fact")
	// gcc -O0: push rbp; mov rbp,rsp; then the prologue ends at the
	// first line of the body.
	pe = c.PrologueEnd(fact)
	if _, l, _ := c.PCToLine(pe); pe == fact.Entry || l != fixture.LineOf(t, "cprog", "prog.c", "if (n <= 1)") {
		t.Errorf("fact PrologueEnd %#x at line %d", pe, l)
	}
	// Without line tables the entry is all there is.
	nd := openFixture(t, "fib@nodwarf")
	nfib := lookupOne(t, nd, "main.fib")
	if got := nd.PrologueEnd(nfib); got != nfib.Entry {
		t.Errorf("no DWARF: PrologueEnd %#x, want entry %#x", got, nfib.Entry)
	}
}

func TestFindFile(t *testing.T) {
	b := openFixture(t, "fib")
	src := fixture.Source("fib", "main.go")
	tests := []struct{ name, want, err string }{
		{"main.go", src, ""},
		{"fib/main.go", src, ""},
		{src, src, ""},
		{"ain.go", "", `no source file "ain.go" in the binary`},
		{"nosuch.go", "", `no source file "nosuch.go" in the binary`},
	}
	for _, tt := range tests {
		got, err := b.FindFile(tt.name)
		errText := ""
		if err != nil {
			errText = err.Error()
		}
		if got != tt.want || errText != tt.err {
			t.Errorf("FindFile(%q) = %q, %q; want %q, %q", tt.name, got, errText, tt.want, tt.err)
		}
	}
	// Several runtime files share a base name: the error lists them.
	_, err := b.FindFile("proc.go")
	if err == nil || !strings.HasPrefix(err.Error(), `ambiguous file name "proc.go": `) || !strings.Contains(err.Error(), "/runtime/proc.go") {
		t.Errorf("FindFile(proc.go) = %v, want ambiguity listing runtime/proc.go", err)
	}
	files := b.Files()
	found := false
	for i, f := range files {
		found = found || f == src
		if i > 0 && files[i-1] >= f {
			t.Fatalf("Files not sorted and unique at %q", f)
		}
	}
	if !found {
		t.Errorf("Files lacks %s", src)
	}
}

func TestResolveLine(t *testing.T) {
	b := openFixture(t, "fib")
	src := fixture.Source("fib", "main.go")
	fib := lookupOne(t, b, "main.fib")
	main := lookupOne(t, b, "main.main")
	line := func(marker string) int { return fixture.LineOf(t, "fib", "main.go", marker) }
	tests := []struct {
		name    string
		line    int
		got     int
		inFunc  *Function
		notAtFn bool // the pc must not be the function's entry
	}{
		{"body line", line("a := fib(n - 1)"), line("a := fib(n - 1)"), fib, false},
		{"func line: after the prologue", line("func fib("), line("func fib("), fib, true},
		{"comment above a func moves to it", line("// fib is deliberately"), line("func fib("), fib, true},
		{"blank line moves forward", line("a := fib(n - 1)") - 1, line("a := fib(n - 1)"), fib, false},
		{"loop header", line("for i := 1;"), line("for i := 1;"), main, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcs, got, err := b.ResolveLine(src, tt.line)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.got || len(pcs) != 1 {
				t.Fatalf("ResolveLine(%d) = %#x, %d; want one pc, line %d", tt.line, pcs, got, tt.got)
			}
			if b.FuncAt(pcs[0]) != tt.inFunc {
				t.Errorf("pc %#x in %v, want %s", pcs[0], b.FuncAt(pcs[0]), tt.inFunc.Name)
			}
			if _, l, _ := b.PCToLine(pcs[0]); l != tt.got {
				t.Errorf("pc %#x is at line %d, want %d", pcs[0], l, tt.got)
			}
			if tt.notAtFn && pcs[0] == tt.inFunc.Entry {
				t.Errorf("pc is the function's entry")
			}
		})
	}
	n := b.LineCount(src)
	if want := strings.Count(readFile(t, src), "\n"); n != want {
		t.Errorf("LineCount = %d, want %d", n, want)
	}
	errs := []struct {
		line int
		want string
	}{
		{999, fmt.Sprintf("no line 999 in main.go (it has %d lines)", n)},
		{n + 1, fmt.Sprintf("no line %d in main.go (it has %d lines)", n+1, n)},
		{0, "no line 0 in main.go (lines start at 1)"},
	}
	for _, e := range errs {
		if _, _, err := b.ResolveLine(src, e.line); err == nil || err.Error() != e.want {
			t.Errorf("ResolveLine(%d) error %v, want %q", e.line, err, e.want)
		}
	}
}

// TestResolveLineTrailingComments builds a program whose last lines have
// no code: a breakpoint there has nowhere to move.
func TestResolveLineTrailingComments(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "tail.go")
	text := "package main\n\nfunc main() {\n\tprintln(1)\n}\n\n// The end.\n// Really.\n"
	if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "tail")
	cmd := exec.Command("go", "build", "-gcflags=all=-N -l", "-o", out, src)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	b, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	file, err := b.FindFile("tail.go")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.ResolveLine(file, 7); err == nil || err.Error() != "no code at or after line 7 in tail.go" {
		t.Errorf("ResolveLine(7) error %v", err)
	}
	if _, _, err := b.ResolveLine(file, 9); err == nil || err.Error() != "no line 9 in tail.go (it has 8 lines)" {
		t.Errorf("ResolveLine(9) error %v", err)
	}
	if pcs, got, err := b.ResolveLine(file, 4); err != nil || got != 4 || len(pcs) != 1 {
		t.Errorf("ResolveLine(4) = %#x %d %v", pcs, got, err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestResolveLineC(t *testing.T) {
	b := openFixture(t, "cprog")
	src, err := b.FindFile("prog.c")
	if err != nil {
		t.Fatal(err)
	}
	want := fixture.LineOf(t, "cprog", "prog.c", "return n * fact(n - 1);")
	pcs, got, err := b.ResolveLine(src, want)
	if err != nil || got != want || len(pcs) != 1 || b.FuncAt(pcs[0]).Name != "fact" {
		t.Errorf("ResolveLine(prog.c:%d) = %#x %d %v", want, pcs, got, err)
	}
}

// TestConcurrentQueries runs the lazy paths from many goroutines at once;
// `go test -race` checks the locking.
func TestConcurrentQueries(t *testing.T) {
	path := fixture.Build(t, "fib")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	src := fixture.Source("fib", "main.go")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			fs, _ := b.LookupFunc("main.fib")
			if len(fs) == 1 {
				b.PrologueEnd(fs[0])
				b.FrameRowAt(fs[0].Entry)
				b.PCToLine(fs[0].Entry)
				_ = fs[0].Line
			}
			b.ResolveLine(src, 17+i%3)
			b.FieldOffset("runtime.g", "goid")
			if i%4 == 0 {
				b.Functions()
				b.Files()
			}
		}(i)
	}
	wg.Wait()
}
