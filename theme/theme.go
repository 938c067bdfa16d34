package theme

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/gdamore/tcell/v2"

	"tdb/source"
)

// Role is a part of the UI that has its own look.
type Role int

const (
	Text           Role = iota // ordinary pane text
	Dim                        // secondary text: line numbers, addresses, hints
	Border                     // borders of unfocused panes
	BorderFocus                // border and title of the focused pane
	Title                      // titles of unfocused panes
	ExecLine                   // the line where the program stopped, across the pane
	Arrow                      // the execution arrow in the gutter
	FrameLine                  // the selected caller frame's line
	Cursor                     // the cursor row of the focused pane
	Breakpoint                 // enabled breakpoint mark
	BreakpointOff              // disabled breakpoint mark
	BreakpointCond             // conditional breakpoint mark
	Match                      // search match
	Changed                    // a register changed since the last stop
	Status                     // the status bar
	StatusRunning              // the status bar while the program runs
	StatusExited               // the status bar after the program exited
	Error                      // error messages
	Warning                    // warnings
	Output                     // the program's output in the log
	Mechanics                  // ptrace mechanics in the log
	Command                    // echoed commands in the log
	Key                        // key names in hints and help
	NumRoles
)

var roleNames = [NumRoles]string{
	"text", "dim", "border", "border-focus", "title", "exec-line", "arrow",
	"frame-line", "cursor", "breakpoint", "breakpoint-off", "breakpoint-cond",
	"match", "changed", "status", "status-running", "status-exited", "error",
	"warning", "output", "mechanics", "command", "key",
}

func (r Role) String() string {
	if r >= 0 && r < NumRoles {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

// Theme maps roles and token kinds to styles. Owned by whoever made it;
// read-only after Load, so any goroutine may read it.
type Theme struct {
	Name       string
	Background tcell.Color // the panes' background
	Foreground tcell.Color
	Mono       bool // no colours at all (NO_COLOR): marks use glyphs and attributes
	roles      [NumRoles]tcell.Style
	code       [source.NumTokenKinds]tcell.Style
}

// Style returns the style of role r.
func (t *Theme) Style(r Role) tcell.Style {
	if r < 0 || r >= NumRoles {
		return t.roles[Text]
	}
	return t.roles[r]
}

// Code returns the style of source text of kind k.
func (t *Theme) Code(k source.TokenKind) tcell.Style {
	if k >= source.NumTokenKinds {
		return t.roles[Text]
	}
	return t.code[k]
}

// OnLine returns s drawn on the background of a line role (ExecLine,
// FrameLine, Cursor): the foreground and attributes of the token, the
// background of the line, so highlighted code stays highlighted.
func (t *Theme) OnLine(s tcell.Style, line Role) tcell.Style {
	ls := t.Style(line)
	_, bg, lattr := ls.Decompose()
	if t.Mono {
		return s.Attributes(attrsOf(s) | lattr)
	}
	return s.Background(bg).Attributes(attrsOf(s) | lattr)
}

func attrsOf(s tcell.Style) tcell.AttrMask {
	_, _, a := s.Decompose()
	return a
}

// Names lists the built-in themes.
func Names() []string {
	n := make([]string, 0, len(builtins))
	for k := range builtins {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// ErrUnknown reports a theme name that is neither built in nor a chroma style.
type ErrUnknown struct{ Name string }

func (e *ErrUnknown) Error() string {
	return fmt.Sprintf("unknown theme %q (built in: %s; or a chroma style such as monokai)",
		e.Name, strings.Join(Names(), ", "))
}

// Default is the theme used when none is named.
const Default = "dark"

// Load returns the theme called name: a built-in one, or a chroma style for
// the code on the UI colours of the built-in theme of the same darkness. ""
// means Default. NO_COLOR in the environment (any non-empty value, see
// no-color.org) wins over everything and gives the monochrome theme.
func Load(name string) (*Theme, error) {
	if os.Getenv("NO_COLOR") != "" {
		return Mono(), nil
	}
	return LoadColour(name)
}

// LoadColour is Load without the NO_COLOR check.
func LoadColour(name string) (*Theme, error) {
	if name == "" {
		name = Default
	}
	key := strings.ToLower(name)
	if p, ok := builtins[key]; ok {
		return p.build(key), nil
	}
	cs, ok := source.LookupCodeStyle(key)
	if !ok {
		return nil, &ErrUnknown{Name: name}
	}
	base := builtins["light"]
	if cs.Dark {
		base = builtins["dark"]
	}
	if cs.Background != "" {
		base.bg = cs.Background
	}
	if cs.Foreground != "" {
		base.fg = cs.Foreground
	}
	base.code = map[source.TokenKind]spec{}
	for k, cc := range cs.Kinds {
		base.code[source.TokenKind(k)] = spec{fg: cc.FG, bg: cc.BG, bold: cc.Bold, italic: cc.Italic, underline: cc.Underline}
	}
	t := base.build(key)
	t.Name = cs.Name
	return t, nil
}
