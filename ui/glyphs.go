package ui

import (
	"os"
	"strings"

	"github.com/rivo/tview"

	"tdb/theme"
)

// glyphs are the marks of the gutter, in Unicode or, where the locale is
// not UTF-8 (the terminal would show garbage), in ASCII.
type glyphs struct {
	ascii             bool
	bp, bpOff, bpCond rune
	arrow, frame      string // two cells each
	ellipsis          rune
}

var (
	unicodeGlyphs = glyphs{bp: '●', bpOff: '○', bpCond: '◆', arrow: "▶ ", frame: "▷ ", ellipsis: '…'}
	asciiGlyphs   = glyphs{ascii: true, bp: 'B', bpOff: 'b', bpCond: '?', arrow: "=>", frame: "->", ellipsis: '~'}
)

// pickGlyphs chooses by the locale, as the C library would: LC_ALL, then
// LC_CTYPE, then LANG. force (the config's "ascii = true") wins.
func pickGlyphs(force bool) glyphs {
	if force || !utf8Locale() {
		return asciiGlyphs
	}
	return unicodeGlyphs
}

func utf8Locale() bool {
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if s := os.Getenv(v); s != "" {
			s = strings.ToLower(s)
			return strings.Contains(s, "utf-8") || strings.Contains(s, "utf8")
		}
	}
	return false
}

// unicodeBorders are tview's own line-drawing borders.
var unicodeBorders = tview.Borders

// applyTviewStyles sets tview's global styles from the theme: the stock
// widgets we use (InputField, Modal, TextView) read them. The globals are
// written only when they change: a test runs two screens in one process
// (a session and its follower), and the second one's setup wrote them
// while the first drew (the race detector's catch).
func applyTviewStyles(th *theme.Theme, ascii bool) {
	fg, bg := th.Foreground, th.Background
	dim, _, _ := th.Style(theme.Dim).Decompose()
	border, _, _ := th.Style(theme.Border).Decompose()
	title, _, _ := th.Style(theme.Title).Decompose()
	st := tview.Styles
	st.PrimitiveBackgroundColor = bg
	st.ContrastBackgroundColor = bg
	st.MoreContrastBackgroundColor = bg
	st.BorderColor = border
	st.TitleColor = title
	st.GraphicsColor = border
	st.PrimaryTextColor = fg
	st.SecondaryTextColor = fg
	st.TertiaryTextColor = dim
	st.InverseTextColor = bg
	st.ContrastSecondaryTextColor = fg
	if st != tview.Styles {
		tview.Styles = st
	}
	// tview's borders are a global: set them both ways, so one screen's
	// choice does not leak into the next (tests draw several).
	b := unicodeBorders
	if ascii {
		b.Horizontal, b.Vertical = '-', '|'
		b.TopLeft, b.TopRight, b.BottomLeft, b.BottomRight = '+', '+', '+', '+'
		b.LeftT, b.RightT, b.TopT, b.BottomT, b.Cross = '+', '+', '+', '+', '+'
		b.HorizontalFocus, b.VerticalFocus = '=', '|'
		b.TopLeftFocus, b.TopRightFocus, b.BottomLeftFocus, b.BottomRightFocus = '+', '+', '+', '+'
	}
	if b != tview.Borders {
		tview.Borders = b
	}
}
