package debugger

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

func validGroup(kind string) bool { return slices.Contains(GroupKinds, kind) }

func errBadGroup(kind string) error {
	return fmt.Errorf("unknown grouping %q (want %s)", kind, strings.Join(GroupKinds, ", "))
}

// delveLoc is a location as Delve's `goroutines -group` spells its key
// (service/debugger formatLoc): "FILE:LINE in FUNC", "?" for no function.
func delveLoc(l Location) string {
	// An assembly function's ABI wrapper is named by its symbol
	// (runtime.newproc.abi0); Delve names it by its DWARF name.
	fn := strings.TrimSuffix(l.Function, ".abi0")
	if fn == "" {
		fn = "?"
	}
	return l.File + ":" + strconv.Itoa(l.Line) + " in " + fn
}

// stackDepth bounds the frames a stack grouping compares: deeper stacks
// that agree on these are one group.
const stackDepth = 64

// key is g's key under the grouping kind; out is g filled (fill).
func (v *goroutineView) key(kind string, g *rawG, out *Goroutine) string {
	switch kind {
	case GroupUserLoc:
		if out.User.Function != "" {
			return v.locKeyOf(out.User)
		}
		// Delve's UserCurrent falls back to the current location.
		return v.locKeyOf(v.curLoc(g, out))
	case GroupCurLoc:
		return v.locKeyOf(v.curLoc(g, out))
	case GroupGoLoc:
		return v.locKeyOf(out.Go)
	case GroupStartLoc:
		return v.locKeyOf(out.Start)
	case GroupWait:
		if out.WaitReason != "" {
			return out.Status + ": " + out.WaitReason
		}
		return out.Status
	case GroupStack:
		return v.stackKey(g, out)
	}
	return ""
}

// curLoc is the current location as Delve keys it: the saved pc of a
// parked goroutine is taken as it is, not as a return address.
func (v *goroutineView) curLoc(g *rawG, out *Goroutine) Location {
	if out.Thread != 0 {
		return out.Current
	}
	return v.loc(g.pc, false)
}

// locKeyOf formats l once per distinct location.
func (v *goroutineView) locKeyOf(l Location) string {
	k, ok := v.keyCache[l]
	if !ok {
		k = delveLoc(l)
		v.keyCache[l] = k
	}
	return k
}

// stackStart is where g's stack walk begins: its thread's registers when it
// runs on one, else its saved context. frame0Ret: the pc is a return
// address (parked).
func (v *goroutineView) stackStart(g *rawG, out *Goroutine) (pc, sp, bp, hi uint64, frame0Ret bool) {
	pc, sp, bp, hi = g.pc, g.sp, g.bp, g.stackHi
	if out.Thread != 0 {
		if t := v.e.threads[out.Thread]; t != nil && v.e.getRegs(t) == nil {
			pc, sp, bp = t.regs.Rip, t.regs.Rsp, t.regs.Rbp
			if sp < g.stackLo || sp >= g.stackHi {
				hi = 0
			}
			return pc, sp, bp, hi, false
		}
	}
	return pc, sp, bp, hi, true
}

// stackKey is g's stack as a key: every frame's pc, innermost first, in
// hex ("0x4a1b2c 0x4a0f00 ...").
func (v *goroutineView) stackKey(g *rawG, out *Goroutine) string {
	pc, sp, bp, hi, ret := v.stackStart(g, out)
	v.buf = v.buf[:0]
	v.walk.walk(pc, sp, bp, hi, ret, stackDepth, func(pc, _ uint64, _ funcInfo) bool {
		if len(v.buf) > 0 {
			v.buf = append(v.buf, ' ')
		}
		v.buf = append(v.buf, "0x"...)
		v.buf = strconv.AppendUint(v.buf, pc, 16)
		return true
	})
	return string(v.buf)
}

// stackOf is g's stack symbolized, innermost first: each frame's pc with
// the function and line of its call.
func (v *goroutineView) stackOf(g *rawG, out *Goroutine) []Location {
	pc, sp, bp, hi, ret := v.stackStart(g, out)
	var frames []Location
	v.walk.walk(pc, sp, bp, hi, ret, stackDepth, func(pc, lookup uint64, _ funcInfo) bool {
		l := v.lineAt(lookup)
		l.PC = pc
		frames = append(frames, l)
		return true
	})
	return frames
}

// group answers ListGoroutines with Group: list and raws are the
// goroutines (filled), those with keep[i] grouped by keys[i]. Location and wait groups come
// sorted by key, as Delve sorts them; stacks the most common first.
func (v *goroutineView) group(r ListGoroutines, list []Goroutine, raws []*rawG, keep []bool, keys []string) Reply {
	type acc struct {
		key    string
		count  int
		sample int // index in list of the member with the lowest id
	}
	byKey := map[string]*acc{}
	var groups []*acc
	kept := 0
	for i := range list {
		if !keep[i] {
			continue
		}
		kept++
		k := keys[i]
		a := byKey[k]
		if a == nil {
			a = &acc{key: k, sample: i}
			byKey[k] = a
			groups = append(groups, a)
		}
		a.count++
		if list[i].ID < list[a.sample].ID {
			a.sample = i
		}
	}
	if r.Group == GroupStack {
		slices.SortFunc(groups, func(a, b *acc) int {
			if c := cmp.Compare(b.count, a.count); c != 0 {
				return c
			}
			return cmp.Compare(list[a.sample].ID, list[b.sample].ID)
		})
	} else {
		slices.SortFunc(groups, func(a, b *acc) int { return strings.Compare(a.key, b.key) })
	}
	total := len(groups)
	start := min(max(r.Start, 0), total)
	end := total
	if r.Count > 0 {
		end = min(start+r.Count, total)
	}
	page := make([]GoroutineGroup, 0, end-start)
	for _, a := range groups[start:end] {
		gr := GoroutineGroup{Key: a.key, Count: a.count, Sample: list[a.sample]}
		if r.Group == GroupStack {
			gr.Stack = v.stackOf(raws[a.sample], &list[a.sample])
		}
		page = append(page, gr)
	}
	return Reply{Groups: page, Total: total, Grouped: kept, State: v.e.state}
}
