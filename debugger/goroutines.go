package debugger

// handleGoroutines answers the requests about goroutines and threads
// (listing, switching). It reports false for requests that are not its own.
func (e *engine) handleGoroutines(req Request) (Reply, bool) {
	return Reply{}, false
}
