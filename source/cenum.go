package source

import (
	"debug/dwarf"
	"sync"
)

// enumIndex maps C enumerators (RED, OPR_ADD) to their enumeration type
// and value, for expressions that name them. Enumerators are children of
// their type's entry, which the top-level index skips, so they have an
// index of their own, built on first use by one pass over every entry.
type enumIndex struct {
	once  sync.Once
	names map[string]enumerator
}

type enumerator struct {
	typ dwarf.Offset
	val int64
}

// Enumerator is the C enumerator named name: its enumeration type and
// value. The first found wins when units define it differently.
func (b *Binary) Enumerator(name string) (t dwarf.Type, val int64, ok bool) {
	x := &b.enums
	x.once.Do(func() {
		x.names = map[string]enumerator{}
		if b.dwarf == nil {
			return
		}
		defer func() { _ = recover() }() // corrupt DWARF: keep what was read
		r := b.dwarf.Reader()
		var cur dwarf.Offset
		nulls := 0
		for {
			e, err := r.Next()
			if err != nil || e == nil {
				return
			}
			if e.Tag == 0 {
				// A run of null entries: see goTypeIndex.scan.
				if nulls++; nulls > 1<<12 {
					return
				}
				continue
			}
			nulls = 0
			switch e.Tag {
			case dwarf.TagEnumerationType:
				cur = e.Offset
			case dwarf.TagEnumerator:
				n, _ := e.Val(dwarf.AttrName).(string)
				v, okV := e.Val(dwarf.AttrConstValue).(int64)
				if n != "" && okV && cur != 0 {
					if _, dup := x.names[n]; !dup {
						x.names[n] = enumerator{typ: cur, val: v}
					}
				}
			}
		}
	})
	en, found := x.names[name]
	if !found {
		return nil, 0, false
	}
	t, err := b.typeAt(en.typ)
	if err != nil {
		return nil, 0, false
	}
	return t, en.val, true
}
