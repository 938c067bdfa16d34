package ui

import (
	"regexp"
	"time"

	"github.com/gdamore/tcell/v2"

	"tdb/theme"
	"tdb/ui/console"
)

// Presenter mode (tdb --present, present on|off; issue 15): the screen
// made for a projector. The projector theme, each key shown with the
// action it ran (the status bar's right end, for a few seconds: a class
// cannot see the lecturer's hands), a taller Log, and short file names in
// the Log's stop lines (main.go:19: an absolute path wraps an 80-column
// Log into two rows nobody at the back reads). Batch lines are untouched:
// only the Log's drawing shortens them.

// presenter is the App's presenter mode and lesson state. Owned by the UI
// goroutine.
type presenter struct {
	on     bool
	before *theme.Theme // the theme present on replaced, for present off
	echo   string       // the last key and its action, "" once it faded
	echoN  int          // which echo: a fade only clears its own
	lesson *lessonPlay  // the lesson being played (lesson.go), nil if none
	// opening is the lesson to play once the start-up commands ran.
	opening     *console.Lesson
	openingName string
}

// echoFor is how long a key's echo stays on the status bar.
const echoFor = 4 * time.Second

// projectorTheme is the theme present on switches to.
const projectorTheme = "projector"

// SetPresent is `present on|off` (console.presenter): the console's
// worker goroutine calls it.
func (p uiPrinter) SetPresent(on bool) { p.a.post(func() { p.a.setPresent(on) }) }

// setPresent turns presenter mode on or off. UI goroutine only.
func (a *App) setPresent(on bool) {
	if on == a.pres.on {
		return
	}
	a.pres.on = on
	if on {
		a.pres.before = a.th
		// NO_COLOR wins over the projector's colours, as over --theme.
		if th, err := theme.Load(projectorTheme); err == nil && !a.th.Mono {
			a.setTheme(th)
		}
	} else {
		if a.pres.before != nil {
			a.setTheme(a.pres.before)
		}
		a.pres.echo = ""
	}
	a.layout.relayout()
}

// setTheme draws with th from the next frame on.
func (a *App) setTheme(th *theme.Theme) {
	a.th = th
	applyTviewStyles(th, a.gl.ascii)
	a.cmd.applyTheme()
}

// echoKey shows ev and the action it ran, in presenter mode: "n → next".
func (a *App) echoKey(ev *tcell.EventKey, what string) {
	if !a.pres.on {
		return
	}
	k := keyCode{Key: ev.Key(), Rune: ev.Rune()}
	if ev.Key() == tcell.KeyRune {
		k.Mod = ev.Modifiers() & (tcell.ModAlt | tcell.ModCtrl)
	} else if ev.Key() < tcell.KeyCtrlA || ev.Key() > tcell.KeyCtrlZ {
		k.Mod = ev.Modifiers()
	}
	a.pres.echoN++
	n := a.pres.echoN
	a.pres.echo = keyName(k) + " → " + what
	d := a.cfg.keyEcho
	if d == 0 {
		d = echoFor
	}
	time.AfterFunc(d, func() {
		a.post(func() {
			if a.pres.echoN == n {
				a.pres.echo = ""
			}
		})
	})
}

// absPathLine matches an absolute path ending in FILE:LINE, the file kept
// in group 1.
var absPathLine = regexp.MustCompile(`/(?:[^\s:/]+/)+([^\s:/]+:\d+)`)

// shortPaths is line with every /abs/path/FILE:LINE as FILE:LINE; "" when
// it has none (the Log keeps it beside the line).
func shortPaths(line string) string {
	if !absPathLine.MatchString(line) {
		return ""
	}
	return absPathLine.ReplaceAllString(line, "$1")
}
