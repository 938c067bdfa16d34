package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"

	"github.com/gdamore/tcell/v2"

	"tdb/debugger"
	"tdb/theme"
	"tdb/ui/console"
)

// Options configure the full-screen UI.
type Options struct {
	Theme    string   // a built-in theme or a chroma style; "" uses the config file's or the default
	Commands []string // -x/-ex commands to run at start, their output in the Log pane
	// Signals, from NotifySignals: a quit signal ends the screen as quit
	// does (Run then returns a *SignalError), SIGTSTP suspends it.
	Signals chan os.Signal
	// Present starts in presenter mode (--present): the projector theme
	// unless Theme names one.
	Present bool
	// Lesson is played once the start-up commands ran (--lesson FILE,
	// tdb tour); LessonName is what its banner calls it.
	Lesson     *console.Lesson
	LessonName string
	// Share serves the session to followers (--share SOCKET): Run
	// serves it from the session's console; the caller closes it.
	Share *console.Sharer
}

// Run runs the full-screen UI on sess until the user quits. It first sends
// RunToMain, so the screen opens at the first line of main. It does not
// close sess: the caller does, which kills the program unless it was
// detached. The terminal is restored before Run returns, also when
// anything panics.
func Run(sess *debugger.Session, opts Options) (err error) {
	binPath := ""
	if b := sess.Binary(); b != nil {
		binPath = b.Path()
	}
	return runScreen(opts, binPath, func(a *App) {
		if b := sess.Binary(); b != nil && len(a.cfg.subst) > 0 {
			// The command line's substitutions come first: they win.
			b.SetSubstitutions(append(b.Substitutions(), a.cfg.subst...))
		}
		a.wire(sess)
		if opts.Share != nil {
			a.share = opts.Share
			a.share.Serve(a.con.(*console.Console).Stops())
		}
	})
}

// wire gives a the session and a console over it; the panes' requests go
// through the console's stop history first (stops_view.go).
func (a *App) wire(sess *debugger.Session) {
	con := console.New(sess, uiPrinter{a})
	con.AllowMechanicsStep()      // Space releases its pauses while a command runs
	con.SetScreen(screenViews{a}) // layout, memory
	a.con = con
	a.eng = viewEngine{engine: sess, h: con}
}

// RunReplay runs the full screen over a saved stop history (tdb replay
// FILE): no program, the panes showing the newest stop, history N, the
// History pane and the { } keys moving through the others.
func RunReplay(h *console.StopHistory, file string, opts Options) error {
	return runScreen(opts, "", func(a *App) { a.wireReplay(h, file) })
}

// wireReplay gives a a console over a saved history and no program.
func (a *App) wireReplay(h *console.StopHistory, file string) {
	con := console.NewReplay(h, file, uiPrinter{a})
	con.SetScreen(screenViews{a}) // layout, memory: the panes say what a replay lacks
	a.con = con
	a.eng = viewEngine{engine: replayEngine{events: make(chan debugger.Event)}, h: con}
	a.replayFile = file
}

// runScreen opens the terminal, builds the App (wire sets its engine and
// console) and runs it.
func runScreen(opts Options, binPath string, wire func(a *App)) (err error) {
	cfg := loadConfig()
	name := opts.Theme
	if name == "" {
		name = cfg.theme
	}
	screen, err := openScreen()
	if err != nil {
		if os.Getenv("TERM") == "" {
			// tcell's "terminal entry not found: term not set" does
			// not say what to do.
			return fmt.Errorf("opening the terminal: TERM is not set: set it (TERM=xterm-256color) or run tdb --batch or --cli")
		}
		return err
	}
	// Every way out of here restores the terminal: runOn's Fini on the
	// normal path and after a panic, this one before runOn.
	ran := false
	defer func() {
		if !ran {
			screen.Fini()
		}
	}()
	// Terminals without 256 colours get the theme of named colours,
	// unless the user chose one.
	if name == "" && screen.Colors() > 0 && screen.Colors() < 256 {
		name = "16"
	}
	th, err := theme.Load(name)
	if err != nil && opts.Theme == "" {
		return fmt.Errorf("config %s: %w", filepath.Join(cfg.dir, "config"), err)
	}
	if err != nil {
		return err
	}
	base := th
	if opts.Present && opts.Theme == "" && !th.Mono {
		// The projector theme, unless --theme chose one; present off
		// returns to the theme it replaced.
		if pt, err := theme.Load(projectorTheme); err == nil {
			th = pt
		}
	}
	a := newApp(nil, nil, th, cfg, binPath)
	a.pres.on, a.pres.before = opts.Present, base
	a.pres.opening, a.pres.openingName = opts.Lesson, opts.LessonName
	wire(a)
	a.sigs = opts.Signals
	ran = true
	return a.runOn(screen, opts.Commands)
}

// runOn runs the event loop on screen (already initialised or a
// simulation screen) until quit, and tears down in order: pump first
// (through the context), then the screen.
func (a *App) runOn(screen tcell.Screen, cmds []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			// tview's Run restores the terminal on a panic in its own
			// goroutine; this covers everything before and after it.
			screen.Fini()
			fmt.Fprintf(os.Stderr, "tdb: panic: %v\n%s", r, debug.Stack())
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	// Only the cells a frame changes go to the terminal (framescreen.go).
	// tview's SetScreen initialises the screen again, and ignores the
	// error: the frame screen makes a second Init a no-op.
	fs, ok := screen.(*frameScreen)
	if !ok {
		fs = newFrameScreen(screen)
	}
	a.app.SetScreen(fs)
	a.screen = fs
	if a.cfg.mouse {
		a.app.EnableMouse(true)
	}
	pumpDone := make(chan struct{})
	a.goSafe(func() { a.pump(pumpDone) })
	a.goSafe(a.writeInput)
	var sig atomic.Value
	if a.sigs != nil {
		go a.watchSignals(a.sigs, &sig)
	}
	a.start(cmds)
	err = a.app.Run()
	a.cancel()
	<-pumpDone
	// The loop is over: this goroutine owns the App now. A terminal that
	// went away (its reads fail: tview stops on the error) did not pass
	// through quit; the history is saved all the same.
	if !a.quitting {
		a.quitting = true
		a.hist.Save()
	}
	go drain(a.eng.Events())
	if s, ok := sig.Load().(os.Signal); ok {
		return &SignalError{Signal: s}
	}
	return err
}
