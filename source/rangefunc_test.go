package source

import "testing"

func TestRangeParent(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"main.TestTrickyIterAll-range1", "main.TestTrickyIterAll"},
		{"main.TestBreak1-range1-range2", "main.TestBreak1"},
		{"main.f", ""},
		{"main.range-range", ""},
		{"main.x-rangeA", ""},
		{"main.(*T).m-range3", "main.(*T).m"},
	} {
		if got := RangeParent(tt.name); got != tt.want {
			t.Errorf("RangeParent(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
