package ui

import (
	"testing"

	"github.com/gdamore/tcell/v2"
)

// TestLiveFloodRedraws: while a program floods its output faster than the
// pump takes it (testdata/stubborn flood; under -race it always is), the
// screen still gets frames: the Log follows the flood. The pump drew only
// when its channels ran dry, which a flood never lets them do, and the
// screen froze on one line until the program stopped.
func TestLiveFloodRedraws(t *testing.T) {
	la := startLive(t, "stubborn", 80, 24, "flood")
	la.waitText("stopped at stubborn.c:")
	la.keys('c')
	la.waitText("running (Ctrl+C interrupts)")
	seen := lastFlood(la.waitFor("the program's output", func(s string) bool { return lastFlood(s) >= 0 }))
	for i := 0; i < 2; i++ {
		seen = lastFlood(la.waitFor("the Log to follow the flood", func(s string) bool { return lastFlood(s) > seen }))
	}
	la.keys(tcell.KeyCtrlC)
	la.waitText("[interrupt]")
}
