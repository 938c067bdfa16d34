package source

import (
	"sort"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// CodeColour is how one token kind looks in a chroma style, as plain data
// ("#rrggbb" or "" for the default) so that themes can use chroma's styles
// without importing chroma.
type CodeColour struct {
	FG, BG                  string
	Bold, Italic, Underline bool
}

// CodeStyle is a chroma style reduced to our token kinds.
type CodeStyle struct {
	Name       string
	Dark       bool   // the style's background is dark
	Background string // "#rrggbb", "" when the style has none
	Foreground string
	Kinds      [NumTokenKinds]CodeColour
}

// representative gives, per kind, the chroma type whose colour stands for
// the kind.
var representative = [NumTokenKinds]chroma.TokenType{
	TokText:        chroma.Text,
	TokKeyword:     chroma.Keyword,
	TokType:        chroma.KeywordType,
	TokConstant:    chroma.KeywordConstant,
	TokName:        chroma.Name,
	TokFunction:    chroma.NameFunction,
	TokBuiltin:     chroma.NameBuiltin,
	TokString:      chroma.LiteralString,
	TokNumber:      chroma.LiteralNumber,
	TokComment:     chroma.Comment,
	TokPreproc:     chroma.CommentPreproc,
	TokOperator:    chroma.Operator,
	TokPunctuation: chroma.Punctuation,
	TokError:       chroma.Error,
}

// LookupCodeStyle returns the chroma style called name (case-insensitive)
// and whether there is one.
func LookupCodeStyle(name string) (CodeStyle, bool) {
	st, ok := styles.Registry[strings.ToLower(name)]
	if !ok {
		return CodeStyle{}, false
	}
	cs := CodeStyle{Name: st.Name, Dark: st.Mode() == chroma.Dark}
	bg := st.Get(chroma.Background)
	cs.Background = colourString(bg.Background)
	cs.Foreground = colourString(bg.Colour)
	for k, t := range representative {
		e := st.Get(t)
		cc := CodeColour{
			FG:        colourString(e.Colour),
			Bold:      e.Bold == chroma.Yes,
			Italic:    e.Italic == chroma.Yes,
			Underline: e.Underline == chroma.Yes,
		}
		// A per-token background equal to the style's is no information;
		// dropping it lets the current-line highlight show through.
		if e.Background.IsSet() && e.Background != bg.Background {
			cc.BG = colourString(e.Background)
		}
		cs.Kinds[k] = cc
	}
	return cs, true
}

// CodeStyleNames lists the chroma styles, sorted.
func CodeStyleNames() []string {
	names := make([]string, 0, len(styles.Registry))
	for n := range styles.Registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func colourString(c chroma.Colour) string {
	if !c.IsSet() {
		return ""
	}
	return c.String()
}
