package debugger

import (
	"debug/dwarf"
	"testing"
)

// cDecl spells function types as gdb's whatis does; the differential case
// "cjson ptype" (gdbconf_real_test.go) checks it against gdb on cJSON.
func TestCDeclFunctions(t *testing.T) {
	i := &dwarf.IntType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 4, Name: "int"}}}
	ch := &dwarf.CharType{BasicType: dwarf.BasicType{CommonType: dwarf.CommonType{ByteSize: 1, Name: "char"}}}
	cstr := &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8}, Type: &dwarf.QualType{Qual: "const", Type: ch}}
	s := &dwarf.TypedefType{CommonType: dwarf.CommonType{Name: "cJSON"}, Type: &dwarf.StructType{StructName: "cJSON", Kind: "struct"}}
	ptr := &dwarf.PtrType{CommonType: dwarf.CommonType{ByteSize: 8}, Type: s}
	for _, c := range []struct {
		t    dwarf.Type
		want string
	}{
		{&dwarf.FuncType{ReturnType: i, ParamType: []dwarf.Type{i, i}}, "int (int, int)"},
		{&dwarf.FuncType{ReturnType: ptr, ParamType: []dwarf.Type{cstr}}, "cJSON *(const char *)"},
		{&dwarf.FuncType{ReturnType: cstr}, "const char *(void)"},
		{&dwarf.PtrType{Type: &dwarf.FuncType{ReturnType: ptr, ParamType: []dwarf.Type{cstr}}}, "cJSON *(*)(const char *)"},
		{&dwarf.FuncType{ReturnType: &dwarf.VoidType{}, ParamType: []dwarf.Type{ptr}}, "void (cJSON *)"},
		// const qualifies an array's elements (Lua's luaP_opmodes).
		{&dwarf.QualType{Qual: "const", Type: &dwarf.ArrayType{Type: &dwarf.QualType{Qual: "const", Type: ch}, Count: 83}}, "const char [83]"},
		{&dwarf.QualType{Qual: "const", Type: &dwarf.ArrayType{Type: ch, Count: 4}}, "const char [4]"},
		// gdb's spacing of a qualified pointer (Lua's luaT_typenames_).
		{&dwarf.QualType{Qual: "const", Type: cstr}, "const char * const"},
		{&dwarf.ArrayType{Type: &dwarf.QualType{Qual: "const", Type: cstr}, Count: 12}, "const char * const[12]"},
		{&dwarf.PtrType{Type: &dwarf.QualType{Qual: "const", Type: cstr}}, "const char * const *"},
		{&dwarf.QualType{Qual: "const", Type: &dwarf.PtrType{Type: &dwarf.FuncType{ReturnType: i, ParamType: []dwarf.Type{i}}}}, "int (* const)(int)"},
	} {
		if got := cDecl(c.t, "", -1, 0, 0); got != c.want {
			t.Errorf("cDecl = %q, want %q", got, c.want)
		}
	}
}
