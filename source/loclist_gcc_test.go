package source_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"tdb/source"
	"tdb/source/fixture"
)

// gcc -O1 keeps arr of testdata/cvalues in no memory at all: its location
// list says four stack values in pieces (readelf --debug-dump=loc:
// DW_OP_lit1; DW_OP_stack_value; DW_OP_piece: 4; ... DW_OP_lit4), in
// .debug_loc with -gdwarf-4 and in .debug_loclists (with gcc's view
// pairs) with -gdwarf-5.
func TestLocationListsFromGCC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	for _, version := range []string{"-gdwarf-4", "-gdwarf-5"} {
		bin := filepath.Join(t.TempDir(), "cv")
		out, err := exec.Command("gcc", "-g", version, "-O1", "-o", bin, fixture.Source("cvalues", "prog.c")).CombinedOutput()
		if err != nil {
			t.Fatalf("gcc: %v\n%s", err, out)
		}
		b, err := source.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		fns, err := b.LookupFunc("show")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for pc := fns[0].Entry; pc < fns[0].End && !found; pc++ {
			fv, err := b.Variables(pc, 0)
			if err != nil {
				continue
			}
			for _, v := range fv.Vars {
				if v.Name != "arr" || len(v.Loc) == 0 {
					continue
				}
				found = true
				ps, err := source.EvalLocation(v.Loc, source.LocContext{})
				if err != nil || len(ps) != 4 {
					t.Errorf("%s: arr at %#x: %v %+v", version, pc, err, ps)
					break
				}
				for i, p := range ps {
					if p.Kind != source.PieceValue || p.Value != uint64(i+1) || p.Size != 4 {
						t.Errorf("%s: arr piece %d: %+v", version, i, p)
					}
				}
			}
		}
		if !found {
			t.Errorf("%s: arr has no location anywhere in show", version)
		}
		b.Close()
	}
}
