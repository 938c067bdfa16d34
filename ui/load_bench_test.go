package ui

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source"
	"tdb/theme"
)

// Benchmarks of issue 6's "UI under load": a frame must stay well under a
// frame interval (16 ms at 60 Hz) with a 100,000-line file, 10,000
// breakpoints, 10,000 goroutines and a full log. Frames are drawn at
// 250x70 on a simulation screen, as BenchmarkSourcePaneFrame does.
//
//	go test -run X -bench Load ./ui

// bigTokens tokenises the generated 100,000-line file with chroma once
// per process: BenchmarkLoadHighlight100k measures that; the others take
// its result through a stand-in lexer, so that each does not pay for it.
var bigTokens struct {
	once  sync.Once
	spans [][]source.Span
	err   error
}

func chromaSpans(b *testing.B, f *source.File) func(string, string) ([][]source.Span, error) {
	b.Helper()
	bigTokens.once.Do(func() {
		bigTokens.spans, bigTokens.err = source.Highlight(f.Path, strings.Join(f.Lines, "\n")+"\n")
	})
	if bigTokens.err != nil || len(bigTokens.spans) != len(f.Lines) {
		b.Fatalf("highlighting: %v (%d lines of tokens for %d)", bigTokens.err, len(bigTokens.spans), len(f.Lines))
	}
	return func(string, string) ([][]source.Span, error) { return bigTokens.spans, nil }
}

// loadBenchApp is stopped in the middle of the 100,000-line file,
// highlighted, with nbp breakpoints, at 250x70.
func loadBenchApp(b *testing.B, nbp int) *testApp {
	b.Helper()
	f, path := bigSourceFile(b)
	th, _ := theme.LoadColour("dark")
	ta := newTestApp(b, newFakeEngine(), &fakeConsole{}, th, false, 250, 70)
	ta.hl.lex = chromaSpans(b, f)
	mid := bigFuncLine(bigFuncs / 2)
	ta.apply(debugger.Stopped{State: stoppedAt(1, path, mid, "main.f10000", manyBreakpoints(path, nbp))})
	ta.waitHighlighted()
	if e := ta.hl.files[ta.src.file]; e == nil || e.spans == nil {
		b.Fatal("not highlighted")
	}
	ta.app.SetFocus(ta.src)
	ta.layout.resize(ta.w, ta.h)
	ta.pages.SetRect(0, 0, ta.w, ta.h)
	ta.pages.Draw(ta.screen)
	return ta
}

// BenchmarkLoadHighlight100k tokenises the 100,000-line file with chroma:
// how long after showing it the colours come (plain text meanwhile).
func BenchmarkLoadHighlight100k(b *testing.B) {
	f, _ := bigSourceFile(b)
	text := strings.Join(f.Lines, "\n") + "\n"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := source.Highlight(f.Path, text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSourceFrame100k draws the Source pane in the middle of the
// 100,000-line file.
func BenchmarkLoadSourceFrame100k(b *testing.B) {
	ta := loadBenchApp(b, 0)
	for b.Loop() {
		ta.src.Draw(ta.screen)
	}
}

// BenchmarkLoadSourceScroll100k pages down through the file, a frame per
// page, starting over at the end.
func BenchmarkLoadSourceScroll100k(b *testing.B) {
	ta := loadBenchApp(b, 0)
	for b.Loop() {
		if ta.src.cursor >= ta.src.count()-1 {
			ta.src.move(actTop)
		}
		ta.src.move(actPageDown)
		ta.src.Draw(ta.screen)
	}
}

// BenchmarkLoadSourceEnds100k jumps between the ends of the file (g, G),
// a frame each.
func BenchmarkLoadSourceEnds100k(b *testing.B) {
	ta := loadBenchApp(b, 0)
	acts := []action{actTop, actBottom}
	i := 0
	for b.Loop() {
		ta.src.move(acts[i%2])
		ta.src.Draw(ta.screen)
		i++
	}
}

// BenchmarkLoadGutter10kBreakpoints draws the Source pane with 10,000
// breakpoints on the file, marks on the screen.
func BenchmarkLoadGutter10kBreakpoints(b *testing.B) {
	ta := loadBenchApp(b, 10000)
	for b.Loop() {
		ta.src.Draw(ta.screen)
	}
}

// BenchmarkLoadGutter10kNewStop draws after each of a series of stops
// with 10,000 breakpoints: each stop's list is a new one with the same
// breakpoints (hit counts move), compared, not indexed again.
func BenchmarkLoadGutter10kNewStop(b *testing.B) {
	ta := loadBenchApp(b, 10000)
	lists := [2][]debugger.Breakpoint{manyBreakpoints(ta.src.path, 10000), manyBreakpoints(ta.src.path, 10000)}
	i := 0
	for b.Loop() {
		ta.bps = lists[i%2]
		ta.src.Draw(ta.screen)
		i++
	}
}

// BenchmarkLoadGutter10kChanged draws after each change of a list of
// 10,000 breakpoints (one toggled): the index is built again.
func BenchmarkLoadGutter10kChanged(b *testing.B) {
	ta := loadBenchApp(b, 10000)
	lists := [2][]debugger.Breakpoint{manyBreakpoints(ta.src.path, 10000), manyBreakpoints(ta.src.path, 10000)}
	lists[1][5000].Enabled = !lists[1][5000].Enabled
	i := 0
	for b.Loop() {
		ta.bps = lists[i%2]
		ta.src.Draw(ta.screen)
		i++
	}
}

// goroutinePageOf is a page of the Goroutines pane as the engine sends it
// for testdata/many: parked workers.
func goroutinePageOf(start int) []debugger.Goroutine {
	page := make([]debugger.Goroutine, goroutinePage)
	for i := range page {
		page[i] = debugger.Goroutine{ID: int64(start + i + 2), Status: "waiting", WaitReason: "chan receive",
			User:    debugger.Location{Function: "main.park", File: "/src/many/main.go", Line: 22},
			Current: debugger.Location{Function: "runtime.gopark", File: "/go/src/runtime/proc.go", Line: 435}}
	}
	return page
}

// BenchmarkLoadGoroutinesFrame draws the Goroutines pane, focused, of a
// program with 10,000 goroutines, moving the cursor a row each frame.
func BenchmarkLoadGoroutinesFrame(b *testing.B) {
	eng := newFakeEngine()
	eng.replies["ListGoroutines"] = debugger.Reply{Goroutines: goroutinePageOf(0), Total: 10000}
	ta := newTestApp(b, eng, &fakeConsole{}, nil, false, 250, 70)
	ta.showSide(ta.gor)
	ta.apply(debugger.Stopped{State: stoppedAt(1, "/src/many/main.go", 27, "main.ready", nil)})
	ta.settle()
	ta.app.SetFocus(ta.gor)
	ta.gor.SetRect(0, 0, 80, 40)
	if len(ta.gor.list) != goroutinePage {
		b.Fatalf("%d goroutines listed", len(ta.gor.list))
	}
	acts := []action{actDown, actUp}
	i := 0
	for b.Loop() {
		ta.gor.move(acts[i/30%2])
		ta.gor.Draw(ta.screen)
		i++
	}
}

// fullLog fills the log to its bound, every tenth line a 4 KB line of
// output (wrapped when drawn).
func fullLog(ta *testApp) {
	long := []byte(strings.Repeat("0123456789abcdef", maxLogLineLen/16) + "\n")
	for i := 0; len(ta.log.lines) < maxLogLines; i++ {
		if i%10 == 0 {
			ta.log.addOutput(long)
			continue
		}
		ta.log.add(fmt.Sprintf("Breakpoint %d at 0x%x: main.f%d /src/big/main.go:%d (hits 0)", i, 0x4c0000+16*i, i, bigFuncLine(i)), theme.Text)
	}
}

// BenchmarkLoadLogFrame draws the Log pane with a full scrollback of
// long lines, scrolled up so wrapped lines are on the screen.
func BenchmarkLoadLogFrame(b *testing.B) {
	ta := newTestApp(b, newFakeEngine(), &fakeConsole{}, nil, false, 250, 70)
	fullLog(ta)
	ta.log.SetRect(0, 0, 250, 16)
	ta.log.back = 3
	for b.Loop() {
		ta.log.Draw(ta.screen)
	}
}

// loadedWholeApp is everything at once: the 100,000-line file with
// 10,000 breakpoints, the Goroutines view of 10,000, a full log.
func loadedWholeApp(b *testing.B) *testApp {
	ta := loadBenchApp(b, 10000)
	ta.eng.(*fakeEngine).replies["ListGoroutines"] = debugger.Reply{Goroutines: goroutinePageOf(0), Total: 10000}
	ta.showSide(ta.gor)
	ta.settle()
	fullLog(ta)
	return ta
}

// BenchmarkLoadWholeScreen draws and shows the whole screen with
// everything loaded: the cost of one frame after a stop or a key.
func BenchmarkLoadWholeScreen(b *testing.B) {
	ta := loadedWholeApp(b)
	for b.Loop() {
		ta.pages.Draw(ta.screen)
		ta.screen.Show()
	}
}

// BenchmarkLoadResize resizes between two sizes, a full frame each, with
// everything loaded: a resize storm costs this per event.
func BenchmarkLoadResize(b *testing.B) {
	ta := loadedWholeApp(b)
	sizes := [][2]int{{250, 70}, {120, 40}, {80, 24}, {200, 60}}
	i := 0
	for b.Loop() {
		sz := sizes[i%len(sizes)]
		ta.screen.SetSize(sz[0], sz[1])
		ta.layout.resize(sz[0], sz[1])
		ta.pages.SetRect(0, 0, sz[0], sz[1])
		ta.screen.Clear()
		ta.pages.Draw(ta.screen)
		ta.screen.Show()
		i++
	}
}

// BenchmarkLoadSearchMiss100k searches the 100,000-line file for a word
// it does not have (n after /): every line is looked at, on the UI
// goroutine.
func BenchmarkLoadSearchMiss100k(b *testing.B) {
	ta := loadBenchApp(b, 0)
	ta.src.search = "nosuchword"
	for b.Loop() {
		if ta.src.searchFrom(ta.src.cursor+1, 1) {
			b.Fatal("found")
		}
	}
}

// BenchmarkLoadReadSource100k reads and splits the 100,000-line file, as
// showing it for the first time does.
func BenchmarkLoadReadSource100k(b *testing.B) {
	_, path := bigSourceFile(b)
	for b.Loop() {
		if _, err := source.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLoopResize sends resize events to the real event loop, with
// everything loaded, and waits each time until the loop has handled it
// (cleared and redrawn the screen) and run the update queued after it:
// what one event of a resize storm costs the UI goroutine, end to end.
func BenchmarkLoadLoopResize(b *testing.B) {
	f, path := bigSourceFile(b)
	eng := newFakeEngine()
	eng.replies["ListGoroutines"] = debugger.Reply{Goroutines: goroutinePageOf(0), Total: 10000}
	th, _ := theme.LoadColour("dark")
	a := newApp(eng, &fakeConsole{}, th, config{dir: b.TempDir()}, "")
	a.hl.lex = chromaSpans(b, f)
	s := tcell.NewSimulationScreen("UTF-8")
	done := make(chan struct{})
	go func() {
		if err := a.runOn(s, nil); err != nil {
			b.Errorf("runOn: %v", err)
		}
		close(done)
	}()
	defer func() {
		go a.app.QueueUpdate(a.quit)
		<-done
	}()
	onUI := func(f func()) {
		ran := make(chan struct{})
		go a.app.QueueUpdateDraw(func() { f(); close(ran) })
		select {
		case <-ran:
		case <-done:
			b.Fatal("the UI stopped")
		}
	}
	eng.events <- debugger.Stopped{State: stoppedAt(1, path, bigFuncLine(5000), "main.f5000", manyBreakpoints(path, 10000))}
	for ready := false; !ready; {
		onUI(func() {
			if a.src.file != nil {
				a.showSide(a.gor)
				for i := 0; len(a.log.lines) < maxLogLines; i++ {
					a.log.add(fmt.Sprintf("message %d", i), theme.Text)
				}
				e := a.hl.files[a.src.file]
				ready = e != nil && e.done && len(a.gor.list) > 0
			}
		})
	}
	sizes := [][2]int{{250, 70}, {120, 40}, {80, 24}, {200, 60}}
	i := 0
	for b.Loop() {
		sz := sizes[i%len(sizes)]
		s.SetSize(sz[0], sz[1])
		a.app.QueueEvent(tcell.NewEventResize(sz[0], sz[1]))
		// QueueUpdate, not QueueUpdateDraw: the resize drew already.
		ran := make(chan struct{})
		go a.app.QueueUpdate(func() { close(ran) })
		<-ran
		i++
	}
}
