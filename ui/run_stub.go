package ui

import (
	"errors"

	"tdb/debugger"
)

// Temporary: the full-screen UI (ui/run.go) replaces this file when it
// lands. Until then `tdb` without --batch says so instead of failing to
// build.

// Options configure the full-screen UI.
type Options struct {
	Theme    string
	Commands []string // -x/-ex commands to run at start
}

// Run runs the full-screen UI on sess until the user quits.
func Run(sess *debugger.Session, opts Options) error {
	return errors.New("full-screen UI not built yet: use --batch")
}
