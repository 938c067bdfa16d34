package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source"
	"tdb/source/fixture"
)

// A breakpoint on a generic function or on a method of a generic type,
// by name or on a line of its body, is one breakpoint named after the
// generic function with an address in each instantiation (Delve's
// TestGenericsBreakpoint); optimised, in each inlined copy. Each stop has
// the call line of one instantiation in frame 1.
func TestGenericBreakpoint(t *testing.T) {
	line := func(m string) int { return fixture.LineOf(t, "generic", "main.go", m) }
	for _, c := range []struct {
		fn, short, body string
		calls           []int
		builds          []string
	}{
		{"main.twice", "twice", "marker: twice's body", []int{line("marker: the int call"), line("marker: the string call")},
			[]string{"generic", "generic@opt"}},
		// Optimised, Go 1.26 describes one inlined copy of get only.
		{"main.(*box).get", "(*box).get", "marker: get's body", []int{line("marker: the int get"), line("marker: the string get")},
			[]string{"generic"}},
	} {
		body := line(c.body)
		for _, build := range c.builds {
			for _, loc := range []string{c.fn, c.short, "main.go:" + strconv.Itoa(body)} {
				tg := launch(t, build)
				bp := tg.brk(loc)
				// Optimised, both copies are inlined into main: the
				// breakpoint names the function the code is in, as
				// Delve's.
				fn := c.fn
				if strings.HasSuffix(build, "@opt") {
					fn = "main.main"
				}
				if len(bp.Addrs) != 2 || bp.Function != fn {
					t.Errorf("%s: break %s: %s at %#x, want %s with an address in each of 2 instantiations", build, loc, bp.Function, bp.Addrs, fn)
					continue
				}
				for i, call := range c.calls {
					st := tg.stop(Continue{})
					if len(st.Frames) < 2 || source.GenericBase(st.Frames[0].Function) != c.fn || st.Frames[0].Function == c.fn || st.Frames[1].Line != call {
						t.Errorf("%s: break %s: stop %d at %s, frames %+v; want an instantiation of %s called from line %d", build, loc, i+1, where(st), st.Frames, c.fn, call)
					}
					// A line breakpoint stops on its line; a function
					// breakpoint may stop on the func line first.
					if strings.Contains(loc, ":") && st.Frames[0].Line != body {
						t.Errorf("%s: break %s: stop %d at line %d", build, loc, i+1, st.Frames[0].Line)
					}
				}
			}
		}
	}
}
