package ui

import (
	"runtime/debug"
	"strings"
	"testing"
	"unicode/utf8"

	"tdb/debugger"
)

// Fuzz tests for the parsers of what a user or a program gives tdb: command
// lines (typed, -ex, -x files), the config file, key names, and the
// program's terminal output. The seed corpus runs with every `go test`;
// run one for longer with, e.g.:
//
//	go test ./ui -run '^$' -fuzz '^FuzzCommandLine$' -fuzztime 2m -parallel 1

// execNoSession runs line on a console without a session and reports
// whether the command got past its argument checks (it reached the nil
// session, which panics in debugger.(*Session)). Any other panic is a bug
// in the parsing.
func execNoSession(t *testing.T, line string) (reached bool, r *recorder, err error) {
	r = &recorder{}
	c := NewConsole(nil, r)
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
		c := NewConsole(nil, &recorder{})
		c.Complete(line)
	})
}

// FuzzConfig feeds config files to the parser and the key bindings they
// ask for: every bad line gives a message naming its line, good ones
// apply, nothing panics.
func FuzzConfig(f *testing.F) {
	f.Add("theme = light\nascii = true\nmouse = false\nkey next F8\n")
	f.Add("# comment\n\n  theme=dark # trailing\nkey continue Ctrl+R\nkey stepout Shift+F11\n")
	f.Add("colour = red\nascii = maybe\nkey\nkey next\nkey nowhere F1\nkey next NoSuchKey\n=\n")
	f.Add("key next Ctrl+Alt+Shift+x\nkey next ctrl+\nkey next Space\nkey next Shift+Tab\n")
	f.Add(strings.Repeat("x", 70000) + "\ntheme = light\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg := config{mouse: true}
		parseConfig(strings.NewReader(text), &cfg)
		for _, e := range cfg.errs {
			if !strings.HasPrefix(e, "config") {
				t.Errorf("config error %q does not say where it comes from", e)
			}
		}
		kt := newKeyTable()
		for _, kb := range cfg.keys {
			kt.bind(kb[0], string(kb[1]))
		}
	})
}

// FuzzParseKey checks that a key name that parses names the key it parsed
// to: keyName(parseKey(s)) parses back to the same binding.
func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"F5", "Ctrl+C", "ctrl+alt+x", "Shift+F11", "Space", "Shift+Tab", "q",
		"Alt+Enter", "PgDn", "Ctrl+", "alt+", "shift+shift+a", "\u0130", "Ctrl+\u212a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseKey(s)
		if err != nil {
			return
		}
		name := keyName(b)
		b2, err := parseKey(name)
		if err != nil {
			t.Fatalf("parseKey(%q) = %+v, named %q, which does not parse: %v", s, b, name, err)
		}
		if b2.Key != b.Key || b2.Rune != b.Rune || b2.Mod != b.Mod {
			t.Errorf("parseKey(%q) = %+v, named %q, parses to %+v", s, b, name, b2)
		}
	})
}

// FuzzANSIStrip feeds the program's output, cut into two chunks anywhere,
// to the log's filter: what comes out is never terminal control (no ESC,
// no C0 or C1 controls but newline, tab and carriage return) and is valid
// UTF-8, whatever the program printed.
func FuzzANSIStrip(f *testing.F) {
	f.Add([]byte("plain\n"), 3)
	f.Add([]byte("\x1b[31mred\x1b[0m [red]tag[-] \x1b[2J\x1b[H\x1b]0;title\x07\x1b(B\r\n"), 7)
	f.Add([]byte("\x1bP1$r\x1b\\\x9b2J\xc3\xa9\xe2\x82"), 11)
	f.Add([]byte("progress 10%\rprogress 20%\r"), 12)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		if cut < 0 {
			cut = -cut
		}
		if len(b) > 0 {
			cut %= len(b) + 1
		} else {
			cut = 0
		}
		var s ansiStripper
		out := s.write(b[:cut]) + s.write(b[cut:])
		if !utf8.ValidString(out) {
			t.Errorf("output %q is not valid UTF-8", out)
		}
		for _, r := range out {
			if r == 0x1b || r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f || r >= 0x80 && r < 0xa0 {
				t.Fatalf("output %q has the control character %U", out, r)
			}
		}
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
