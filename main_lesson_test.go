package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tdb/ui/console"
)

// TestLessonBadLine: a lesson file with a mistake is one error line
// naming FILE:LINE, status 1, before anything is built or started (no
// terminal is needed to find it).
func TestLessonBadLine(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ text, want string }{
		{"# say: hi\nbreak main\n\n# a comment\nfrobnicate 3\n", `bad.lesson:5: unknown command "frobnicate"`},
		{"break main\n", "bad.lesson: no # say: line"},
		{"# say: hi\n# say:\n", "bad.lesson:2: # say: has no text"},
		{"# say: hi\n# key: Ctrl+Q\n", "bad.lesson:2: key Ctrl+Q does nothing"},
		{"# say: hi\n# key: Hyper+9\n", `bad.lesson:2: unknown key "Hyper+9"`},
		{"# say: hi\nx/4xb &v\nbt/x\n", "bad.lesson:3: stack takes no /FORMAT"},
	} {
		f := filepath.Join(dir, "bad.lesson")
		if err := os.WriteFile(f, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		status := run([]string{"--lesson", f, "exec", "/bin/true"}, &out, &errb)
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if status != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "error: "+f[:len(f)-len("bad.lesson")]+c.want) {
			t.Errorf("%q: status %d, stderr %q; want 1 and one line with %q", c.text, status, errb.String(), c.want)
		}
	}
}

// TestTourLesson: the built-in tour parses, each step says something,
// and the steps run what the tour promises in order: a breakpoint, a
// continue, the Mechanics pane, a step, a backtrace.
func TestTourLesson(t *testing.T) {
	ls, err := console.ParseLesson("tour", tourLesson)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range ls.Steps {
		if len(st.Say) == 0 {
			t.Errorf("step at line %d says nothing", st.Line)
		}
		for _, c := range st.Commands {
			got = append(got, c.Text)
		}
	}
	want := "break fib|continue|M > > > > Tab g|step|G|bt|Tab"
	if strings.Join(got, "|") != want {
		t.Errorf("tour runs %q, want %q", strings.Join(got, "|"), want)
	}
}
