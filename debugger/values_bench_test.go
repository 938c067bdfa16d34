package debugger

import (
	"strconv"
	"testing"

	"tdb/source/fixture"
)

// BenchmarkConditionalHit: one iteration is ten hits of a breakpoint whose
// condition holds every tenth time, evaluated in the engine (the other
// nine resume without a stop reported), on a multi-threaded Go program.
func BenchmarkConditionalHit(b *testing.B) {
	s := benchSession(b, "hot", "100000000", "4")
	if rep := s.Do(SetBreakpoint{Loc: mustLoc("main.hot"), Cond: "i % 10 == 0"}); rep.Err != nil {
		b.Fatal(rep.Err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(Continue{}); rep.State == nil {
			b.Fatalf("continue: %+v", rep)
		}
	}
}

// BenchmarkLocals: reading and formatting every local of testdata/values'
// inspect (maps, interfaces, slices, strings).
func BenchmarkLocals(b *testing.B) {
	s := benchSession(b, "values")
	line := fixture.LineOf(b, "values", "main.go", "marker: all set")
	if rep := s.Do(SetBreakpoint{Loc: mustLoc("main.go:" + strconv.Itoa(line))}); rep.Err != nil {
		b.Fatal(rep.Err)
	}
	if rep := s.Do(Continue{}); rep.State == nil || rep.State.Function != "main.inspect" {
		b.Fatalf("continue: %+v", rep)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(Locals{Frame: 0}); rep.Err != nil || len(rep.Values) < 30 {
			b.Fatalf("locals: %+v", rep)
		}
	}
}
