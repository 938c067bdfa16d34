// Package console is tdb's text layer: what every front end shares and no
// front end draws. A Console runs command lines against a
// debugger.Session and says what it has to say, one whole line at a time,
// to a Printer the front end gives it; so `break`, `print` or `next`
// answer the same lines in the batch output, in line mode and in the full
// screen's Log. It imports no tview or tcell, directly or indirectly
// (TestNoScreenImports checks with go list -deps): line mode runs where
// no screen can, and the front ends to come (a debug adapter, followers)
// use it without one.
//
// Where things live:
//
//   - console.go: Console (New, Exec, Complete, Detach), the Printer it
//     prints through, command lookup and completion.
//   - commands.go: the command table, the one source of parsing, `help`,
//     completion and README's command list (TestREADMECommands). The
//     commands' Run functions sit in commands_<area>.go: run (execution,
//     breakpoints, frames), parse (locations, counts, addresses), values
//     (print, display, set), gdb (/FMT, x, info), printf, list,
//     goroutines, watch, catch, crun (signals, pending breakpoints).
//   - format.go: the exact line forms of DESIGN's batch output (stop,
//     frame, breakpoint, register, exit), which the screen's panes show
//     too.
//   - stopreport.go: ReportStop, the one place a stop is reported, with
//     its watch values, returned values and displays.
//   - batch.go: the batch front end (tdb --batch): BatchPrinter, the one
//     writer of stdout and stderr, RunBatch and ReadCommandFile (-x).
//   - history.go: ConfigDir, where tdb keeps its files, and History, the
//     command history kept there between runs.
//   - stops.go, stops_view.go, commands_stops.go, replay.go: the stop
//     history (StopHistory: every stop ReportStop reports, bounded, saved
//     as JSON lines), the read-only view of one stop that answers the
//     commands' requests from its record (history N), and tdb replay's
//     batch front end (RunReplayBatch).
//   - share.go: a shared session (--share SOCKET): the Sharer serves the
//     history's records, Log lines, output and mechanics as JSON lines on
//     a Unix socket, a bounded queue per follower; Dial and Stream are
//     the follower's end, NewFollower its console (a live replay).
//   - robust_files.go: ReadRegular, how tdb reads a file of its own
//     (config, history) without blocking on a FIFO or reading a huge one.
//
// Concurrency: Exec and Complete may be called from several goroutines at
// once; an execution command blocks its caller until the target stops,
// so a front end that must stay responsive runs Exec on a worker
// goroutine. The Printer is called from the goroutine that runs Exec.
//
// Imports point one way: main, tdb/ui (the full screen) and
// tdb/ui/linemode import this package; it imports debugger and source,
// never a front end.
package console
