package ui

import (
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/theme"
)

// printText draws s from (x, y), at most w cells, one rune a cell, control
// characters replaced: text from the program or the binary is never
// interpreted (no tview tags, no escape sequences). It returns the cells
// used.
func printText(screen tcell.Screen, x, y, w int, s string, style tcell.Style) int {
	c := 0
	for _, r := range s {
		if c >= w {
			break
		}
		if r < ' ' || r == 0x7f {
			r = '?'
		}
		screen.SetContent(x+c, y, r, nil, style)
		c++
	}
	return c
}

// printCut is printText for text that may not fit: when s is longer than
// w its last cell shows ell (the glyphs' ellipsis), so a cut file:line
// never reads as another line (asm_amd64.s:177 for 1771), nor a cut
// number as a smaller one.
func printCut(screen tcell.Screen, x, y, w int, s string, style tcell.Style, ell rune) int {
	if w <= 0 {
		return 0
	}
	if utf8.RuneCountInString(s) <= w {
		return printText(screen, x, y, w, s, style)
	}
	n := printText(screen, x, y, w-1, s, style)
	screen.SetContent(x+n, y, ell, nil, style)
	return n + 1
}

// fillRow paints a row of width w in style.
func fillRow(screen tcell.Screen, x, y, w int, style tcell.Style) {
	for c := 0; c < w; c++ {
		screen.SetContent(x+c, y, ' ', nil, style)
	}
}

// setBoxChrome sets a pane's border and title from the theme: the focused
// pane's border stands out.
func setBoxChrome(b *tview.Box, th *theme.Theme, title string, focused bool) {
	role, trole := theme.Border, theme.Title
	if focused {
		role, trole = theme.BorderFocus, theme.BorderFocus
	}
	b.SetBorderStyle(th.Style(role))
	fg, _, _ := th.Style(trole).Decompose()
	b.SetTitleColor(fg)
	b.SetBackgroundColor(th.Background)
	// tview cuts a title silently: a long file name's or a search's
	// end goes, and with it what it said. Cut it here, marked.
	if _, _, w, _ := b.GetRect(); w > 6 && utf8.RuneCountInString(title) > w-2 {
		ell := "…"
		if tview.Borders.Horizontal != unicodeBorders.Horizontal {
			ell = "~"
		}
		title = string([]rune(title)[:w-4]) + ell + " "
	}
	b.SetTitle(tview.Escape(title))
}

// cursorMove is where the cursor of a list pane at row c goes for a
// motion key, in a list of n rows shown h rows high; moved is false for
// any other action. Callers clamp it (or page on it).
func cursorMove(act action, c, n, h int) (to int, moved bool) {
	switch act {
	case actUp:
		return c - 1, true
	case actDown:
		return c + 1, true
	case actPageUp, actHalfPageUp:
		return c - max(1, h/2), true
	case actPageDown, actHalfPageDown:
		return c + max(1, h/2), true
	case actTop:
		return 0, true
	case actBottom:
		return n - 1, true
	}
	return c, false
}
