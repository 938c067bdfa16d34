package theme

import (
	"errors"
	"math"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/source"
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c tcell.Color) float64 {
	r, g, b := c.RGB()
	lin := func(v int32) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b tcell.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestContrast checks every text colour of every built-in theme against
// the background it is drawn on, including code drawn on the highlighted
// execution, frame and cursor lines.
func TestContrast(t *testing.T) {
	textRoles := []Role{Text, Dim, Title, BorderFocus, Arrow, Breakpoint, BreakpointOff, BreakpointCond,
		Match, Changed, Status, StatusRunning, StatusExited, Error, Warning, Output, Mechanics, Command, Key}
	for _, name := range Names() {
		th, err := LoadColour(name)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, s tcell.Style, min float64) {
			fg, bg, _ := s.Decompose()
			if r := contrast(fg, bg); r < min {
				t.Errorf("%s: %s: contrast %.2f < %.1f (fg %v bg %v)", name, what, r, min, fg, bg)
			}
		}
		for _, r := range textRoles {
			check(r.String(), th.Style(r), 4.5)
		}
		for k := source.TokenKind(0); k < source.NumTokenKinds; k++ {
			check("code "+k.String(), th.Code(k), 4.5)
			for _, line := range []Role{ExecLine, FrameLine, Cursor} {
				// Highlighted lines may lower contrast a little, never
				// below the large-text minimum.
				check("code "+k.String()+" on "+line.String(), th.OnLine(th.Code(k), line), 3.0)
			}
		}
	}
}

func TestLoad(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	for _, c := range []struct {
		name, want string
		dark       bool
	}{
		{"", "dark", true},
		{"DARK", "dark", true},
		{"light", "light", false},
		{"16", "16", true},
		{"monokai", "monokai", true},
		{"github", "github", false},
	} {
		th, err := Load(c.name)
		if err != nil {
			t.Fatalf("Load(%q): %v", c.name, err)
		}
		if th.Name != c.want || th.Mono {
			t.Errorf("Load(%q) = %q mono=%v, want %q", c.name, th.Name, th.Mono, c.want)
		}
		if got := luminance(th.Background) < 0.2; got != c.dark {
			t.Errorf("Load(%q): dark background = %v, want %v", c.name, got, c.dark)
		}
	}
	// A chroma style's keyword colour is used for keywords.
	mk, _ := Load("monokai")
	dk, _ := Load("dark")
	if mk.Code(source.TokKeyword) == dk.Code(source.TokKeyword) {
		t.Error("monokai keywords look like dark's")
	}
	_, err := Load("no-such-theme")
	var u *ErrUnknown
	if !errors.As(err, &u) || u.Name != "no-such-theme" {
		t.Errorf("unknown theme: %v", err)
	}
}

func TestNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	th, err := Load("light")
	if err != nil {
		t.Fatal(err)
	}
	if !th.Mono {
		t.Fatal("NO_COLOR did not give the mono theme")
	}
	for r := Role(0); r < NumRoles; r++ {
		fg, bg, _ := th.Style(r).Decompose()
		if fg != tcell.ColorDefault || bg != tcell.ColorDefault {
			t.Errorf("%v has colours %v/%v", r, fg, bg)
		}
	}
	// Marks stay visible without colour.
	for _, r := range []Role{ExecLine, FrameLine, Breakpoint, Changed, Status, Match} {
		if _, _, a := th.Style(r).Decompose(); a == 0 {
			t.Errorf("%v has no attribute under NO_COLOR", r)
		}
	}
	if _, _, a := th.OnLine(th.Code(source.TokKeyword), ExecLine).Decompose(); a&tcell.AttrReverse == 0 {
		t.Error("exec line is not reverse under NO_COLOR")
	}
}

func TestRoleNames(t *testing.T) {
	seen := map[string]bool{}
	for r := Role(0); r < NumRoles; r++ {
		n := r.String()
		if n == "" || seen[n] {
			t.Errorf("role %d: name %q empty or repeated", r, n)
		}
		seen[n] = true
	}
}
