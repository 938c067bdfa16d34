package ui

import (
	"sync"
	"sync/atomic"
	"time"

	"tdb/debugger"
)

// maxBatch bounds how many items one screen update applies: with the
// mechanics on, the engine sends thousands of events a second, and one
// update per batch keeps the screen live without one per event.
const maxBatch = 4096

// maxBatchBytes bounds the program output one update applies: a program
// flooding its output sends 4096 events of up to 32 KB each long before
// the channels run dry, and applying 128 MB to the Log in one update
// would hold the screen for seconds (under -race, about three).
const maxBatchBytes = 1 << 20

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
	b := pumpBatch{a: a, events: a.eng.Events(), lastStop: -1}
	var due time.Time // when the next frame may be drawn
	for {
		// Wait for the first item.
		select {
		case <-a.ctx.Done():
			return
		case ev, ok := <-b.events:
			b.takeEvent(ev, ok)
		case f := <-a.posts:
			b.takePost(f)
		}
		// Until the frame is due, let what comes queue up in the
		// channels and take it in a few sweeps (gatherStep): a pump
		// parked on the channels would be woken by every send, and the
		// sender, the ptrace goroutine among them, pays for each wakeup.
		// A full batch is applied without drawing, so memory stays
		// bounded.
		for {
			full := b.sweep()
			wait := time.Until(due)
			if wait <= 0 {
				// Due: draw, full batch or not. A program that writes
				// faster than the pump takes its output never lets the
				// channels run dry, and a frame drawn only then would
				// not come while it floods.
				break
			}
			if full {
				if _, ok := a.update(b.take(), false); !ok {
					return
				}
				continue
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

// pumpBatch is what the pump has gathered for the next update. Owned by
// the pump goroutine.
//
// The session's events and the workers' posts come through two channels,
// unordered between them, and a select between ready channels picks at
// random: taken as they come, a program's last output could land in the
// Log pane above the commands that ran it, out of view. So each post
// carries a mark, the number of events sent before it was made (post),
// and each sweep takes the ready events first and then the ready posts
// (so every post made before a taken event was sent is in hand) and
// merges them by mark.
type pumpBatch struct {
	a      *App
	events <-chan debugger.Event // nil once the session closed it
	evq    []takenEvent          // taken, not yet merged
	posts  []markedPost          // taken, not yet merged
	items  []func()
	// lastStop is the index in items of the latest Stopped event, as
	// long as no exit or detach came after it, else -1; stop is that
	// event's state. A newer stop supersedes it (see event).
	lastStop int
	stop     *debugger.State
	bytes    int // program output taken since the last take
}

type takenEvent struct {
	ev     debugger.Event
	n      uint64 // events taken before it
	closed bool   // the session closed its events
}

type markedPost struct {
	f    func()
	mark uint64 // events sent before it was posted
}

func (b *pumpBatch) takeEvent(ev debugger.Event, ok bool) {
	if !ok {
		b.events = nil
		b.evq = append(b.evq, takenEvent{closed: true})
		return
	}
	if o, ok := ev.(debugger.Output); ok {
		b.bytes += len(o.Data)
	}
	b.evq = append(b.evq, takenEvent{ev: ev, n: b.a.order.taken.Add(1) - 1})
}

func (b *pumpBatch) takePost(f func()) {
	o := &b.a.order
	o.mu.Lock()
	mark := o.marks[0]
	o.marks = o.marks[1:]
	o.mu.Unlock()
	b.posts = append(b.posts, markedPost{f, mark})
}

// sweep takes whatever is ready, without waiting, events first, and
// merges it into items. It reports whether the batch is full (and more
// may be ready).
func (b *pumpBatch) sweep() bool {
events:
	for len(b.evq) < maxBatch && b.bytes < maxBatchBytes {
		select {
		case ev, ok := <-b.events:
			b.takeEvent(ev, ok)
		default:
			break events
		}
	}
	full := len(b.evq) >= maxBatch || b.bytes >= maxBatchBytes
posts:
	for len(b.posts) < maxBatch {
		select {
		case f := <-b.a.posts:
			b.takePost(f)
		default:
			break posts
		}
	}
	full = full || len(b.posts) >= maxBatch
	for _, q := range b.evq {
		if q.closed {
			b.release(^uint64(0)) // every event is taken
			b.add(b.a.sessionEnded)
			b.lastStop = -1
			continue
		}
		// The posts made before this event was sent come before it.
		b.release(q.n)
		b.event(q.ev)
	}
	b.evq = b.evq[:0]
	b.release(b.a.order.taken.Load())
	return full || len(b.items) >= maxBatch
}

// release moves the posts made when at most n events had been sent into
// items, in the order they were posted.
func (b *pumpBatch) release(n uint64) {
	i := 0
	for ; i < len(b.posts) && b.posts[i].mark <= n; i++ {
		b.add(b.posts[i].f)
	}
	b.posts = b.posts[i:]
}

func (b *pumpBatch) add(f func()) {
	b.items = append(b.items, f)
}

// event adds one of the session's events. A stop that another in the
// same batch supersedes is only noted (noteStop), not rendered: the panes
// would show it for no frame, and rendering it costs the UI goroutine
// and, with the Locals pane showing, the engine (it asks for the frame's
// values) in a hot loop.
func (b *pumpBatch) event(ev debugger.Event) {
	a := b.a
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

// postOrder places the posts among the session's events. Any goroutine.
type postOrder struct {
	taken atomic.Uint64 // events the pump has taken from the session
	mu    sync.Mutex
	marks []uint64 // for each post in the channel, in order: its mark
}

// post runs f on the UI goroutine (through the pump), after the session's
// events sent before it. Any goroutine but the UI goroutine may call it;
// after the UI stopped, f is dropped.
func (a *App) post(f func()) {
	for {
		if a.tryPost(f) {
			return
		}
		// The channel is full. Not waiting in the send: that would
		// hold the lock the pump needs for each post it takes.
		select {
		case <-a.ctx.Done():
			return
		case <-time.After(time.Millisecond):
		}
	}
}

// tryPost sends f with its mark unless the channel is full. The mark and
// f go in together under the lock, so the pump takes the marks in the
// order the posts arrive.
func (a *App) tryPost(f func()) bool {
	o := &a.order
	o.mu.Lock()
	defer o.mu.Unlock()
	// Taken first, then the channel's length: an event taken between
	// the two is counted in neither, so the mark can be one short (the
	// post may come one event early) but never more than were sent,
	// which would hold it back for an event that may never come.
	mark := o.taken.Load() + uint64(len(a.eng.Events()))
	select {
	case a.posts <- f:
		o.marks = append(o.marks, mark)
		return true
	default:
		return false
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
	if a.present != nil { // a stop of the history is shown (stops_view.go)
		a.applyUnderView(debugger.Stopped{State: st})
		return
	}
	a.state, a.bps, a.run, a.exited = st, st.Breakpoints, stateStopped, nil
}

// take returns the items gathered and starts a new batch.
func (b *pumpBatch) take() []func() {
	items := b.items
	b.items, b.lastStop, b.bytes = nil, -1, 0
	return items
}

// sessionEnded notes that the event channel closed: the engine is gone.
func (a *App) sessionEnded() {
	if p := a.present; p != nil {
		if p.run != stateExited && p.run != stateDetached {
			p.run = stateEnded
		}
		p.state = nil
		return
	}
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
