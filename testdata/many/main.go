// many: 10,000 goroutines parked on channels, for listing goroutines at
// scale and switching to a parked one.
//
// Build: go build -gcflags='all=-N -l' -o many ./testdata/many
// Run:   ./many [N]    starts N (default 10000) parked goroutines, prints
//
//	"parked N", calls ready once, releases them and prints "done SUM" (the
//	sum of 1..N) and exits 0.
//
//	./many N hold    instead waits until the runtime reports all N in
//	"chan receive", prints "held N" and sleeps an hour: a state that
//	stays the same while two debuggers attach to it one after the other.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
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
	if len(os.Args) > 2 && os.Args[2] == "hold" {
		hold(n)
	}
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

// hold polls the runtime's own dump of the goroutines until n of them
// wait in "chan receive", then sleeps (a pending timer: the runtime does
// not call that a deadlock).
func hold(n int) {
	buf := make([]byte, 64<<20)
	for strings.Count(string(buf[:runtime.Stack(buf, true)]), "[chan receive]:") < n {
		time.Sleep(time.Millisecond)
	}
	fmt.Printf("held %d\n", n)
	time.Sleep(time.Hour)
}
