// retvals: functions returning several kinds of values (several results,
// a string, a float, an error, a struct, named results), for the values
// the engine reports after stepout and after a step off a function's end.
//
// Build: go build -gcflags='all=-N -l' -o retvals ./testdata/retvals
// Run:   ./retvals    prints "10 n=5 1.25 boom {7 p} 3 true done"
package main

import (
	"errors"
	"fmt"
)

type pair struct {
	A int
	B string
}

func many(n int) (int, string, float64) {
	return n * 2, fmt.Sprint("n=", n), float64(n) / 4
}

func fails(n int) error {
	if n > 0 {
		return errors.New("boom")
	}
	return nil
}

func makePair(n int) pair {
	return pair{A: n, B: "p"}
}

func named(x int) (sum int, ok bool) {
	sum = x + 1
	ok = true
	return
}

func main() {
	a, s, f := many(5)
	err := fails(1)
	p := makePair(7)
	sum, ok := named(2)
	fmt.Println(a, s, f, err, p, sum, ok, "done")
}
