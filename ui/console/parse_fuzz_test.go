package console

import (
	"runtime/debug"
	"strings"
	"testing"

	"tdb/debugger"
)

// Fuzz tests for the parsers of what a user or a program gives tdb: command
// lines (typed, -ex, -x files); the config file, key names and the
// program's terminal output are fuzzed in package ui. The seed corpus
// runs with every `go test`; run one for longer with, e.g.:
//
//	go test ./ui/console -run '^$' -fuzz '^FuzzCommandLine$' -fuzztime 2m -parallel 1

// execNoSession runs line on a console without a session and reports
// whether the command got past its argument checks (it reached the nil
// session, which panics in debugger.(*Session)). Any other panic is a bug
// in the parsing.
func execNoSession(t *testing.T, line string) (reached bool, r *recorder, err error) {
	r = &recorder{}
	c := New(nil, r)
	defer func() {
		if p := recover(); p != nil {
			stack := string(debug.Stack())
			if !strings.Contains(stack, "debugger.(*Session)") {
				t.Fatalf("Exec(%q) panicked: %v\n%s", line, p, stack)
			}
			reached = true
		}
	}()
	_, err = c.Exec(line)
	return false, r, err
}

func FuzzCommandLine(f *testing.F) {
	for _, cmd := range commandTable {
		f.Add(cmd.Name)
		f.Add(cmd.Name + " x")
	}
	for _, s := range []string{
		"break main.go:12 if i == 3", "b *0x4beaa4", "tbreak fib", "condition 1 n > 2",
		"x 0xc000010000 64", "x *0x10 0", "frame -1", "bt 99999999999999999999", "list prog.go:-1",
		"info registers", "info", "help info registers", "continue main.go:", "b ::::", "b *",
		"l 1:2:3", "b \x00", "b main.\u00e9t\u00e9", "next 9223372036854775808", "# b x", "   q   ",
		"goroutine -9223372036854775808", "mechanics ON", "b +", "b -", "b 0x", "x 0x1 65537",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		reached, r, err := execNoSession(t, line)
		if reached {
			return
		}
		// A failure is one line through Printer.Error, the same as the
		// returned error, so batch output and the exit status agree.
		if err != nil {
			if len(r.errs) != 1 || r.errs[0] != err.Error() {
				t.Errorf("Exec(%q) returned %q but printed errors %q", line, err, r.errs)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Exec(%q): error of several lines: %q", line, err)
			}
		}
		// The parsers alone, on the whole line and on its words.
		debugger.ParseLoc(line)
		parseCount(line)
		parseIndex("frame", line)
		splitCond(line)
		parseAddr(line)
		for _, w := range strings.Fields(line) {
			debugger.ParseLoc(w)
			parseAddr(w)
		}
		c := New(nil, &recorder{})
		c.Complete(line)
	})
}

// TestExecNoSessionHelper checks the fuzz helper itself: a well-formed
// command reaches the session, a malformed one does not.
func TestExecNoSessionHelper(t *testing.T) {
	for _, tt := range []struct {
		line    string
		reached bool
	}{{"next", true}, {"next x", false}, {"break main.go:3", true}, {"break main.go:", false}} {
		reached, _, _ := execNoSession(t, tt.line)
		if reached != tt.reached {
			t.Errorf("%q reached the session: %v, want %v", tt.line, reached, tt.reached)
		}
	}
}
