package debugger

import "testing"

func TestParseWchar(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"rchar: 2012\nwchar: 394\nsyscr: 7\nsyscw: 3\n", 394, true},
		{"wchar: 0\n", 0, true},
		{"rchar: 1\n", 0, false},
		{"wchar: x\n", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseWchar([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseWchar(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
