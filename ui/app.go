package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/source"
	"tdb/theme"
	"tdb/ui/console"
)

// engine is the part of *debugger.Session the screen uses, so that tests
// can draw hand-made states without a target.
type engine interface {
	Send(debugger.Request) <-chan debugger.Reply
	Interrupt()
	WriteInput([]byte) error
	Events() <-chan debugger.Event
}

// commandMarker: an engine that is told where a typed command begins and
// ends (*debugger.Session), so that an interrupt in between is its.
type commandMarker interface {
	CommandStart()
	CommandEnd()
}

// commander runs command lines: *console.Console.
type commander interface {
	Exec(line string) (quit bool, err error)
	Complete(line string) []string
}

// runState is what the target is doing, as the status bar says it.
type runState int

const (
	stateStarting runState = iota
	stateStopped
	stateRunning
	stateExited
	stateDetached
	stateEnded // the session is over: no more events
)

// App is the full-screen debugger. Every field is owned by the tview event
// loop goroutine (the UI goroutine) except those marked otherwise: other
// goroutines reach it only through post, which the pump runs there.
type App struct {
	app    *tview.Application
	eng    engine
	con    commander
	th     *theme.Theme
	gl     glyphs
	keys   *keyTable
	files  *source.Files
	hl     *highlighter
	hist   *console.History
	cfg    config
	binMod time.Time // the binary's modification time, for stale-source warnings

	// Set once before the loop runs; safe for any goroutine.
	posts  chan func()
	sigs   chan os.Signal // signals for the screen (signals.go), or nil
	order  postOrder      // where each post goes among the events (pump.go)
	ctx    context.Context
	cancel context.CancelFunc
	input  chan []byte // keystrokes for the program's terminal

	state    *debugger.State
	prevRegs map[string]uint64 // registers at the stop before state's
	bps      []debugger.Breakpoint
	run      runState
	exited   *debugger.Exited
	busy     int  // execution commands sent and not yet answered
	stepping bool // the last command is a step key's (n, s, f, S): it ends soon
	mechOn   bool // mechanics reporting, as far as we asked for it
	quitting bool

	// Panes and chrome.
	src    *sourcePane
	regs   *regsPane
	locals *varsPane
	watch  *varsPane
	gor    *goroutinesPane
	stops  *stopsPane // the History pane
	mech   *mechPane  // the Mechanics pane
	asm    *asmPane   // the Disassembly pane (layout split|asm)
	mem    *memPane   // the Memory pane
	bt     *backtracePane
	log    *logPane
	cmd    *cmdLine
	bar    *statusBar
	panes  []pane // focus order
	pages  *tview.Pages
	layout *layout
	screen *frameScreen // the screen Run draws on; nil in tests that draw by hand

	inputMode bool   // keys go to the program
	overlay   string // "", "help", "quit"
	lastFocus pane   // the pane focused before the command line

	identLine string // the source line p/K last printed from (path:row)
	identIdx  int    // which of its identifiers

	// mistyped: the last key was an f refused in main, the f of a
	// command typed without its colon ("b fib"); the i that follows it
	// does not enter input mode.
	mistyped bool
	// lastMistyped: mistyped as the key before the one being handled
	// left it (doAction).
	lastMistyped bool
	// present is the present while a stop of the history is shown
	// (stops_view.go), nil otherwise; replayFile is tdb replay's file.
	present    *presentState
	replayFile string
	// share serves the session to followers (--share), nil otherwise;
	// stream is a follower's connection to the session it follows
	// (follow.go).
	share       *console.Sharer
	stream      *console.Stream
	streamEnded string      // why a follower's stream ended ("the session ended"); "" while it runs
	followRun   string      // the followed program's state when not stopped ("exited: status 3")
	pres        presenter   // presenter mode and lessons (present.go, lesson.go)
	histKeys    chan string // the { and } keys' commands, in order

	// Keys typed before the first stop (keyqueue.go).
	starting, replaying bool
	kept                []*tcell.EventKey
}

// pane is one of the focusable panes.
type pane interface {
	tview.Primitive
	title() string
	// move applies a movement action; it reports whether it knew it.
	move(a action) bool
}

// newApp builds the screen's widgets around eng and con. It does not start
// anything: Run (or a test) does.
func newApp(eng engine, con commander, th *theme.Theme, cfg config, binPath string) *App {
	a := &App{
		app:      tview.NewApplication(),
		eng:      eng,
		con:      con,
		th:       th,
		gl:       pickGlyphs(cfg.ascii),
		keys:     newKeyTable(),
		hist:     console.LoadHistory(cfg.dir),
		cfg:      cfg,
		posts:    make(chan func(), 1024),
		input:    make(chan []byte, 256),
		prevRegs: map[string]uint64{},
	}
	a.files = source.NewFiles(a.readSource)
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.hl = newHighlighter(a.post)
	for _, kb := range cfg.keys {
		if err := a.keys.bind(kb[0], string(kb[1])); err != nil {
			cfg.errs = append(cfg.errs, fmt.Sprintf("config: key %s %s: %v", kb[0], kb[1], err))
		}
	}
	if binPath != "" {
		if fi, err := os.Stat(binPath); err == nil {
			a.binMod = fi.ModTime()
		}
	}
	applyTviewStyles(th, a.gl.ascii)

	a.src = newSourcePane(a)
	a.regs = newRegsPane(a)
	a.locals = newVarsPane(a, "Locals", localsRoots)
	a.watch = newVarsPane(a, "Watch", a.watchRoots)
	a.gor = newGoroutinesPane(a)
	a.stops = newStopsPane(a)
	a.mech = newMechPane(a)
	a.asm = newAsmPane(a)
	a.mem = newMemPane(a)
	a.bt = newBacktracePane(a)
	a.log = newLogPane(a)
	a.cmd = newCmdLine(a)
	a.bar = newStatusBar(a)
	a.layout = newLayout(a)
	a.loadLayout()
	a.pages = tview.NewPages().AddPage("main", a.layout.root, true, true)

	a.app.SetRoot(a.pages, true).
		SetInputCapture(a.handleKey).
		SetMouseCapture(a.handleMouse).
		SetBeforeDrawFunc(func(s tcell.Screen) bool {
			w, h := s.Size()
			a.layout.resize(w, h)
			return false
		})
	a.app.SetFocus(a.src)
	for _, e := range cfg.errs {
		a.log.add(e, theme.Warning)
	}
	return a
}

// goSafe runs f on a new goroutine that, should it panic, restores the
// terminal before the panic goes on: a dying tdb must not leave the
// terminal in raw mode.
func (a *App) goSafe(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				a.app.Stop()
				panic(r)
			}
		}()
		f()
	}()
}

// apply renders one event. UI goroutine only.
func (a *App) apply(ev debugger.Event) {
	// A kept key waits for the stop as well as for the reply, which
	// may come first (keyqueue.go).
	defer a.replayKeys()
	if a.present != nil && a.applyUnderView(ev) {
		return
	}
	if a.share != nil {
		// The events come in order, but the stop records are sent from
		// the console, when their values arrive: a Running applied
		// after its stop was sent is ended by the Stopped behind it.
		switch ev := ev.(type) {
		case debugger.Stopped:
			a.share.Run(console.RunStopped)
		case debugger.Running:
			a.share.Run("running")
		case debugger.Exited:
			a.share.Run(ev.String())
		case debugger.Detached:
			a.share.Run("detached")
		}
	}
	switch ev := ev.(type) {
	case debugger.Stopped:
		a.setState(ev.State)
	case debugger.Running:
		a.run = stateRunning
	case debugger.Exited:
		a.run = stateExited
		a.exited = &ev
		a.state = nil
	case debugger.Detached:
		a.run = stateDetached
		a.state = nil
	case debugger.Output:
		a.log.addOutput(ev.Data)
	case debugger.Log:
		role := theme.Text
		switch ev.Level {
		case "warning":
			role = theme.Warning
		case "error":
			role = theme.Error
		}
		a.log.add(ev.Text, role)
	case debugger.Mechanics:
		if !ev.Pending {
			a.log.add(ev.Text, theme.Mechanics)
		}
		a.mech.add(ev)
		if a.share != nil {
			a.share.Mech(a.mech.cmd, ev)
		}
	case debugger.Exec:
		a.log.add(ev.String(), theme.Text)
	}
}

// setState shows a new snapshot. A snapshot with the Seq of the current one
// is the same stop with another frame selected: the registers' baseline
// stays, and the source moves only if it has to.
func (a *App) setState(st *debugger.State) {
	if st == nil {
		return
	}
	newStop := a.state == nil || st.Seq != a.state.Seq
	if newStop && a.state != nil {
		a.prevRegs = map[string]uint64{}
		for _, r := range a.state.Registers {
			a.prevRegs[r.Name] = r.Value
		}
	}
	a.state = st
	a.bps = st.Breakpoints
	a.run = stateStopped
	a.exited = nil
	a.bt.follow(st)
	a.src.follow(st) // the Disassembly pane too
	a.mem.stopped(newStop)
	a.refreshSide()
}

// selectedFrame is the frame the panes show.
func (a *App) selectedFrame() (debugger.Frame, bool) {
	st := a.state
	if st == nil {
		return debugger.Frame{}, false
	}
	if st.SelectedFrame >= 0 && st.SelectedFrame < len(st.Frames) {
		return st.Frames[st.SelectedFrame], true
	}
	return debugger.Frame{PC: st.PC, Function: st.Function, File: st.File, Line: st.Line}, true
}

// changed reports whether register name differs from the previous stop.
func (a *App) changed(name string, v uint64) bool {
	old, ok := a.prevRegs[name]
	return ok && old != v
}

// uiPrinter moves a Console's output into the log.
type uiPrinter struct{ a *App }

func (p uiPrinter) Print(line string) { p.a.post(func() { p.a.log.add(line, theme.Text) }) }
func (p uiPrinter) Error(line string) {
	p.a.post(func() { p.a.log.add("error: "+line, theme.Error) })
}

// runCommand runs a command line on a worker goroutine, echoing it to the
// log first. Execution commands block there until the target stops; the
// screen stays live meanwhile.
func (a *App) runCommand(line string) { a.runCommandThen(line, nil) }

// runCommandThen is runCommand with then called on the UI goroutine once
// the command is done, with its error (a lesson's next line waits for
// it). then is not called after quit.
func (a *App) runCommandThen(line string, then func(err error)) {
	line = strings.TrimSpace(line)
	if line == "" {
		if then != nil {
			then(nil)
		}
		return
	}
	a.log.add("(tdb) "+line, theme.Command)
	a.stepping = false
	if !strings.HasPrefix(line, "mechanics") {
		a.mech.command(line) // its operations are grouped under it
	}
	// Keep the m key's idea of the mechanics in step with typed commands.
	switch strings.Join(strings.Fields(line), " ") {
	case "mechanics on":
		a.mechOn = true
	case "mechanics off":
		a.mechOn = false
	case "mechanics step":
		a.mechOn = true
		a.showSide(a.mech)
	}
	a.busy++
	// Ctrl+C from now on (a key after this one) is this command's, also
	// before its run request reaches the engine.
	marker, _ := a.eng.(commandMarker)
	if marker != nil {
		marker.CommandStart()
	}
	a.goSafe(func() {
		quit, err := a.con.Exec(line)
		if marker != nil {
			marker.CommandEnd()
		}
		a.post(func() {
			a.busy--
			if quit {
				a.quit()
				return
			}
			a.syncView()
			if a.layout.side == a.stops {
				a.stops.refresh() // the stop just recorded
			}
			a.refreshBreakpoints()
			a.afterCommand(line)
			if then != nil {
				then(err)
			}
			a.replayKeys()
		})
	})
}

// afterCommand refreshes the side view after commands that change what it
// shows without a stop: a display added shows the Watch pane.
func (a *App) afterCommand(line string) {
	if a.run != stateStopped {
		return
	}
	switch strings.Fields(line)[0] {
	case "display":
		if a.layout.side != a.watch {
			a.showSide(a.watch)
		}
		a.watch.refresh(true)
	case "undisplay":
		a.watch.refresh(true)
	case "set":
		a.locals.refresh(true)
		a.watch.refresh(true)
	}
}

// execKey runs an execution command for a key, unless the target cannot
// take one now; then it says why instead.
func (a *App) execKey(line string) {
	if a.refuseInView() {
		return
	}
	switch {
	case a.run == stateRunning || a.busy > 0:
		a.log.add("the program is running: Ctrl+C interrupts it", theme.Warning)
	case a.run == stateExited || a.run == stateDetached:
		a.log.add("the program is not running: r restarts it", theme.Warning)
	case a.run == stateEnded:
		a.log.add("the debugging session has ended: q quits", theme.Warning)
	default:
		a.runCommand(line)
		a.stepping = line != "continue"
	}
}

// refreshBreakpoints fetches the breakpoint list: commands and toggles
// change it between stops, and the gutter must show it at once.
func (a *App) refreshBreakpoints() {
	ch := a.eng.Send(debugger.ListBreakpoints{})
	a.goSafe(func() {
		rep := <-ch
		if rep.Err != nil {
			return
		}
		a.post(func() { a.bps = rep.Breakpoints })
	})
}

// toggleBreakpointAt toggles the breakpoints of file:line (the gutter).
func (a *App) toggleBreakpointAt(file string, line int) {
	if file == "" || line <= 0 {
		return
	}
	a.mech.command(fmt.Sprintf("gutter click: toggle breakpoint %s:%d", baseName(file), line))
	ch := a.eng.Send(debugger.ToggleBreakpointAt{File: file, Line: line})
	a.goSafe(func() {
		rep := <-ch
		// A toggle that finds breakpoints clears them; the reply lists
		// them either way, and the Log must not say "Breakpoint 1 at"
		// for one just removed. The engine's list, asked after the
		// toggle (requests are served in order), tells which.
		now := map[int]bool{}
		if l := <-a.eng.Send(debugger.ListBreakpoints{}); l.Err == nil {
			for _, bp := range l.Breakpoints {
				now[bp.ID] = true
			}
		}
		a.post(func() {
			for _, n := range rep.Notes {
				a.log.add(n, theme.Text)
			}
			if rep.Err != nil {
				a.log.add("error: "+rep.Err.Error(), theme.Error)
			}
			for _, bp := range rep.Breakpoints {
				if !now[bp.ID] {
					a.log.add(fmt.Sprintf("Breakpoint %d cleared", bp.ID), theme.Text)
					continue
				}
				a.log.add(console.FormatBreakpointEntry(bp), theme.Text)
			}
			a.refreshBreakpoints()
		})
	})
}

// toggleBreakpointAddr toggles a breakpoint on an instruction (disassembly).
func (a *App) toggleBreakpointAddr(addr uint64) {
	for _, bp := range a.bps {
		for _, x := range bp.Addrs {
			if x == addr {
				a.runCommand(fmt.Sprintf("clear %d", bp.ID))
				return
			}
		}
	}
	a.runCommand(fmt.Sprintf("break *%#x", addr))
}

// selectFrame asks the engine to select frame i; the Stopped event it
// sends moves the panes.
func (a *App) selectFrame(i int) {
	st := a.state
	if st == nil || a.run != stateStopped || i < 0 || i >= len(st.Frames) || i == st.SelectedFrame {
		return
	}
	ch := a.eng.Send(debugger.SelectFrame{Index: i})
	a.goSafe(func() {
		if rep := <-ch; rep.Err != nil {
			a.post(func() { a.log.add("error: "+rep.Err.Error(), theme.Error) })
		}
		// A stop of the history sends no Stopped event: the console's
		// view changed frame.
		a.post(a.syncView)
	})
}

// start runs the program to main and then the start-up commands, on a
// worker goroutine.
func (a *App) start(cmds []string) {
	if a.stream != nil {
		a.startFollow(cmds)
		return
	}
	if a.replayFile != "" {
		a.startReplay(cmds)
		return
	}
	a.busy++
	a.starting = true
	a.goSafe(func() {
		// An attached program stays where it was stopped, as gdb's
		// attach leaves it: running it "to main" let it run on.
		var req debugger.Request = debugger.RunToMain{}
		if at, ok := a.eng.(interface{ Attached() bool }); ok && at.Attached() {
			req = debugger.CurrentState{}
		}
		rep := <-a.eng.Send(req)
		a.reportStop(rep)
		a.post(func() {
			a.busy--
			if rep.Err != nil {
				a.log.add("error: "+rep.Err.Error(), theme.Error)
			}
			a.log.add("tdb: press ? for help, : for commands", theme.Dim)
		})
		for _, c := range cmds {
			a.post(func() { a.log.add("(tdb) "+c, theme.Command) })
			quit, _ := a.con.Exec(c)
			if quit {
				a.post(a.quit)
				return
			}
		}
		a.post(a.refreshBreakpoints)
		a.post(func() {
			a.starting = false
			a.openLesson()
			a.replayKeys()
		})
	})
}

// quit ends the UI; Run's caller closes the session (killing the program).
func (a *App) quit() {
	if a.quitting {
		return
	}
	a.quitting = true
	a.hist.Save()
	a.cancel()
	a.app.Stop()
}

// sourceIsNewer reports whether the source file is newer than the
// binary: the lines shown may not be the lines compiled.
func (a *App) sourceIsNewer(f *source.File) bool {
	return !a.binMod.IsZero() && f != nil && f.ModTime.After(a.binMod)
}

// baseName shortens a recorded path for narrow places.
func baseName(p string) string {
	if p == "" {
		return ""
	}
	return filepath.Base(p)
}
