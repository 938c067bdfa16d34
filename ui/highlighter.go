package ui

import (
	"strings"

	"tdb/source"
)

// maxHighlightedLines bounds the token cache: stepping through many files
// (or one of 100,000 lines after others) must not keep every file's
// tokens for the whole session. The least recently shown files go first;
// one over the bound is tokenised again if shown again.
const maxHighlightedLines = 300_000

// maxHighlightBytes bounds the files tokenised at all: chroma colours
// about 0.2 MB/s with a transient heap of some 20 times the text, so a
// source file of tens of megabytes (generated code) would burn minutes of
// CPU and a gigabyte of memory for colours. Larger files stay plain, as
// do files of more lines than the cache holds.
const maxHighlightBytes = 4 << 20

// highlighter tokenises each source file once, off the UI goroutine, and
// keeps the token kinds per line. Owned by the UI goroutine: workers hand
// their result back through post.
type highlighter struct {
	post  func(func())
	lex   func(path, text string) ([][]source.Span, error) // source.Highlight; tests stub it
	files map[*source.File]*hlEntry
	// one lets one file be tokenised at a time: stepping through several
	// big files must not run several lexers (and their heaps) at once.
	one   chan struct{}
	clock int // counts spans calls, for least-recently-used eviction
	lines int // lines of the cached files, tokenised or in progress
}

type hlEntry struct {
	spans [][]source.Span // nil until ready, or for ever if lexing failed
	done  bool
	used  int // clock of the last spans call
	lines int
}

func newHighlighter(post func(func())) *highlighter {
	return &highlighter{post: post, lex: source.Highlight, files: map[*source.File]*hlEntry{}, one: make(chan struct{}, 1)}
}

// spans returns f's tokens, or nil while they are being computed (the
// pane draws plain text meanwhile and is redrawn when they arrive).
func (h *highlighter) spans(f *source.File) [][]source.Span {
	h.clock++
	if e, ok := h.files[f]; ok {
		e.used = h.clock
		return e.spans
	}
	e := &hlEntry{used: h.clock, lines: len(f.Lines)}
	if e.lines > maxHighlightedLines || textSize(f) > maxHighlightBytes {
		e.lines, e.done = 0, true // plain text for good
		h.files[f] = e
		return nil
	}
	h.evict(e.lines)
	h.files[f] = e
	h.lines += e.lines
	lex := h.lex
	go func() {
		h.one <- struct{}{}
		defer func() { <-h.one }()
		// The final "\n" keeps a last empty line: Highlight splits as
		// SplitLines does, which drops one trailing newline.
		spans, err := lex(f.Path, strings.Join(f.Lines, "\n")+"\n")
		if err != nil || len(spans) != len(f.Lines) {
			spans = nil // plain text: a lexer failure must not cost the pane
		}
		h.post(func() {
			if h.files[f] == e { // not evicted meanwhile
				e.spans, e.done = spans, true
			}
		})
	}()
	return nil
}

// evict drops the least recently shown files until room more lines fit
// under the bound (or nothing is left to drop).
func (h *highlighter) evict(room int) {
	for h.lines+room > maxHighlightedLines && len(h.files) > 0 {
		var old *source.File
		for f, e := range h.files {
			if old == nil || e.used < h.files[old].used {
				old = f
			}
		}
		h.lines -= h.files[old].lines
		delete(h.files, old)
	}
}

// textSize is f's size in bytes as tokenised (lines and newlines).
func textSize(f *source.File) int {
	n := len(f.Lines)
	for _, l := range f.Lines {
		n += len(l)
	}
	return n
}
