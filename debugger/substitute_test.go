package debugger

import (
	"strings"
	"testing"

	"tdb/source"
	"tdb/source/fixture"
)

// TestSubstitutionsPerSession: two sessions in one process keep their own
// path substitutions (issue 14: they were one list for the process, so
// the second session's replaced the first's).
func TestSubstitutionsPerSession(t *testing.T) {
	bin := fixture.Build(t, "fib")
	moved := t.TempDir()
	one, err := Start(Config{Path: bin, Substitutions: []source.Substitution{{From: fixture.Root(), To: moved}}})
	if err != nil {
		t.Fatal(err)
	}
	a := adoptSession(t, one)
	two, err := Start(Config{Path: bin})
	if err != nil {
		t.Fatal(err)
	}
	b := adoptSession(t, two)
	sa, sb := a.stop(RunToMain{}), b.stop(RunToMain{})
	if sa.File != sb.File || !strings.HasPrefix(sa.File, fixture.Root()+"/") {
		t.Fatalf("stops in %s and %s, want one file under %s", sa.File, sb.File, fixture.Root())
	}
	if f, err := two.Binary().ReadSource(sb.File); err != nil || len(f.Lines) < sb.Line {
		t.Errorf("the second session reads %s: %v", sb.File, err)
	}
	want := moved + strings.TrimPrefix(sa.File, fixture.Root())
	if got := one.Binary().LocalPath(sa.File); got != want {
		t.Errorf("the first session reads %s from %s, want %s", sa.File, got, want)
	}
	if _, err := one.Binary().ReadSource(sa.File); err == nil || !strings.Contains(err.Error(), "(as "+want+")") {
		t.Errorf("the first session read %s from %s: err %v, want one naming both paths", sa.File, moved, err)
	}
	if got := two.Binary().Substitutions(); len(got) != 0 {
		t.Errorf("the second session has the first's substitutions %v", got)
	}
}

// The substitutions say where sources are on this machine: the program an
// exec replaces the session's with reads its sources through them too.
func TestSubstitutionsFollowExec(t *testing.T) {
	prog := fixture.Build(t, "cprog")
	subs := []source.Substitution{{From: "/build", To: fixture.Root()}}
	s, err := Start(Config{Path: fixture.Build(t, "cexec"), Args: []string{prog}, Substitutions: subs})
	if err != nil {
		t.Fatal(err)
	}
	tg := adoptSession(t, s)
	tg.brk("main")
	tg.stop(Continue{})
	if st := tg.stop(Continue{}); !strings.HasSuffix(st.File, "cprog/prog.c") {
		t.Fatalf("after exec: %s at %s:%d, want main in cprog/prog.c", st.Reason, st.File, st.Line)
	}
	if b := s.Binary(); b.Path() != prog || len(b.Substitutions()) != 1 || b.Substitutions()[0] != subs[0] {
		t.Errorf("after exec the binary %s has substitutions %v, want %v", b.Path(), b.Substitutions(), subs)
	}
}
