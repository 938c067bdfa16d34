// The tdb demo: a small program to step through. `tdb` with no arguments
// builds this file (embedded in tdb) and stops at the first line of main.
//
// Build: go build -gcflags='all=-N -l' -o demo ./testdata/demo
// Try:   :b fib Enter (a command), then the keys c, n, s, f; ? lists them.
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

type point struct {
	X, Y int
	Name string
}

// fib is naive on purpose: each call is a new frame in the backtrace.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// scale returns p with both coordinates multiplied by k.
func scale(p point, k int) point {
	p.X *= k
	p.Y *= k
	p.Name += "!"
	return p
}

// worker squares its inputs and sends them back.
func worker(id int, in <-chan int, out chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in {
		out <- fmt.Sprintf("worker %d: %d squared is %d", id, v, v*v)
	}
}

func main() {
	fmt.Println("tdb demo: hello")
	p := point{X: 1, Y: 2, Name: "p"}
	q := scale(p, 3)
	fmt.Printf("scaled %v to %v\n", p, q)

	for i := 0; i < 5; i++ {
		fmt.Printf("fib(%d) = %d\n", i, fib(i))
	}

	in := make(chan int)
	out := make(chan string, 8)
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		wg.Add(1)
		go worker(id, in, out, &wg)
	}
	for v := 1; v <= 6; v++ {
		in <- v
	}
	close(in)
	wg.Wait()
	close(out)
	var lines []string
	for s := range out {
		lines = append(lines, s)
	}
	fmt.Println(strings.Join(lines, "\n"))
	time.Sleep(10 * time.Millisecond)
	fmt.Println("tdb demo: bye")
}
