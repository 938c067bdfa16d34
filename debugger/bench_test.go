package debugger

import (
	"fmt"
	"strconv"
	"strings"
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
	if rep := s.Do(SetBreakpoint{Loc: mustLoc("main.hot")}); rep.Err != nil {
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
	s.Do(SetBreakpoint{Loc: mustLoc("main.hot")})
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
	s.Do(SetBreakpoint{Loc: mustLoc("main.hot")})
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

// benchPassOver: one iteration is one trap at a breakpoint whose
// condition keeps the program going, on hot's four goroutines: the
// program makes b.N calls and the single Continue returns at its exit.
func benchPassOver(b *testing.B, set func(s *Session) error) {
	s := benchSession(b, "hot", strconv.Itoa(b.N), "4")
	if err := set(s); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	rep := s.Do(Continue{})
	b.StopTimer()
	if rep.Exited == nil || rep.Exited.Status != 0 {
		b.Fatalf("continue: want the program's exit, got %+v", rep)
	}
}

// BenchmarkConditionFalse: a condition on an argument that never holds.
func BenchmarkConditionFalse(b *testing.B) {
	benchPassOver(b, func(s *Session) error {
		return s.Do(SetBreakpoint{Loc: mustLoc("main.hot"), Cond: "i < 0"}).Err
	})
}

// BenchmarkHitCountPassOver: an unconditional breakpoint passed over by a
// hit-count condition that never holds (gdb's ignore).
func BenchmarkHitCountPassOver(b *testing.B) {
	benchPassOver(b, func(s *Session) error {
		rep := s.Do(SetBreakpoint{Loc: mustLoc("main.hot")})
		if rep.Err != nil {
			return rep.Err
		}
		return s.Do(SetCondition{ID: rep.Breakpoints[0].ID, Cond: "> 1000000000", HitCount: true}).Err
	})
}

// BenchmarkSetBreakpoints: one iteration sets a breakpoint on each of
// 2,000 instructions of the runtime (a source of many distinct
// addresses) and clears them all.
func BenchmarkSetBreakpoints(b *testing.B) {
	s := benchSession(b, "hot", "10", "1")
	var addrs []uint64
	for _, fn := range s.Binary().Functions() {
		if len(addrs) == 2000 {
			break
		}
		if strings.HasPrefix(fn.Name, "runtime.") && fn.End > fn.Entry {
			addrs = append(addrs, fn.Entry)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range addrs {
			if rep := s.Do(SetBreakpoint{Loc: mustLoc(fmt.Sprintf("*%#x", a))}); rep.Err != nil {
				b.Fatal(rep.Err)
			}
		}
		s.Do(ClearAllBreakpoints{})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(addrs)), "ns/breakpoint")
}
