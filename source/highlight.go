package source

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TokenKind is the kind of a piece of source text, as far as colouring
// cares. It is ours, not chroma's: themes map kinds to styles, so chroma
// stays behind this package and a theme change needs no re-tokenising.
type TokenKind uint8

const (
	TokText TokenKind = iota
	TokKeyword
	TokType // type names and type keywords (int, string, struct)
	TokConstant
	TokName
	TokFunction
	TokBuiltin
	TokString
	TokNumber
	TokComment
	TokPreproc // C preprocessor lines, Go build directives
	TokOperator
	TokPunctuation
	TokError
	NumTokenKinds
)

var tokenKindNames = [NumTokenKinds]string{
	"text", "keyword", "type", "constant", "name", "function", "builtin",
	"string", "number", "comment", "preproc", "operator", "punctuation", "error",
}

func (k TokenKind) String() string {
	if k < NumTokenKinds {
		return tokenKindNames[k]
	}
	return fmt.Sprintf("TokenKind(%d)", uint8(k))
}

// Span is a run of one kind within a line: bytes [Start, End) of the line.
type Span struct {
	Start, End int
	Kind       TokenKind
}

// Highlight tokenises text with the lexer chroma picks for filename and
// returns the spans of each line (len(result) == len(SplitLines(text))).
// Bytes not covered by a span are TokText. Unknown languages give plain
// text. A lexer that panics (chroma's regexps on odd input have) gives an
// error, never a crash: callers show plain text.
//
// Cost: chroma lexes roughly a few MB/s; call it off the UI goroutine and
// cache the result per file.
func Highlight(filename, text string) (lines [][]Span, err error) {
	defer func() {
		if r := recover(); r != nil {
			lines, err = nil, fmt.Errorf("highlighting %s: lexer panic: %v", filepath.Base(filename), r)
		}
	}()
	n := len(SplitLines(text))
	lines = make([][]Span, n)
	lexer := lexers.Match(filepath.Base(filename))
	if lexer == nil {
		return lines, nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, text)
	if err != nil {
		return nil, fmt.Errorf("highlighting %s: %w", filepath.Base(filename), err)
	}
	line, col := 0, 0
	for tok := it(); tok != chroma.EOF; tok = it() {
		kind := kindOf(tok.Type)
		v := tok.Value
		for v != "" && line < n {
			seg, rest, nl := strings.Cut(v, "\n")
			// "\r" before "\n" is not part of the line SplitLines returns.
			if nl {
				seg = strings.TrimSuffix(seg, "\r")
			}
			if seg != "" && kind != TokText {
				lines[line] = appendSpan(lines[line], Span{col, col + len(seg), kind})
			}
			if nl {
				line, col = line+1, 0
			} else {
				col += len(seg)
			}
			v = rest
		}
	}
	return lines, nil
}

// appendSpan merges s into the previous span when they touch and agree,
// which keeps per-line slices short for drawing.
func appendSpan(spans []Span, s Span) []Span {
	if k := len(spans); k > 0 && spans[k-1].End == s.Start && spans[k-1].Kind == s.Kind {
		spans[k-1].End = s.End
		return spans
	}
	return append(spans, s)
}

// kindOf maps chroma's fine-grained token types onto our few kinds.
func kindOf(t chroma.TokenType) TokenKind {
	switch {
	case t == chroma.KeywordType:
		return TokType
	case t == chroma.KeywordConstant, t == chroma.NameConstant, t == chroma.NameBuiltinPseudo:
		return TokConstant
	case t.InCategory(chroma.Keyword):
		return TokKeyword
	case t == chroma.NameFunction, t == chroma.NameFunctionMagic:
		return TokFunction
	case t == chroma.NameBuiltin:
		return TokBuiltin
	case t == chroma.NameClass:
		return TokType
	case t.InCategory(chroma.Name):
		return TokName
	case t.InSubCategory(chroma.LiteralString):
		return TokString
	case t.InSubCategory(chroma.LiteralNumber):
		return TokNumber
	case t.InCategory(chroma.Literal):
		return TokConstant
	case t == chroma.CommentPreproc, t == chroma.CommentPreprocFile:
		return TokPreproc
	case t.InCategory(chroma.Comment):
		return TokComment
	case t.InCategory(chroma.Operator):
		return TokOperator
	case t == chroma.Punctuation:
		return TokPunctuation
	case t == chroma.Error:
		return TokError
	}
	return TokText
}
