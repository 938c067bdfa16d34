package debugger

import "tdb/source"

// Session owns one target process. All ptrace calls happen on one goroutine,
// locked to its OS thread, which the session starts; other goroutines talk to
// it through Do/Send (requests with reply channels) and Events.
//
// Concurrency: every method is safe to call from any goroutine.
type Session struct {
	bin    *source.Binary
	reqs   chan envelope
	events chan Event
}

type envelope struct {
	req   Request
	reply chan Reply
}

// Start launches (or attaches to) the target described by cfg and returns
// once it is stopped at its entry point (or, attached, where it was). The
// first event is a Stopped with reason "entry".
func Start(cfg Config) (*Session, error) {
	panic("engine: not yet written")
}

// Binary returns the loaded executable (safe for concurrent use).
func (s *Session) Binary() *source.Binary { return s.bin }

// Events returns the channel of events. It is closed when the session ends.
// A front end must keep draining it.
func (s *Session) Events() <-chan Event { return s.events }

// Do sends r and waits for its reply. Execution requests (Continue, Next,
// ...) reply when the target stops again or exits.
func (s *Session) Do(r Request) Reply { return <-s.Send(r) }

// Send sends r and returns the channel its reply will arrive on.
func (s *Session) Send(r Request) <-chan Reply {
	ch := make(chan Reply, 1)
	s.reqs <- envelope{r, ch}
	return ch
}

// Interrupt stops the running target; the stop is reported with reason
// "interrupt". It does nothing when the target is stopped.
func (s *Session) Interrupt() {}

// WriteInput sends bytes to the program's terminal (its stdin).
func (s *Session) WriteInput(b []byte) error { return nil }

// Close kills the target (unless it was detached), reaps it, and ends the
// session. It is safe to call more than once.
func (s *Session) Close() error { return nil }
