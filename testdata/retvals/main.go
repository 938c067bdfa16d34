// retvals: functions returning several kinds of values (several results,
// a string, a float, an error, a struct, named results), for the values
// the engine reports after stepout and after a step off a function's end.
//
// The functions are not inlined, so the optimised build (retvals@opt)
// returns through the register ABI with no DWARF location for its results.
//
// Build: go build -gcflags='all=-N -l' -o retvals ./testdata/retvals
// Run:   ./retvals    prints "10 n=5 1.25 boom {7 p} 3 true [4 5 6] xyz 3 done"
package main

import (
	"errors"
	"fmt"
)

type pair struct {
	A int
	B string
}

//go:noinline
func many(n int) (int, string, float64) {
	return n * 2, fmt.Sprint("n=", n), float64(n) / 4
}

//go:noinline
func fails(n int) error {
	if n > 0 {
		return errors.New("boom")
	}
	return nil
}

//go:noinline
func makePair(n int) pair {
	return pair{A: n, B: "p"}
}

//go:noinline
func named(x int) (sum int, ok bool) {
	sum = x + 1
	ok = true
	return
}

// triple's array is returned on the stack (an array longer than one is
// never register-assigned), after its argument base, on the stack too.
//
//go:noinline
func triple(f float64, base [2]int, n int) [3]int {
	return [3]int{base[0] + n, base[1] + n, n + int(f)}
}

// namer's Name has a value receiver: called through the interface, it
// runs under the wrapper Go makes for *namer, which step and stepout pass.
type namer struct{ n string }

//go:noinline
func (v namer) Name() (string, int) {
	return v.n, len(v.n)
}

var ni interface{ Name() (string, int) } = namer{"xyz"}

func main() {
	a, s, f := many(5)
	err := fails(1)
	p := makePair(7)
	sum, ok := named(2)
	arr := triple(2, [2]int{0, 1}, 4)
	nm, nl := ni.Name()
	fmt.Println(a, s, f, err, p, sum, ok, arr, nm, nl, "done")
}
