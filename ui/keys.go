package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
)

// action names what a key does. The names are also the words a config
// file uses to remap keys ("key next F8").
type action string

const (
	actContinue      action = "continue"
	actNext          action = "next"
	actStep          action = "step"
	actStepOut       action = "stepout"
	actStepInstr     action = "stepi"
	actToggleBP      action = "toggle-breakpoint"
	actRunToCursor   action = "run-to-cursor"
	actInterrupt     action = "interrupt"
	actRestart       action = "restart"
	actCommandLine   action = "command-line"
	actSearch        action = "search"
	actSearchNext    action = "search-next"
	actSearchPrev    action = "search-prev"
	actExecLine      action = "exec-line"
	actFrameUp       action = "frame-up"
	actFrameDown     action = "frame-down"
	actFocusNext     action = "focus-next"
	actFocusPrev     action = "focus-prev"
	actZoom          action = "zoom"
	actHelp          action = "help"
	actQuit          action = "quit"
	actMechanics     action = "mechanics"
	actInput         action = "program-input"
	actUp            action = "up"
	actDown          action = "down"
	actLeft          action = "left"
	actRight         action = "right"
	actTop           action = "top"
	actBottom        action = "bottom"
	actHalfPageDown  action = "half-page-down"
	actHalfPageUp    action = "half-page-up"
	actPageDown      action = "page-down"
	actPageUp        action = "page-up"
	actSelectOrEnter action = "select"
	actSideNext      action = "side-view"
	actShowRegs      action = "show-registers"
	actShowLocals    action = "show-locals"
	actShowWatch     action = "show-watch"
	actShowGor       action = "show-goroutines"
	actToggleRight   action = "toggle-right-column"
	actAddWatch      action = "add-watch"
	actPrintIdent    action = "print-identifier"
	actRemoveWatch   action = "remove-watch"
	actGorAll        action = "goroutines-all"
	actSideNarrow    action = "side-narrower"
	actSideWiden     action = "side-wider"
	actLogTaller     action = "log-taller"
	actLogShorter    action = "log-shorter"
	actSuspend       action = "suspend"
	actShowHistory   action = "show-history"
	actHistoryBack   action = "history-back"
	actHistoryFwd    action = "history-forward"
)

// scope says where a binding applies. Bindings of a narrower scope win
// over global ones for the same key (n is "next match" while searching).
type scope int

const (
	scopeGlobal scope = iota // anywhere but the command line and program input
	scopeSource              // the Source pane has focus
	scopeSearch              // a search is active (after / and Enter)
	scopePane                // movement in whichever pane has focus
)

func (s scope) String() string {
	return [...]string{"global", "source", "search", "pane"}[s]
}

// binding is one row of the key table: the one source of the key
// bindings, the help overlay and README's key list.
type binding struct {
	Key    tcell.Key // tcell.KeyRune for letters
	Rune   rune
	Mod    tcell.ModMask
	Action action
	Desc   string
	Scope  scope
	Hint   string // short label for the status bar; "" keeps it out
}

// defaultKeys are DESIGN.md's defaults: letters first, F-keys as aliases.
var defaultKeys = []binding{
	{tcell.KeyRune, 'c', 0, actContinue, "continue", scopeGlobal, "cont"},
	{tcell.KeyF5, 0, 0, actContinue, "continue", scopeGlobal, ""},
	{tcell.KeyRune, 'n', 0, actNext, "next line (over calls)", scopeGlobal, "next"},
	{tcell.KeyF10, 0, 0, actNext, "next line (over calls)", scopeGlobal, ""},
	{tcell.KeyRune, 's', 0, actStep, "step (into calls)", scopeGlobal, "step"},
	{tcell.KeyF11, 0, 0, actStep, "step (into calls)", scopeGlobal, ""},
	{tcell.KeyRune, 'f', 0, actStepOut, "step out of the function", scopeGlobal, "out"},
	{tcell.KeyF11, 0, tcell.ModShift, actStepOut, "step out of the function", scopeGlobal, ""},
	// Many terminals send Shift+F11 as F23.
	{tcell.KeyF23, 0, 0, actStepOut, "step out of the function", scopeGlobal, ""},
	{tcell.KeyRune, 'S', 0, actStepInstr, "step one instruction", scopeGlobal, ""},
	{tcell.KeyRune, 'b', 0, actToggleBP, "toggle breakpoint at the cursor line", scopeSource, "break"},
	{tcell.KeyRune, ' ', 0, actToggleBP, "toggle breakpoint at the cursor line", scopeSource, ""},
	{tcell.KeyF9, 0, 0, actToggleBP, "toggle breakpoint at the cursor line", scopeSource, ""},
	{tcell.KeyRune, 'u', 0, actRunToCursor, "run to the cursor line", scopeSource, "to cursor"},
	{tcell.KeyCtrlC, 0, 0, actInterrupt, "interrupt the running program (never quits)", scopeGlobal, ""},
	{tcell.KeyCtrlZ, 0, 0, actSuspend, "suspend tdb to the shell (fg resumes)", scopeGlobal, ""},
	{tcell.KeyRune, 'r', 0, actRestart, "restart the program", scopeGlobal, ""},
	{tcell.KeyRune, ':', 0, actCommandLine, "command line (Esc or Ctrl+G leaves)", scopeGlobal, "cmd"},
	{tcell.KeyRune, '/', 0, actSearch, "search in the source or the Log; filter the Goroutines pane", scopePane, ""},
	{tcell.KeyRune, 'n', 0, actSearchNext, "next match (while searching; Esc ends the search, then n steps again)", scopeSearch, "match (Esc ends)"},
	{tcell.KeyRune, 'N', 0, actSearchPrev, "previous match (while searching)", scopeSearch, ""},
	{tcell.KeyRune, '.', 0, actExecLine, "jump to the execution line (showing a stop of the history: back to the present)", scopeGlobal, ""},
	{tcell.KeyRune, '[', 0, actFrameUp, "select the caller frame (up)", scopeGlobal, ""},
	{tcell.KeyRune, ']', 0, actFrameDown, "select the callee frame (down)", scopeGlobal, ""},
	{tcell.KeyTab, 0, 0, actFocusNext, "next pane", scopeGlobal, ""},
	{tcell.KeyBacktab, 0, 0, actFocusPrev, "previous pane", scopeGlobal, ""},
	{tcell.KeyRune, 'v', 0, actSideNext, "next side view: Registers, Locals, Watch, Goroutines, History", scopeGlobal, ""},
	{tcell.KeyRune, 'R', 0, actShowRegs, "show the Registers pane", scopeGlobal, ""},
	{tcell.KeyRune, 'L', 0, actShowLocals, "show the Locals pane (args and locals of the selected frame)", scopeGlobal, ""},
	{tcell.KeyRune, 'W', 0, actShowWatch, "show the Watch pane (display expressions)", scopeGlobal, ""},
	{tcell.KeyRune, 'Y', 0, actShowGor, "show the Goroutines pane (Enter switches)", scopeGlobal, ""},
	{tcell.KeyRune, 'H', 0, actShowHistory, "show the History pane (the stops recorded; Enter shows one)", scopeGlobal, ""},
	{tcell.KeyRune, '{', 0, actHistoryBack, "show the stop before, read-only (history -; . returns to the present)", scopeGlobal, ""},
	{tcell.KeyRune, '}', 0, actHistoryFwd, "show the stop after (history +)", scopeGlobal, ""},
	{tcell.KeyRune, 'V', 0, actToggleRight, "hide or show the right column", scopeGlobal, ""},
	{tcell.KeyRune, '<', 0, actSideNarrow, "narrow the right column (the source gets the columns)", scopeGlobal, ""},
	{tcell.KeyRune, '>', 0, actSideWiden, "widen the right column", scopeGlobal, ""},
	{tcell.KeyRune, '+', 0, actLogTaller, "make the Log pane taller", scopeGlobal, ""},
	{tcell.KeyRune, '-', 0, actLogShorter, "make the Log pane shorter", scopeGlobal, ""},
	{tcell.KeyRune, 'w', 0, actAddWatch, "add a watch expression (display)", scopeGlobal, ""},
	{tcell.KeyRune, 'x', 0, actRemoveWatch, "remove the watch under the cursor (Watch pane)", scopePane, ""},
	{tcell.KeyDelete, 0, 0, actRemoveWatch, "remove the watch under the cursor (Watch pane)", scopePane, ""},
	{tcell.KeyRune, 'a', 0, actGorAll, "list the runtime's goroutines too, or not (Goroutines pane)", scopePane, ""},
	{tcell.KeyRune, 'p', 0, actPrintIdent, "print the identifier on the cursor line (again: the next one)", scopeSource, ""},
	{tcell.KeyRune, 'K', 0, actPrintIdent, "print the identifier on the cursor line (again: the next one)", scopeSource, ""},
	{tcell.KeyRune, 'z', 0, actZoom, "zoom the focused pane (again: back)", scopeGlobal, ""},
	{tcell.KeyRune, 'm', 0, actMechanics, "show ptrace mechanics in the log (on/off)", scopeGlobal, ""},
	{tcell.KeyRune, 'i', 0, actInput, "type to the program's input (Esc gives keys back)", scopeGlobal, ""},
	{tcell.KeyRune, '?', 0, actHelp, "help: this list", scopeGlobal, "help"},
	{tcell.KeyF1, 0, 0, actHelp, "help: this list", scopeGlobal, ""},
	{tcell.KeyRune, 'q', 0, actQuit, "quit (asks first if the program is running)", scopeGlobal, "quit"},
	{tcell.KeyUp, 0, 0, actUp, "move up", scopePane, ""},
	{tcell.KeyRune, 'k', 0, actUp, "move up", scopePane, ""},
	{tcell.KeyDown, 0, 0, actDown, "move down", scopePane, ""},
	{tcell.KeyRune, 'j', 0, actDown, "move down", scopePane, ""},
	{tcell.KeyLeft, 0, 0, actLeft, "scroll left", scopePane, ""},
	{tcell.KeyRune, 'h', 0, actLeft, "scroll left", scopePane, ""},
	{tcell.KeyRight, 0, 0, actRight, "scroll right", scopePane, ""},
	{tcell.KeyRune, 'l', 0, actRight, "scroll right", scopePane, ""},
	{tcell.KeyRune, 'g', 0, actTop, "go to the top", scopePane, ""},
	{tcell.KeyHome, 0, 0, actTop, "go to the top", scopePane, ""},
	{tcell.KeyRune, 'G', 0, actBottom, "go to the bottom", scopePane, ""},
	{tcell.KeyEnd, 0, 0, actBottom, "go to the bottom", scopePane, ""},
	{tcell.KeyCtrlD, 0, 0, actHalfPageDown, "half a page down", scopePane, ""},
	{tcell.KeyCtrlU, 0, 0, actHalfPageUp, "half a page up", scopePane, ""},
	{tcell.KeyPgDn, 0, 0, actPageDown, "page down", scopePane, ""},
	{tcell.KeyPgUp, 0, 0, actPageUp, "page up", scopePane, ""},
	{tcell.KeyEnter, 0, 0, actSelectOrEnter, "select (a frame, a goroutine; expand or fold a value)", scopePane, ""},
	{tcell.KeyRune, ' ', 0, actSelectOrEnter, "select (a frame, a goroutine; expand or fold a value)", scopePane, ""},
}

// keyTable is the bindings in force: the defaults plus the config file's.
// Owned by the UI goroutine after start-up.
type keyTable struct {
	bindings []binding
}

func newKeyTable() *keyTable {
	return &keyTable{bindings: append([]binding(nil), defaultKeys...)}
}

// matches reports whether ev is b's key. Letters ignore Shift (terminals
// disagree on reporting it with an upper-case letter); Ctrl+letter keys
// ignore modifiers for the same reason.
func (b binding) matches(ev *tcell.EventKey) bool {
	if b.Key == tcell.KeyRune {
		return ev.Key() == tcell.KeyRune && ev.Rune() == b.Rune &&
			ev.Modifiers()&(tcell.ModAlt|tcell.ModCtrl|tcell.ModMeta) == b.Mod
	}
	if ev.Key() != b.Key {
		return false
	}
	if b.Key >= tcell.KeyCtrlA && b.Key <= tcell.KeyCtrlZ || b.Key == tcell.KeyBacktab {
		return true
	}
	return ev.Modifiers() == b.Mod
}

// lookup finds the action of ev in the first scope of scopes that binds it.
func (t *keyTable) lookup(ev *tcell.EventKey, scopes ...scope) (action, bool) {
	for _, sc := range scopes {
		for _, b := range t.bindings {
			if b.Scope == sc && b.matches(ev) {
				return b.Action, true
			}
		}
	}
	return "", false
}

// keysFor lists the names of the keys bound to a, in table order.
func (t *keyTable) keysFor(a action) []string {
	var out []string
	seen := map[string]bool{}
	for _, b := range t.bindings {
		if b.Action == a {
			n := keyName(b)
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// hints returns "key label" pairs for the status bar, for the scopes given.
func (t *keyTable) hints(scopes ...scope) []string {
	var out []string
	seen := map[string]bool{}
	for _, sc := range scopes {
		for _, b := range t.bindings {
			// A key shows once, with its narrowest scope's meaning: n
			// while searching is "match", not also "next".
			if b.Scope == sc && b.Hint != "" && !seen[keyName(b)] {
				seen[keyName(b)] = true
				out = append(out, keyName(b)+" "+b.Hint)
			}
		}
	}
	return out
}

// keyName is how help, hints and README write a key: "c", "F5",
// "Shift+F11", "Ctrl+C", "Space".
func keyName(b binding) string {
	var mods string
	if b.Mod&tcell.ModCtrl != 0 {
		mods += "Ctrl+"
	}
	if b.Mod&tcell.ModAlt != 0 {
		mods += "Alt+"
	}
	if b.Mod&tcell.ModShift != 0 {
		mods += "Shift+"
	}
	if b.Key == tcell.KeyRune {
		if b.Rune == ' ' {
			return mods + "Space"
		}
		return mods + string(b.Rune)
	}
	switch b.Key {
	case tcell.KeyBacktab:
		return "Shift+Tab"
	case tcell.KeyPgUp:
		return mods + "PgUp"
	case tcell.KeyPgDn:
		return mods + "PgDn"
	}
	if b.Key >= tcell.KeyCtrlA && b.Key <= tcell.KeyCtrlZ {
		return "Ctrl+" + string(rune('A'+b.Key-tcell.KeyCtrlA))
	}
	if n, ok := tcell.KeyNames[b.Key]; ok {
		return mods + n
	}
	return mods + fmt.Sprintf("Key(%d)", b.Key)
}

// parseKey reads a key name as keyName writes it (case-insensitive for
// named keys): the config file's syntax.
func parseKey(s string) (binding, error) {
	var b binding
	rest := s
	for {
		switch {
		case strings.HasPrefix(strings.ToLower(rest), "ctrl+") && len(rest) > 5:
			b.Mod |= tcell.ModCtrl
			rest = rest[5:]
			continue
		case strings.HasPrefix(strings.ToLower(rest), "alt+") && len(rest) > 4:
			b.Mod |= tcell.ModAlt
			rest = rest[4:]
			continue
		case strings.HasPrefix(strings.ToLower(rest), "shift+") && len(rest) > 6:
			b.Mod |= tcell.ModShift
			rest = rest[6:]
			continue
		}
		break
	}
	if r := []rune(rest); len(r) == 1 {
		if b.Mod == tcell.ModCtrl && r[0] >= 'a' && r[0] <= 'z' || b.Mod == tcell.ModCtrl && r[0] >= 'A' && r[0] <= 'Z' {
			return binding{Key: tcell.KeyCtrlA + tcell.Key(r[0]|0x20-'a')}, nil
		}
		b.Key, b.Rune = tcell.KeyRune, r[0]
		b.Mod &^= tcell.ModShift
		return b, nil
	}
	switch strings.ToLower(rest) {
	case "space":
		b.Key, b.Rune = tcell.KeyRune, ' '
		return b, nil
	case "tab":
		if b.Mod&tcell.ModShift != 0 {
			return binding{Key: tcell.KeyBacktab}, nil
		}
	}
	for k, n := range tcell.KeyNames {
		if strings.EqualFold(n, rest) {
			b.Key = k
			return b, nil
		}
	}
	return b, fmt.Errorf("unknown key %q", s)
}

// knownAction reports whether a names an action of the table.
func knownAction(a action) bool {
	for _, b := range defaultKeys {
		if b.Action == a {
			return true
		}
	}
	return false
}

// bind makes key run a (the config file's "key ACTION KEY"); the key's
// other bindings in the same scope go, so a remapped key does one thing.
func (t *keyTable) bind(a action, key string) error {
	if !knownAction(a) {
		return fmt.Errorf("unknown action %q", a)
	}
	nb, err := parseKey(key)
	if err != nil {
		return err
	}
	var sc scope
	for _, b := range defaultKeys {
		if b.Action == a {
			sc, nb.Desc = b.Scope, b.Desc
			break
		}
	}
	nb.Action, nb.Scope = a, sc
	out := t.bindings[:0]
	for _, b := range t.bindings {
		if b.Scope == sc && b.Key == nb.Key && b.Rune == nb.Rune && b.Mod == nb.Mod {
			continue
		}
		out = append(out, b)
	}
	t.bindings = append(out, nb)
	return nil
}

// helpRows groups the table by action for the help overlay and README:
// one row per action, its keys joined, in table order.
func (t *keyTable) helpRows() [][3]string {
	var rows [][3]string
	seen := map[action]bool{}
	for _, b := range t.bindings {
		if seen[b.Action] {
			continue
		}
		seen[b.Action] = true
		rows = append(rows, [3]string{strings.Join(t.keysFor(b.Action), ", "), b.Desc, string(b.Action)})
	}
	return rows
}

// configHelp documents themes and the config file in README, next to the
// keys it can remap.
const configHelp = `
Themes: ` + "`--theme dark`" + ` (the default), ` + "`light`" + `, ` + "`high-contrast`" + `, ` + "`16`" + ` (named ANSI
colours only; chosen by itself on terminals with fewer than 256 colours), or any chroma style
name (` + "`monokai`, `github`, ..." + `) for the code colours. With ` + "`NO_COLOR`" + ` set, tdb uses no colour:
the execution line is in reverse video and the marks are glyphs. Outside a UTF-8 locale the
gutter marks are ASCII (` + "`B`" + ` breakpoint, ` + "`b`" + ` disabled, ` + "`?`" + ` conditional, ` + "`=>`" + ` execution line).

Config file: ` + "`$XDG_CONFIG_HOME/tdb/config`" + ` (usually ` + "`~/.config/tdb/config`" + `; the directory is
` + "`$TDB_CONFIG_DIR`" + ` when set), one setting a line, ` + "`#`" + ` starts a comment. The command history
is kept next to it, in ` + "`history`" + `.

` + "```" + `
theme = light      # as --theme, which wins
ascii = true       # ASCII marks and borders even in a UTF-8 locale
mouse = false      # leave the mouse to the terminal (select text)
key next F8        # bind a key to an action (a key can have several)
key stepout F12    # the actions are in the table above
` + "```" + `
`

// keysMarkdown is README's key list.
func keysMarkdown(t *keyTable) string {
	var b strings.Builder
	b.WriteString("| keys | what they do | action (config) |\n|---|---|---|\n")
	for _, r := range t.helpRows() {
		keys := strings.Split(r[0], ", ")
		for i, k := range keys {
			keys[i] = "`" + strings.ReplaceAll(k, "|", `\|`) + "`"
		}
		b.WriteString("| " + strings.Join(keys, ", ") + " | " + r[1] + " | `" + r[2] + "` |\n")
	}
	b.WriteString("\nProgram input mode (`i`): every key goes to the program's terminal; `Esc` gives the keys back to tdb.\n")
	b.WriteString(configHelp)
	return b.String()
}
