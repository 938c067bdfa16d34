package source

import (
	"strings"
	"testing"
)

// A unit whose last bytes start an abbreviation code that never ends
// makes debug/dwarf return null entries forever without moving on: the
// index must stop there, keep what it found, and say what is wrong.
func TestGoTypesStopAtStuckEntry(t *testing.T) {
	g := loadGoDWARF(t)
	for u, r := range g.units {
		unit := append([]byte(nil), g.sec["info"][r[0]:r[1]]...)
		unit[len(unit)-1] = 0x80 // the unit's last null entry, now unterminated
		d, err := g.data(g.patched(u, unit))
		if err != nil {
			t.Fatal(err)
		}
		b := &Binary{dwarf: d}
		bounded(t, func() { exerciseGoTypes(b) })
		x := b.goTypeIndex()
		if x.err == nil || !strings.Contains(x.err.Error(), "runs past the end of its unit") {
			t.Errorf("unit %d: index error %v, want one saying an entry runs past its unit", u, x.err)
		}
		// What comes before the stuck entry is indexed: main's unit
		// comes before the types' unit.
		if _, err := b.Global("main.global"); err != nil {
			t.Errorf("unit %d: Global(main.global): %v", u, err)
		}
	}
}
