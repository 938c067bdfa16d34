// Package ui holds tdb's front ends over a debugger.Session: the batch
// front end (plain text, for scripts), the line mode (linemode.go: a
// (tdb) prompt printing the batch front end's lines, for dumb terminals
// and --cli) and the full-screen debugger.
//
// All run command lines through a Console (console.go, commands*.go), so a
// command behaves the same in each. The full-screen debugger (app.go and
// the files around it) is a tview application whose widgets belong to one
// goroutine, tview's event loop. It renders immutable debugger.State
// snapshots and never asks the engine for pieces while drawing. Everything
// that happens elsewhere (the engine's events, the replies that workers
// wait for, finished syntax highlighting) reaches the widgets through one
// pump goroutine (pump.go) that batches it, in the order it was sent,
// draws at most one frame per frame interval (a hot loop's thousands of
// stops cost a few frames a second) and stops, via a context, before the
// application does. Keys never block:
// execution commands run on worker goroutines, and Ctrl+C interrupts the
// program instead of quitting.
//
// One key table (keys.go) drives the bindings, the help overlay, the
// status bar's hints and README's key list. The Source pane (sourceview.go)
// draws only its visible rows, with token kinds computed once per file off
// the UI goroutine and styles looked up in the theme at draw time.
package ui
