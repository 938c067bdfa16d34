package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// tickLoc is the line in tick that count reaches with i = 0..99.
func tickLoc(t *testing.T) string {
	return "main.go:" + strconv.Itoa(fixture.LineOf(t, "values", "main.go", "marker: tick"))
}

// stopsUntilExit continues to the end, collecting i at each stop.
func (tg *target) stopsUntilExit() []string {
	tg.t.Helper()
	var is []string
	for n := 0; n < 200; n++ {
		rep := tg.do(Continue{})
		if rep.Exited != nil {
			if rep.Exited.Status != 0 {
				tg.t.Errorf("exit %v", rep.Exited)
			}
			return is
		}
		is = append(is, tg.print("i", 0))
	}
	tg.t.Fatalf("more than 200 stops")
	return nil
}

func TestConditionHitsExactlyWhenTrue(t *testing.T) {
	tg := launch(t, "values")
	rep := tg.do(SetBreakpoint{Loc: mustLoc(tickLoc(t)), Cond: "i % 10 == 3 && sq > 0"})
	if rep.Breakpoints[0].Cond != "i % 10 == 3 && sq > 0" {
		t.Errorf("cond not kept: %+v", rep.Breakpoints[0])
	}
	got := strings.Join(tg.stopsUntilExit(), " ")
	if want := "3 13 23 33 43 53 63 73 83 93"; got != want {
		t.Errorf("stopped with i = %s, want %s", got, want)
	}
	tg.waitOutput("checksum 276")
}

func TestConditionCommandAndHitCount(t *testing.T) {
	tg := launch(t, "values")
	b := tg.brk(tickLoc(t))
	tg.do(SetCondition{ID: b.ID, Cond: "i >= 50"})
	tg.do(SetCondition{ID: b.ID, Cond: "> 45", HitCount: true})
	st := tg.stop(Continue{})
	if got := tg.print("i", 0); got != "95" {
		t.Errorf("first stop at i = %s, want 95 (the 46th hit with i >= 50)", got)
	}
	if st.Breakpoints[0].HitCount != 46 || st.Breakpoints[0].HitCond != "> 45" {
		t.Errorf("breakpoint after the first stop: %+v", st.Breakpoints[0])
	}
	tg.do(SetCondition{ID: b.ID, Cond: ""})
	tg.do(SetCondition{ID: b.ID, Cond: "", HitCount: true})
	if got := strings.Join(tg.stopsUntilExit(), " "); got != "96 97 98 99" {
		t.Errorf("after removing the conditions: %s", got)
	}
	if rep := tg.s.Do(SetCondition{ID: b.ID, Cond: "i >"}); rep.Err == nil {
		t.Errorf("bad condition accepted")
	}
}

func TestConditionErrorStops(t *testing.T) {
	tg := launch(t, "values")
	rep := tg.do(SetBreakpoint{Loc: mustLoc(tickLoc(t)), Cond: "nosuch > 1"})
	st := tg.stop(Continue{})
	if st.Reason.Kind != "breakpoint" || st.Reason.Breakpoint != rep.Breakpoints[0].ID ||
		!strings.Contains(st.Note, `cannot evaluate the condition nosuch > 1: no variable "nosuch" in main.tick`) {
		t.Errorf("stop: %s, note %q", where(st), st.Note)
	}
	if rep := tg.s.Do(SetBreakpoint{Loc: mustLoc("main.tick"), Cond: "i >"}); rep.Err == nil || !strings.Contains(rep.Err.Error(), "bad condition") {
		t.Errorf("bad condition: %v", rep.Err)
	}
}
