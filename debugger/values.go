package debugger

// handleValues answers the requests about variables and expressions
// (print, locals, args, display, set). It reports false for requests that
// are not its own.
func (e *engine) handleValues(req Request) (Reply, bool) {
	return Reply{}, false
}
