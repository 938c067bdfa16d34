package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tdb/debugger"
	"tdb/theme"
)

// bigSource writes a Go file of n lines and returns its path.
func bigSource(b *testing.B, n int) string {
	var sb strings.Builder
	sb.WriteString("package big\n\nimport \"fmt\"\n")
	for i := 3; i < n; i += 5 {
		sb.WriteString("// f computes something with a \"string\" and 0x2a.\n")
		sb.WriteString("func f(n int) string {\n\tx := n * 42 + len(\"abc\")\n\treturn fmt.Sprint(x)\n}\n")
	}
	p := filepath.Join(b.TempDir(), "big.go")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// benchApp shows line 5000 of a 10,000-line file, highlighted, at 250x70.
func benchApp(b *testing.B) *testApp {
	path := bigSource(b, 10000)
	th, _ := theme.LoadColour("dark")
	ta := newTestApp(b, newFakeEngine(), &fakeConsole{}, th, false, 250, 70)
	st := &debugger.State{Seq: 1, File: path, Line: 5000, Function: "big.f",
		Frames: []debugger.Frame{{File: path, Line: 5000, Function: "big.f"}}}
	ta.apply(debugger.Stopped{State: st})
	ta.waitHighlighted() // tokenises off the UI goroutine
	if ta.hl.files[ta.src.file] == nil || ta.hl.files[ta.src.file].spans == nil {
		b.Fatal("not highlighted")
	}
	return ta
}

// BenchmarkSourcePaneFrame draws one full frame of the Source pane on a
// 10,000-line file: what each keypress or stop costs.
func BenchmarkSourcePaneFrame(b *testing.B) {
	ta := benchApp(b)
	for b.Loop() {
		ta.src.Draw(ta.screen)
	}
}

// BenchmarkSourcePaneScroll pages through the file, drawing each page.
func BenchmarkSourcePaneScroll(b *testing.B) {
	ta := benchApp(b)
	for b.Loop() {
		if !ta.src.move(actPageDown) || ta.src.cursor >= ta.src.count()-1 {
			ta.src.move(actTop)
		}
		ta.src.Draw(ta.screen)
	}
}

// BenchmarkWholeScreen draws every pane and shows the frame.
func BenchmarkWholeScreen(b *testing.B) {
	ta := benchApp(b)
	for b.Loop() {
		ta.pages.Draw(ta.screen)
		ta.screen.Show()
	}
}
