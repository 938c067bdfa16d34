package debugger

import (
	"debug/dwarf"
	"fmt"
	"strings"
)

// field finds the field name of the struct value v, directly or promoted
// from an embedded struct or pointer to struct at any depth, as Go's
// selector rules do: the shallowest depth wins, two at that depth are
// ambiguous, and an embedded interface promotes nothing here (its methods
// are not fields). what names v in errors.
func (e *engine) field(v *value, name, what string) (*value, error) {
	level := []*value{v}
	for depth := 0; depth < 16 && len(level) > 0; depth++ {
		var found []*value
		var next []*value
		for _, s := range level {
			st, ok := resolve(s.typ).(*dwarf.StructType)
			if !ok {
				continue
			}
			for _, f := range st.Field {
				fv := e.part(s, f.ByteOffset, f.Type)
				if f.Name == name {
					found = append(found, fv)
					continue
				}
				if !embedded(f) {
					continue
				}
				switch classify(f.Type) {
				case kStruct:
					next = append(next, fv)
				case kPtr:
					pt := resolve(f.Type).(*dwarf.PtrType)
					if classify(pt.Type) != kStruct {
						continue
					}
					a, err := e.word(fv, 0)
					if err != nil || a == 0 {
						continue // a nil embedded pointer has no fields to give
					}
					next = append(next, e.at(a, pt.Type))
				}
			}
		}
		switch len(found) {
		case 0:
			level = next
		case 1:
			return found[0], nil
		default:
			return nil, fmt.Errorf("%s: ambiguous selector %s (%d fields at the same depth)", what, name, len(found))
		}
	}
	return nil, fmt.Errorf("%s (type %s) has no field %s", what, e.typeName(v.typ), name)
}

// embedded tells an embedded field: Go names it after its type without
// the package and the type arguments (Mid for main.Mid, Inner for
// *main.Inner, Box for main.Box[int]). debug/dwarf drops the compiler's
// DW_AT_go_embedded_field, so the name is the test; a field named like
// its type's base name (Inner Inner) is taken for an embedded one.
func embedded(f *dwarf.StructField) bool {
	tn := strings.TrimPrefix(goTypeName(f.Type), "*")
	if i := strings.IndexByte(tn, '['); i >= 0 {
		tn = tn[:i]
	}
	if i := strings.LastIndexByte(tn, '.'); i >= 0 {
		tn = tn[i+1:]
	}
	return tn == f.Name
}
