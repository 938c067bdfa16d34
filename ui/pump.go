package ui

import (
	"tdb/debugger"
)

// maxBatch bounds how many items one screen update applies: with the
// mechanics on, the engine sends thousands of events a second, and one
// draw per batch keeps the screen live without drawing each.
const maxBatch = 4096

// pump moves the session's events and the workers' posts onto the UI
// goroutine, batched: one QueueUpdateDraw per batch, and never more than
// one outstanding, so the tview queue cannot fill up. It returns when the
// context is cancelled (before app.Stop, see App.quit); the session's
// events are then drained by drain so the engine never blocks on them.
func (a *App) pump(done chan<- struct{}) {
	defer close(done)
	events := a.eng.Events()
	for {
		var batch []func()
		// Wait for the first item.
		select {
		case <-a.ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				batch = append(batch, a.sessionEnded)
			} else {
				batch = append(batch, func() { a.apply(ev) })
			}
		case f := <-a.posts:
			batch = append(batch, f)
		}
		// Take whatever else is ready, without waiting.
	more:
		for len(batch) < maxBatch {
			select {
			case ev, ok := <-events:
				if !ok {
					events = nil
					batch = append(batch, a.sessionEnded)
					continue
				}
				batch = append(batch, func() { a.apply(ev) })
			case f := <-a.posts:
				batch = append(batch, f)
			default:
				break more
			}
		}
		applied := make(chan struct{})
		// QueueUpdateDraw blocks until the UI goroutine ran it, and for
		// ever once the loop has stopped: wait for it on the side so that
		// cancellation still ends the pump.
		go func() {
			a.app.QueueUpdateDraw(func() {
				for _, f := range batch {
					f()
				}
			})
			close(applied)
		}()
		select {
		case <-applied:
		case <-a.ctx.Done():
			return
		}
	}
}

// sessionEnded notes that the event channel closed: the engine is gone.
func (a *App) sessionEnded() {
	if a.run != stateExited && a.run != stateDetached {
		a.run = stateEnded
	}
	a.state = nil
}

// drain keeps reading the session's events after the UI stopped, until
// the session closes them.
func drain(events <-chan debugger.Event) {
	for range events {
	}
}
