package console

import (
	"reflect"
	"testing"
)

// TestParseLesson: setup commands before the first say, consecutive say
// lines as one step's text (a comment between them too), key lines in
// order among the commands, blank lines and comments ignored.
func TestParseLesson(t *testing.T) {
	src := "# a comment\nmechanics on\n\n# say: one\n#say: more\nbreak main.fib\n# key: M Tab\ncontinue\n" +
		"# say: two\n# (a comment)\n# says nothing: a comment too\nbt\r\n"
	ls, err := ParseLesson("l.tdb", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Lesson{
		Name:  "l.tdb",
		Setup: []LessonLine{{Line: 2, Text: "mechanics on"}},
		Steps: []LessonStep{
			{Line: 4, Say: []string{"one", "more"}, Commands: []LessonLine{
				{Line: 6, Text: "break main.fib"}, {Line: 7, Text: "M Tab", Key: true}, {Line: 8, Text: "continue"}}},
			{Line: 9, Say: []string{"two"}, Commands: []LessonLine{{Line: 12, Text: "bt"}}},
		},
	}
	if !reflect.DeepEqual(ls, want) {
		t.Errorf("ParseLesson =\n%+v\nwant\n%+v", ls, want)
	}
	for _, c := range []struct{ src, want string }{
		{"# say: x\nnope\n", `l.tdb:2: unknown command "nope"`},
		{"# say: x\n# key:\n", "l.tdb:2: # key: names no key"},
		{"bt\n", "l.tdb: no # say: line: a lesson's steps start at them (-x FILE runs commands alone)"},
		{"\x00\x01", "l.tdb: not a lesson file (binary data)"},
	} {
		if _, err := ParseLesson("l.tdb", []byte(c.src)); err == nil || err.Error() != c.want {
			t.Errorf("ParseLesson(%q) = %v, want %q", c.src, err, c.want)
		}
	}
}

type linesPrinter struct{ out, errs []string }

func (p *linesPrinter) Print(l string) { p.out = append(p.out, l) }
func (p *linesPrinter) Error(l string) { p.errs = append(p.errs, l) }

type presentPrinter struct {
	linesPrinter
	on []bool
}

func (p *presentPrinter) SetPresent(on bool) { p.on = append(p.on, on) }

// TestPresentCommand: present on|off reaches a front end that presents
// (the full screen); batch and line mode say they cannot, in one line.
func TestPresentCommand(t *testing.T) {
	var lp linesPrinter
	if _, err := New(nil, &lp).Exec("present on"); err == nil || len(lp.errs) != 1 ||
		lp.errs[0] != "present needs the full screen (tdb --present): batch and line mode have no screen to present" {
		t.Errorf("batch present on: %v %q", err, lp.errs)
	}
	var pp presentPrinter
	c := New(nil, &pp)
	for _, l := range []string{"present on", "present  off", "present maybe"} {
		c.Exec(l)
	}
	if !reflect.DeepEqual(pp.on, []bool{true, false}) || !reflect.DeepEqual(pp.errs, []string{"usage: present on|off"}) {
		t.Errorf("present: %v %q", pp.on, pp.errs)
	}
}
