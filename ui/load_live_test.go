package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/source"
	"tdb/ui/console"
)

// The load tests that debug real programs through the engine and the
// real event loop: the generated 100,000-line program with thousands of
// breakpoints, and testdata/many with 10,000 goroutines.

// startLiveBinary is startLive for a binary built outside testdata, with
// start-up commands (as -x gives them) and a stand-in lexer (nil: chroma).
func startLiveBinary(t *testing.T, bin string, w, h int, cmds []string, lex func(string, string) ([][]source.Span, error)) *liveApp {
	t.Helper()
	sess, err := debugger.Start(debugger.Config{Path: bin})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	a := newApp(sess, nil, darkTheme(t), config{dir: t.TempDir(), mouse: true}, bin)
	a.gl = unicodeGlyphs
	a.con = console.New(sess, uiPrinter{a})
	if lex != nil {
		a.hl.lex = lex
	}
	s := tcell.NewSimulationScreen("UTF-8")
	la := &liveApp{App: a, t: t, screen: s, done: make(chan struct{})}
	go func() {
		if err := a.runOn(s, cmds); err != nil {
			t.Errorf("runOn: %v", err)
		}
		close(la.done)
	}()
	t.Cleanup(la.stop)
	// tview initialises the screen (at 80x25): resize it once it runs.
	la.waitFor("the first frame", func(s string) bool { return strings.Contains(s, "Log") })
	s.SetSize(w, h)
	a.app.QueueEvent(tcell.NewEventResize(w, h))
	la.waitFor(fmt.Sprintf("%dx%d", w, h), func(string) bool {
		c := la.snapshot()
		return c.w == w && c.h == h && strings.Contains(c.text(), "Log")
	})
	return la
}

// gutterRow returns the screen row showing source line n: rowOf for
// line numbers of five and six digits behind marks of several bytes.
func gutterRow(screen string, n int) string {
	num := fmt.Sprintf(" %d ", n)
	for _, l := range strings.Split(screen, "\n") {
		r := []rune(l)
		if strings.Contains(string(r[:min(len(r), 14)]), num) {
			return l
		}
	}
	return ""
}

// liveBreakpoints is how many breakpoints TestLoadLiveBigProgram sets:
// the 10,000 (setting them is linear in the engine: about 1 s).
func liveBreakpoints() int {
	return 10000
}

// waitForLong is waitFor for thousands of commands: it waits as long as
// the test binary may run (-timeout), less half a minute to show the
// screen. 120 s was not enough for 10,000 breakpoints under -race beside
// another CI run (load 14): a slow machine is not a failure.
func (la *liveApp) waitForLong(what string, cond func(screen string) bool) string {
	la.t.Helper()
	deadline := time.Now().Add(10 * time.Minute)
	if d, ok := la.t.Deadline(); ok && d.Add(-30*time.Second).Before(deadline) {
		deadline = d.Add(-30 * time.Second)
	}
	for {
		s := la.text()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			la.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (la *liveApp) waitLong(text string) string {
	la.t.Helper()
	return la.waitForLong(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// stop quits the UI and waits for the loop to end.
func (la *liveApp) stop() {
	select {
	case <-la.done:
		return
	default:
	}
	go la.app.QueueUpdate(la.quit)
	select {
	case <-la.done:
	case <-time.After(10 * time.Second):
		la.t.Error("the UI did not stop")
	}
}

// TestLoadLiveBigProgram debugs the generated 100,000-line program with
// 10,000 breakpoints set by start-up commands: it
// stops at the first, the Source pane shows the line with its arrow and
// the marks of the breakpoints around it, `breakpoints` lists them all
// into the Log (whose scrollback stays bounded: the listing and the
// commands' lines are more than it keeps), and G shows the end of the file.
// The gutter and the log with 10,000 are tested on hand-made lists.
func TestLoadLiveBigProgram(t *testing.T) {
	bin := buildBigProgram(t)
	nbp, first := liveBreakpoints(), 5000 // on f5000, f5001, ...
	cmds := make([]string, 0, nbp+2)
	for i := first; i < first+nbp; i++ {
		cmds = append(cmds, fmt.Sprintf("break main.f%d", i))
	}
	cmds = append(cmds, "continue", "breakpoints")
	const w, h = 120, 40
	la := startLiveBinary(t, bin, w, h, cmds, func(_, text string) ([][]source.Span, error) { return keywordSpans(text), nil })
	stopLine := bigFuncLine(first) // the prologue ends on the func line
	start := time.Now()
	la.waitLong(fmt.Sprintf("stopped at main.go:%d", stopLine))
	t.Logf("%d breakpoints set and the first hit in %v", nbp, time.Since(start))
	// The listing's last entry reaches the log: the commands are done.
	last := fmt.Sprintf("Breakpoint %d at ", nbp)
	s := la.waitForLong("the breakpoint listing", func(s string) bool {
		return strings.Contains(s, last) && strings.Contains(s, fmt.Sprintf("main.f%d ", first+nbp-1))
	})
	la.idle()

	var bps []debugger.Breakpoint
	var logLines int
	la.onUI(func() { bps, logLines = la.bps, len(la.log.lines) })
	if len(bps) != nbp {
		t.Errorf("the screen knows %d breakpoints, want %d", len(bps), nbp)
	}
	if logLines > maxLogLines {
		t.Errorf("the log holds %d lines (bound %d)", logLines, maxLogLines)
	}
	row := gutterRow(s, stopLine)
	if !strings.Contains(row, "●▶") || !strings.Contains(row, fmt.Sprintf("func f%d(", first)) {
		t.Errorf("no arrow on line %d: %q\n%s", stopLine, row, s)
	}
	for i := first + 1; i < first+4; i++ {
		if r := gutterRow(s, bigFuncLine(i)); !strings.Contains(r, "●") {
			t.Errorf("no breakpoint mark on line %d: %q", bigFuncLine(i), r)
		}
	}
	if r := gutterRow(s, bigFuncLine(first-1)); strings.Contains(r, "●") {
		t.Errorf("a mark on line %d, which has no breakpoint: %q", bigFuncLine(first-1), r)
	}
	// The end of the file.
	la.onUI(func() { la.app.SetFocus(la.src) })
	la.keys('G')
	s = la.waitText(fmt.Sprintf("x := n + %d", bigFuncs-1))
	if !strings.Contains(s, strconv.Itoa(bigLines)) {
		t.Errorf("line %d not shown after G:\n%s", bigLines, s)
	}
}

// TestLoadLiveManyGoroutines lists testdata/many's 10,000 parked
// goroutines in the Goroutines pane a page at a time, pages on past the
// first page, filters them through the engine and shows all again.
func TestLoadLiveManyGoroutines(t *testing.T) {
	la := startLive(t, "many", 120, 40)
	la.waitText("stopped at main.go:")
	la.breakAndContinue("main.ready")
	la.keys('Y')
	title := regexp.MustCompile(`Goroutines (\d+)-(\d+)/(\d+)`)
	s := la.waitFor("the first page", func(s string) bool { return title.MatchString(s) })
	m := title.FindStringSubmatch(s)
	total, _ := strconv.Atoi(m[3])
	if m[1] != "1" || m[2] != strconv.Itoa(goroutinePage) || total < 10000 {
		t.Fatalf("first page %s-%s of %s, want 1-%d of 10,000 or more:\n%s", m[1], m[2], m[3], goroutinePage, s)
	}
	if !strings.Contains(s, "waiting (chan receive) main.") {
		t.Errorf("no parked goroutine listed:\n%s", s)
	}
	var held int
	la.onUI(func() { held = len(la.gor.list); la.app.SetFocus(la.gor) })
	if held > goroutinePage {
		t.Errorf("the pane holds %d goroutines, a page is %d", held, goroutinePage)
	}
	// Down past the page's last row: the next page.
	la.keys('G', 'j')
	la.waitText(fmt.Sprintf("Goroutines %d-%d/%d", goroutinePage+1, 2*goroutinePage, total))
	// Filter: every worker waits in main.park; nothing is "nosuch".
	la.keys('/', "park", tcell.KeyEnter)
	// The filter shows at once; the list it asked for, from its first
	// page, once the engine answered.
	s = la.waitFor("the filtered list", func(s string) bool {
		m := title.FindStringSubmatch(s)
		return strings.Contains(s, "/park") && m != nil && m[1] == "1"
	})
	m = title.FindStringSubmatch(s)
	if parked, _ := strconv.Atoi(m[3]); m[1] != "1" || parked < 9000 || parked >= total {
		t.Errorf("filter park: %s-%s of %s (of %d in all)", m[1], m[2], m[3], total)
	}
	la.keys('/', "nosuch", tcell.KeyEnter)
	la.waitText(`no goroutine matches "nosuch"`)
	la.keys('/', tcell.KeyEscape)
	la.waitText(fmt.Sprintf("Goroutines 1-%d/%d", goroutinePage, total))
}
