package debugger

import (
	"fmt"
)

// int3 is the breakpoint instruction, one byte: executing it raises
// SIGTRAP with rip one past it. Every breakpoint tdb writes is one.
const int3 byte = 0xCC

// physBP is one int3 in the target's code. Several user breakpoints, the
// engine's own panic breakpoint and a step command's temporary breakpoints
// may share it: there is only ever one int3 per address, so the byte saved
// as "original" is never our own int3.
type physBP struct {
	addr     uint64
	orig     byte
	inserted bool
	users    []*userBP
	internal int // engine uses: panic catcher, step plans
	// hit and note: the user breakpoints whose conditions held at the
	// last trap, and why a condition failed to evaluate (values_cond.go).
	hit  []*userBP
	note string
	// emu is the instruction under the int3, decoded at its first
	// pass-over (passover.go).
	emu *emuInsn
	// cond caches what evaluating conditions here needs (values_cond.go).
	cond *condStatic
}

// userBP is a breakpoint the user set.
type userBP struct {
	Breakpoint
	// at is where the breakpoint was set, resolved again after an exec
	// or a restart, or a library's load (Breakpoint.Loc spells it).
	at Loc
	// linkAddrs are the ELF's addresses: Addrs is linkAddrs plus the load
	// bias of the current run, which changes over a restart of a PIE.
	linkAddrs []uint64
	// w is set on a watchpoint (watch.go).
	w *watchpoint
}

func (b *physBP) wanted() bool {
	if b.internal > 0 {
		return true
	}
	for _, u := range b.users {
		if u.Enabled {
			return true
		}
	}
	return false
}

func (b *physBP) enabledUsers() []*userBP {
	var us []*userBP
	for _, u := range b.users {
		if u.Enabled {
			us = append(us, u)
		}
	}
	return us
}

func (e *engine) phys(addr uint64) *physBP {
	b := e.bps[addr]
	if b == nil {
		b = &physBP{addr: addr}
		e.bps[addr] = b
	}
	return b
}

// sync makes the target's memory agree with what b wants.
func (e *engine) sync(b *physBP, why string) error {
	want := b.wanted()
	switch {
	case want && !b.inserted:
		orig, err := e.peekByte(e.anyTid(), b.addr)
		if err != nil {
			return err
		}
		b.orig = orig
		if !e.lifted {
			if err := e.pokeByte(e.anyTid(), b.addr, orig, int3, why); err != nil {
				return err
			}
		}
		b.inserted = true
	case !want && b.inserted:
		if err := e.writeOrig(b); err != nil {
			return err
		}
	}
	if !want && len(b.users) == 0 && b.internal == 0 {
		delete(e.bps, b.addr)
	}
	return nil
}

func (e *engine) writeOrig(b *physBP) error {
	if !e.lifted {
		if err := e.pokeByte(e.anyTid(), b.addr, int3, b.orig, "restore"); err != nil {
			return err
		}
	}
	b.inserted = false
	return nil
}

func (e *engine) writeCC(b *physBP) error {
	if !e.lifted {
		if err := e.pokeByte(e.anyTid(), b.addr, b.orig, int3, "re-insert"); err != nil {
			return err
		}
	}
	b.inserted = true
	return nil
}

// An attached program must survive tdb being killed: the kernel then lets
// its threads go, and an int3 left in its code would kill it with SIGTRAP
// at the next hit. So while an attached program is stopped, its code holds
// no int3 at all ("lifted"): breakpoints are written into memory when it
// resumes and taken out when it stops, and in between inserting or
// removing one only changes the engine's books. The guardian (guard.go)
// covers a kill while it runs. A launched program dies with tdb anyway
// (PTRACE_O_EXITKILL), so its breakpoints stay in place.

// liftAll takes every int3 out of an attached program's code.
func (e *engine) liftAll() {
	if !e.attached || e.lifted || !e.alive() {
		return
	}
	for _, b := range e.bps {
		if b.inserted {
			if err := e.pokeByte(e.anyTid(), b.addr, int3, b.orig, "lift while stopped"); err != nil {
				e.logf("warning", "breakpoint at %#x stays in the code while tdb does not run it: %v", b.addr, err)
			}
		}
	}
	e.lifted = true
}

// lowerAll writes them back before the program resumes.
func (e *engine) lowerAll() error {
	if !e.lifted {
		return nil
	}
	e.lifted = false
	for _, b := range e.bps {
		if b.inserted {
			if err := e.pokeByte(e.anyTid(), b.addr, b.orig, int3, "re-insert to resume"); err != nil {
				return err
			}
		}
	}
	return nil
}

// anyTid is a stopped thread to make memory requests through.
func (e *engine) anyTid() int {
	if e.cur != nil {
		if _, ok := e.threads[e.cur.tid]; ok {
			return e.cur.tid
		}
	}
	for tid, t := range e.threads {
		if t.stopped {
			return tid
		}
	}
	return e.pid
}

func (e *engine) insertInternal(addr uint64) error {
	b := e.phys(addr)
	b.internal++
	if err := e.sync(b, "internal"); err != nil {
		b.internal--
		if len(b.users) == 0 && b.internal == 0 {
			delete(e.bps, addr)
		}
		return err
	}
	return nil
}

func (e *engine) removeInternal(addr uint64) {
	b := e.bps[addr]
	if b == nil {
		return
	}
	b.internal--
	e.sync(b, "internal")
}

func (e *engine) placeUser(u *userBP) error {
	if !e.alive() {
		return nil
	}
	var first error
	for _, a := range u.Addrs {
		b := e.phys(a)
		b.users = append(b.users, u)
		if err := e.sync(b, fmt.Sprintf("breakpoint %d", u.ID)); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (e *engine) unplaceUser(u *userBP) {
	if !e.alive() {
		return
	}
	for _, a := range u.Addrs {
		b := e.bps[a]
		if b == nil {
			continue
		}
		for i, x := range b.users {
			if x == u {
				b.users = append(b.users[:i], b.users[i+1:]...)
				break
			}
		}
		e.sync(b, fmt.Sprintf("breakpoint %d", u.ID))
	}
}

func (e *engine) syncUser(u *userBP) {
	if !e.alive() {
		return
	}
	if u.w != nil {
		e.syncAllDebugRegs()
		return
	}
	for _, a := range u.Addrs {
		if b := e.bps[a]; b != nil {
			e.sync(b, fmt.Sprintf("breakpoint %d", u.ID))
		}
	}
}

// unpatch replaces our int3 bytes in buf (read from addr) by the original
// bytes, so memory dumps and disassembly show the program's code.
func (e *engine) unpatch(addr uint64, buf []byte) {
	e.eachInserted(addr, len(buf), func(b *physBP) { buf[b.addr-addr] = b.orig }) // shadow.go
}

func (e *engine) userByID(id int) (*userBP, int) {
	for i, u := range e.users {
		if u.ID == id {
			return u, i
		}
	}
	return nil, -1
}

// breakpointList is the list of user breakpoints as States show it. It is
// shared and read-only: a run of SetBreakpoints appends to it (readers of
// an earlier State see only their own length), so setting 10,000
// breakpoints costs no copy of the list per breakpoint.
func (e *engine) breakpointList() []Breakpoint {
	switch {
	case e.bpList != nil && len(e.bpList) == len(e.users):
	case e.bpList != nil && len(e.bpList)+1 == len(e.users):
		e.bpList = append(e.bpList, bpCopy(e.users[len(e.users)-1]))
	default:
		out := make([]Breakpoint, 0, len(e.users))
		for _, u := range e.users {
			out = append(out, bpCopy(u))
		}
		e.bpList = out
	}
	return e.bpList
}

func bpCopy(u *userBP) Breakpoint {
	b := u.Breakpoint
	b.Addrs = append([]uint64(nil), u.Addrs...)
	return b
}

func (e *engine) withBreakpoints(st *State) *State {
	c := *st
	c.Breakpoints = e.breakpointList()
	return &c
}

func (e *engine) handleBreakpoint(req Request) Reply {
	switch r := req.(type) {
	case SetBreakpoint:
		return e.setBreakpoint(r.Loc, r.Temporary, r.Cond, r.Pending)
	case ToggleBreakpointAt:
		var hit []*userBP
		for _, u := range e.users {
			if u.File == r.File && u.Line == r.Line {
				hit = append(hit, u)
			}
		}
		if len(hit) == 0 {
			return e.setBreakpoint(FileLine(r.File, r.Line), false, "", false)
		}
		var rep Reply
		for _, u := range hit {
			rep = e.clearBreakpoint(u.ID)
		}
		return rep
	case ClearBreakpoint:
		return e.clearBreakpoint(r.ID)
	case ClearAllBreakpoints:
		for len(e.users) > 0 {
			e.clearBreakpoint(e.users[0].ID)
		}
		return Reply{}
	case ToggleBreakpoint:
		u, _ := e.userByID(r.ID)
		if u == nil {
			return Reply{Err: fmt.Errorf("no breakpoint %d", r.ID)}
		}
		u.Enabled = !u.Enabled
		e.syncUser(u)
		return Reply{Breakpoints: []Breakpoint{u.Breakpoint}}
	case SetCondition:
		u, _ := e.userByID(r.ID)
		if u == nil {
			return Reply{Err: fmt.Errorf("no breakpoint %d", r.ID)}
		}
		if r.HitCount {
			if r.Cond != "" {
				if _, _, err := parseHitCond(r.Cond); err != nil {
					return Reply{Err: err}
				}
			}
			u.HitCond = r.Cond
			return Reply{Breakpoints: []Breakpoint{u.Breakpoint}}
		}
		if r.Cond != "" {
			if err := e.checkCond(r.Cond); err != nil {
				return Reply{Err: err}
			}
		}
		u.Cond = r.Cond
		return Reply{Breakpoints: []Breakpoint{u.Breakpoint}}
	case ListBreakpoints:
		return Reply{Breakpoints: e.breakpointList()}
	case SetWatchpoint:
		if !e.alive() {
			return Reply{Err: ErrNotRunning}
		}
		return e.setWatchpoint(r)
	}
	return Reply{Err: fmt.Errorf("unknown breakpoint request %T", req)}
}

func (e *engine) setBreakpoint(loc Loc, temp bool, cond string, pending bool) Reply {
	if cond != "" {
		if err := e.checkCond(cond); err != nil {
			return Reply{Err: err}
		}
	}
	l, err := e.resolveLoc(loc)
	if err != nil {
		if rep, ok := e.setPending(loc, temp, cond, err, pending); ok { // solib.go
			return rep
		}
		return Reply{Err: err}
	}
	if loc.Kind == LocAddr && e.alive() {
		if err := e.insnBoundary(l.addrs[0]); err != nil { // shadow.go
			return Reply{Err: fmt.Errorf("cannot set a breakpoint at %#x: %w", loc.Addr, err)}
		}
	}
	u := &userBP{Breakpoint: Breakpoint{
		ID: e.nextID, Loc: loc.String(), Addrs: l.addrs, Function: l.function, File: l.file, Line: l.line,
		Enabled: true, Temporary: temp, Cond: cond,
	}, at: loc}
	for _, a := range l.addrs {
		u.linkAddrs = append(u.linkAddrs, a-e.bias)
	}
	var notes []string
	notes = append(notes, l.notes...)
	// Only the breakpoints already at the first address can be at all of
	// them: no scan of every breakpoint (setting 10,000 stays linear).
	if b := e.bps[u.Addrs[0]]; b != nil {
		for _, o := range b.users {
			if sameAddrs(o.Addrs, u.Addrs) {
				notes = append(notes, fmt.Sprintf("breakpoint %d is also at %#x", o.ID, o.Addrs[0]))
			}
		}
	}
	if err := e.placeUser(u); err != nil {
		e.unplaceUser(u)
		return Reply{Err: fmt.Errorf("cannot set a breakpoint at %#x: %w", u.Addrs[0], err)}
	}
	e.nextID++
	e.users = append(e.users, u) // IDs only grow: the list stays sorted
	if l.lib {
		e.solibKeep(u) // solib.go
	}
	b := u.Breakpoint
	b.Addrs = append([]uint64(nil), u.Addrs...)
	return Reply{Breakpoints: []Breakpoint{b}, Notes: notes}
}

func (e *engine) clearBreakpoint(id int) Reply {
	u, i := e.userByID(id)
	if u == nil {
		return Reply{Err: fmt.Errorf("no breakpoint %d", id)}
	}
	e.unplaceUser(u)
	if u.w != nil {
		e.clearWatch(u)
	}
	e.users = append(e.users[:i], e.users[i+1:]...)
	return Reply{Breakpoints: []Breakpoint{u.Breakpoint}}
}

func sameAddrs(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
