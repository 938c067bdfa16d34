package ui

import (
	"time"

	"tdb/debugger"
)

// maxBatch bounds how many items one screen update applies: with the
// mechanics on, the engine sends thousands of events a second, and one
// update per batch keeps the screen live without one per event.
const maxBatch = 4096

// frameInterval is the least time between two frames the pump draws: a
// breakpoint hit 20,000 times in a hot loop is 20,000 stops, and drawing
// each would make the UI, not the program, the bottleneck (issue 5).
const frameInterval = time.Second / 60

// drawShare bounds the share of the time the pump's frames take: after a
// frame that took d (applying its batch and drawing), the next waits at
// least drawShare*d. A full frame of a big window costs milliseconds, and
// on a machine with few cores the UI goroutine competes with the ptrace
// goroutine and the program for them: at 1/20 of the time, a burst of
// stops is slowed by a few percent at most, and the screen still moves.
// maxFrameInterval caps the wait, so that one slow frame (the first
// of a big file) does not hold the next for long.
// gatherStep is how often the pump looks at the channels while a frame is
// not yet due: often enough that they do not fill up (4096 events, 1024
// posts) in the fastest bursts.
const (
	drawShare        = 20
	maxFrameInterval = time.Second / 4
	gatherStep       = 5 * time.Millisecond
)

// pump moves the session's events and the workers' posts onto the UI
// goroutine, batched: one QueueUpdateDraw per frame, and never more than
// one outstanding, so the tview queue cannot fill up. The first item after
// a quiet spell is drawn at once; items that come while a frame is not
// yet due wait for it, so a burst of stops costs one frame per frame
// interval however many stops it has. It returns when the context is
// cancelled (before app.Stop, see App.quit); the session's events are then
// drained by drain so the engine never blocks on them.
func (a *App) pump(done chan<- struct{}) {
	defer close(done)
	b := pumpBatch{events: a.eng.Events(), lastStop: -1}
	var due time.Time // when the next frame may be drawn
	for {
		// Wait for the first item.
		select {
		case <-a.ctx.Done():
			return
		case ev, ok := <-b.events:
			b.event(a, ev, ok)
		case f := <-a.posts:
			b.add(f)
		}
		// Until the frame is due, let what comes queue up in the
		// channels and take it in a few sweeps (gatherStep): a pump
		// parked on the channels would be woken by every send, and the
		// sender, the ptrace goroutine among them, pays for each wakeup.
		// A full batch is applied without drawing, so memory stays
		// bounded.
		for {
			if !b.sweep(a) {
				if _, ok := a.update(b.take(), false); !ok {
					return
				}
				continue
			}
			wait := time.Until(due)
			if wait <= 0 {
				break
			}
			select {
			case <-a.ctx.Done():
				return
			case <-time.After(min(wait, gatherStep)):
			}
		}
		took, ok := a.update(b.take(), true)
		if !ok {
			return
		}
		due = time.Now().Add(min(max(frameInterval-took, drawShare*took), maxFrameInterval))
	}
}

// update runs batch on the UI goroutine, drawing after it if draw is set,
// waits until it ran and returns how long that took there. It reports
// false when the context was cancelled first: QueueUpdate blocks for ever
// once the loop has stopped, so it waits on the side and cancellation
// still ends the pump.
func (a *App) update(batch []func(), draw bool) (time.Duration, bool) {
	var took time.Duration
	applied := make(chan struct{})
	go func() {
		a.app.QueueUpdate(func() {
			start := time.Now()
			for _, f := range batch {
				f()
			}
			if draw {
				// Safe inside a queued update (tview's doc), and
				// what QueueUpdateDraw does; here it is timed.
				a.app.ForceDraw()
			}
			took = time.Since(start)
		})
		close(applied)
	}()
	select {
	case <-applied:
		return took, true
	case <-a.ctx.Done():
		return 0, false
	}
}

// sweep takes whatever is ready, without waiting. It reports false when
// the batch is full and more may be ready.
func (b *pumpBatch) sweep(a *App) bool {
	for len(b.items) < maxBatch {
		select {
		case ev, ok := <-b.events:
			b.event(a, ev, ok)
		case f := <-a.posts:
			b.add(f)
		default:
			return true
		}
	}
	return false
}

// pumpBatch is what the pump has gathered for the next update. Owned by
// the pump goroutine.
type pumpBatch struct {
	events <-chan debugger.Event // nil once the session closed it
	items  []func()
	// lastStop is the index in items of the latest Stopped event, as
	// long as no exit or detach came after it, else -1; stop is that
	// event's state. A newer stop supersedes it (see event).
	lastStop int
	stop     *debugger.State
}

func (b *pumpBatch) add(f func()) {
	b.items = append(b.items, f)
}

// event adds one of the session's events. A stop that another in the
// same batch supersedes is only noted (noteStop), not rendered: the panes
// would show it for no frame, and rendering it costs the UI goroutine
// and, with the Locals pane showing, the engine (it asks for the frame's
// values) in a hot loop.
func (b *pumpBatch) event(a *App, ev debugger.Event, ok bool) {
	if !ok {
		b.events = nil
		b.add(a.sessionEnded)
		b.lastStop = -1
		return
	}
	switch ev := ev.(type) {
	case debugger.Stopped:
		if b.lastStop >= 0 {
			st := b.stop
			b.items[b.lastStop] = func() { a.noteStop(st) }
		}
		b.add(func() { a.apply(ev) })
		b.lastStop, b.stop = len(b.items)-1, ev.State
	case debugger.Exited, debugger.Detached:
		b.add(func() { a.apply(ev) })
		b.lastStop = -1
	default:
		b.add(func() { a.apply(ev) })
	}
}

// noteStop records a stop that a later one in the same batch supersedes,
// without moving the panes: what runs between the two (a worker's post
// that checks the program is stopped) sees the state it would have seen.
// UI goroutine only.
func (a *App) noteStop(st *debugger.State) {
	if st == nil {
		return
	}
	a.state, a.bps, a.run, a.exited = st, st.Breakpoints, stateStopped, nil
}

// take returns the items gathered and starts a new batch.
func (b *pumpBatch) take() []func() {
	items := b.items
	b.items, b.lastStop = nil, -1
	return items
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
