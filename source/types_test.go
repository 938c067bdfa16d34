package source

import (
	"strings"
	"testing"
)

func TestFieldOffset(t *testing.T) {
	b := openFixture(t, "fib")
	// runtime.g starts with stack (lo, hi), then stackguard0: the offsets
	// of the first fields are fixed by the runtime's assembly.
	tests := []struct {
		typ, field string
		want       int64
	}{
		{"runtime.g", "stack", 0},
		{"runtime.g", "stack.lo", 0},
		{"runtime.g", "stack.hi", 8},
		{"runtime.g", "stackguard0", 16},
		{"runtime.stack", "hi", 8},
	}
	for _, tt := range tests {
		got, err := b.FieldOffset(tt.typ, tt.field)
		if err != nil || got != tt.want {
			t.Errorf("FieldOffset(%s, %s) = %d, %v; want %d", tt.typ, tt.field, got, err, tt.want)
		}
	}
	// goid and atomicstatus move between Go releases: check they exist,
	// lie inside the struct and differ.
	goid, err1 := b.FieldOffset("runtime.g", "goid")
	status, err2 := b.FieldOffset("runtime.g", "atomicstatus")
	if err1 != nil || err2 != nil || goid <= 16 || status <= 16 || goid == status || goid > 1024 {
		t.Errorf("goid %d %v, atomicstatus %d %v", goid, err1, status, err2)
	}
	bad := []struct{ typ, field, err string }{
		{"runtime.g", "nosuch", "type runtime.g has no field nosuch"},
		{"runtime.g", "goid.x", "runtime.g.goid.x: uint64 is not a struct"},
		{"runtime.nosuchtype", "x", "no type runtime.nosuchtype in the binary's DWARF"},
	}
	for _, tt := range bad {
		if _, err := b.FieldOffset(tt.typ, tt.field); err == nil || err.Error() != tt.err {
			t.Errorf("FieldOffset(%s, %s) error %v, want %q", tt.typ, tt.field, err, tt.err)
		}
	}
	nd := openFixture(t, "fib@nodwarf")
	if _, err := nd.FieldOffset("runtime.g", "goid"); err == nil || !strings.Contains(err.Error(), "no DWARF") {
		t.Errorf("no DWARF: %v", err)
	}
}
