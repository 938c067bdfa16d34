// inlined: a small function the compiler inlines into its callers, for
// the variables, frames, breakpoints and steps of inlined functions in an
// optimised build. square is inlined four times: into sumSquares, into
// main, and twice into pair, itself inlined into main.
//
// Build: go build -o inlined ./testdata/inlined   (optimised: no -gcflags)
// Run:   ./inlined      prints "total 385 square 100 pair 104" and exits 0
package main

import (
	"fmt"
	"os"
	"sync/atomic"
)

// square is small enough to be inlined into sumSquares.
func square(x int) int {
	y := x * x
	atomic.AddInt64(&sink, int64(y)) // marker: inlined
	return y
}

// sink is added to atomically: code at the marker line in every copy of
// square, which the compiler can neither merge nor drop.
var sink int64

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
	p := pair(n, 2) // marker: main calls pair
	fmt.Println("total", total, "square", sq, "pair", p)
	os.Exit(0)
}

// pair is inlined into main, and square into it twice: inlined calls
// nested in an inlined call.
func pair(a, b int) int {
	return square(a) + square(b) // marker: pair calls square
}
