package debugger

import (
	"fmt"
	"testing"
)

// Children pages a long slice, array or map (Start, Count) and values
// say their length (Len): the pages of testdata/values' big (k: k*k for
// k < 100) hold each entry once, in the map's order, and each entry's
// Expr reads it again; nums's page holds nums[90..94].
func TestChildrenPages(t *testing.T) {
	tg := valuesAt(t, "marker: all set")
	lens := map[string]int64{}
	for _, v := range tg.do(Locals{Frame: SelectedFrame}).Values {
		lens[v.Name] = v.Len
	}
	for name, want := range map[string]int64{"big": 100, "nums": 100, "arr": 3, "m": 2, "sl": 3, "nilMap": 0, "pt": 0, "n": 0} {
		if lens[name] != want {
			t.Errorf("%s: Len %d, want %d", name, lens[name], want)
		}
	}
	seen := map[string]bool{}
	for start := 0; start < 110; start += 30 {
		rep := tg.do(Children{Expr: "big", Frame: SelectedFrame, Start: start, Count: 30})
		if want := min(30, max(0, 100-start)); len(rep.Values) != want {
			t.Errorf("page at %d: %d entries, want %d", start, len(rep.Values), want)
		}
		for _, v := range rep.Values {
			if seen[v.Name] {
				t.Errorf("big[%s] on two pages", v.Name)
			}
			seen[v.Name] = true
			var k int
			fmt.Sscan(v.Name, &k)
			if v.Value != fmt.Sprint(k*k) || v.Expr != "big["+v.Name+"]" {
				t.Errorf("entry %s = %s @%s, want %d @big[%s]", v.Name, v.Value, v.Expr, k*k, v.Name)
			}
			if got := tg.print(v.Expr, SelectedFrame); got != v.Value {
				t.Errorf("%s = %s, its entry said %s", v.Expr, got, v.Value)
			}
		}
	}
	if len(seen) != 100 {
		t.Errorf("%d entries over the pages, want 100", len(seen))
	}
	rep := tg.do(Children{Expr: "nums", Frame: SelectedFrame, Start: 90, Count: 5})
	if len(rep.Values) != 5 || rep.Values[0].Name != "[90]" || rep.Values[0].Value != "90" || rep.Values[4].Expr != "nums[94]" {
		t.Errorf("nums[90:95] = %+v", rep.Values)
	}
	if rep := tg.s.Do(Children{Expr: "nums", Frame: SelectedFrame, Start: -1}); rep.Err == nil {
		t.Errorf("a page at -1: no error")
	}
}
