package debugger

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"golang.org/x/sys/unix"
)

// goroutinesState is the engine's memory for the goroutines part. Owned by
// the ptrace goroutine, like the rest of engine.
type goroutinesState struct {
	layout    *gLayout
	layoutErr error
	reasons   map[uint8]string
	// parkedSeq and parkedID name a parked goroutine selected with
	// SwitchGoroutine: while the current snapshot is that one (same Seq,
	// same goroutine), stepping has no thread to step.
	parkedSeq int
	parkedID  int64
}

// handleGoroutines answers the requests about goroutines and threads
// (listing, switching). It reports false for requests that are not its own.
func (e *engine) handleGoroutines(req Request) (Reply, bool) {
	switch r := req.(type) {
	case ListGoroutines:
		return e.listGoroutines(r), true
	case SwitchGoroutine:
		return e.switchGoroutine(r.ID), true
	case SwitchThread:
		return e.switchThread(r.ID), true
	}
	return Reply{}, false
}

// parkedStepError refuses stepping requests while a parked goroutine is
// selected; Continue is fine (every thread runs).
func (e *engine) parkedStepError(req Request) error {
	switch req.(type) {
	case Next, Step, StepOut, StepInstruction, NextInstruction:
	default:
		return nil
	}
	if e.state != nil && e.grs.parkedID != 0 && e.state.Seq == e.grs.parkedSeq && e.state.Goroutine == e.grs.parkedID {
		return ErrGoroutineParked{ID: e.grs.parkedID}
	}
	return nil
}

func (e *engine) listGoroutines(r ListGoroutines) Reply {
	if e.state == nil {
		return Reply{Err: ErrNotRunning}
	}
	if r.Group != "" && !validGroup(r.Group) {
		return Reply{Err: errBadGroup(r.Group)}
	}
	gs, err := e.readGoroutines()
	if err != nil {
		return Reply{Err: err}
	}
	v := newGoroutineView(e)
	list := make([]Goroutine, 0, len(gs))
	raws := make([]*rawG, 0, len(gs))
	for i := range gs {
		g := &gs[i]
		out := v.head(g)
		if out.System && !r.All {
			continue
		}
		list = append(list, out)
		raws = append(raws, g)
	}
	if r.Filter != "" || r.Group != "" {
		keep := make([]bool, len(list))
		var keys []string
		if r.Group != "" {
			keys = make([]string, len(list))
		}
		v.eachPrefetched(raws, func(i int) {
			v.fill(raws[i], &list[i])
			if r.Filter != "" && !matches(&list[i], r.Filter) {
				return
			}
			if r.Group != "" {
				// While the stack's window is at hand.
				keys[i] = v.key(r.Group, raws[i], &list[i])
				if r.InGroup != "" && keys[i] != r.InGroup {
					return
				}
			}
			keep[i] = true
		})
		if r.Group != "" && r.InGroup == "" {
			// Grouped where they are: a million Goroutines are not
			// copied again.
			return v.group(r, list, raws, keep, keys)
		}
		kept, keptRaw := list[:0:0], raws[:0:0]
		for i := range list {
			if keep[i] {
				kept, keptRaw = append(kept, list[i]), append(keptRaw, raws[i])
			}
		}
		list, raws = kept, keptRaw
	}
	idx := make([]int, len(list))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ga, gb := &list[idx[a]], &list[idx[b]]
		if ga.System != gb.System {
			return !ga.System
		}
		return ga.ID < gb.ID
	})
	total := len(idx)
	start := min(max(r.Start, 0), total)
	end := total
	if r.Count > 0 {
		end = min(start+r.Count, total)
	}
	if r.Filter == "" && r.Group == "" {
		// Only the page is filled, its stacks read together.
		pageRaws := make([]*rawG, 0, end-start)
		for _, i := range idx[start:end] {
			pageRaws = append(pageRaws, raws[i])
		}
		v.eachPrefetched(pageRaws, func(j int) { v.fill(pageRaws[j], &list[idx[start+j]]) })
	}
	page := make([]Goroutine, 0, end-start)
	for _, i := range idx[start:end] {
		page = append(page, list[i])
	}
	return Reply{Goroutines: page, Total: total, State: e.state}
}

// goroutineView symbolizes raw goroutines for one listing or grouping.
// Symbolizing is the costly part: it is done once per distinct pc (a
// million goroutines parked on one channel share a handful of pcs), and
// for every goroutine only when a filter or a grouping needs it. Owned by
// the ptrace goroutine.
type goroutineView struct {
	e    *engine
	locs map[locKey]Location
	walk *stackWalker
	// keyCache: formatted group keys by location; buf: a stack key
	// being built.
	keyCache map[Location]string
	buf      []byte
	// lines: function, file and line by link-time pc (no PC set).
	lines map[uint64]Location
}

func (v *goroutineView) lineAt(lookup uint64) Location {
	if l, ok := v.lines[lookup]; ok {
		return l
	}
	var l Location
	if fn := v.e.bin.FuncAt(lookup); fn != nil {
		l.Function = fn.Name
	}
	if file, line, ok := v.e.bin.PCToLine(lookup); ok {
		l.File, l.Line = file, line
	}
	v.lines[lookup] = l
	return l
}

type locKey struct {
	pc  uint64
	ret bool
}

func newGoroutineView(e *engine) *goroutineView {
	return &goroutineView{e: e, locs: map[locKey]Location{}, walk: newStackWalker(e), keyCache: map[Location]string{}, lines: map[uint64]Location{}}
}

func (v *goroutineView) loc(pc uint64, ret bool) Location {
	k := locKey{pc, ret}
	if l, ok := v.locs[k]; ok {
		return l
	}
	l := v.e.location(pc, ret)
	v.locs[k] = l
	return l
}

// head is what a listing needs of g before paging: id, status, start.
func (v *goroutineView) head(g *rawG) Goroutine {
	out := Goroutine{ID: g.id, Status: statusName(g.status)}
	out.Start = v.loc(g.startpc, false)
	out.System = isSystem(out.Start.Function)
	return out
}

// fill completes out: wait reason, thread, current, user and go locations.
func (v *goroutineView) fill(g *rawG, out *Goroutine) {
	e := v.e
	if g.status&^gScan == 4 {
		out.WaitReason = e.waitReasonString(g.waitReason)
	}
	pc := g.pc
	t := e.threadOf(g)
	if t != nil {
		out.Thread = t.tid
		if e.getRegs(t) == nil {
			pc = t.regs.Rip
		}
	}
	// A parked goroutine's saved pc is a return address (into
	// gopark, after mcall): it belongs to the call before it.
	out.Current = v.loc(pc, out.Thread == 0)
	out.Go = v.loc(g.gopc, true)
	out.User = out.Current
	if !isUserFunc(out.Current.Function) {
		out.User = v.userFrame(g, t)
	}
}

// userFrame is the innermost frame of g outside the runtime (Delve's
// rule, isUserFunc): a short walk up from its thread's registers (t) or
// its saved context. Empty when there is none.
func (v *goroutineView) userFrame(g *rawG, t *thread) Location {
	pc, sp, bp, hi := g.pc, g.sp, g.bp, g.stackHi
	if t != nil {
		if v.e.getRegs(t) != nil {
			return Location{}
		}
		pc, sp, bp = t.regs.Rip, t.regs.Rsp, t.regs.Rbp
		if sp < g.stackLo || sp >= g.stackHi {
			hi = 0 // on the thread's system stack
		}
	}
	var user Location
	// Delve looks 30 frames deep (maxGoroutineUserCurrentDepth).
	v.walk.walk(pc, sp, bp, hi, t == nil, 30, func(pc, lookup uint64, f funcInfo) bool {
		if !f.user {
			return true
		}
		user = v.lineAt(lookup)
		user.PC = pc
		return false
	})
	return user
}

func matches(g *Goroutine, f string) bool {
	for _, s := range []string{g.Status, g.WaitReason, g.Current.Function, g.Current.File, g.User.Function, g.User.File, g.Go.Function, g.Go.File, g.Start.Function} {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

// location symbolizes a run-time pc. ret: pc may be a return address, so
// its line is the call's (pc-1); unless it is a function's entry, as in a
// goroutine that has not run yet (its saved pc is its start function).
func (e *engine) location(pc uint64, ret bool) Location {
	l := Location{PC: pc}
	if pc == 0 {
		return l
	}
	lookup := pc - e.bias
	if ret {
		if fn := e.bin.FuncAt(lookup); fn == nil || fn.Entry != lookup {
			lookup--
		}
	}
	if fn := e.bin.FuncAt(lookup); fn != nil {
		l.Function = fn.Name
	}
	if f, line, ok := e.bin.PCToLine(lookup); ok {
		l.File, l.Line = f, line
	}
	return l
}

// findGoroutine returns the live goroutine id.
func (e *engine) findGoroutine(id int64) (*rawG, error) {
	gs, err := e.readGoroutines()
	if err != nil {
		return nil, err
	}
	for i := range gs {
		if gs[i].id == id {
			return &gs[i], nil
		}
	}
	return nil, fmt.Errorf("no goroutine %d (goroutines lists them)", id)
}

func (e *engine) switchGoroutine(id int64) Reply {
	if e.state == nil {
		return Reply{Err: ErrNotRunning}
	}
	g, err := e.findGoroutine(id)
	if err != nil {
		return Reply{Err: err}
	}
	if t := e.threadOf(g); t != nil {
		return e.selectThread(t, fmt.Sprintf("switched to goroutine %d (thread %d)", id, t.tid))
	}
	if g.pc == 0 || g.sp == 0 {
		return Reply{Err: fmt.Errorf("goroutine %d (%s) has no saved context to show", id, statusName(g.status))}
	}
	// A parked goroutine: unwind from the context the scheduler saved
	// (gobuf pc/sp/bp). The registers shown are those three, the only
	// ones it has.
	fake := &thread{tid: -1, regsValid: true, regs: unix.PtraceRegs{Rip: g.pc, Rsp: g.sp, Rbp: g.bp}}
	frames := e.unwind(fake, defaultDepth)
	if len(frames) > 0 {
		// Frame 0's pc is where the goroutine resumes: the return
		// address of its call into the scheduler, whose line is the
		// call's.
		l := e.location(g.pc, true)
		frames[0].File, frames[0].Line = l.File, l.Line
		// Inlined frames too (unwind_inline.go); frame 0's pc is a
		// return address unless the goroutine has not run yet.
		fn := e.bin.FuncAt(g.pc - e.bias)
		frames = e.withInlinedFrom(frames, fn == nil || fn.Entry != g.pc-e.bias)
	}
	st := *e.state
	st.Goroutine = id
	st.Thread = 0
	st.PC = g.pc
	st.Frames = frames
	st.SelectedFrame = 0
	st.Function, st.File, st.Line = "", "", 0
	if len(frames) > 0 {
		st.Function, st.File, st.Line = physicalFunction(frames, 0), frames[0].File, frames[0].Line
	}
	st.Registers = []Register{{Name: "rip", Value: g.pc}, {Name: "rsp", Value: g.sp}, {Name: "rbp", Value: g.bp}}
	st.Note = fmt.Sprintf("switched to goroutine %d (%s", id, statusName(g.status))
	if g.status&^gScan == 4 {
		if w := e.waitReasonString(g.waitReason); w != "" {
			st.Note += ": " + w
		}
	}
	st.Note += "), on no thread"
	// Show the first frame outside the runtime: where the user's code
	// waits, not gopark.
	for i, f := range frames {
		if !strings.HasPrefix(f.Function, "runtime.") && f.Function != "" {
			st.SelectedFrame = i
			break
		}
	}
	e.state = &st
	e.grs.parkedSeq, e.grs.parkedID = st.Seq, id
	e.emit(Stopped{State: e.state})
	return Reply{State: e.state}
}

func (e *engine) switchThread(tid int) Reply {
	if e.state == nil {
		return Reply{Err: ErrNotRunning}
	}
	t := e.threads[tid]
	if t == nil {
		return Reply{Err: fmt.Errorf("no thread %d (threads lists them)", tid)}
	}
	return e.selectThread(t, fmt.Sprintf("switched to thread %d", tid))
}

// selectThread makes t the thread stepping works on and reports a fresh
// snapshot of it, keeping the stop's reason.
func (e *engine) selectThread(t *thread, note string) Reply {
	e.cur = t
	e.state = e.snapshot(e.state.Reason, note)
	e.grs.parkedID = 0
	e.emit(Stopped{State: e.state})
	return Reply{State: e.state}
}

// prefetchBatch is how many goroutines' stack windows eachPrefetched
// reads before walking them: a bounded buffer, whatever their number.
const prefetchBatch = 4096

// eachPrefetched calls f(i) for every goroutine of raws, in the order of
// their stacks' addresses, with the window of g's stack already read:
// neighbouring stacks are read together (readSpans), so a million parked
// goroutines cost tens of thousands of reads, not a million.
func (v *goroutineView) eachPrefetched(raws []*rawG, f func(i int)) {
	order := make([]int, len(raws))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(raws[a].sp, raws[b].sp) })
	sps := make([]uint64, 0, prefetchBatch)
	wins := make([]byte, prefetchBatch*stackWindow)
	got := make([]bool, prefetchBatch)
	for k := 0; k < len(order); k += prefetchBatch {
		batch := order[k:min(k+prefetchBatch, len(order))]
		sps = sps[:0]
		for _, i := range batch {
			sps = append(sps, raws[i].sp)
		}
		clear(got)
		v.e.readSpans(sps, 0, stackWindow, func(j int, b []byte) {
			copy(wins[j*stackWindow:], b)
			got[j] = true
		})
		for j, i := range batch {
			if got[j] {
				v.walk.use(wins[j*stackWindow:(j+1)*stackWindow], raws[i].sp)
			}
			f(i)
		}
	}
}
