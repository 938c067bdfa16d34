// stepbusy: goroutines that call a small function in a tight loop while
// main calls it too, for the engine's stepping tests.
//
// Build: go build -gcflags='all=-N -l' -o stepbusy ./testdata/stepbusy
// Run:   ./stepbusy    runs until killed
package main

import "time"

var sink [4]int

// add is frameless: its entry spills its arguments, with no stack check.
func add(x, y int) int {
	return x + y
}

func busy(g int) {
	for {
		sink[g] = add(g, 1) // the goroutines' call
	}
}

func main() {
	for g := 1; g < 4; g++ {
		go busy(g)
	}
	for i := 0; ; i++ {
		sink[0] = add(i, i) // main's call
		time.Sleep(time.Millisecond)
	}
}
