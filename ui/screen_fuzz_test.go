package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz tests for what the full screen parses: the config file, key names,
// and the program's terminal output (the command line's are in
// ui/console). The seed corpus runs with every `go test`; run one for
// longer with, e.g.:
//
//	go test ./ui -run '^$' -fuzz '^FuzzConfig$' -fuzztime 2m -parallel 1

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
