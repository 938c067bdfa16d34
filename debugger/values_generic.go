package debugger

import (
	"debug/dwarf"
	"fmt"

	"tdb/source"
)

// goDictionary is the name Go gives the dictionary argument of a generic
// function's shaped code: one word per type parameter and derived type,
// each a pointer to the runtime type (*abi.Type) of this instantiation.
const goDictionary = ".dict"

// instantiate gives a variable of a generic function its real type. The
// compiler types it with the GC shape (go.shape.int, go.shape.*uint8: one
// body for every instantiation of that shape) through a typedef carrying
// DW_AT_go_dict_index; the entry of the dictionary at that index is the
// runtime type of this call's type argument, which DW_AT_go_runtime_type
// matches back to DWARF. On any failure the shape type stays.
func (e *engine) instantiate(fc *frameCtx, frameBase []byte, v source.Variable) (dwarf.Type, error) {
	fv, err := e.bin.Variables(fc.lookupPC(e.bias), 0)
	if err != nil {
		return nil, err
	}
	var dict *source.Variable
	for i := range fv.Vars {
		if fv.Vars[i].Name == goDictionary {
			dict = &fv.Vars[i]
		}
	}
	if dict == nil {
		return nil, fmt.Errorf("%s: no dictionary argument", fv.Function)
	}
	dv, err := e.variableValue(fc, frameBase, *dict)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", goDictionary, err)
	}
	d, err := e.word(dv, 0)
	if err != nil || d == 0 {
		return nil, fmt.Errorf("%s: unreadable (%v)", goDictionary, err)
	}
	rt, err := e.read8(d + 8*uint64(v.DictIndex))
	if err != nil || rt == 0 {
		return nil, fmt.Errorf("%s[%d]: unreadable", goDictionary, v.DictIndex)
	}
	return e.bin.TypeOfRuntimeType(rt - e.bias)
}
