package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
)

// TestKeyTableConsistent: within a scope a key does one thing, every key
// has a name that parses back to it, and every action has a description
// and a handler.
func TestKeyTableConsistent(t *testing.T) {
	type k struct {
		sc  scope
		key tcell.Key
		r   rune
		mod tcell.ModMask
	}
	seen := map[k]action{}
	for _, b := range newKeyTable().bindings {
		id := k{b.act.scope, b.Key, b.Rune, b.Mod}
		if a, ok := seen[id]; ok && a != b.act.name {
			t.Errorf("%s in scope %v bound to %s and %s", keyName(b.keyCode), b.act.scope, a, b.act.name)
		}
		seen[id] = b.act.name
		if b.act.desc == "" {
			t.Errorf("%s: no description", keyName(b.keyCode))
		}
		if b.act.run == nil {
			t.Errorf("%s: no handler", b.act.name)
		}
		p, err := parseKey(keyName(b.keyCode))
		if err != nil {
			t.Errorf("parseKey(%q): %v", keyName(b.keyCode), err)
			continue
		}
		if p.Key != b.Key || p.Rune != b.Rune || p.Mod != b.Mod {
			t.Errorf("parseKey(%q) = %v/%q/%v, want %v/%q/%v", keyName(b.keyCode), p.Key, p.Rune, p.Mod, b.Key, b.Rune, b.Mod)
		}
	}
}

// TestKeyDefaults pins DESIGN.md's default keys.
func TestKeyDefaults(t *testing.T) {
	kt := newKeyTable()
	for _, c := range []struct {
		ev     *tcell.EventKey
		scopes []scope
		want   action
	}{
		{tcell.NewEventKey(tcell.KeyRune, 'c', 0), []scope{scopeGlobal}, actContinue},
		{tcell.NewEventKey(tcell.KeyF5, 0, 0), []scope{scopeGlobal}, actContinue},
		{tcell.NewEventKey(tcell.KeyRune, 'n', 0), []scope{scopeGlobal}, actNext},
		{tcell.NewEventKey(tcell.KeyF10, 0, 0), []scope{scopeGlobal}, actNext},
		{tcell.NewEventKey(tcell.KeyRune, 's', 0), []scope{scopeGlobal}, actStep},
		{tcell.NewEventKey(tcell.KeyF11, 0, 0), []scope{scopeGlobal}, actStep},
		{tcell.NewEventKey(tcell.KeyRune, 'f', 0), []scope{scopeGlobal}, actStepOut},
		{tcell.NewEventKey(tcell.KeyF11, 0, tcell.ModShift), []scope{scopeGlobal}, actStepOut},
		{tcell.NewEventKey(tcell.KeyF23, 0, 0), []scope{scopeGlobal}, actStepOut},
		{tcell.NewEventKey(tcell.KeyRune, 'S', tcell.ModShift), []scope{scopeGlobal}, actStepInstr},
		{tcell.NewEventKey(tcell.KeyRune, 'b', 0), []scope{scopeSource}, actToggleBP},
		{tcell.NewEventKey(tcell.KeyRune, ' ', 0), []scope{scopeSource}, actToggleBP},
		{tcell.NewEventKey(tcell.KeyF9, 0, 0), []scope{scopeSource}, actToggleBP},
		{tcell.NewEventKey(tcell.KeyRune, 'u', 0), []scope{scopeSource}, actRunToCursor},
		{tcell.NewEventKey(tcell.KeyCtrlC, 0, tcell.ModCtrl), []scope{scopeGlobal}, actInterrupt},
		{tcell.NewEventKey(tcell.KeyRune, 'r', 0), []scope{scopeGlobal}, actRestart},
		{tcell.NewEventKey(tcell.KeyRune, ':', 0), []scope{scopeGlobal}, actCommandLine},
		{tcell.NewEventKey(tcell.KeyRune, '/', 0), []scope{scopePane}, actSearch},
		{tcell.NewEventKey(tcell.KeyRune, 'n', 0), []scope{scopeSearch, scopeGlobal}, actSearchNext},
		{tcell.NewEventKey(tcell.KeyRune, 'N', 0), []scope{scopeSearch, scopeGlobal}, actSearchPrev},
		{tcell.NewEventKey(tcell.KeyRune, '.', 0), []scope{scopeGlobal}, actExecLine},
		{tcell.NewEventKey(tcell.KeyRune, '[', 0), []scope{scopeGlobal}, actFrameUp},
		{tcell.NewEventKey(tcell.KeyRune, ']', 0), []scope{scopeGlobal}, actFrameDown},
		{tcell.NewEventKey(tcell.KeyTab, 0, 0), []scope{scopeGlobal}, actFocusNext},
		{tcell.NewEventKey(tcell.KeyBacktab, 0, tcell.ModShift), []scope{scopeGlobal}, actFocusPrev},
		{tcell.NewEventKey(tcell.KeyRune, 'z', 0), []scope{scopeGlobal}, actZoom},
		{tcell.NewEventKey(tcell.KeyRune, '?', 0), []scope{scopeGlobal}, actHelp},
		{tcell.NewEventKey(tcell.KeyF1, 0, 0), []scope{scopeGlobal}, actHelp},
		{tcell.NewEventKey(tcell.KeyRune, 'q', 0), []scope{scopeGlobal}, actQuit},
		{tcell.NewEventKey(tcell.KeyCtrlD, 0, tcell.ModCtrl), []scope{scopePane}, actHalfPageDown},
		{tcell.NewEventKey(tcell.KeyRune, 'G', 0), []scope{scopePane}, actBottom},
	} {
		got, ok := kt.lookup(c.ev, c.scopes...)
		if !ok || got != c.want {
			t.Errorf("%s in %v: got %q (%v), want %q", c.ev.Name(), c.scopes, got, ok, c.want)
		}
	}
	// Alt+c is not c.
	if a, ok := kt.lookup(tcell.NewEventKey(tcell.KeyRune, 'c', tcell.ModAlt), scopeGlobal); ok {
		t.Errorf("Alt+c bound to %s", a)
	}
}

func TestKeyRemap(t *testing.T) {
	kt := newKeyTable()
	if err := kt.bind(actNext, "F8"); err != nil {
		t.Fatal(err)
	}
	if a, _ := kt.lookup(tcell.NewEventKey(tcell.KeyF8, 0, 0), scopeGlobal); a != actNext {
		t.Errorf("F8 = %q after remap", a)
	}
	// Rebinding a key takes it from its old action in the same scope.
	if err := kt.bind(actStep, "c"); err != nil {
		t.Fatal(err)
	}
	if a, _ := kt.lookup(tcell.NewEventKey(tcell.KeyRune, 'c', 0), scopeGlobal); a != actStep {
		t.Errorf("c = %q after remap", a)
	}
	if err := kt.bind("fly", "x"); err == nil {
		t.Error("unknown action accepted")
	}
	if err := kt.bind(actNext, "Hyper+Q"); err == nil {
		t.Error("bad key accepted")
	}
	if err := kt.bind(actNext, "Ctrl+N"); err != nil {
		t.Fatal(err)
	}
	if a, _ := kt.lookup(tcell.NewEventKey(tcell.KeyCtrlN, 0, tcell.ModCtrl), scopeGlobal); a != actNext {
		t.Errorf("Ctrl+N = %q after remap", a)
	}
}

const (
	keysBegin = "<!-- keys -->"
	keysEnd   = "<!-- /keys -->"
)

// TestREADMEKeys fails when README.md's key list is not the key table's;
// `go test ./ui -run TestREADMEKeys -update` rewrites it (appending the
// section if the markers are missing).
func TestREADMEKeys(t *testing.T) {
	path := filepath.Join("..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	want := keysMarkdown(newKeyTable())
	i, j := strings.Index(readme, keysBegin), strings.Index(readme, keysEnd)
	if i >= 0 && j > i && strings.TrimSpace(readme[i+len(keysBegin):j]) == strings.TrimSpace(want) {
		return
	}
	if !updateGenerated() {
		t.Fatal("README.md's key list is stale: run go test ./ui -run TestREADMEKeys -update")
	}
	if i < 0 || j < i {
		readme = strings.TrimRight(readme, "\n") + "\n\n## Keys\n\n" + keysBegin + "\n" + want + keysEnd + "\n"
	} else {
		readme = readme[:i+len(keysBegin)] + "\n" + want + readme[j:]
	}
	if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHelpTextListsEveryAction(t *testing.T) {
	text := helpText(newKeyTable())
	for _, ka := range keyActions {
		if !strings.Contains(text, ka.desc) {
			t.Errorf("help lacks %q", ka.desc)
		}
	}
	if !strings.Contains(text, "Shift+F11, F23") {
		t.Error("help should list Shift+F11 and F23 for step out")
	}
}
