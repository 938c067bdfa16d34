package source_test

import (
	"testing"

	"tdb/source"
	"tdb/source/fixture"
)

// varsAt opens testdata/values and returns the variables visible on the
// line marked marker.
func varsAt(t *testing.T, b *source.Binary, marker string) (*source.FuncVars, uint64, int) {
	t.Helper()
	line := fixture.LineOf(t, "values", "main.go", marker)
	pcs, _, err := b.ResolveLine(fixture.Source("values", "main.go"), line)
	if err != nil || len(pcs) == 0 {
		t.Fatalf("ResolveLine %d: %v", line, err)
	}
	fv, err := b.Variables(pcs[0], line)
	if err != nil {
		t.Fatalf("Variables: %v", err)
	}
	return fv, pcs[0], line
}

func names(fv *source.FuncVars) map[string]source.Variable {
	m := map[string]source.Variable{}
	for _, v := range fv.Vars {
		m[v.Name] = v
	}
	return m
}

func TestVariablesScopes(t *testing.T) {
	b, err := source.Open(fixture.Build(t, "values"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fv, _, _ := varsAt(t, b, "marker: inner")
	if fv.Function != "main.scoped" {
		t.Errorf("function %q", fv.Function)
	}
	m := names(fv)
	for _, want := range []string{"k", "x", "y"} {
		if _, ok := m[want]; !ok {
			t.Errorf("inner: no %s in %v", want, fv.Vars)
		}
	}
	if _, ok := m["z"]; ok {
		t.Errorf("inner: z is declared below but shown")
	}
	fv, _, _ = varsAt(t, b, "marker: after")
	m = names(fv)
	if _, ok := m["y"]; ok {
		t.Errorf("after: y belongs to the if block but is shown")
	}
	if !m["k"].Arg || m["x"].Arg {
		t.Errorf("k should be an argument, x a local: %+v", fv.Vars)
	}
}

func TestVariableLocations(t *testing.T) {
	b, err := source.Open(fixture.Build(t, "values"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fv, _, _ := varsAt(t, b, "marker: all set")
	m := names(fv)
	// After the prologue every argument was spilled: the location list
	// (checked against readelf --debug-dump=loc) says fbreg, i.e. the
	// CFA plus an offset; at entry it says a register.
	s := m["s"]
	ps, err := source.EvalLocation(s.Loc, source.LocContext{CFA: 0x1000, FrameBase: fv.FrameBase})
	if err != nil || len(ps) != 1 || ps[0].Kind != source.PieceMemory || ps[0].Addr != 0x1008 {
		t.Errorf("s at the marker: %v %+v (loc % x)", err, ps, s.Loc)
	}
	fns, _ := b.LookupFunc("main.inspect")
	at, err := b.Variables(fns[0].Entry, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range at.Vars {
		if v.Name != "s" {
			continue
		}
		ps, err := source.EvalLocation(v.Loc, source.LocContext{})
		if err != nil || len(ps) != 2 || ps[0].Kind != source.PieceRegister || ps[0].Reg != source.RegRBX || ps[1].Reg != source.RegRCX || ps[0].Size != 8 {
			t.Errorf("s at entry: %v %+v", err, ps)
		}
	}
	if pt := m["pt"]; pt.Type == nil || pt.Type.String() != "main.point" {
		t.Errorf("pt type %v", pt.Type)
	}
	if k, ok := b.GoKind("map[string]int"); !ok || k != source.GoKindMap {
		t.Errorf("GoKind map = %d %v", k, ok)
	}
}

func TestEvalLocationOps(t *testing.T) {
	ctx := source.LocContext{
		Reg: func(n int) (uint64, bool) { return uint64(100 * n), n == 7 },
		CFA: 0x2000,
	}
	cases := []struct {
		expr []byte
		want source.Piece
	}{
		{[]byte{0x9c}, source.Piece{Kind: source.PieceMemory, Addr: 0x2000}},
		{[]byte{0x77, 0x10}, source.Piece{Kind: source.PieceMemory, Addr: 716}},            // breg7 +16
		{[]byte{0x91, 0x78}, source.Piece{Kind: source.PieceMemory, Addr: 0x2000 - 8}},     // fbreg -8
		{[]byte{0x35, 0x32, 0x1e, 0x9f}, source.Piece{Kind: source.PieceValue, Value: 10}}, // lit5 lit2 mul stack_value
		{[]byte{0x03, 1, 0, 0, 0, 0, 0, 0, 0, 0x23, 4}, source.Piece{Kind: source.PieceMemory, Addr: 5}},
		{[]byte{0x50}, source.Piece{Kind: source.PieceRegister, Reg: 0}},
	}
	for _, c := range cases {
		ps, err := source.EvalLocation(c.expr, ctx)
		if err != nil || len(ps) != 1 || ps[0].Kind != c.want.Kind || ps[0].Addr != c.want.Addr || ps[0].Value != c.want.Value || ps[0].Reg != c.want.Reg {
			t.Errorf("% x: %v %+v, want %+v", c.expr, err, ps, c.want)
		}
	}
	if _, err := source.EvalLocation([]byte{0x75, 0}, ctx); err == nil {
		t.Errorf("breg5 in a frame without rdi: no error")
	}
	if _, err := source.EvalLocation([]byte{0x22}, ctx); err == nil {
		t.Errorf("plus on an empty stack: no error")
	}
	if _, err := source.EvalLocation([]byte{0x03, 1}, ctx); err == nil {
		t.Errorf("truncated addr: no error")
	}
}
