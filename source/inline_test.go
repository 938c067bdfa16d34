package source

import (
	"debug/dwarf"
	"testing"

	"tdb/source/fixture"
)

func TestProducerFlags(t *testing.T) {
	for _, c := range []struct {
		goCode          bool
		producer        string
		opt, noInlining bool
	}{
		{true, "Go cmd/compile go1.26.8; -N -l regabi", false, true},
		{true, "Go cmd/compile go1.26.8; -N regabi", true, false}, // inlined: Delve counts it optimised
		{true, "Go cmd/compile go1.26.8; -l regabi", true, true},  // the runtime in a -N -l build
		{true, "Go cmd/compile go1.26.8; regabi", true, false},
		{true, "Go cmd/compile go1.26.8", true, false},
		{false, "GNU C17 11.4.0 -mtune=generic -march=x86-64 -g -O0", false, false},
		{false, "GNU C17 11.4.0 -mtune=generic -march=x86-64 -g -O2", true, false},
	} {
		e := &dwarf.Entry{Field: []dwarf.Field{{Attr: dwarf.AttrProducer, Val: c.producer, Class: dwarf.ClassString}}}
		opt, noInl := producerFlags(c.goCode, e)
		if opt != c.opt || noInl != c.noInlining {
			t.Errorf("%q: optimized %v, no inlining %v; want %v, %v", c.producer, opt, noInl, c.opt, c.noInlining)
		}
	}
}

// testdata/inlined, optimised: square is inlined into sumSquares, into
// main and twice into pair (inlined into main). At a pc of its body in sumSquares the inline stack is square,
// called from the line "total += square(i)"; InlinedCalls finds both
// copies by full and by short name; the code is optimised. In the -N -l
// build nothing is inlined and nothing is optimised.
func TestInlineStack(t *testing.T) {
	b, err := Open(fixture.Build(t, "inlined@opt"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	src := fixture.Source("inlined", "main.go")
	body := fixture.LineOf(t, "inlined", "main.go", "marker: inlined")
	call := fixture.LineOf(t, "inlined", "main.go", "total += square(i)")
	pcs, _, err := b.ResolveLine(src, body)
	// One address per inlined copy with code on the line (not every copy
	// keeps code there: Go 1.26 leaves 3 of the 4).
	if err != nil || len(pcs) < 2 {
		t.Fatalf("ResolveLine(%d) = %#x, %v: want an address in each inlined copy with code there", body, pcs, err)
	}
	var inSum uint64
	for _, pc := range pcs {
		if fn := b.FuncAt(pc); fn != nil && fn.Name == "main.sumSquares" {
			inSum = pc
		}
	}
	st := b.InlineStack(inSum)
	if len(st) != 1 || st[0].Function != "main.square" || st[0].CallFile != src || st[0].CallLine != call {
		t.Errorf("InlineStack(%#x) = %+v, want main.square called from %s:%d", inSum, st, src, call)
	}
	if !b.Optimized(inSum) {
		t.Errorf("Optimized(%#x) = false in a plain build", inSum)
	}
	for _, name := range []string{"main.square", "square"} {
		got := b.InlinedCalls(name)
		if len(got) != 1 || len(got["main.square"]) != 4 {
			t.Errorf("InlinedCalls(%q) = %#x, want main.square's 4 copies", name, got)
		}
	}
	// The own code of sumSquares is a place for a next from its frame;
	// square's body is not, but it is for a next from square's frame.
	fn := b.FuncAt(inSum)
	own, ok := b.InlinedRanges(fn.Entry, 0)
	if !ok || own(inSum) || !own(fn.Entry) {
		t.Errorf("InlinedRanges(sumSquares): ok %v, own(square's body) %v, own(entry) %v", ok, ok && own(inSum), ok && own(fn.Entry))
	}
	if own, ok := b.InlinedRanges(inSum, 0); !ok || !own(inSum) {
		t.Errorf("InlinedRanges(square's frame) does not keep its own body")
	}

	nl, err := Open(fixture.Build(t, "inlined"))
	if err != nil {
		t.Fatal(err)
	}
	defer nl.Close()
	pcs, _, err = nl.ResolveLine(src, body)
	if err != nil || len(pcs) != 1 {
		t.Fatalf("-N -l: ResolveLine(%d) = %#x, %v", body, pcs, err)
	}
	if st := nl.InlineStack(pcs[0]); st != nil || nl.Optimized(pcs[0]) {
		t.Errorf("-N -l: InlineStack %+v, Optimized %v", st, nl.Optimized(pcs[0]))
	}
	if got := nl.InlinedCalls("main.square"); len(got) != 0 {
		t.Errorf("-N -l: InlinedCalls = %#x", got)
	}
}

func TestGenericBase(t *testing.T) {
	for _, c := range [][2]string{
		{"main.Max[go.shape.int]", "main.Max"},
		{"main.(*Set[go.shape.string]).Add", "main.(*Set).Add"},
		{"main.PrintAllElements[go.shape.string]-range1", "main.PrintAllElements-range1"},
		{"main.F[map[string]int]", "main.F"},
		{"main.main", "main.main"},
		{"main.bad[x", "main.bad[x"},
	} {
		if got := GenericBase(c[0]); got != c[1] {
			t.Errorf("GenericBase(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// The runtime's pc-value encoding, from -1: zig-zag value deltas, each
// followed by a pc delta; a zero value delta after the first ends it.
func TestPcvalueMax(t *testing.T) {
	for _, c := range []struct {
		tab  []byte
		want int64
	}{
		{[]byte{0x02, 0x05, 0x04, 0x03, 0x03, 0x01, 0x00}, 2}, // -1+1=0, +2=2, -2=0
		{[]byte{0x00, 0x10, 0x00}, -1},                        // no inlined code
		{[]byte{0x02}, -1},                                    // truncated: no pc delta
		{nil, -1},
	} {
		if got := pcvalueMax(c.tab, 0); got != c.want {
			t.Errorf("pcvalueMax(% x) = %d, want %d", c.tab, got, c.want)
		}
	}
}
