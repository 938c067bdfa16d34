package debugger

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Mechanics step mode (issue 15): the engine pauses before each ptrace
// operation, reports it (a Mechanics event with Pending set) and waits
// until the front end releases it, one operation per release.
//
// The pause happens on the ptrace goroutine in the middle of a request
// (a continue is a hundred operations), so the release cannot come as a
// request: the request loop is the goroutine that waits. It comes through
// the gate's own channels, which Session methods reach from any
// goroutine: MechanicsNext releases one operation, MechanicsStep(false)
// and the first Interrupt return to full speed, and Close releases every
// pause for good, so that no request and no close waits on a pause.

type stepGate struct {
	on     atomic.Bool
	paused atomic.Bool
	next   chan struct{} // one release; capacity 1, so presses do not bank
	wake   chan struct{} // step mode was left; capacity 1
	done   chan struct{} // closed by Close
	once   sync.Once
}

func newStepGate() stepGate {
	return stepGate{next: make(chan struct{}, 1), wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// MechanicsStep turns step mode on or off. On, the engine pauses before
// each ptrace operation while mechanics reporting is on (SetMechanics);
// off, a pause in progress goes on at full speed.
func (s *Session) MechanicsStep(on bool) {
	s.step.on.Store(on)
	if !on {
		s.step.poke()
	}
}

// MechanicsStepping reports whether step mode is on.
func (s *Session) MechanicsStepping() bool { return s.step.on.Load() }

// MechanicsNext performs the operation the engine is paused before. It
// reports false when the engine is not paused (nothing happens then).
func (s *Session) MechanicsNext() bool {
	if !s.step.paused.Load() {
		return false
	}
	select {
	case s.step.next <- struct{}{}:
	default: // a release is already on its way
	}
	return true
}

// leave turns step mode off; it reports whether the engine was paused.
func (g *stepGate) leave() bool {
	if !g.on.Swap(false) {
		return false
	}
	paused := g.paused.Load()
	g.poke()
	return paused
}

func (g *stepGate) poke() {
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

func (g *stepGate) end() {
	g.on.Store(false)
	g.once.Do(func() { close(g.done) })
}

// gate is called by each door function before its call: in step mode it
// reports the operation and waits for its release. Ptrace goroutine only.
func (e *engine) gate(op string, tid int, addr uint64, explain, format string, args ...any) {
	g := &e.s.step
	if !e.mechanics || !g.on.Load() {
		return
	}
	g.paused.Store(true)
	e.emit(Mechanics{Op: op, Tid: tid, Addr: addr, Text: fmt.Sprintf(format, args...), Explain: explain, Pending: true})
wait:
	for {
		select {
		case <-g.next:
			break wait
		case <-g.wake:
			if !g.on.Load() {
				break wait
			}
			// A stale wake of an earlier `mechanics run`: step mode is
			// on again, so the pause goes on.
		case <-g.done:
			break wait
		}
	}
	g.paused.Store(false)
	// A second press that came before paused was cleared releases
	// nothing: the next operation waits for its own.
	select {
	case <-g.next:
	default:
	}
}

// before prepares the explanation of the door's next call and gates it.
// The performed call's mech line takes the same explanation.
func (e *engine) before(op string, tid int, addr uint64, explain, format string, args ...any) {
	if !e.mechanics {
		return
	}
	e.curX = mechWhy{op: op, text: explain}
	e.gate(op, tid, addr, explain, format, args...)
}
