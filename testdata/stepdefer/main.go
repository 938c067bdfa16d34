// stepdefer: calls through a func value, deferred calls (direct, through
// a defer wrapper, run by a panic), a small frameless function, go
// statements with arguments and a generic method called through an
// interface, for the engine's stepping tests.
//
// Build: go build -gcflags='all=-N -l' -o stepdefer ./testdata/stepdefer
// Run:   ./stepdefer    exits with status 120 (the sum of the counter's steps)
package main

import "os"

var counter int

// bump is a frameless leaf: no stack check, so no prologue.
func bump() {
	counter++
}

func add(n int) {
	counter += n
}

func viaValue(f func()) {
	f()
	counter += 10
}

func closing() {
	defer add(100) // deferred through a wrapper closure (it has an argument)
	defer bump()
	counter++
} // closing's end

func panicky() {
	defer func() {
		recover()
	}()
	defer bump()
	panic("boom")
}

func worker(n int, done chan<- int) {
	done <- 2 * n
}

type box[T any] struct{ v T }

func (b *box[T]) set(v T) {
	b.v = v
}

type setter interface{ set(int) }

func main() {
	viaValue(bump)
	closing()
	panicky()
	var s setter = &box[int]{}
	s.set(3) // through the interface
	done := make(chan int)
	for i := 0; i < 3; i++ {
		go worker(i, done) // the go statement
	}
	for i := 0; i < 3; i++ {
		counter += <-done
	}
	os.Exit(counter)
}
