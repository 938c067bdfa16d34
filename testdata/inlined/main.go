// inlined: a small function the compiler inlines into its callers, for
// the variables, frames, breakpoints and steps of inlined functions in an
// optimised build. square is inlined twice: into sumSquares and into main.
//
// Build: go build -o inlined ./testdata/inlined   (optimised: no -gcflags)
// Run:   ./inlined      prints "total 385 square 100" and exits 0
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
	n := len(os.Args) + 9 // 10 when run without arguments
	total := sumSquares(n)
	sq := square(n) // marker: main calls square
	fmt.Println("total", total, "square", sq)
	os.Exit(0)
}
