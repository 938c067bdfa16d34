package ui

import (
	"slices"
	"testing"

	"tdb/debugger"
)

// The pump keeps the session's events and the workers' posts in the order
// they were made (pump.go). TestUILogKeepsOrder checks it on a real run,
// where the bad interleaving is a race it met about 4 times in 10 when the
// bug was back; here each interleaving is forced: events are queued and
// posts made in a chosen order, and the pump's sweeps run by hand.
func TestPumpKeepsPostsAmongEvents(t *testing.T) {
	eng := newFakeEngine()
	ta := newTestApp(t, eng, &fakeConsole{}, nil, true, 80, 24)
	var order []string
	ev := func(s string) { eng.events <- debugger.Log{Level: "info", Text: s} }
	post := func(s string) { ta.post(func() { order = append(order, s) }) }
	b := &pumpBatch{a: ta.App, events: eng.events, lastStop: -1}
	// sweep runs one sweep of the pump and returns what ran, in order:
	// each event's log line and each post's name.
	sweep := func() []string {
		var ran []string
		b.sweep()
		for _, f := range b.take() {
			n, l := len(order), len(ta.log.lines)
			f()
			switch {
			case len(order) > n:
				ran = append(ran, order[n])
			case len(ta.log.lines) > l:
				ran = append(ran, ta.log.lines[l].text)
			}
		}
		return ran
	}
	// Interleaved: each post runs after the events sent before it and
	// before those sent after it, though the sweep reads all the events
	// first.
	post("p0")
	ev("e1")
	post("p1")
	ev("e2")
	ev("e3")
	post("p2")
	if got, want := sweep(), []string{"p0", "e1", "p1", "e2", "e3", "p2"}; !slices.Equal(got, want) {
		t.Fatalf("one sweep ran %v, want %v", got, want)
	}
	// A post made after an event the sweep does not see yet (it is sent
	// between the sweep's reading of the events and of the posts): the
	// post waits for it. The event is taken out of the channel after the
	// post counted it, and sent again after a sweep.
	ev("e4")
	post("p3")
	<-eng.events
	if got := sweep(); len(got) != 0 {
		t.Fatalf("a post ran before the event sent before it: %v", got)
	}
	ev("e4")
	if got, want := sweep(), []string{"e4", "p3"}; !slices.Equal(got, want) {
		t.Errorf("a post whose event came late: %v, want %v", got, want)
	}
}
