package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// A lesson (tdb --lesson FILE, tdb tour) is played one step per key: Space
// or Enter runs the next step's commands, as if typed at the : prompt,
// one after the other, while a banner above the Log shows what the step
// says (and the Log keeps it). q or Esc leaves the lesson and keeps the
// session: the class goes on debugging where the lesson stopped. The
// format is console.ParseLesson's; the tour is a lesson built in.

// lessonPlay is a lesson being played. Owned by the UI goroutine.
type lessonPlay struct {
	ls      *console.Lesson
	name    string // "Tour", "Lesson FILE"
	next    int    // the step the next key runs
	running bool   // a step's commands are running
	queued  bool   // a key came while a step ran: run the next after it
	shown   bool   // the banner is on the screen
	banner  *bannerPane
}

// startLesson opens ls: its setup commands run, then the banner says how
// to go on. UI goroutine only.
func (a *App) startLesson(ls *console.Lesson, name string) {
	lp := &lessonPlay{ls: ls, name: name, shown: true}
	lp.banner = newBannerPane(a, lp)
	a.pres.lesson = lp
	lp.banner.set(lp.name, []string{fmt.Sprintf("%d steps: Space or Enter runs the next one; q or Esc leaves the lesson and keeps debugging.", len(ls.Steps))})
	a.layout.relayout()
	lp.running = true
	a.runLessonLines(lp, ls.Setup, func() {
		lp.running = false
		if lp.queued {
			lp.queued = false
			a.lessonStep(lp)
		}
	})
}

// openLesson starts the lesson of the command line (--lesson, tdb tour)
// once the start-up commands ran.
func (a *App) openLesson() {
	if ls := a.pres.opening; ls != nil {
		a.pres.opening = nil
		a.startLesson(ls, a.pres.openingName)
	}
}

// lessonKey handles the lesson's keys; it reports whether ev was one.
func (a *App) lessonKey(ev *tcell.EventKey) bool {
	lp := a.pres.lesson
	if lp == nil {
		return false
	}
	switch {
	case isSpace(ev) || ev.Key() == tcell.KeyEnter:
		if lp.next >= len(lp.ls.Steps) && !lp.running {
			a.echoKey(ev, "end of the lesson")
			a.endLesson("")
			return true
		}
		a.echoKey(ev, fmt.Sprintf("lesson step %d/%d", min(lp.next+1, len(lp.ls.Steps)), len(lp.ls.Steps)))
		if lp.running {
			lp.queued = true
			return true
		}
		a.lessonStep(lp)
		return true
	case ev.Key() == tcell.KeyEscape || ev.Key() == tcell.KeyRune && ev.Rune() == 'q' && ev.Modifiers() == 0:
		a.echoKey(ev, "leave the lesson")
		a.endLesson(lp.name + " left: the session goes on (? lists the keys, q quits)")
		return true
	}
	return false
}

// lessonStep runs the next step: its text on the banner and in the Log,
// then its commands in order.
func (a *App) lessonStep(lp *lessonPlay) {
	if lp.next >= len(lp.ls.Steps) {
		return
	}
	k, n := lp.next+1, len(lp.ls.Steps)
	st := lp.ls.Steps[lp.next]
	lp.next++
	title := fmt.Sprintf("%s: step %d/%d (Space or Enter: next; q leaves)", lp.name, k, n)
	if k == n {
		title = fmt.Sprintf("%s: step %d/%d, the last (Space, Enter, q or Esc closes this)", lp.name, k, n)
	}
	lp.banner.set(title, st.Say)
	for _, s := range st.Say {
		a.log.add(fmt.Sprintf("» %s", s), theme.Key)
	}
	lp.running = true
	a.runLessonLines(lp, st.Commands, func() {
		lp.running = false
		if setsBreakpoint(st.Commands) {
			a.showNewestBreakpoint()
		}
		if lp.queued && a.pres.lesson == lp {
			lp.queued = false
			a.lessonStep(lp)
		}
	})
}

// runLessonLines runs lines one after the other, each when the one
// before it is done, then done. A line that fails ends the step: what
// follows it assumed it worked.
func (a *App) runLessonLines(lp *lessonPlay, lines []console.LessonLine, done func()) {
	// A lesson left (q) runs nothing more: the user debugs from here.
	if len(lines) == 0 || a.pres.lesson != lp {
		done()
		return
	}
	l := lines[0]
	if l.Key {
		for _, k := range strings.Fields(l.Text) {
			ev, ka := lessonKeyAction(a.keys, k)
			if ka != nil {
				a.echoKey(ev, string(ka.name))
				a.doAction(ka)
			}
		}
		a.runLessonLines(lp, lines[1:], done)
		return
	}
	a.runCommandThen(l.Text, func(err error) {
		if err != nil {
			a.lessonError(lp.ls.Where(l), err)
			done()
			return
		}
		a.runLessonLines(lp, lines[1:], done)
	})
}

// setsBreakpoint reports whether lines set a breakpoint.
func setsBreakpoint(lines []console.LessonLine) bool {
	for _, l := range lines {
		switch strings.Fields(l.Text)[0] {
		case "break", "b", "tbreak":
			return true
		}
	}
	return false
}

// showNewestBreakpoint shows the line of the breakpoint set last in the
// Source pane: a lesson's "the ● marks fib's first line" must be on the
// screen, not twenty lines above the stop.
func (a *App) showNewestBreakpoint() {
	ch := a.eng.Send(debugger.ListBreakpoints{})
	a.goSafe(func() {
		rep := <-ch
		if rep.Err != nil {
			return
		}
		var bp *debugger.Breakpoint
		for i := range rep.Breakpoints {
			if b := &rep.Breakpoints[i]; b.File != "" && (bp == nil || b.ID > bp.ID) {
				bp = b
			}
		}
		if bp == nil {
			return
		}
		a.post(func() {
			a.bps = rep.Breakpoints
			a.src.showFrame(debugger.Frame{File: bp.File, Line: bp.Line})
		})
	})
}

// endLesson closes the lesson and its banner; note goes to the Log.
func (a *App) endLesson(note string) {
	if a.pres.lesson == nil {
		return
	}
	a.pres.lesson = nil
	a.layout.relayout()
	if note != "" {
		a.log.add(note, theme.Dim)
	}
}

// bannerPane shows the lesson's current step above the Log, its text
// folded at spaces. Its height is the tallest step's at the screen's
// width, so it does not jump from step to step. Owned by the UI goroutine.
type bannerPane struct {
	*tview.Box
	a     *App
	lp    *lessonPlay
	head  string
	lines []string
}

func newBannerPane(a *App, lp *lessonPlay) *bannerPane {
	p := &bannerPane{Box: tview.NewBox(), a: a, lp: lp}
	p.SetBorder(true)
	return p
}

func (p *bannerPane) set(head string, lines []string) { p.head, p.lines = head, lines }

// maxBannerRows bounds the banner: the panes keep most of the screen.
const maxBannerRows = 4

// height is the banner's rows, borders included, on a w x h screen: at
// most an eighth of its height (the panes keep the rest), at least two.
func (p *bannerPane) height(w int) int {
	rows := 1
	texts := [][]string{p.lines}
	for _, st := range p.lp.ls.Steps {
		texts = append(texts, st.Say)
	}
	for _, t := range texts {
		rows = max(rows, len(foldText(t, w-2)))
	}
	return 2 + min(rows, maxBannerRows, max(2, p.a.layout.h/8))
}

// foldText folds each of lines at spaces into rows of at most w cells;
// a word longer than w is cut.
func foldText(lines []string, w int) []string {
	var out []string
	for _, l := range lines {
		row := ""
		for _, word := range strings.Fields(l) {
			switch {
			case row == "":
				row = word
			case len([]rune(row))+1+len([]rune(word)) <= w:
				row += " " + word
			default:
				out = append(out, row)
				row = word
			}
			for w > 0 && len([]rune(row)) > w {
				out = append(out, string([]rune(row)[:w]))
				row = string([]rune(row)[w:])
			}
		}
		out = append(out, row)
	}
	return out
}

func (p *bannerPane) Draw(screen tcell.Screen) {
	th := p.a.th
	setBoxChrome(p.Box, th, " "+p.head+" ", true)
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	rows := foldText(p.lines, w)
	st := th.Style(theme.Text).Bold(true)
	for i := 0; i < h && i < len(rows); i++ {
		text := rows[i]
		if i == h-1 && len(rows) > h {
			text += strings.Repeat(" ", w) // past the edge: the cut shows
		}
		printCut(screen, x, y+i, w, text, st, p.a.gl.ellipsis)
	}
}

// lessonKeyAction is the key named name (a `# key:` line's) and its
// action in t, nil if it has none.
func lessonKeyAction(t *keyTable, name string) (*tcell.EventKey, *keyAction) {
	k, err := parseKey(name)
	if err != nil {
		return nil, nil
	}
	ev := tcell.NewEventKey(k.Key, k.Rune, k.Mod)
	return ev, t.find(ev, scopeSource, scopeGlobal, scopePane)
}

// CheckLesson checks the keys of ls's `# key:` lines against the default
// key table: one error naming FILE:LINE, before anything starts.
func CheckLesson(ls *console.Lesson) error {
	t := newKeyTable()
	check := func(lines []console.LessonLine) error {
		for _, l := range lines {
			if !l.Key {
				continue
			}
			for _, k := range strings.Fields(l.Text) {
				if _, err := parseKey(k); err != nil {
					return fmt.Errorf("%s: %v", ls.Where(l), err)
				}
				if _, ka := lessonKeyAction(t, k); ka == nil {
					return fmt.Errorf("%s: key %s does nothing (? lists the keys)", ls.Where(l), k)
				}
			}
		}
		return nil
	}
	if err := check(ls.Setup); err != nil {
		return err
	}
	for _, st := range ls.Steps {
		if err := check(st.Commands); err != nil {
			return err
		}
	}
	return nil
}

// lessonError makes the command's error line in the Log say where in the
// lesson it comes from: one line, FILE:LINE: error: ..., and that the
// step stops there.
func (a *App) lessonError(where string, err error) {
	line := fmt.Sprintf("%s: error: %v (the rest of this step is skipped)", where, err)
	lines := a.log.lines
	for i := len(lines) - 1; i >= max(0, len(lines)-200); i-- {
		if lines[i].text == "error: "+err.Error() {
			lines[i].text, lines[i].short = line, shortPaths(line)
			return
		}
	}
	a.log.add(line, theme.Error)
}
