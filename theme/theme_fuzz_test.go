package theme

import (
	"errors"
	"strings"
	"testing"
)

// FuzzLoad: a theme name comes from the command line or the config file.
// Any name gives a theme or an ErrUnknown naming it, never a panic.
func FuzzLoad(f *testing.F) {
	for _, s := range append(Names(), "", "monokai", "MONOKAI", "nosuch", "../../etc/passwd", "\x00", "dark\n") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		th, err := LoadColour(name)
		if err != nil {
			var u *ErrUnknown
			if !errors.As(err, &u) || u.Name != name || !strings.Contains(err.Error(), "unknown theme") {
				t.Errorf("LoadColour(%q): %v", name, err)
			}
			return
		}
		for r := Role(0); r < NumRoles; r++ {
			th.Style(r)
		}
	})
}
