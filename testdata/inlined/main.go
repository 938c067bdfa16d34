// inlined: a small function the compiler inlines into its caller, for
// the variables of inlined functions in an optimised build.
//
// Build: go build -o inlined ./testdata/inlined   (optimised: no -gcflags)
// Run:   ./inlined      prints "total 385" and exits 0
package main

import (
	"fmt"
	"os"
)

// square is small enough to be inlined into sumSquares.
func square(x int) int {
	y := x * x
	sink = y // marker: inlined
	return y
}

var sink int

//go:noinline
func sumSquares(n int) int {
	total := 0
	for i := 1; i <= n; i++ {
		total += square(i)
	}
	return total
}

func main() {
	fmt.Println("total", sumSquares(10))
	os.Exit(0)
}
