package debugger

import (
	"os"
	"strconv"
	"testing"
)

// BenchmarkListGoroutines: one iteration lists all 10,001 goroutines of
// testdata/many with their locations and user frames (no paging).
func BenchmarkListGoroutines(b *testing.B) {
	s := benchSession(b, "many")
	s.Do(SetBreakpoint{Loc: mustLoc("main.ready")})
	if rep := s.Do(Continue{}); rep.State == nil {
		b.Fatalf("continue: %+v", rep)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(ListGoroutines{}); rep.Total != 10001 {
			b.Fatalf("listed %d goroutines: %v", rep.Total, rep.Err)
		}
	}
}

// BenchmarkListGoroutinesPage: the default `goroutines` page (100 of
// 10,001), what the command line and a pane ask for.
func BenchmarkListGoroutinesPage(b *testing.B) {
	s := benchSession(b, "many")
	s.Do(SetBreakpoint{Loc: mustLoc("main.ready")})
	if rep := s.Do(Continue{}); rep.State == nil {
		b.Fatalf("continue: %+v", rep)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(ListGoroutines{Count: 100}); len(rep.Goroutines) != 100 {
			b.Fatalf("listed %d goroutines: %v", len(rep.Goroutines), rep.Err)
		}
	}
}

// BenchmarkListGoroutinesFiltered: a filter on the user location, which
// unwinds each of the 10,001 goroutines to its innermost user frame.
func BenchmarkListGoroutinesFiltered(b *testing.B) {
	s := benchSession(b, "many")
	s.Do(SetBreakpoint{Loc: mustLoc("main.ready")})
	if rep := s.Do(Continue{}); rep.State == nil {
		b.Fatalf("continue: %+v", rep)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(ListGoroutines{Filter: "main.park"}); rep.Total < 9000 {
			b.Fatalf("%d goroutines in main.park: %v", rep.Total, rep.Err)
		}
	}
}

// benchGoroutines is how many goroutines BenchmarkGroupGoroutines parks:
// TDB_BENCH_GOROUTINES, default 100,000 (the bound is for
// 1,000,000: under 10 s a grouping).
func benchGoroutines(b *testing.B) int {
	n := 100_000
	if s := os.Getenv("TDB_BENCH_GOROUTINES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("TDB_BENCH_GOROUTINES=%q: want a positive number", s)
		}
		n = v
	}
	return n
}

// BenchmarkGroupGoroutines: one iteration groups every goroutine of
// testdata/many (100,000 parked by default) by user location, as
// `goroutines -group userloc` does: each one unwound to its user frame.
func BenchmarkGroupGoroutines(b *testing.B) {
	n := benchGoroutines(b)
	s := benchSession(b, "many", strconv.Itoa(n))
	s.Do(SetBreakpoint{Loc: mustLoc("main.ready")})
	if rep := s.Do(Continue{}); rep.State == nil {
		b.Fatalf("continue: %+v", rep)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(ListGoroutines{Group: GroupUserLoc}); rep.Grouped != n+1 {
			b.Fatalf("grouped %d goroutines, want %d: %v", rep.Grouped, n+1, rep.Err)
		}
	}
}

// BenchmarkGroupGoroutinesStacks: the same goroutines in parallel stacks,
// each unwound to its end.
func BenchmarkGroupGoroutinesStacks(b *testing.B) {
	n := benchGoroutines(b)
	s := benchSession(b, "many", strconv.Itoa(n))
	s.Do(SetBreakpoint{Loc: mustLoc("main.ready")})
	if rep := s.Do(Continue{}); rep.State == nil {
		b.Fatalf("continue: %+v", rep)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := s.Do(ListGoroutines{Group: GroupStack}); rep.Grouped != n+1 {
			b.Fatalf("grouped %d goroutines, want %d: %v", rep.Grouped, n+1, rep.Err)
		}
	}
}
