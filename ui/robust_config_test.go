package ui

import (
	"strings"
	"testing"
)

// Every problem in the config file is reported with its line, and the
// good lines still apply.
func TestConfigProblemsReported(t *testing.T) {
	text := "theme = light\ncolour = red\nascii = maybe\nkey\nkey nowhere F1\nkey next NoSuchKey\nmouse\n" +
		strings.Repeat("x", 70000) + "\nmouse = false\n"
	cfg := config{mouse: true}
	parseConfig(strings.NewReader(text), &cfg)
	want := []string{
		`config line 2: unknown setting "colour"`,
		`config line 3: ascii: want true or false, not "maybe"`,
		`config line 4: want: key ACTION KEY`,
		`config line 7: want NAME = VALUE`,
		`config line 8: bufio.Scanner: token too long (the rest is ignored)`,
	}
	if strings.Join(cfg.errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(cfg.errs, "\n"), strings.Join(want, "\n"))
	}
	if cfg.theme != "light" || !cfg.mouse {
		t.Errorf("theme %q mouse %v: want the lines before the long one applied, none after", cfg.theme, cfg.mouse)
	}
	// Key bindings are checked when applied: unknown actions and keys
	// are named.
	a := newTestApp(t, newFakeEngine(), &fakeConsole{}, nil, false, 80, 24)
	kt := a.keys
	if err := kt.bind("nowhere", "F1"); err == nil || !strings.Contains(err.Error(), `unknown action "nowhere"`) {
		t.Errorf("bind(nowhere, F1) = %v", err)
	}
	if err := kt.bind("next", "NoSuchKey"); err == nil || !strings.Contains(err.Error(), `unknown key "NoSuchKey"`) {
		t.Errorf("bind(next, NoSuchKey) = %v", err)
	}
}

func TestConfigSubstitutePath(t *testing.T) {
	cfg := config{}
	parseConfig(strings.NewReader("substitute-path = /build/src /home/me/src\nsubstitute-path = /only-one\n"), &cfg)
	if len(cfg.subst) != 1 || cfg.subst[0].From != "/build/src" || cfg.subst[0].To != "/home/me/src" {
		t.Errorf("subst = %+v", cfg.subst)
	}
	if len(cfg.errs) != 1 || cfg.errs[0] != "config line 2: want: substitute-path = FROM TO" {
		t.Errorf("errs = %q", cfg.errs)
	}
}
