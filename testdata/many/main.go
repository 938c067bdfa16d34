// many: 10,000 goroutines parked on channels, for listing goroutines at
// scale and switching to a parked one.
//
// Build: go build -gcflags='all=-N -l' -o many ./testdata/many
// Run:   ./many [N]    starts N (default 10000) parked goroutines, prints
//
//	"parked N", calls ready once, releases them and prints "done SUM" (the
//	sum of 1..N) and exits 0.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// park waits on its channel: every one of these goroutines is parked in
// "chan receive" with park on its stack.
func park(id int, in <-chan int, out chan<- int) {
	v := <-in
	out <- v + id - id
}

// ready is called once every goroutine is parked: a place to stop.
func ready(n int) int {
	return n
}

func main() {
	n := 10000
	if len(os.Args) > 1 {
		if v, err := strconv.Atoi(os.Args[1]); err == nil {
			n = v
		}
	}
	in := make(chan int)
	out := make(chan int, n)
	var started sync.WaitGroup
	for i := 1; i <= n; i++ {
		started.Add(1)
		go func(id int) {
			started.Done()
			park(id, in, out)
		}(i)
	}
	started.Wait()
	// Give the last goroutines time to reach their receive: most are
	// parked long before, and the tests accept a few still runnable.
	time.Sleep(20 * time.Millisecond)
	fmt.Printf("parked %d\n", ready(n))
	for i := 1; i <= n; i++ {
		in <- i
	}
	sum := 0
	for i := 1; i <= n; i++ {
		sum += <-out
	}
	fmt.Printf("done %d\n", sum)
}
