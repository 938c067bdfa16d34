package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// The pieces of gdb's C value printer, each checked against what gdb 13
// printed for the same bytes (testdata/cctypes; gdbconf_cvals_test.go
// compares the whole with gdb itself).

func TestCFormatFloat(t *testing.T) {
	f32 := func(f float32) []byte { return binary.LittleEndian.AppendUint32(nil, math.Float32bits(f)) }
	f64 := func(f float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(f)) }
	// x87 80-bit extended, in 16 bytes: 1.5 and 3/7.
	ld := func(mant uint64, se uint16) []byte {
		b := binary.LittleEndian.AppendUint64(nil, mant)
		return append(binary.LittleEndian.AppendUint16(b, se), 0, 0, 0, 0, 0, 0)
	}
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{f32(12.1414223), "12.1414223"},
		{f32(3.25), "3.25"},
		{f32(float32(math.Copysign(0, -1))), "-0"},
		{f32(float32(math.Inf(1))), "inf"},
		{f64(1.0 / 3), "0.33333333333333331"},
		{f64(0.1), "0.10000000000000001"},
		{f64(1e300), "1.0000000000000001e+300"},
		{f64(1e-7), "9.9999999999999995e-08"},
		{f64(2.5), "2.5"},
		{f64(math.Inf(-1)), "-inf"},
		{f64(math.Float64frombits(0x7ff8000000000000)), "nan(0x8000000000000)"},
		{ld(0xc000000000000000, 0x3fff), "1.5"},
		{ld(0xdb6db6db6db6db6e, 0x3ffd), "0.428571428571428571436"},
		{ld(0xc000000000000000, 0xffff), "-nan(0xc000000000000000)"},
		{ld(0x8000000000000000, 0x7fff), "inf"},
	} {
		if got := gdbFloat(c.b); got != c.want {
			t.Errorf("% x: %s, want %s", c.b, got, c.want)
		}
	}
	// _Float128 1/3 and -2.5, _Float16 1/3, as gdb 13 prints them.
	quad := func(hi, lo uint64) []byte {
		return binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, lo), hi)
	}
	for _, c := range []struct {
		b    []byte
		name string
		want string
	}{
		{quad(0x3ffd555555555555, 0x5555555555555555), "_Float128", "0.333333333333333333333333333333333317"},
		{quad(0xc000400000000000, 0), "_Float128", "-2.5"},
		{[]byte{0x55, 0x35}, "_Float16", "0.33325"},
	} {
		if got := gdbFloatAs(c.b, floatFormatOf(len(c.b), c.name)); got != c.want {
			t.Errorf("%s % x: %s, want %s", c.name, c.b, got, c.want)
		}
	}
}

func TestCFormatString(t *testing.T) {
	for _, c := range []struct {
		b    string
		more bool
		want string
	}{
		{"abc\x00\x00\x00\x00", false, `"abc\000\000\000\000"`},
		{"a\n\t\"\\'\x1bz\x00\x00\x00", false, `"a\n\t\"\\'\033z\000\000\000"`},
		{strings.Repeat("x", 21) + "yz\x00\x00\x00\x00\x00\x00", false, `'x' <repeats 21 times>, "yz\000\000\000\000\000\000"`},
		{strings.Repeat("\x00", 15), false, `'\000' <repeats 15 times>`},
		{"\x01\xc8A", false, `"\001\310A"`},
		{strings.Repeat("3", 10), false, `"3333333333"`},
		{strings.Repeat("a", 250) + strings.Repeat("\x00", 49), false, `'a' <repeats 250 times>...`},
		{strings.Repeat("a", 200), true, `'a' <repeats 200 times>...`},
		{"", false, `""`},
	} {
		if got := cStringIn([]byte(c.b), c.more, false); got != c.want {
			t.Errorf("%q: %s, want %s", c.b, got, c.want)
		}
	}
	// In a UTF-8 locale gdb prints UTF-8 characters as themselves, bytes
	// that are none escaped (gdb 13, LANG=C.UTF-8).
	for _, c := range []struct{ b, want string }{
		{"h\xc3\xa9llo\x00", `"héllo\000"`},
		{"\xc3z\xff", `"\303z\377"`},
		{strings.Repeat("€", 12) + "!", `'€' <repeats 12 times>, "!"`},
	} {
		if got := cStringIn([]byte(c.b), false, true); got != c.want {
			t.Errorf("UTF-8 %q: %s, want %s", c.b, got, c.want)
		}
	}
	if got := cCharLit(200); got != `'\310'` {
		t.Errorf("char 200: %s", got)
	}
}

func TestCFormatIntAndEnum(t *testing.T) {
	for _, c := range []struct {
		b      []byte
		signed bool
		f      byte
		want   string
	}{
		{[]byte{0xd4, 0xfe}, true, 'x', "0xfed4"},
		{[]byte{0xd4, 0xfe}, true, 'c', `-44 '\324'`},
		{[]byte{0xe8, 0xfd}, false, 'c', `232 '\350'`},
		{[]byte{0xfd}, true, 'u', "253"},
		{[]byte{0xfd}, true, 'o', "0375"},
		{[]byte{0}, true, 'o', "0"},
		{[]byte{0xfd}, true, 't', "11111101"},
		{[]byte{5, 0, 0, 0}, true, 'z', "0x00000005"},
		{[]byte{0xff, 0xff, 0xff, 0xff}, false, 'd', "-1"},
		{[]byte{0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0x3f}, true, 'x', "0x3fffc000000000000000"},
	} {
		if got := gdbIntFormat(c.b, c.signed, c.f); got != c.want {
			t.Errorf("% x /%c: %s, want %s", c.b, c.f, got, c.want)
		}
	}
	fl := &dwarf.EnumType{Val: []*dwarf.EnumValue{{Name: "F_A", Val: 1}, {Name: "F_B", Val: 2}, {Name: "F_C", Val: 4}}}
	color := &dwarf.EnumType{Val: []*dwarf.EnumValue{{Name: "RED", Val: 0}, {Name: "GREEN", Val: 1}, {Name: "BLUE", Val: 5}}}
	for _, c := range []struct {
		t    *dwarf.EnumType
		x    int64
		want string
	}{
		{fl, 5, "(F_A | F_C)"}, {fl, 10, "(F_B | unknown: 0x8)"}, {fl, 0, "0"}, {fl, 2, "F_B"},
		{color, 8, "8"}, {color, 5, "BLUE"},
	} {
		if got := gdbEnum(c.t, c.x); got != c.want {
			t.Errorf("enum %d: %s, want %s", c.x, got, c.want)
		}
	}
}

// A bitfield's bits are read and written in place: the neighbours keep
// theirs.
func TestCBitfieldBits(t *testing.T) {
	b := []byte{0x9b, 0xff, 0x00} // a=1 (bit 0), b=5 (bits 1-3), c=9 (bits 4-7)
	if a, bb, c := bitsOf(b[:1], 0, 1), bitsOf(b[:1], 1, 3), bitsOf(b[:1], 4, 4); a != 1 || bb != 5 || c != 9 {
		t.Errorf("read %d %d %d, want 1 5 9", a, bb, c)
	}
	setBits(b, 1, 3, 2)
	if b[0] != 0x95 || b[1] != 0xff {
		t.Errorf("b = 2 wrote % x, want 95 ff", b)
	}
	// A field across a byte boundary: 6 bits from bit 6.
	setBits(b, 6, 6, 0)
	if got := bitsOf(b[:2], 6, 6); got != 0 || b[0] != 0x15 || b[1] != 0xf0 {
		t.Errorf("across bytes: % x, field %d", b, got)
	}
}

// set writes a long double, a _Float128 or a _Float16 in its own format:
// each value reads back as gdb prints it after set var.
func TestCEncodeFloat(t *testing.T) {
	for _, c := range []struct {
		f    float64
		size int
		name string
		want string
	}{
		{1.5, 16, "long double", "1.5"},
		{-0.1, 16, "long double", "-0.100000000000000005551"},
		{3, 16, "long double", "3"},
		{2.5, 16, "_Float128", "2.5"},
		{-1e300, 16, "_Float128", "-1.00000000000000005250476025520442025e+300"},
		{0.5, 2, "_Float16", "0.5"},
		{1000.3, 2, "_Float16", "1000.5"},
		{math.Inf(-1), 16, "long double", "-inf"},
		{0, 16, "long double", "0"},
	} {
		ff := floatFormatOf(c.size, c.name)
		if got := gdbFloatAs(encodeFloat(c.f, ff, c.size), ff); got != c.want {
			t.Errorf("%s %v: %s, want %s", c.name, c.f, got, c.want)
		}
	}
}
