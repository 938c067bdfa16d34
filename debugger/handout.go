package debugger

// What leaves the ptrace goroutine is the front end's to keep, read and
// even change: every reply and every event goes out through handOut, which
// copies each slice and pointer it carries. The engine shares its own data
// freely inside (the last snapshot, the breakpoint list bpList, a user
// breakpoint's Addrs), so without this door a front end that sorted a
// reply's breakpoints or trimmed a snapshot's frames changed the engine's
// next snapshot, and one that read a snapshot on its own goroutine raced
// with the engine filling the next (issue 14; TestSnapshotsDoNotAlias).
// The copies cost a few hundred bytes a stop, nothing beside the ptrace
// calls that took it.

// handOut returns a copy of r that shares no memory with the engine.
func (r Reply) handOut() Reply {
	r.State = r.State.handOut()
	if r.Exited != nil {
		x := *r.Exited
		r.Exited = &x
	}
	r.Breakpoints = copyBreakpoints(r.Breakpoints)
	r.Frames = clone(r.Frames)
	r.Memory = clone(r.Memory)
	if r.Instructions != nil {
		ins := make([]Instruction, len(r.Instructions))
		for i, in := range r.Instructions {
			in.Bytes = clone(in.Bytes)
			ins[i] = in
		}
		r.Instructions = ins
	}
	r.Values = clone(r.Values)
	r.Goroutines = clone(r.Goroutines)
	r.Notes = clone(r.Notes)
	return r
}

// handOut returns a deep copy of s (nil for nil).
func (s *State) handOut() *State {
	if s == nil {
		return nil
	}
	c := *s
	c.Registers = clone(s.Registers)
	c.Frames = clone(s.Frames)
	c.Breakpoints = copyBreakpoints(s.Breakpoints)
	c.Threads = clone(s.Threads)
	if s.Watch != nil {
		w := *s.Watch
		c.Watch = &w
	}
	c.Returned = clone(s.Returned)
	return &c
}

// handOut copies the parts of an event that the engine may still hold.
func handOut(ev Event) Event {
	switch e := ev.(type) {
	case Stopped:
		return Stopped{State: e.State.handOut()}
	case Output:
		// output.go sends a fresh copy of its buffer already.
		return e
	}
	return ev
}

func copyBreakpoints(bs []Breakpoint) []Breakpoint {
	if bs == nil {
		return nil
	}
	out := make([]Breakpoint, len(bs))
	for i, b := range bs {
		b.Addrs = clone(b.Addrs)
		out[i] = b
	}
	return out
}

// clone copies a slice of plain values; nil stays nil, so JSON and the
// front ends' nil checks see what the engine made.
func clone[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}
