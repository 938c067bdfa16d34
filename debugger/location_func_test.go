package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// A breakpoint on a generic function, by name or on a line of its body,
// is one breakpoint on the generic function with an address in each
// instantiation (Delve's TestGenericsBreakpoint); optimised, in each
// inlined copy. Each stop has the call line of one instantiation in frame
// 1.
func TestGenericBreakpoint(t *testing.T) {
	body := fixture.LineOf(t, "generic", "main.go", "marker: twice's body")
	calls := []int{fixture.LineOf(t, "generic", "main.go", "marker: the int call"),
		fixture.LineOf(t, "generic", "main.go", "marker: the string call")}
	for _, build := range []string{"generic", "generic@opt"} {
		for _, loc := range []string{"main.twice", "twice", "main.go:" + strconv.Itoa(body)} {
			tg := launch(t, build)
			bp := tg.brk(loc)
			// Optimised, both copies are inlined into main: the
			// breakpoint names the function the code is in, as Delve's.
			fn := "main.twice"
			if strings.HasSuffix(build, "@opt") {
				fn = "main.main"
			}
			if len(bp.Addrs) != 2 || bp.Function != fn {
				t.Errorf("%s: break %s: %s at %#x, want %s with an address in each of 2 instantiations", build, loc, bp.Function, bp.Addrs, fn)
				continue
			}
			for i, call := range calls {
				st := tg.stop(Continue{})
				if len(st.Frames) < 2 || !strings.HasPrefix(st.Frames[0].Function, "main.twice[") || st.Frames[1].Line != call {
					t.Errorf("%s: break %s: stop %d at %s, frames %+v; want main.twice[...] called from line %d", build, loc, i+1, where(st), st.Frames, call)
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
