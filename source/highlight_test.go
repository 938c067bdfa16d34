package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// kindAt returns the kind of byte col of line (0-based) in spans.
func kindAt(spans [][]Span, line, col int) TokenKind {
	for _, s := range spans[line] {
		if col >= s.Start && col < s.End {
			return s.Kind
		}
	}
	return TokText
}

func TestHighlightGo(t *testing.T) {
	src := "package main\n\n// fib is naive\nfunc fib(n int) int {\n\treturn n + 42 // x\n}\nvar s = \"hi\\n\"\r\n"
	lines, err := Highlight("prog.go", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 7 {
		t.Fatalf("got %d lines, want 7", len(lines))
	}
	for _, c := range []struct {
		line int
		text string
		want TokenKind
	}{
		{0, "package", TokKeyword},
		{2, "// fib", TokComment},
		{3, "func", TokKeyword},
		{3, "fib", TokFunction},
		{3, "int", TokType},
		{4, "return", TokKeyword},
		{4, "42", TokNumber},
		{4, "+", TokOperator},
		{4, "// x", TokComment},
		{6, "\"hi", TokString},
	} {
		l := strings.Split(strings.ReplaceAll(src, "\r", ""), "\n")[c.line]
		col := strings.Index(l, c.text)
		if col < 0 {
			t.Fatalf("test bug: %q not in line %d", c.text, c.line)
		}
		if got := kindAt(lines, c.line, col); got != c.want {
			t.Errorf("line %d %q: got %v, want %v (spans %v)", c.line, c.text, got, c.want, lines[c.line])
		}
	}
	// Spans stay inside their line, ordered, and never include the "\r".
	for i, l := range SplitLines(src) {
		prev := 0
		for _, s := range lines[i] {
			if s.Start < prev || s.End > len(l) || s.Start >= s.End {
				t.Errorf("line %d: bad span %v (len %d)", i, s, len(l))
			}
			prev = s.End
		}
	}
}

func TestHighlightC(t *testing.T) {
	lines, err := Highlight("prog.c", "#include <stdio.h>\nint main(void) { return 0; }\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := kindAt(lines, 0, 0); got != TokPreproc {
		t.Errorf("#include: got %v, want preproc", got)
	}
	if got := kindAt(lines, 1, 0); got != TokType {
		t.Errorf("int: got %v, want type", got)
	}
}

func TestHighlightUnknownLanguageIsPlain(t *testing.T) {
	lines, err := Highlight("notes.unknownext", "func main() {}\nx\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || len(lines[0]) != 0 || len(lines[1]) != 0 {
		t.Errorf("got %v, want two lines without spans", lines)
	}
}

func TestHighlightRealFixture(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "fib", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := Highlight("main.go", string(b))
	if err != nil {
		t.Fatal(err)
	}
	if want := len(SplitLines(string(b))); len(lines) != want {
		t.Errorf("got %d lines, want %d", len(lines), want)
	}
}

func TestTokenKindNames(t *testing.T) {
	for k := TokenKind(0); k < NumTokenKinds; k++ {
		if tokenKindNames[k] == "" {
			t.Errorf("kind %d has no name", k)
		}
	}
	if got := TokenKind(200).String(); got != "TokenKind(200)" {
		t.Errorf("got %q", got)
	}
}

func TestLookupCodeStyle(t *testing.T) {
	cs, ok := LookupCodeStyle("Monokai")
	if !ok {
		t.Fatal("monokai not found")
	}
	if !cs.Dark || cs.Background == "" || cs.Kinds[TokKeyword].FG == "" {
		t.Errorf("monokai: %+v", cs)
	}
	gh, ok := LookupCodeStyle("github")
	if !ok || gh.Dark {
		t.Errorf("github: ok=%v dark=%v", ok, gh.Dark)
	}
	if _, ok := LookupCodeStyle("no-such-style"); ok {
		t.Error("unknown style found")
	}
	if len(CodeStyleNames()) < 10 {
		t.Error("too few chroma styles")
	}
}

// bigGoFile makes a Go file of n lines for benchmarks.
func bigGoFile(n int) string {
	var b strings.Builder
	b.WriteString("package big\n\nimport \"fmt\"\n")
	for i := 3; i < n; i += 5 {
		b.WriteString("// f computes something with a \"string\" and 0x2a.\n")
		b.WriteString("func f(n int) string {\n\tx := n * 42 + len(\"abc\")\n\treturn fmt.Sprint(x)\n}\n")
	}
	return b.String()
}

func BenchmarkHighlight10kLines(b *testing.B) {
	src := bigGoFile(10000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Highlight("big.go", src); err != nil {
			b.Fatal(err)
		}
	}
}

// panickyLexer is registered for *.tdbpanic: its emitter panics, as
// chroma lexers have on odd input.
var panickyLexer = lexers.Register(chroma.MustNewLexer(
	&chroma.Config{Name: "tdb-panicky", Filenames: []string{"*.tdbpanic"}},
	func() chroma.Rules {
		return chroma.Rules{"root": {{Pattern: `.+`, Type: chroma.EmitterFunc(func(groups []string, state *chroma.LexerState) chroma.Iterator {
			panic("lexer bug")
		})}}}
	},
))

func TestHighlightRecoversFromLexerPanic(t *testing.T) {
	if panickyLexer == nil {
		t.Fatal("lexer not registered")
	}
	lines, err := Highlight("x.tdbpanic", "some text\n")
	if err == nil || !strings.Contains(err.Error(), "lexer panic") {
		t.Errorf("got %v, %v; want a lexer panic error", lines, err)
	}
}
