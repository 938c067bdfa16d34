package source_test

import (
	"testing"

	"tdb/source"
	"tdb/source/fixture"
)

// In an optimised build, square is inlined into sumSquares: at a pc of
// the inlined body the variables are square's (x, y, named through their
// abstract origin), and FuncVars says where the call was; at a pc of
// sumSquares' own code they are sumSquares'.
func TestVariablesInlined(t *testing.T) {
	b, err := source.Open(fixture.Build(t, "inlined@opt"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	src := fixture.Source("inlined", "main.go")
	line := fixture.LineOf(t, "inlined", "main.go", "marker: inlined")
	pcs, _, err := b.ResolveLine(src, line)
	if err != nil || len(pcs) == 0 {
		t.Fatalf("ResolveLine %d: %v", line, err)
	}
	fv, err := b.Variables(pcs[0], line)
	if err != nil {
		t.Fatal(err)
	}
	call := fixture.LineOf(t, "inlined", "main.go", "total += square(i)")
	if fv.Function != "main.square" || !fv.Inlined || fv.CallLine != call {
		t.Errorf("at the inlined body: function %q, inlined %v, call line %d; want main.square, true, %d", fv.Function, fv.Inlined, fv.CallLine, call)
	}
	m := names(fv)
	if x, y := m["x"], m["y"]; !x.Arg || y.Arg || x.Type == nil || y.Type == nil || x.Type.String() != "int" || y.DeclLine == 0 {
		t.Errorf("x and y of square: %+v", fv.Vars)
	}
	if _, ok := m["total"]; ok {
		t.Errorf("sumSquares' total shown in square: %+v", fv.Vars)
	}
	// sumSquares' own code, at its entry: its argument n, not inlined.
	fns, err := b.LookupFunc("main.sumSquares")
	if err != nil || len(fns) == 0 {
		t.Fatalf("no main.sumSquares: %v", err)
	}
	fv, err = b.Variables(fns[0].Entry, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fv.Function != "main.sumSquares" || fv.Inlined {
		t.Errorf("at sumSquares' entry: function %q, inlined %v", fv.Function, fv.Inlined)
	}
	if _, ok := names(fv)["n"]; !ok {
		t.Errorf("no n at sumSquares' entry: %+v", fv.Vars)
	}
}
