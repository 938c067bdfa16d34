// fib: recursion, output and an exit status, for engine tests.
//
// Build: go build -gcflags='all=-N -l' -o fib ./testdata/fib
// Run:   ./fib          prints fib(1..10) and the sum, exits with status 3
package main

import (
	"fmt"
	"os"
)

// fib is deliberately naive: a breakpoint on it is hit once per call.
func fib(n int) int {
	if n < 2 {
		return n
	}
	a := fib(n - 1)
	b := fib(n - 2)
	return a + b
}

func main() {
	sum := 0
	for i := 1; i <= 10; i++ {
		v := fib(i)
		sum += v
		fmt.Printf("fib(%d) = %d\n", i, v)
	}
	fmt.Println("sum", sum)
	os.Exit(3)
}
