package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source"
	"tdb/theme"
)

// A resize storm: hundreds of sizes, from nothing to 300x100, drawn one
// after the other on the same screen as a terminal being dragged would.

// stormSizes are the storm's sizes: the odd ones first, then random ones
// (seeded), ending anywhere.
func stormSizes(n int) [][2]int {
	sizes := [][2]int{{0, 0}, {1, 1}, {1, 100}, {300, 1}, {2, 2}, {10, 5}, {80, 24}, {79, 23}, {300, 100}}
	r := rand.New(rand.NewPCG(6, 1))
	for len(sizes) < n {
		sizes = append(sizes, [2]int{r.IntN(301), r.IntN(101)})
	}
	return sizes
}

// loadedApp is an App stopped in the 100,000-line file with 10,000
// breakpoints and a full log, at w x h.
func loadedApp(t *testing.T, path string, w, h int) *testApp {
	t.Helper()
	ta := newTestApp(t, newFakeEngine(), &fakeConsole{}, darkTheme(t), false, w, h)
	ta.hl.lex = func(_, text string) ([][]source.Span, error) { return keywordSpans(text), nil }
	for i := range 2000 {
		ta.log.add(fmt.Sprintf("message %d", i), theme.Text)
	}
	st := stoppedAt(1, path, bigFuncLine(5000)+1, "main.f5000", manyBreakpoints(path, 10000))
	st.Registers = []debugger.Register{{Name: "rip", Value: 0x4beaa4}, {Name: "rsp", Value: 0xc000012345}}
	ta.apply(debugger.Stopped{State: st})
	ta.draw() // tokens, and the first frame
	return ta
}

// drawAt draws one frame of the whole screen at w x h without clearing
// it first: a pane that leaves a cell unpainted leaves the previous
// frame's character there, which the comparison below catches.
func drawAt(ta *testApp, screen tcell.Screen, w, h int) {
	ta.layout.resize(w, h)
	ta.pages.SetRect(0, 0, w, h)
	ta.pages.Draw(screen)
	screen.Show()
}

// sameCells compares two screens cell by cell (characters and styles)
// outside skip, returning the first difference.
func sameCells(a, b tcell.SimulationScreen, skip func(x, y int) bool) string {
	ca, wa, ha := a.GetContents()
	cb, wb, hb := b.GetContents()
	if wa != wb || ha != hb {
		return fmt.Sprintf("sizes %dx%d and %dx%d", wa, ha, wb, hb)
	}
	for y := 0; y < ha; y++ {
		for x := 0; x < wa; x++ {
			if skip != nil && skip(x, y) {
				continue
			}
			p, q := ca[y*wa+x], cb[y*wa+x]
			if string(p.Runes) != string(q.Runes) || p.Style != q.Style {
				return fmt.Sprintf("cell %d,%d: %q %v, want %q %v", x, y, string(p.Runes), p.Style, string(q.Runes), q.Style)
			}
		}
	}
	return ""
}

// TestLoadResizeStorm draws 250 sizes in a row on one screen, never
// cleared: no panic, each frame writes cells in proportion to the
// screen, and the last frame is what a fresh screen shows for the same
// App, and outside the Source pane (whose scroll position depends on
// the sizes it went through), what a fresh App shows.
func TestLoadResizeStorm(t *testing.T) {
	_, path := bigSourceFile(t)
	const fw, fh = 100, 30
	ta := loadedApp(t, path, 120, 40)
	cs := &countingScreen{SimulationScreen: ta.screen, rows: map[int]bool{}}
	for _, sz := range append(stormSizes(250), [2]int{fw, fh}) {
		w, h := sz[0], sz[1]
		cs.SetSize(w, h)
		cs.reset()
		drawAt(ta, cs, w, h)
		// The log, command line and status bar keep their 8 rows on a
		// screen lower than that (drawn off it, where tcell drops them).
		if limit := 8*w*max(h, 8) + 4*(w+h) + 200; cs.cells > limit {
			t.Errorf("at %dx%d a frame wrote %d cells", w, h, cs.cells)
		}
	}
	fresh := newCountingScreen(t, fw, fh)
	drawAt(ta, fresh, fw, fh)
	if d := sameCells(ta.screen, fresh.SimulationScreen, nil); d != "" {
		t.Errorf("after the storm the screen differs from a fresh one: %s\n--- storm\n%s--- fresh\n%s",
			d, screenText(ta.screen), screenText(fresh.SimulationScreen))
	}
	other := loadedApp(t, path, fw, fh)
	drawAt(other, other.screen, fw, fh)
	sx, sy, sw, sh := ta.src.GetInnerRect()
	inSource := func(x, y int) bool { return x >= sx && x < sx+sw && y >= sy && y < sy+sh }
	if d := sameCells(ta.screen, other.screen, inSource); d != "" {
		t.Errorf("after the storm the screen differs from a fresh App's: %s\n--- storm\n%s--- fresh\n%s",
			d, screenText(ta.screen), screenText(other.screen))
	}
	exec := bigFuncLine(5000) + 1
	if row := gutterRow(screenText(ta.screen), exec); !strings.Contains(row, "▶") {
		t.Errorf("the execution line %d is not on the screen after the storm:\n%s", exec, screenText(ta.screen))
	}
}

// TestLoadResizeStormLive sends 300 resize events to the real event loop
// as fast as it takes them, with the program stopped in the big file
// while its tokens are still being computed: the loop keeps up (an
// update queued after the storm runs), and the last frame shown is the
// final size's, cell for cell what a fresh screen shows.
func TestLoadResizeStormLive(t *testing.T) {
	_, path := bigSourceFile(t)
	eng := newFakeEngine()
	a := newApp(eng, &fakeConsole{}, darkTheme(t), config{dir: t.TempDir(), mouse: true}, "")
	a.gl = unicodeGlyphs
	// The lexer is held for the whole storm: the loop must not wait for
	// it (the file is drawn plain meanwhile).
	release := make(chan struct{})
	a.hl.lex = func(_, text string) ([][]source.Span, error) {
		<-release
		return keywordSpans(text), nil
	}
	s := tcell.NewSimulationScreen("UTF-8")
	la := &liveApp{App: a, t: t, screen: s, done: make(chan struct{})}
	go func() {
		if err := a.runOn(s, nil); err != nil {
			t.Errorf("runOn: %v", err)
		}
		close(la.done)
	}()
	t.Cleanup(la.stop)
	la.waitFor("the first frame", func(s string) bool { return strings.Contains(s, "Log") })
	st := stoppedAt(1, path, bigFuncLine(5000)+1, "main.f5000", manyBreakpoints(path, 10000))
	eng.events <- debugger.Stopped{State: st}
	la.waitText("stopped at main.go:")

	const fw, fh = 100, 30
	for _, sz := range append(stormSizes(300), [2]int{fw, fh}) {
		s.SetSize(sz[0], sz[1])
		a.app.QueueEvent(tcell.NewEventResize(sz[0], sz[1]))
	}
	la.onUI(func() {}) // the loop has worked through the storm
	la.waitFor(fmt.Sprintf("%dx%d", fw, fh), func(string) bool {
		c := la.snapshot()
		return c.w == fw && c.h == fh && strings.Contains(c.text(), "stopped at main.go:")
	})
	var diff, want, shown string
	la.onUI(func() {
		fresh := tcell.NewSimulationScreen("UTF-8")
		fresh.Init()
		fresh.SetSize(fw, fh)
		a.pages.Draw(fresh)
		fresh.Show()
		// The loop drew this state last: the shown frame must match.
		diff, want, shown = sameCells(s, fresh, nil), screenText(fresh), screenText(s)
		fresh.Fini()
	})
	if diff != "" {
		t.Errorf("the last frame differs from a fresh draw: %s\n--- shown\n%s--- fresh\n%s", diff, shown, want)
	}
	// The tokens come after the storm, and the next frame has them.
	var tokened bool
	la.onUI(func() { tokened = a.hl.files[a.src.file].done })
	if tokened {
		t.Fatal("tokens while the lexer was held")
	}
	close(release)
	la.waitFor("the tokens", func(string) bool {
		la.onUI(func() { tokened = a.hl.files[a.src.file].done })
		return tokened
	})
}
