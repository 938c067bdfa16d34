package ui

import (
	"strings"
	"testing"
)

// TestLiveStepOutReturnedValues: after f (stepout) the Log shows the
// returned values' lines, as batch prints them, and the Locals pane of
// the caller begins with them; the next stop shows them no more.
func TestLiveStepOutReturnedValues(t *testing.T) {
	la := startLive(t, "retvals", 120, 30)
	la.waitText("stopped at main.go:")
	la.breakAndContinue("main.many")
	la.keys('L')
	la.idle()
	la.keys('f')
	s := la.waitText(`returned ~r1 = "n=5"`)
	for _, want := range []string{"returned: ~r0 = 10", `returned: ~r1 = "n=5"`, "returned ~r2 = 1.25"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q on the screen after stepout:\n%s", want, s)
		}
	}
	la.idle()
	la.keys('n')
	la.waitFor("the returned rows gone from Locals", func(s string) bool {
		return !strings.Contains(s, "returned ~r0") && strings.Contains(s, "a = 10")
	})
}
