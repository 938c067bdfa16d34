package debugger

import "testing"

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
