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
	actShowMechanics action = "show-mechanics"
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
	actGorGroup      action = "goroutines-group"
	actGorStacks     action = "goroutines-stacks"
	actGorBack       action = "goroutines-back"
	actSideNarrow    action = "side-narrower"
	actSideWiden     action = "side-wider"
	actLogTaller     action = "log-taller"
	actLogShorter    action = "log-shorter"
	actSuspend       action = "suspend"
	actShowHistory   action = "show-history"
	actHistoryBack   action = "history-back"
	actHistoryFwd    action = "history-forward"
	actLayout        action = "layout"
	actShowMemory    action = "show-memory"
	actMemoryRaw     action = "memory-raw"
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

// keyAction is one row of the key table, the one source of the key
// bindings, their handlers, the help overlay, the status bar's hints and
// README's key list: what a key does (its name is the config file's
// word), the keys bound to it by default, its description, where it
// applies, a short label for the status bar ("" keeps it out) and the
// handler that does it. The rows are positional literals, so a row
// without a handler does not compile.
type keyAction struct {
	name  action
	keys  []keyCode
	desc  string
	scope scope
	hint  string
	run   func(*App)
}

// keyCode is a key as tcell reports it: tcell.KeyRune and the rune for
// letters.
type keyCode struct {
	Key  tcell.Key
	Rune rune
	Mod  tcell.ModMask
}

// binding is a key in force and the action it runs. hint: this is the
// action's first default key, the one the status bar names.
type binding struct {
	keyCode
	act  *keyAction
	hint bool
}

// keyActions are DESIGN.md's defaults: letters first, F-keys as aliases.
var keyActions = []keyAction{
	{actContinue, []keyCode{{tcell.KeyRune, 'c', 0}, {tcell.KeyF5, 0, 0}}, "continue", scopeGlobal, "cont",
		func(a *App) { a.execKey("continue") }},
	{actNext, []keyCode{{tcell.KeyRune, 'n', 0}, {tcell.KeyF10, 0, 0}}, "next line (over calls)", scopeGlobal, "next",
		func(a *App) { a.execKey("next") }},
	{actStep, []keyCode{{tcell.KeyRune, 's', 0}, {tcell.KeyF11, 0, 0}}, "step (into calls)", scopeGlobal, "step",
		func(a *App) { a.execKey("step") }},
	{actStepOut, []keyCode{{tcell.KeyRune, 'f', 0}, {tcell.KeyF11, 0, tcell.ModShift},
		// Many terminals send Shift+F11 as F23.
		{tcell.KeyF23, 0, 0}}, "step out of the function", scopeGlobal, "out",
		(*App).stepOutKey},
	{actStepInstr, []keyCode{{tcell.KeyRune, 'S', 0}}, "step one instruction", scopeGlobal, "",
		func(a *App) { a.execKey("stepi") }},
	{actToggleBP, []keyCode{{tcell.KeyRune, 'b', 0}, {tcell.KeyRune, ' ', 0}, {tcell.KeyF9, 0, 0}}, "toggle breakpoint at the cursor line", scopeSource, "break",
		(*App).toggleAtCursor},
	{actRunToCursor, []keyCode{{tcell.KeyRune, 'u', 0}}, "run to the cursor line", scopeSource, "to cursor",
		(*App).runToCursor},
	{actInterrupt, []keyCode{{tcell.KeyCtrlC, 0, 0}}, "interrupt the running program (never quits)", scopeGlobal, "",
		(*App).interruptKey},
	{actSuspend, []keyCode{{tcell.KeyCtrlZ, 0, 0}}, "suspend tdb to the shell (fg resumes)", scopeGlobal, "",
		(*App).suspend},
	{actRestart, []keyCode{{tcell.KeyRune, 'r', 0}}, "restart the program", scopeGlobal, "",
		(*App).restart},
	{actCommandLine, []keyCode{{tcell.KeyRune, ':', 0}}, "command line (Esc or Ctrl+G leaves)", scopeGlobal, "cmd",
		func(a *App) { a.cmd.open(":") }},
	{actSearch, []keyCode{{tcell.KeyRune, '/', 0}}, "search in the source or the Log; filter the Goroutines pane", scopePane, "",
		func(a *App) { a.cmd.open("/") }},
	{actSearchNext, []keyCode{{tcell.KeyRune, 'n', 0}}, "next match (while searching; Esc ends the search, then n steps again)", scopeSearch, "match (Esc ends)",
		func(a *App) { a.searchNext(1) }},
	{actSearchPrev, []keyCode{{tcell.KeyRune, 'N', 0}}, "previous match (while searching)", scopeSearch, "",
		func(a *App) { a.searchNext(-1) }},
	{actExecLine, []keyCode{{tcell.KeyRune, '.', 0}}, "jump to the execution line (showing a stop of the history: back to the present)", scopeGlobal, "",
		(*App).showExecLine},
	{actFrameUp, []keyCode{{tcell.KeyRune, '[', 0}}, "select the caller frame (up)", scopeGlobal, "",
		func(a *App) { a.frameStep(1) }},
	{actFrameDown, []keyCode{{tcell.KeyRune, ']', 0}}, "select the callee frame (down)", scopeGlobal, "",
		func(a *App) { a.frameStep(-1) }},
	{actFocusNext, []keyCode{{tcell.KeyTab, 0, 0}}, "next pane", scopeGlobal, "",
		func(a *App) { a.cycleFocus(true) }},
	{actFocusPrev, []keyCode{{tcell.KeyBacktab, 0, 0}}, "previous pane", scopeGlobal, "",
		func(a *App) { a.cycleFocus(false) }},
	{actSideNext, []keyCode{{tcell.KeyRune, 'v', 0}}, "next side view: Registers, Locals, Watch, Goroutines, History, Mechanics, Memory", scopeGlobal, "",
		(*App).cycleSide},
	{actShowRegs, []keyCode{{tcell.KeyRune, 'R', 0}}, "show the Registers pane", scopeGlobal, "",
		func(a *App) { a.showSide(a.regs) }},
	{actShowLocals, []keyCode{{tcell.KeyRune, 'L', 0}}, "show the Locals pane (args and locals of the selected frame)", scopeGlobal, "",
		func(a *App) { a.showSide(a.locals) }},
	{actShowWatch, []keyCode{{tcell.KeyRune, 'W', 0}}, "show the Watch pane (display expressions)", scopeGlobal, "",
		func(a *App) { a.showSide(a.watch) }},
	{actShowGor, []keyCode{{tcell.KeyRune, 'Y', 0}}, "show the Goroutines pane (Enter switches)", scopeGlobal, "",
		func(a *App) { a.showSide(a.gor) }},
	{actShowMechanics, []keyCode{{tcell.KeyRune, 'M', 0}}, "show the Mechanics pane (each ptrace operation, explained; Space steps in mechanics step)", scopeGlobal, "",
		func(a *App) { a.showSide(a.mech) }},
	{actShowHistory, []keyCode{{tcell.KeyRune, 'H', 0}}, "show the History pane (the stops recorded; Enter shows one)", scopeGlobal, "",
		func(a *App) { a.showSide(a.stops) }},
	{actHistoryBack, []keyCode{{tcell.KeyRune, '{', 0}}, "show the stop before, read-only (history -; . returns to the present)", scopeGlobal, "",
		func(a *App) { a.historyKey("history -") }},
	{actHistoryFwd, []keyCode{{tcell.KeyRune, '}', 0}}, "show the stop after (history +)", scopeGlobal, "",
		func(a *App) { a.historyKey("history +") }},
	{actLayout, []keyCode{{tcell.KeyRune, 'D', 0}}, "cycle the source's place: source, source and Disassembly (layout split), Disassembly (layout asm)", scopeGlobal, "",
		func(a *App) { a.setLayout("next") }},
	{actShowMemory, []keyCode{{tcell.KeyRune, 'X', 0}}, "show the Memory pane (memory EXPR picks what it shows)", scopeGlobal, "",
		(*App).memoryKey},
	{actMemoryRaw, []keyCode{{tcell.KeyRune, 't', 0}}, "Memory pane: show the bytes as they are, with tdb's 0xCC, or as the program sees them", scopePane, "",
		func(a *App) { a.moveIn(a.mem, actMemoryRaw) }},
	{actToggleRight, []keyCode{{tcell.KeyRune, 'V', 0}}, "hide or show the right column", scopeGlobal, "",
		(*App).toggleRight},
	{actSideNarrow, []keyCode{{tcell.KeyRune, '<', 0}}, "narrow the right column (the source gets the columns)", scopeGlobal, "",
		func(a *App) { a.layout.adjust(-4, 0) }},
	{actSideWiden, []keyCode{{tcell.KeyRune, '>', 0}}, "widen the right column", scopeGlobal, "",
		func(a *App) { a.layout.adjust(4, 0) }},
	{actLogTaller, []keyCode{{tcell.KeyRune, '+', 0}}, "make the Log pane taller", scopeGlobal, "",
		func(a *App) { a.layout.adjust(0, 2) }},
	{actLogShorter, []keyCode{{tcell.KeyRune, '-', 0}}, "make the Log pane shorter", scopeGlobal, "",
		func(a *App) { a.layout.adjust(0, -2) }},
	{actAddWatch, []keyCode{{tcell.KeyRune, 'w', 0}}, "add a watch expression (display)", scopeGlobal, "",
		(*App).addWatchKey},
	{actRemoveWatch, []keyCode{{tcell.KeyRune, 'x', 0}, {tcell.KeyDelete, 0, 0}}, "remove the watch under the cursor (Watch pane)", scopePane, "",
		func(a *App) { a.moveIn(a.watch, actRemoveWatch) }},
	{actGorAll, []keyCode{{tcell.KeyRune, 'a', 0}}, "list the runtime's goroutines too, or not (Goroutines pane)", scopePane, "",
		func(a *App) { a.moveIn(a.gor, actGorAll) }},
	{actGorGroup, []keyCode{{tcell.KeyRune, 'o', 0}}, "group the goroutines: by user location, current location, go statement, start function, wait reason, none (Goroutines pane; Enter opens a group)", scopePane, "",
		func(a *App) { a.moveIn(a.gor, actGorGroup) }},
	{actGorStacks, []keyCode{{tcell.KeyRune, 'P', 0}}, "parallel stacks: goroutines with identical stacks as one entry with a count (Goroutines pane; again: back)", scopePane, "",
		func(a *App) { a.moveIn(a.gor, actGorStacks) }},
	{actGorBack, []keyCode{{tcell.KeyBackspace, 0, 0}}, "back from an opened group to the groups (or Esc; Goroutines pane)", scopePane, "",
		func(a *App) { a.moveIn(a.gor, actGorBack) }},
	{actPrintIdent, []keyCode{{tcell.KeyRune, 'p', 0}, {tcell.KeyRune, 'K', 0}}, "print the identifier on the cursor line (again: the next one)", scopeSource, "",
		(*App).printIdentifierKey},
	{actZoom, []keyCode{{tcell.KeyRune, 'z', 0}}, "zoom the focused pane (again: back)", scopeGlobal, "",
		(*App).zoomKey},
	{actMechanics, []keyCode{{tcell.KeyRune, 'm', 0}}, "show ptrace mechanics in the log (on/off)", scopeGlobal, "",
		(*App).toggleMechanics},
	{actInput, []keyCode{{tcell.KeyRune, 'i', 0}}, "type to the program's input (Esc gives keys back)", scopeGlobal, "",
		(*App).inputKey},
	{actHelp, []keyCode{{tcell.KeyRune, '?', 0}, {tcell.KeyF1, 0, 0}}, "help: this list", scopeGlobal, "help",
		(*App).showHelp},
	{actQuit, []keyCode{{tcell.KeyRune, 'q', 0}}, "quit (asks first if the program is running)", scopeGlobal, "quit",
		(*App).quitKey},
	{actUp, []keyCode{{tcell.KeyUp, 0, 0}, {tcell.KeyRune, 'k', 0}}, "move up", scopePane, "",
		moveFocused(actUp)},
	{actDown, []keyCode{{tcell.KeyDown, 0, 0}, {tcell.KeyRune, 'j', 0}}, "move down", scopePane, "",
		moveFocused(actDown)},
	{actLeft, []keyCode{{tcell.KeyLeft, 0, 0}, {tcell.KeyRune, 'h', 0}}, "scroll left", scopePane, "",
		moveFocused(actLeft)},
	{actRight, []keyCode{{tcell.KeyRight, 0, 0}, {tcell.KeyRune, 'l', 0}}, "scroll right", scopePane, "",
		moveFocused(actRight)},
	{actTop, []keyCode{{tcell.KeyRune, 'g', 0}, {tcell.KeyHome, 0, 0}}, "go to the top", scopePane, "",
		moveFocused(actTop)},
	{actBottom, []keyCode{{tcell.KeyRune, 'G', 0}, {tcell.KeyEnd, 0, 0}}, "go to the bottom", scopePane, "",
		moveFocused(actBottom)},
	{actHalfPageDown, []keyCode{{tcell.KeyCtrlD, 0, 0}}, "half a page down", scopePane, "",
		moveFocused(actHalfPageDown)},
	{actHalfPageUp, []keyCode{{tcell.KeyCtrlU, 0, 0}}, "half a page up", scopePane, "",
		moveFocused(actHalfPageUp)},
	{actPageDown, []keyCode{{tcell.KeyPgDn, 0, 0}}, "page down", scopePane, "",
		moveFocused(actPageDown)},
	{actPageUp, []keyCode{{tcell.KeyPgUp, 0, 0}}, "page up", scopePane, "",
		moveFocused(actPageUp)},
	{actSelectOrEnter, []keyCode{{tcell.KeyEnter, 0, 0}, {tcell.KeyRune, ' ', 0}}, "select (a frame, a goroutine; expand or fold a value)", scopePane, "",
		moveFocused(actSelectOrEnter)},
}

// moveFocused is the handler of a movement: the focused pane moves.
func moveFocused(act action) func(*App) {
	return func(a *App) {
		if p, ok := a.app.GetFocus().(pane); ok {
			p.move(act)
		}
	}
}

// keyTable is the bindings in force: the defaults plus the config file's.
// Owned by the UI goroutine after start-up.
type keyTable struct {
	actions  []*keyAction
	bindings []binding
}

func newKeyTable() *keyTable {
	t := &keyTable{}
	for i := range keyActions {
		ka := &keyActions[i]
		t.actions = append(t.actions, ka)
		for j, k := range ka.keys {
			t.bindings = append(t.bindings, binding{keyCode: k, act: ka, hint: j == 0})
		}
	}
	return t
}

// named returns the action named a (nil if there is none).
func (t *keyTable) named(a action) *keyAction {
	for _, ka := range t.actions {
		if ka.name == a {
			return ka
		}
	}
	return nil
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

// find finds the action of ev in the first scope of scopes that binds it.
func (t *keyTable) find(ev *tcell.EventKey, scopes ...scope) *keyAction {
	for _, sc := range scopes {
		for _, b := range t.bindings {
			if b.act.scope == sc && b.matches(ev) {
				return b.act
			}
		}
	}
	return nil
}

// lookup is find by name.
func (t *keyTable) lookup(ev *tcell.EventKey, scopes ...scope) (action, bool) {
	if ka := t.find(ev, scopes...); ka != nil {
		return ka.name, true
	}
	return "", false
}

// keysFor lists the names of the keys bound to a, in table order.
func (t *keyTable) keysFor(a action) []string {
	var out []string
	seen := map[string]bool{}
	for _, b := range t.bindings {
		if b.act.name == a {
			n := keyName(b.keyCode)
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
			if n := keyName(b.keyCode); b.act.scope == sc && b.hint && b.act.hint != "" && !seen[n] {
				seen[n] = true
				out = append(out, n+" "+b.act.hint)
			}
		}
	}
	return out
}

// keyName is how help, hints and README write a key: "c", "F5",
// "Shift+F11", "Ctrl+C", "Space".
func keyName(b keyCode) string {
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
func parseKey(s string) (keyCode, error) {
	var b keyCode
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
			return keyCode{Key: tcell.KeyCtrlA + tcell.Key(r[0]|0x20-'a')}, nil
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
			return keyCode{Key: tcell.KeyBacktab}, nil
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

// bind makes key run a (the config file's "key ACTION KEY"); the key's
// other bindings in the same scope go, so a remapped key does one thing.
func (t *keyTable) bind(a action, key string) error {
	ka := t.named(a)
	if ka == nil {
		return fmt.Errorf("unknown action %q", a)
	}
	k, err := parseKey(key)
	if err != nil {
		return err
	}
	out := t.bindings[:0]
	for _, b := range t.bindings {
		if b.act.scope == ka.scope && b.keyCode == k {
			continue
		}
		out = append(out, b)
	}
	t.bindings = append(out, binding{keyCode: k, act: ka})
	return nil
}

// helpRows groups the table by action for the help overlay and README:
// one row per action, its keys joined, in table order.
func (t *keyTable) helpRows() [][3]string {
	var rows [][3]string
	seen := map[action]bool{}
	for _, b := range t.bindings {
		if seen[b.act.name] {
			continue
		}
		seen[b.act.name] = true
		rows = append(rows, [3]string{strings.Join(t.keysFor(b.act.name), ", "), b.act.desc, string(b.act.name)})
	}
	return rows
}

// configHelp documents themes and the config file in README, next to the
// keys it can remap.
const configHelp = `
Themes: ` + "`--theme dark`" + ` (the default), ` + "`light`" + `, ` + "`high-contrast`" + `, ` + "`projector`" + ` (presenter
mode's, ` + "`--present`" + `), ` + "`16`" + ` (named ANSI
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
key-echo = 4       # presenter mode: seconds a key stays on the status bar
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
