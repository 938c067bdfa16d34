package ui

import (
	"strings"

	"tdb/source"
)

// highlighter tokenises each source file once, off the UI goroutine, and
// keeps the token kinds per line. Owned by the UI goroutine: workers hand
// their result back through post.
type highlighter struct {
	post  func(func())
	files map[*source.File]*hlEntry
}

type hlEntry struct {
	spans [][]source.Span // nil until ready, or for ever if lexing failed
	done  bool
}

func newHighlighter(post func(func())) *highlighter {
	return &highlighter{post: post, files: map[*source.File]*hlEntry{}}
}

// spans returns f's tokens, or nil while they are being computed (the
// pane draws plain text meanwhile and is redrawn when they arrive).
func (h *highlighter) spans(f *source.File) [][]source.Span {
	if e, ok := h.files[f]; ok {
		return e.spans
	}
	e := &hlEntry{}
	h.files[f] = e
	go func() {
		spans, err := source.Highlight(f.Path, strings.Join(f.Lines, "\n"))
		if err != nil || len(spans) != len(f.Lines) {
			spans = nil // plain text: a lexer failure must not cost the pane
		}
		h.post(func() { e.spans, e.done = spans, true })
	}()
	return nil
}
