// Package dap is tdb's debug adapter: the Debug Adapter Protocol that VS
// Code, nvim-dap, Helix, Zed and Emacs speak, translated to requests of a
// debugger.Session and back (`tdb dap`, `tdb dap --listen ADDR`).
//
// An Adapter serves one client on one connection. Its reading goroutine
// handles the client's requests in order; a request that runs the target
// (continue, next, stepIn, stepOut, configurationDone, a repl command)
// answers at once and waits for the stop on a goroutine of its own, so
// that pause, threads and breakpoint changes are answered while the
// program runs. One more goroutine drains the session's events: the
// program's output and tdb's log become output events, an exit becomes
// exited and terminated. Stops come from the execution requests' replies
// (State snapshots): the adapter waits until the event goroutine has sent
// every output the engine emitted before the stop, so the client sees a
// program's last lines before the stopped event.
//
// Ids the client holds (variablesReference, frameId) are handles into
// tables that each stop clears, as Delve's adapter does: a handle names an
// expression and a frame, and the engine evaluates it again when asked
// (debugger.Children), so no live value is kept between requests. Threads
// are goroutines in a Go program and OS threads in a C one.
//
// The repl runs tdb's own console commands through the Commands interface
// (the main package wires the console in, which keeps this package free of
// the full-screen UI's imports); a line that is no command is evaluated as
// an expression.
package dap
