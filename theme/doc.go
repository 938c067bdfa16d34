// Package theme turns tdb's UI roles and source token kinds into tcell
// styles.
//
// A Theme is plain data resolved once: the source pane caches token KINDS
// per line (see source.Highlight) and asks the theme for a style at draw
// time, so switching themes needs no re-tokenising. Built-in themes are
// dark (the default), light, high-contrast, projector (presenter mode's:
// black on white, a strong execution-line bar) and 16 (named ANSI colours
// only, for terminals without 256 colours). Any chroma style name also works: its
// colours are used for code and its background decides between the dark
// and the light UI colours. With NO_COLOR set, every style is colourless and
// marks rely on glyphs, bold, underline and reverse video.
package theme
