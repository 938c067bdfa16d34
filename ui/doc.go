// Package ui is tdb's full-screen debugger: a tview application over a
// debugger.Session. The text it shows comes from the text layer,
// tdb/ui/console: every command line, typed or sent by a key, runs
// through a console.Console (run.go makes one that prints to the Log), so
// a command behaves as in the batch output (console.RunBatch) and in line
// mode (tdb/ui/linemode), which live outside this package and build
// without tview or tcell.
//
// The widgets belong to one goroutine, tview's event loop. The screen
// renders immutable debugger.State snapshots and never asks the engine
// for pieces while drawing. Everything that happens elsewhere (the
// engine's events, the replies that workers wait for, finished syntax
// highlighting) reaches the widgets through one pump goroutine (pump.go)
// that batches it, in the order it was sent, draws at most one frame per
// frame interval (a hot loop's thousands of stops cost a few frames a
// second) and stops, via a context, before the application does. Keys
// never block: execution commands run on worker goroutines, and Ctrl+C
// interrupts the program instead of quitting.
//
// Where things live:
//
//   - run.go, app.go: Run, the App and its wiring to the engine (the
//     engine interface) and the console (commander); stopreport.go
//     reports the stops the App asks for itself through the console.
//   - pump.go, keyqueue.go: the pump, and the keys kept while the first
//     stop is on its way.
//   - keys.go, handlers.go, input.go, help.go, statusbar.go: one key table
//     drives the bindings, the help overlay, the status bar's hints and
//     README's key list; input.go sends keys to the program.
//   - layout.go: the pane arrangement, sized by the terminal only.
//   - sourceview.go, highlighter.go: the Source pane, drawing only its
//     visible rows, with token kinds computed once per file off the UI
//     goroutine and styles looked up in the theme at draw time.
//   - panes_*.go: Registers, Backtrace, Log (ansi.go strips the program's
//     terminal control), the side views (Locals, Watch, Goroutines);
//     printident.go the value popup; cmdline.go the command line with its
//     history (console.History) and completion.
//   - framescreen.go, glyphs.go: the frame buffer that sends only changed
//     cells, and the gutter marks in Unicode or ASCII.
//   - terminal.go, linemode_term.go, signals.go: whether the screen can
//     open (CheckTerminal) or the terminal calls for line mode
//     (LineModeTerminal, which asks tcell's terminfo), and the signals
//     that end the screen with the terminal restored.
//   - stops_view.go, panes_stops.go: the stop history on the screen:
//     the panes' requests go through the console's view of a past stop
//     (viewEngine), syncView swaps the present and that stop, the History
//     pane lists the stops; RunReplay (run.go) is tdb replay's screen.
//   - follow.go: tdb follow's screen (RunFollow): the replay screen fed
//     from a shared session's socket, moving to each new stop unless the
//     user browses the history.
//   - config.go: the user's config file (theme, keys, mouse, ASCII,
//     substitute-path) in console.ConfigDir.
package ui
