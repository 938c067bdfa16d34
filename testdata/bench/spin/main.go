// spin: one goroutine in a loop without calls, for the stepping rows of
// the peer comparison (stepi and next). Each iteration stores its index
// in iter, so a debugger's answer can be checked by reading memory.
//
// Build: go build -gcflags='all=-N -l' -o spin ./testdata/bench/spin
// Run:   ./spin [N]   N iterations (default 1000000); prints "spin N S"
package main

import (
	"fmt"
	"os"
	"strconv"
)

// iter is the index of the iteration under way; the comparison reads it.
var iter int

func spin(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		iter = i
		s += i ^ (s >> 3)
	}
	return s
}

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	fmt.Printf("spin %d %d\n", n, spin(n))
}
