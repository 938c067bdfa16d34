// Package linemode is tdb's line mode (tdb --cli, TERM=dumb, a terminal
// without cursor addressing): commands are read a line at a time after
// the prompt "(tdb) " and answered in the batch front end's exact lines,
// through the same console.Console and console.BatchPrinter, with the
// program's output interleaved.
//
// linemode.go has Run, which owns the session until quit or the end of
// the input, handles the signals (Ctrl+C interrupts the program, SIGTERM
// ends as quit does) and reads lines on a goroutine of its own so the
// terminal is raw only while a line is typed. lineedit.go is the line
// editor used when stdin is a terminal: cursor keys, the command history
// (console.History), Tab completion (Console.Complete), Ctrl+C to drop a
// line. From a pipe, lines are read plainly, the prompt still printed.
//
// It imports no tview or tcell, directly or indirectly
// (TestNoScreenImports): it is for the terminals the screen cannot run
// on. Whether the screen can run is the full screen's question
// (ui.LineModeTerminal asks tcell's terminfo); main picks the front end.
package linemode
