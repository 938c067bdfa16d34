// generic: a generic function and a method of a generic type, each
// instantiated for two shapes, for breakpoints on them: one breakpoint,
// an address in each instantiation (and, optimised, in each inlined copy).
//
// Build: go build -gcflags='all=-N -l' -o generic ./testdata/generic
// Run:   ./generic      prints "2 aa 1 a" and exits 0 (run without arguments)
package main

import (
	"fmt"
	"os"
	"strings"
)

func twice[T int | string](v T) T {
	return v + v // marker: twice's body
}

type box[T any] struct{ v T }

func (b *box[T]) get() T {
	return b.v // marker: get's body
}

func main() {
	n := len(os.Args)                  // 1: not a constant the compiler could fold
	a := twice(n)                      // marker: the int call
	b := twice(strings.Repeat("a", n)) // marker: the string call
	bi := &box[int]{n}
	bs := &box[string]{strings.Repeat("a", n)}
	c := bi.get() // marker: the int get
	d := bs.get() // marker: the string get
	fmt.Println(a, b, c, d)
}
