package debugger

import (
	"strconv"
	"testing"

	"tdb/source/fixture"
)

// In an optimised build a breakpoint in square's body stops in
// sumSquares, where square is inlined: locals, args and print see
// square's variables there, with the values of each call (y = i*i for
// i = 1, 2).
func TestValuesInlined(t *testing.T) {
	tg := launch(t, "inlined@opt")
	line := fixture.LineOf(t, "inlined", "main.go", "marker: inlined")
	tg.brk("main.go:" + strconv.Itoa(line))
	for i := 1; i <= 2; i++ {
		st := tg.stop(Continue{})
		if st.Line != line {
			t.Fatalf("stopped at %s, want line %d", where(st), line)
		}
		want := strconv.Itoa(i * i)
		if got := valueMap(tg.do(Locals{Frame: 0}).Values)["y"]; got != want {
			t.Errorf("call %d: local y = %s, want %s", i, got, want)
		}
		if _, ok := valueMap(tg.do(Args{Frame: 0}).Values)["x"]; !ok {
			t.Errorf("call %d: square's argument x is not listed", i)
		}
		if got := tg.print("y * 10", 0); got != strconv.Itoa(i*i*10) {
			t.Errorf("call %d: y * 10 = %s", i, got)
		}
		if got, want := tg.print("total", 0), `error: no variable "total" in main.square (inlined into main.sumSquares)`; got != want {
			t.Errorf("call %d: print total = %s, want %s", i, got, want)
		}
	}
}
