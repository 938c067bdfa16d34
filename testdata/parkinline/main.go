// parkinline: the main goroutine parks on a channel receive inside a
// function inlined into main, for the backtrace of a parked goroutine in
// an optimised build: its inlined frames too.
//
// Build: go build -o parkinline ./testdata/parkinline   (optimised: no -gcflags)
// Run:   ./parkinline      prints "42" and exits 0
package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
)

var ch = make(chan int)

// wait is inlined into main: main parks in it.
func wait() int {
	return <-ch // marker: main parks here
}

//go:noinline
func worker() {
	buf := make([]byte, 1<<16)
	// Until main is parked in wait: runtime.Stack shows each
	// goroutine's state, so no sleep is needed.
	for !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "[chan receive]") {
		runtime.Gosched()
	}
	ready()
	ch <- 42
}

// ready is where the test stops, with main parked.
//
//go:noinline
func ready() {}

func main() {
	go worker()
	v := wait() // marker: main calls wait
	fmt.Println(v)
	os.Exit(0)
}
