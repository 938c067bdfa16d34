package ui

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"tdb/debugger"
	"tdb/source"
	"tdb/theme"
)

// Issue 6, "UI under load": a 100,000-line source file, 10,000
// breakpoints, 10,000 goroutines and a resize storm. These tests assert
// that the work of a frame is bounded by what the screen shows (cells
// written, allocations, heap after many frames), never by the size of
// what is behind it. How fast a frame is, is for the benchmarks
// (load_bench_test.go): no test here times anything.

// darkTheme is the default colour theme, so that token colours differ.
func darkTheme(t testing.TB) *theme.Theme {
	t.Helper()
	th, err := theme.LoadColour("dark")
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// settleUntil runs posts (the test goroutine is the UI goroutine) until
// cond holds, failing after a deadline.
func (ta *testApp) settleUntil(what string, cond func() bool) {
	ta.t.Helper()
	deadline := time.After(60 * time.Second)
	for !cond() {
		select {
		case f := <-ta.posts:
			f()
		case <-deadline:
			ta.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// codeCell returns the style of the first cell of text on the screen.
func codeCell(t *testing.T, ta *testApp, text string) (x, y int) {
	t.Helper()
	x, y, _ = findCell(ta.screen, text)
	if x < 0 {
		t.Fatalf("%q not on the screen:\n%s", text, screenText(ta.screen))
	}
	return x, y
}

// TestLoadSourcePane100k shows a 100,000-line file: the first frame is
// drawn in plain text while the lexer is still at work (it is held until
// the frame is on the screen, so the frame cannot have waited for it),
// colours come with a later frame, and each frame writes the pane's cells
// only, whatever the line shown.
func TestLoadSourcePane100k(t *testing.T) {
	f, path := bigSourceFile(t)
	const w, h = 120, 40
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, darkTheme(t), false, w, h)
	release := make(chan struct{})
	ta.hl.lex = func(p, text string) ([][]source.Span, error) {
		<-release
		return keywordSpans(text), nil
	}
	line := bigFuncLine(10000) + 1
	ta.apply(debugger.Stopped{State: stoppedAt(1, path, line, "main.f10000", nil)})

	cs := newCountingScreen(t, w, h)
	ta.src.SetRect(0, 0, w, h)
	ta.src.Draw(cs)
	cs.Show()
	if e := ta.hl.files[ta.src.file]; e == nil || e.done {
		t.Fatal("tokenising did not start in the background")
	}
	// Plain text: the keyword of the next function is in the text style.
	ta.screen = cs.SimulationScreen
	kx, ky := codeCell(t, ta, "func f10001(")
	th := ta.th
	if _, _, st := findCell(ta.screen, "func f10001("); st != th.Code(source.TokText) {
		t.Errorf("before tokens: %q drawn in %v, want the plain text style", "func", st)
	}
	// One frame writes what the pane shows: its rows, each cell a few
	// times (fill, gutter, code), never per line of the file.
	if len(cs.rows) != h || cs.cells > 3*w*h {
		t.Errorf("one frame wrote %d cells on %d rows; the pane is %dx%d", cs.cells, len(cs.rows), w, h)
	}

	close(release)
	ta.settleUntil("tokens", func() bool { return ta.hl.files[ta.src.file].done })
	cs.reset()
	ta.src.Draw(cs)
	cs.Show()
	spans := ta.hl.files[ta.src.file].spans[bigFuncLine(10001)-1]
	if len(spans) == 0 || spans[0].Start != 0 || spans[0].Kind == source.TokText {
		t.Fatalf("no token for %q: %v", "func", spans)
	}
	if st := cellStyleAt(cs, kx, ky); st != th.Code(spans[0].Kind) {
		t.Errorf("after tokens: %q drawn in %v, want the %s style %v", "func", st, spans[0].Kind, th.Code(spans[0].Kind))
	}

	// The end of the file: G, and the last line is on the last row.
	ta.app.SetFocus(ta.src)
	ta.src.move(actBottom)
	cs.reset()
	ta.src.Draw(cs)
	cs.Show()
	scr := screenText(cs.SimulationScreen)
	rows := strings.Split(scr, "\n")
	if last := rows[h-2]; !strings.Contains(last, fmt.Sprint(bigLines)) {
		t.Errorf("after G the last row is %q, want line %d:\n%s", last, bigLines, scr)
	}
	if !strings.Contains(scr, fmt.Sprintf("x := n + %d", bigFuncs-1)) {
		t.Errorf("the last function is not shown:\n%s", scr)
	}
	if len(cs.rows) != h || cs.cells > 3*w*h {
		t.Errorf("a frame at the end wrote %d cells on %d rows", cs.cells, len(cs.rows))
	}
	if got := f.Lines[bigLines-2]; !strings.Contains(scr, got) {
		t.Errorf("line %d %q not shown", bigLines-1, got)
	}
}

// keywordSpans is a stand-in lexer, fast and deterministic: "func" and
// "return" are keywords, digits numbers. (chroma takes seconds on
// 100,000 lines; BenchmarkLoadHighlight100k measures it.)
func keywordSpans(text string) [][]source.Span {
	lines := source.SplitLines(text)
	out := make([][]source.Span, len(lines))
	for i, l := range lines {
		for _, kw := range []string{"func", "return"} {
			if j := strings.Index(l, kw); j >= 0 {
				out[i] = append(out[i], source.Span{Start: j, End: j + len(kw), Kind: source.TokKeyword})
			}
		}
		if j := strings.IndexAny(l, "0123456789"); j >= 0 && strings.HasPrefix(l, "\tx") {
			out[i] = append(out[i], source.Span{Start: j, End: len(l), Kind: source.TokNumber})
		}
	}
	return out
}

// cellStyleAt is the style of the cell at x, y.
func cellStyleAt(cs *countingScreen, x, y int) any {
	cells, w, _ := cs.GetContents()
	return cells[y*w+x].Style
}

// TestLoadSourceFrameAllocs: a frame of the 100,000-line file allocates
// what a frame of a 100-line file does, at its top and at its end.
func TestLoadSourceFrameAllocs(t *testing.T) {
	_, path := bigSourceFile(t)
	const w, h = 120, 40
	allocs := func(path string, lines, at int) float64 {
		ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, darkTheme(t), false, w, h)
		ta.hl.lex = func(string, string) ([][]source.Span, error) { return make([][]source.Span, lines), nil }
		ta.apply(debugger.Stopped{State: stoppedAt(1, path, at, "main.f", nil)})
		ta.src.SetRect(0, 0, w, h)
		ta.src.Draw(ta.screen)
		ta.settleUntil("tokens", func() bool { return ta.hl.files[ta.src.file].done })
		// Cells go nowhere: the simulation screen's own allocations
		// are not the pane's.
		null := discardScreen{ta.screen}
		return paneAllocs(func() { ta.src.Draw(null) })
	}
	small := writeSmallProgram(t)
	base := allocs(small, 100, 50)
	for _, at := range []int{1, bigLines / 2, bigLines} {
		if got := allocs(path, bigLines, at); got > base+2 {
			t.Errorf("a frame at line %d of %d allocates %.0f times, a frame of a 100-line file %.0f", at, bigLines, got, base)
		}
	}
	if base > 2*h {
		t.Errorf("a frame allocates %.0f times for %d rows", base, h)
	}
}

// writeSmallProgram writes a 100-line Go file shaped like the big one.
func writeSmallProgram(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"sum\", f0(0))\n}\n\n")
	for i := 0; strings.Count(b.String(), "\n") < 100; i++ {
		fmt.Fprintf(&b, "func f%d(n int) int {\n\tx := n + %d\n\treturn x\n}\n\n", i, i)
	}
	lines := strings.SplitAfter(b.String(), "\n")[:100]
	path := t.TempDir() + "/small.go"
	writeFile(t, path, strings.Join(lines, ""))
	return path
}

// TestLoadSourceHeapBounded pages through the whole 100,000-line file,
// once tokens are cached: the heap ends where it started, nothing grows
// per frame or per keypress.
func TestLoadSourceHeapBounded(t *testing.T) {
	_, path := bigSourceFile(t)
	const w, h = 120, 40
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, darkTheme(t), false, w, h)
	ta.hl.lex = func(_, text string) ([][]source.Span, error) { return keywordSpans(text), nil }
	ta.apply(debugger.Stopped{State: stoppedAt(1, path, 1, "main.main", nil)})
	ta.src.SetRect(0, 0, w, h)
	ta.app.SetFocus(ta.src)
	ta.src.Draw(ta.screen)
	ta.settleUntil("tokens", func() bool { return ta.hl.files[ta.src.file].done })
	// The cells go nowhere: the simulation screen's buffers are not the
	// pane's, and the passes are quicker.
	null := discardScreen{ta.screen}
	pass := func(limit int) int {
		frames := 0
		ta.src.move(actTop)
		for ta.src.cursor < bigLines-1 && frames < limit {
			ta.src.move(actPageDown)
			ta.src.Draw(null)
			frames++
		}
		return frames
	}
	pass(100)
	before := heapInUse()
	frames := pass(bigLines)
	after := heapInUse()
	if frames < bigLines/h {
		t.Fatalf("paged %d frames through %d lines", frames, bigLines)
	}
	if grew := int64(after) - int64(before); grew > 1<<20 {
		t.Errorf("the heap grew by %d bytes over %d frames", grew, frames)
	}
	if ta.hl.lines > maxHighlightedLines {
		t.Errorf("highlighter holds %d lines", ta.hl.lines)
	}
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestLoadHighlightCacheBounded: showing one big file after another keeps
// the tokens of the most recent ones only, the shown one always.
func TestLoadHighlightCacheBounded(t *testing.T) {
	posts := make(chan func(), 64)
	h := newHighlighter(func(f func()) { posts <- f })
	lexed := 0
	h.lex = func(p, text string) ([][]source.Span, error) {
		return make([][]source.Span, strings.Count(text, "\n")), nil
	}
	lines := make([]string, 100_000)
	var files []*source.File
	for i := range 8 {
		f := &source.File{Path: fmt.Sprintf("f%d.go", i), Lines: lines}
		files = append(files, f)
		if h.spans(f) != nil {
			t.Fatalf("file %d has tokens at once", i)
		}
		(<-posts)()
		lexed++
		if h.spans(f) == nil {
			t.Fatalf("file %d: no tokens after the worker posted them", i)
		}
		if h.lines > maxHighlightedLines {
			t.Errorf("after %d files the cache holds %d lines (bound %d)", lexed, h.lines, maxHighlightedLines)
		}
	}
	if len(h.files) > maxHighlightedLines/100_000 {
		t.Errorf("%d files cached", len(h.files))
	}
	if h.files[files[0]] != nil {
		t.Error("the least recently shown file was kept")
	}
	// A file evicted while being tokenised drops the late result.
	h.spans(files[0])
	for _, f := range files[1:4] {
		h.spans(f)
	}
	for len(posts) > 0 {
		(<-posts)()
	}
	if h.lines > maxHighlightedLines {
		t.Errorf("the cache holds %d lines", h.lines)
	}
}

// TestLoadGutter10kBreakpoints: with 10,000 breakpoints on the file, the
// gutter shows each visible one with its look (enabled, disabled,
// conditional), and the lookup index is built once per set of
// breakpoints, not per frame, per row or per stop.
func TestLoadGutter10kBreakpoints(t *testing.T) {
	_, path := bigSourceFile(t)
	const w, h = 120, 40
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, darkTheme(t), false, w, h)
	bps := manyBreakpoints(path, 10000)
	ta.apply(debugger.Stopped{State: stoppedAt(1, path, bigFuncLine(5000)+1, "main.f5000", bps)})
	ta.app.SetFocus(ta.src)
	ta.src.SetRect(0, 0, w, h)
	want := map[int]rune{} // line -> mark
	for _, bp := range bps {
		switch {
		case bp.Enabled && bp.Cond != "":
			want[bp.Line] = ta.gl.bpCond
		case bp.Enabled:
			want[bp.Line] = ta.gl.bp
		default:
			want[bp.Line] = ta.gl.bpOff
		}
	}
	check := func() {
		t.Helper()
		ta.src.Draw(ta.screen)
		ta.screen.Show()
		cells, sw, _ := ta.screen.GetContents()
		x, y, _, ih := ta.src.GetInnerRect()
		marks := 0
		for row := 0; row < ih; row++ {
			line := ta.src.top + row + 1
			got := ' '
			if r := cells[(y+row)*sw+x].Runes; len(r) > 0 {
				got = r[0]
			}
			exp, ok := want[line]
			if !ok {
				exp = ' '
			} else {
				marks++
			}
			if got != exp {
				t.Errorf("line %d: gutter mark %q, want %q", line, got, exp)
			}
		}
		if marks == 0 {
			t.Errorf("no breakpoint line visible at top %d", ta.src.top)
		}
	}
	check()
	for range 100 { // 100 frames down the file, the index built once
		ta.src.move(actDown)
		check()
	}
	// The next stop's list: a new slice, the same breakpoints.
	ta.apply(debugger.Stopped{State: stoppedAt(2, path, bigFuncLine(5000)+1, "main.f5000", manyBreakpoints(path, 10000))})
	check()
	if b := ta.src.bpIdx.builds; b != 1 {
		t.Errorf("the gutter index was built %d times for one set of breakpoints", b)
	}
	// A new list (one cleared): rebuilt once, and the mark is gone.
	gone := ta.src.top/5*5 + 10 // a breakpoint line on the screen: 5k+10
	var next []debugger.Breakpoint
	for _, bp := range bps {
		if bp.Line != gone {
			next = append(next, bp)
		}
	}
	if len(next) != len(bps)-1 {
		t.Fatalf("no breakpoint on line %d", gone)
	}
	delete(want, gone)
	ta.bps = next
	check()
	check()
	if b := ta.src.bpIdx.builds; b != 2 {
		t.Errorf("the gutter index was built %d times for two lists", b)
	}
}

// TestLoadLogBounded: 20,000 messages and 8 MB of output without a
// newline keep the scrollback at its bound, each line short enough to
// draw, the end of the output where it belongs; a frame writes the pane.
func TestLoadLogBounded(t *testing.T) {
	const w, h = 100, 30
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, w, h)
	for i := range 20000 {
		ta.log.add(fmt.Sprintf("Breakpoint %d at 0x%x: main.f%d", i+1, 0x400000+i*16, i), theme.Text)
	}
	chunk := []byte(strings.Repeat("x", 64<<10))
	for range 128 {
		ta.log.addOutput(chunk)
	}
	ta.log.addOutput([]byte(strings.Repeat("x", 100) + "END\nafter\n"))
	if n := len(ta.log.lines); n > maxLogLines {
		t.Errorf("%d log lines kept (bound %d)", n, maxLogLines)
	}
	for i, l := range ta.log.lines {
		if len(l.text) > maxLogLineLen {
			t.Fatalf("log line %d has %d bytes (bound %d)", i, len(l.text), maxLogLineLen)
		}
	}
	n := len(ta.log.lines)
	if got := ta.log.lines[n-2].text; len(got) != 103 || !strings.HasSuffix(got, "xEND") {
		t.Errorf("the long output's last line ends %q", got[max(0, len(got)-10):])
	}
	if got := ta.log.lines[n-1].text; got != "after" {
		t.Errorf("last line %q, want %q", got, "after")
	}
	cs := newCountingScreen(t, w, h)
	ta.log.SetRect(0, 0, w, h)
	ta.log.Draw(cs)
	cs.Show()
	if cs.cells > 2*w*h {
		t.Errorf("a log frame wrote %d cells for a %dx%d pane", cs.cells, w, h)
	}
	if !strings.Contains(screenText(cs.SimulationScreen), "after") {
		t.Errorf("the log does not end with the output:\n%s", screenText(cs.SimulationScreen))
	}
}

// TestLoadGoroutinesPaged: with 10,000 goroutines the pane asks the
// engine for one page at a time (the engine filters), holds that page,
// and a frame writes its visible rows only.
func TestLoadGoroutinesPaged(t *testing.T) {
	const w, h = 60, 30
	eng := newFakeEngine()
	page := make([]debugger.Goroutine, goroutinePage)
	for i := range page {
		page[i] = debugger.Goroutine{ID: int64(i + 2), Status: "waiting", WaitReason: "chan receive",
			User: debugger.Location{Function: "main.park", File: "/x/main.go", Line: 20}}
	}
	eng.replies["ListGoroutines"] = debugger.Reply{Goroutines: page, Total: 10000}
	ta := newTestApp(t, eng, &fakeConsole{}, nil, false, 100, 40)
	ta.showSide(ta.gor)
	ta.apply(debugger.Stopped{State: stoppedAt(1, "/x/main.go", 30, "main.ready", nil)})
	ta.settle()
	if len(ta.gor.list) != goroutinePage || ta.gor.total != 10000 {
		t.Fatalf("pane holds %d of %d goroutines", len(ta.gor.list), ta.gor.total)
	}
	cs := newCountingScreen(t, w, h)
	ta.gor.SetRect(0, 0, w, h)
	ta.gor.Draw(cs)
	cs.Show()
	if len(cs.rows) != h || cs.cells > 3*w*h {
		t.Errorf("a frame wrote %d cells on %d rows for a %dx%d pane", cs.cells, len(cs.rows), w, h)
	}
	if s := screenText(cs.SimulationScreen); !strings.Contains(s, "Goroutines 1-200/10000") {
		t.Errorf("title:\n%s", s)
	}
	// Past the page's end: the next page is asked for.
	ta.app.SetFocus(ta.gor)
	ta.gor.move(actBottom)
	ta.gor.move(actDown)
	ta.settle()
	// Filtering goes to the engine, from the first page.
	ta.lastFocus = ta.gor
	ta.startSearch("park")
	ta.settle()
	var lists []debugger.ListGoroutines
	eng.mu.Lock()
	for _, r := range eng.sent {
		if l, ok := r.(debugger.ListGoroutines); ok {
			lists = append(lists, l)
		}
	}
	eng.mu.Unlock()
	want := []debugger.ListGoroutines{
		{Start: 0, Count: goroutinePage},
		{Start: goroutinePage, Count: goroutinePage},
		{Filter: "park", Start: 0, Count: goroutinePage},
	}
	if fmt.Sprint(lists) != fmt.Sprint(want) {
		t.Errorf("requests %v, want %v", lists, want)
	}
	cs.reset()
	ta.gor.Draw(cs)
	cs.Show()
	if s := screenText(cs.SimulationScreen); !strings.Contains(s, "/park") {
		t.Errorf("the title does not show the filter:\n%s", s)
	}
}

// TestLoadHighlightTooBig: a file of more lines than the token cache
// holds, or of more bytes than chroma colours in reasonable time and
// memory, stays plain text without starting a lexer.
func TestLoadHighlightTooBig(t *testing.T) {
	h := newHighlighter(func(f func()) { t.Error("a worker posted") })
	h.lex = func(string, string) ([][]source.Span, error) {
		t.Error("the lexer ran")
		return nil, nil
	}
	long := strings.Repeat("x", 100)
	for _, f := range []*source.File{
		{Path: "many.go", Lines: make([]string, maxHighlightedLines+1)},
		{Path: "wide.go", Lines: slicesRepeat(long, maxHighlightBytes/100+1)},
	} {
		if h.spans(f) != nil || !h.files[f].done || h.spans(f) != nil {
			t.Errorf("%s: not plain text for good", f.Path)
		}
	}
	if h.lines != 0 {
		t.Errorf("the cache counts %d lines of plain files", h.lines)
	}
}

func slicesRepeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// paneAllocs counts f's own allocations. testing.AllocsPerRun counts every
// goroutine's (runtime.MemStats is the process's): on a busy machine the
// app's other goroutines (the highlighter, timers, the GC's) added theirs,
// and CI counted 19 against 16 where the pane makes 16. Others can only
// add, never take away: the fewest of several measurements is f's own as
// soon as one of them ran undisturbed.
func paneAllocs(f func()) float64 {
	least := math.Inf(1)
	for range 10 {
		least = min(least, testing.AllocsPerRun(20, f))
	}
	return least
}
