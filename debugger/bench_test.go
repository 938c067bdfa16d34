package debugger

import (
	"testing"

	"tdb/source/fixture"
)

// The engine's hot paths, each on a real program. Compare runs with
// benchstat; the peer comparison against gdb and Delve is separate.

func benchSession(b *testing.B, prog string, args ...string) *Session {
	b.Helper()
	s, err := Start(Config{Path: fixture.Build(b, prog), Args: args})
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for range s.Events() {
		}
	}()
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkBreakpointHit: one iteration is a breakpoint hit reported and
// the program resumed past it (continue), on a multi-threaded Go program.
func BenchmarkBreakpointHit(b *testing.B) {
	s := benchSession(b, "hot", "100000000", "4")
	if rep := s.Do(SetBreakpoint{Loc: "main.hot"}); rep.Err != nil {
		b.Fatal(rep.Err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(Continue{}); rep.State == nil {
			b.Fatalf("continue: %+v", rep)
		}
	}
}

// BenchmarkStepInstruction: one single-step reported.
func BenchmarkStepInstruction(b *testing.B) {
	s := benchSession(b, "hot", "100000000", "1")
	s.Do(SetBreakpoint{Loc: "main.hot"})
	s.Do(Continue{})
	s.Do(ClearAllBreakpoints{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(StepInstruction{}); rep.State == nil {
			b.Fatalf("stepi: %+v", rep)
		}
	}
}

// BenchmarkNext: one source-line step over in a loop.
func BenchmarkNext(b *testing.B) {
	s := benchSession(b, "hot", "100000000", "1")
	s.Do(SetBreakpoint{Loc: "main.hot"})
	s.Do(Continue{})
	s.Do(ClearAllBreakpoints{})
	s.Do(StepOut{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(Next{}); rep.State == nil {
			b.Fatalf("next: %+v", rep)
		}
	}
}
