package console

import "testing"

// The pure parts of gdb's spellings; gdbconf_test.go (the repository
// root) checks them against gdb on real programs.

func TestFormatIntGdb(t *testing.T) {
	for _, c := range []struct {
		v        uint64
		size     int
		f        byte
		unsigned bool
		want     string
	}{
		{255, 4, 'x', false, "0xff"},
		{5, 4, 't', false, "101"},
		{8, 4, 'o', false, "010"},
		{0, 4, 'o', false, "0"},
		{65, 4, 'c', false, "65 'A'"},
		{200, 1, 'c', true, "200 '\\310'"},
		{200, 1, 'c', false, "-56 '\\310'"},
		{10, 4, 'c', false, "10 '\\n'"},
		{^uint64(0), 4, 'x', false, "0xffffffff"},
		{^uint64(0), 4, 'd', false, "-1"},
		{^uint64(0), 4, 'u', false, "4294967295"},
		{^uint64(0), 8, 'u', false, "18446744073709551615"},
		{0xfff8, 1, 'x', false, "0xf8"},
		{0xf8, 1, 'd', false, "-8"},
	} {
		if got := formatIntType(c.v, c.size, c.f, c.unsigned); got != c.want {
			t.Errorf("formatIntType(%#x, %d, %c, %v) = %q, want %q", c.v, c.size, c.f, c.unsigned, got, c.want)
		}
	}
}

func TestParseExamineFormat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want examineFormat
		err  bool
	}{
		{"8xb", examineFormat{8, 'x', 1}, false},
		{"4gx", examineFormat{4, 'x', 8}, false},
		{"2wx", examineFormat{2, 'x', 4}, false},
		{"s", examineFormat{1, 's', 4}, false},
		{"10i", examineFormat{10, 'i', 4}, false},
		{"x", examineFormat{1, 'x', 4}, false},
		{"4c", examineFormat{4, 'c', 1}, false},
		{"3dh", examineFormat{3, 'd', 2}, false},
		{"8q", examineFormat{}, true},
		{"0x", examineFormat{}, true},
	} {
		got, err := parseExamineFormat(c.in)
		if (err != nil) != c.err || !c.err && got != c.want {
			t.Errorf("parseExamineFormat(%q) = %+v, %v; want %+v (error %v)", c.in, got, err, c.want, c.err)
		}
	}
}

func TestLookupCommandFormat(t *testing.T) {
	for _, c := range []struct{ line, name, args string }{
		{"p/x 255", "print", "/x 255"},
		{"print/t n + 1", "print", "/t n + 1"},
		{"x/8xb &counter", "x", "/8xb &counter"},
		{"display/x n", "display", "/x n"},
		{"info locals", "locals", ""},
		{"info args", "args", ""},
		{"info frame", "info frame", ""},
		{"set var x = 3", "set", "var x = 3"},
	} {
		cmd, args, err := lookupCommand(c.line)
		if err != nil || cmd.Name != c.name || args != c.args {
			t.Errorf("lookupCommand(%q) = %v %q %v; want %s %q", c.line, cmd, args, err, c.name, c.args)
		}
	}
	if _, _, err := lookupCommand("next/x"); err == nil {
		t.Errorf("next/x: no error; next takes no format")
	}
}

func TestValueInt(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"255", 255, true},
		{"-1", ^uint64(0), true},
		{"122 'z'", 122, true},
		{`0x55a115a3f008 "hello"`, 0x55a115a3f008, true},
		{"(*int)(0x55a115a41018)", 0x55a115a41018, true},
		{"true", 1, true},
		{"2.5", 0, false},
		{"struct point {x: 7}", 0, false},
		// C values, as gdb prints them.
		{"(struct rec *) 0x7ffe3c10", 0x7ffe3c10, true},
		{"(int (*)(int, int)) 0x401136 <add>", 0x401136, true},
		{"(int *) 0x404018 <counter>", 0x404018, true},
		{"{int (int, int)} 0x401136 <add>", 0x401136, true},
		{"{x = 7, y = 8}", 0, false},
		{`"abc\000"`, 0, false},
	} {
		got, ok := valueInt(c.in)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("valueInt(%q) = %#x %v, want %#x %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
