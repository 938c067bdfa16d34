// steprange: range-over-func loops (their bodies are closures the iterator
// calls) and iter.Pull (the sequence runs on a coroutine), for the
// engine's stepping tests.
//
// Build: go build -gcflags='all=-N -l' -o steprange ./testdata/steprange
// Run:   ./steprange    exits with status 16 (1+2+10, then 1+2)
package main

import (
	"iter"
	"os"
)

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() {
			recover() // an iterator that swallows panics, as bad ones do
		}()
		for i := 1; i <= n; i++ {
			if !yield(i) { // the yield
				return
			}
		}
	}
}

func sum() (total int) {
	defer func() {
		total += 10 // sum's deferred call
	}()
	for x := range count(3) { // the loop
		total += x // the body
		if x == 2 {
			break // the break
		}
	}
	return total // after the loop
}

func pull() int {
	next, stop := iter.Pull(count(2))
	defer stop()
	a, _ := next() // the first next
	b, _ := next() // the second next
	return a + b
}

func main() {
	os.Exit(sum() + pull())
}
