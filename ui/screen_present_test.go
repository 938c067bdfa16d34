package ui

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/source/fixture"
	"tdb/theme"
	"tdb/ui/console"
)

// TestScreenPresent: present on switches to the projector theme (the
// execution line's bar in its colours), echoes each key with its action
// on the status bar, makes the Log taller and shows the Log's stop lines
// with short file names, while the lines themselves (batch's) keep the
// path; present off undoes it all.
func TestScreenPresent(t *testing.T) {
	la := startLive(t, "fib", 80, 24)
	callLine := fixture.LineOf(t, "fib", "main.go", "v := fib(i)")
	var h0 int
	// The echo stays while the test looks, however loaded the machine.
	la.onUI(func() { h0, la.cfg.keyEcho = la.layout.logHeight(), time.Hour })

	la.keys(':', "present on", tcell.KeyEnter)
	la.waitText("present on: the projector theme")
	var name string
	var h1 int
	la.onUI(func() { name, h1 = la.th.Name, la.layout.logHeight() })
	if name != "projector" || h1 <= h0 {
		t.Fatalf("present on: theme %q, Log %d rows (was %d); want projector and taller", name, h1, h0)
	}

	// n until the call line; each n shows with the action it ran.
	where := func() (seq, line int) {
		la.onUI(func() {
			if la.state != nil {
				seq, line = la.state.Seq, la.state.Line
			}
		})
		return
	}
	for k := 0; k < 5; k++ {
		seq, line := where()
		if line == callLine {
			break
		}
		la.keys('n')
		if k == 0 {
			la.waitText("n → next")
		}
		// The key's stop, not an idle moment before the key arrived.
		la.waitFor("the next stop", func(string) bool { s, _ := where(); return s != seq })
		la.idle()
	}
	la.waitText(fmt.Sprintf("stopped at main.go:%d", callLine))
	// The Log's stop line, short on the screen, whole in the Log's text.
	short := regexp.MustCompile(fmt.Sprintf(`stopped: step: main\.main at main\.go:%d \(pc 0x`, callLine))
	la.waitFor("the short stop line", func(s string) bool { return short.MatchString(s) })
	var whole string
	la.onUI(func() {
		for _, l := range la.log.lines {
			if strings.HasPrefix(l.text, "stopped: step: main.main at /") {
				whole = l.text
			}
		}
	})
	if !strings.Contains(whole, "/testdata/fib/main.go:") && !strings.Contains(whole, "/main.go:") {
		t.Errorf("the Log's own line lost its path: %q", whole)
	}
	// The execution line's bar is the projector's.
	pt, _ := theme.LoadColour("projector")
	_, _, st := la.findCell("▶")
	if _, bg, _ := st.Decompose(); bg == 0 || func() bool { _, want, _ := pt.Style(theme.ExecLine).Decompose(); return bg != want }() {
		t.Errorf("the execution line's background is %v, not the projector's", bg)
	}

	la.keys(':', "present off", tcell.KeyEnter)
	la.waitFor("the path back", func(s string) bool { return !short.MatchString(s) })
	la.onUI(func() { name, h1 = la.th.Name, la.layout.logHeight() })
	if name != "dark" || h1 != h0 {
		t.Errorf("present off: theme %q, Log %d rows; want dark and %d", name, h1, h0)
	}
}

// TestScreenTour plays the tour on the demo at 120x40, a Space a step, and
// checks that each step's screen shows what the step says: the
// breakpoint's mark, the stop, the Mechanics pane's POKEDATA, the step,
// the backtrace; the last key closes it and the session goes on.
func TestScreenTour(t *testing.T) {
	ls, err := console.ReadLesson("../testdata/demo/tour.lesson")
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckLesson(ls); err != nil {
		t.Fatal(err)
	}
	la := startLive(t, "demo", 120, 40)
	fibLine := fixture.LineOf(t, "demo", "main.go", "func fib(n int) int {")
	callLine := fixture.LineOf(t, "demo", "main.go", "fib(i))")
	la.onUI(func() { la.startLesson(ls, "Tour") })
	la.waitText("6 steps: Space or Enter runs the next one")
	la.idle()

	step := func(k int) string {
		t.Helper()
		la.keys(' ')
		s := la.waitText(fmt.Sprintf("Tour: step %d/6", k))
		la.waitFor(fmt.Sprintf("step %d's end", k), func(string) bool {
			running := true
			la.onUI(func() { running = la.pres.lesson != nil && la.pres.lesson.running })
			return !running
		})
		la.idle()
		return s
	}
	step(1)
	s := la.waitFor("fib's breakpoint mark", func(s string) bool { return strings.Contains(rowOf(s, fibLine), "●") })
	if !strings.Contains(s, "a breakpoint on fib: the ● in the gutter") {
		t.Errorf("step 1 does not say so:\n%s", s)
	}
	step(2)
	s = la.waitText(fmt.Sprintf("stopped at main.go:%d [breakpoint 1]", fibLine))
	if !strings.Contains(rowOf(s, fibLine), "●▶") || !strings.Contains(s, "stopped: breakpoint 1: main.fib at ") {
		t.Errorf("step 2: no stop at fib's breakpoint:\n%s", s)
	}
	step(3)
	// ▸ heads a group of the Mechanics pane, never a Log line: the pane
	// shows the break's group from its top.
	s = la.waitFor("the Mechanics pane's POKEDATA", func(s string) bool {
		return strings.Contains(s, "▸ break fib") && strings.Contains(s, "POKEDATA")
	})
	text, _, _ := la.mechState()
	if !strings.Contains(s, "Mechanics") || !regexp.MustCompile(`POKEDATA tid \d+ 0x[0-9a-f]+: [0-9a-f]{2} -> cc \(breakpoint 1\)`).MatchString(text) ||
		!strings.Contains(text, "SETREGS") {
		t.Errorf("step 3: the Mechanics pane lacks the hit's operations:\n%s\n%s", s, text)
	}
	step(4)
	la.waitText(fmt.Sprintf("stopped at main.go:%d", fibLine+1))
	if text, _, _ := la.mechState(); !strings.Contains(text, "SINGLESTEP") || !strings.Contains(text, "cc -> ") {
		t.Errorf("step 4: no SINGLESTEP over the restored byte:\n%s", text)
	}
	step(5)
	s = la.waitText(fmt.Sprintf("#1  main.main main.go:%d", callLine))
	if !strings.Contains(s, "#0  main.fib main.go:") || !regexp.MustCompile(`#1 0x[0-9a-f]+ main\.main at `).MatchString(s) {
		t.Errorf("step 5: no backtrace in the pane and the Log:\n%s", s)
	}
	step(6)
	la.keys(' ')
	la.waitFor("the banner to close", func(s string) bool { return !strings.Contains(s, "Tour: step") })
	// The session goes on: n is next again.
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", fibLine+2))
}

// TestScreenLessonFile plays README's lesson file on fib at 80x24: every
// line runs (none fails), its stops are fib's, presenter mode is on from
// its first line; Esc before the end leaves it and the session goes on.
func TestScreenLessonFile(t *testing.T) {
	ls, err := console.ReadLesson("../testdata/lessons/fib.lesson")
	if err != nil {
		t.Fatal(err)
	}
	// README shows this file as it is.
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	file, _ := os.ReadFile("../testdata/lessons/fib.lesson")
	if !strings.Contains(string(readme), "```\n"+string(file)+"```\n") {
		t.Errorf("README does not show testdata/lessons/fib.lesson as it is")
	}
	la := startLive(t, "fib", 80, 24)
	ifLine := fixture.LineOf(t, "fib", "main.go", "if n < 2")
	aLine := fixture.LineOf(t, "fib", "main.go", "a := fib(n - 1)")
	la.onUI(func() { la.startLesson(ls, "Lesson fib.lesson") })
	la.waitText("5 steps")
	la.idle()
	for k := 1; k <= 4; k++ {
		la.keys(tcell.KeyEnter)
		la.waitText(fmt.Sprintf("step %d/5", k))
		la.waitFor(fmt.Sprintf("step %d's end", k), func(string) bool {
			running := true
			la.onUI(func() { running = la.pres.lesson.running })
			return !running
		})
		la.idle()
	}
	var log string
	la.onUI(func() {
		for _, l := range la.log.lines {
			log += l.text + "\n"
		}
	})
	for _, want := range []string{
		"stopped: breakpoint 1: main.fib at ",
		fmt.Sprintf("main.go:%d (pc", ifLine),
		"main.fib at ", // bt's #1: fib's caller is fib
		fmt.Sprintf("main.go:%d\n", aLine),
		"#3 breakpoint 1 main.fib ",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the lesson's Log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "the rest of this step is skipped") || strings.Contains(log, "error: ") {
		t.Errorf("a lesson line failed:\n%s", log)
	}
	var on bool
	la.onUI(func() { on = la.pres.on })
	if !on {
		t.Error("present on (the lesson's first line) did not turn presenter mode on")
	}
	la.keys(tcell.KeyEscape)
	la.waitText("left: the session goes on")
	la.keys('n')
	la.waitText(fmt.Sprintf("stopped at main.go:%d", ifLine+1))
}

// TestScreenPresentCutsMarked: in presenter mode at 80x24 and 120x40, on
// the demo, no pane cuts text silently: each source line longer than the
// Source pane ends in …, as do the Backtrace's frames and the Mechanics
// pane's placeholder where they do not fit, and a title longer than its
// pane.
func TestScreenPresentCutsMarked(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			la := startLive(t, "demo", size[0], size[1])
			la.onUI(func() { la.setPresent(true) })
			la.keys('M')
			la.waitText("Mechanics")
			checkSourceCuts(t, la)
			c := la.snapshot()
			for _, pane := range []pane{la.mech, la.bt} {
				var x, y, w, h int
				la.onUI(func() { x, y, w, h = pane.GetRect() })
				for row := y + 1; row < y+h-1; row++ {
					last := c.cells[row*c.w+x+w-2]
					before := c.cells[row*c.w+x+w-3]
					// A row filled to the border's edge without a
					// space before the last cell goes on past it.
					if len(last.Runes) > 0 && last.Runes[0] != ' ' && last.Runes[0] != '…' &&
						len(before.Runes) > 0 && before.Runes[0] != ' ' {
						t.Errorf("%s row %d cut without …:\n%s", pane.title(), row-y-1, c.text())
					}
				}
			}
			// A title longer than its pane: a long search in the source.
			la.keys('/', strings.Repeat("x", size[0]), tcell.KeyEnter)
			s := la.waitText("not found: xxx")
			var x, y, w int
			la.onUI(func() { x, y, w, _ = la.src.GetRect() })
			row := []rune(strings.Split(s, "\n")[y])
			if n := len(row); n < x+w || !strings.Contains(string(row[x:x+w]), "x… ") {
				t.Errorf("the Source pane's long title is cut without …: %q", string(row))
			}
		})
	}
}

// checkSourceCuts checks each source row of the Source pane: a line
// longer than the code's columns ends in … in the pane's last column.
func checkSourceCuts(t *testing.T, la *liveApp) {
	t.Helper()
	var x, y, w, h, top, gw int
	var lines []string
	la.onUI(func() {
		x, y, w, h = la.src.GetInnerRect()
		top, gw = la.src.top, la.src.gutterWidth()
		if la.src.file != nil {
			lines = la.src.file.Lines
		}
	})
	if len(lines) == 0 {
		t.Fatal("no source shown")
	}
	c := la.snapshot()
	cut := 0
	for row := 0; row < h && top+row < len(lines); row++ {
		long := len([]rune(strings.TrimRight(expandTabs(lines[top+row]), " "))) > w-gw
		last := c.cells[(y+row)*c.w+x+w-1]
		ell := len(last.Runes) > 0 && last.Runes[0] == '…'
		if long != ell {
			t.Errorf("source line %d (%d columns, %d shown): … %v, want %v", top+row+1, len(lines[top+row]), w-gw, ell, long)
		}
		if long {
			cut++
		}
	}
	if cut == 0 {
		t.Logf("no source line needed cutting at this size")
	}
}

// TestKeyEchoConfig: key-echo = SECONDS sets how long presenter mode
// shows a key; a bad value is one problem, the default kept.
func TestKeyEchoConfig(t *testing.T) {
	cfg := config{}
	parseConfig(strings.NewReader("key-echo = 10\nkey-echo = 0\nkey-echo = soon\n"), &cfg)
	if cfg.keyEcho != 10*time.Second || len(cfg.errs) != 2 || !strings.Contains(cfg.errs[0], "key-echo: want seconds, 1 to 3600") {
		t.Errorf("keyEcho %v, errs %q", cfg.keyEcho, cfg.errs)
	}
}

// TestScreenLessonFailedLine: a command of a lesson that fails is one
// Log line naming FILE:LINE, and the rest of its step does not run.
func TestScreenLessonFailedLine(t *testing.T) {
	ls, err := console.ParseLesson("l.lesson", []byte("# say: a breakpoint on nothing\nbreak nosuchfunc\ncontinue\n# say: the next step runs\nprint 6*7\n"))
	if err != nil {
		t.Fatal(err)
	}
	la := startLive(t, "fib", 100, 30)
	la.onUI(func() { la.startLesson(ls, "Lesson l.lesson") })
	la.waitText("2 steps")
	la.idle()
	la.keys(' ')
	s := la.waitText("l.lesson:2: error: ")
	la.idle()
	var log string
	la.onUI(func() {
		for _, l := range la.log.lines {
			log += l.text + "\n"
		}
	})
	if n := strings.Count(log, "nosuchfunc"); n != 2 || strings.Count(log, "error") != 1 || strings.Contains(log, "(tdb) continue") {
		t.Errorf("want (tdb) break nosuchfunc, then one error line naming l.lesson:2, and no continue:\n%s\n%s", log, s)
	}
	if !strings.Contains(log, "(the rest of this step is skipped)") {
		t.Errorf("the error does not say the step stops:\n%s", log)
	}
	la.keys(' ')
	la.waitText("42")
}
