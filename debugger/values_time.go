package debugger

import (
	"debug/dwarf"
	"fmt"
	"time"
)

// time.Time's wall word: the top bit says the monotonic clock reading is
// in ext and the wall seconds (since 1885) in bits 30..62; otherwise ext
// holds the seconds since year 1 (src/time/time.go).
const (
	timeHasMonotonic = 1 << 63
	timeNsecShift    = 30
	// Seconds from 1885-01-01 (the wall field's epoch) to 1970-01-01.
	timeWallToUnix = 2682288000
)

// timeOf reads a time.Time the way Delve shows it: RFC 3339, in its
// location when the program's location has a name the host's zone
// database knows, else UTC; with a monotonic reading, ", +N" after it.
func (e *engine) timeOf(v *value) (string, bool) {
	wf, ef, lf := fieldByName(v.typ, "wall"), fieldByName(v.typ, "ext"), fieldByName(v.typ, "loc")
	if wf == nil || ef == nil {
		return "", false
	}
	_, wall, err1 := e.intOf(e.part(v, wf.ByteOffset, wf.Type), false)
	ext, _, err2 := e.intOf(e.part(v, ef.ByteOffset, ef.Type), true)
	if err1 != nil || err2 != nil {
		return "", false
	}
	var loc *time.Location
	if lf != nil {
		if name, ok := e.locationName(e.part(v, lf.ByteOffset, lf.Type)); ok {
			loc, _ = time.LoadLocation(name)
		}
	}
	in := func(t time.Time) time.Time {
		if loc != nil {
			return t.In(loc)
		}
		return t
	}
	if wall&timeHasMonotonic != 0 {
		sec := int64(wall << 1 >> (timeNsecShift + 1))
		t := in(time.Unix(sec-timeWallToUnix, 0).UTC())
		return fmt.Sprintf("%s, %+d", t.Format(time.RFC3339), ext), true
	}
	// ext: seconds since year 1. Years far out (time.Date(300000, ...))
	// are left to the fields, as Delve does.
	const maxStep = int64(time.Duration(1<<63-1) / time.Second)
	if ext > maxStep*1000 {
		return "", false
	}
	var t time.Time
	for ext > maxStep {
		t = t.Add(time.Duration(maxStep) * time.Second)
		ext -= maxStep
	}
	return in(t.Add(time.Duration(ext) * time.Second)).Format(time.RFC3339), true
}

// locationName reads the name of the *time.Location p points to.
func (e *engine) locationName(p *value) (string, bool) {
	if classify(p.typ) != kPtr {
		return "", false
	}
	a, err := e.word(p, 0)
	if err != nil || a == 0 {
		return "", false
	}
	loc := e.at(a, resolve(p.typ).(*dwarf.PtrType).Type)
	nf := fieldByName(loc.typ, "name")
	if nf == nil {
		return "", false
	}
	name, _, err := e.stringOf(e.part(loc, nf.ByteOffset, nf.Type), 256)
	return name, err == nil
}
