// generic: a generic function instantiated for two shapes, for a
// breakpoint on a generic function: one breakpoint, an address in each
// instantiation (and, optimised, in each inlined copy).
//
// Build: go build -gcflags='all=-N -l' -o generic ./testdata/generic
// Run:   ./generic      prints "2 aa" and exits 0 (run without arguments)
package main

import (
	"fmt"
	"os"
	"strings"
)

func twice[T int | string](v T) T {
	return v + v // marker: twice's body
}

func main() {
	n := len(os.Args)                  // 1: not a constant the compiler could fold
	a := twice(n)                      // marker: the int call
	b := twice(strings.Repeat("a", n)) // marker: the string call
	fmt.Println(a, b)
}
