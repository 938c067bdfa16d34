// watch: globals written and read by main and by workers that each lock
// their own thread, for the watchpoint tests. It counts its writes.
//
// Build: go build -gcflags='all=-N -l' -o watch ./testdata/watch
// Run:   ./watch [FILE]   prints "writes 100 seen 7 x 8 0" (to FILE too) and exits 0
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
)

const (
	workers   = 4
	perWorker = 25
)

var (
	counter                        int64 // written workers*perWorker times
	seen                           int64 // written once, then read once
	other1, other2, other3, other4 int64 // never touched: a fifth watchpoint has no register
	mu                             sync.Mutex
)

func work(done chan<- int, start <-chan struct{}) {
	// Only once main's total exists: a test that stops at a send and
	// watches total in main's frame must find it in scope.
	<-start
	// A thread of its own, created after the watchpoints are set: the
	// debug registers must reach it before it runs.
	runtime.LockOSThread()
	n := 0
	for i := 0; i < perWorker; i++ {
		mu.Lock()
		counter = counter + 1 // marker: write counter
		mu.Unlock()
		n++
	}
	done <- n // marker: send
}

// In functions of their own: in one function the compiler folds the
// constant into the read even with -N.
func bump()       { seen = 7 }
func peek() int64 { return seen + 1 } // marker: read seen

// deep recurses until its goroutine's stack has been copied several times,
// then writes through p, which points into the first frame's stack.
func deep(n int, p *int64) {
	if n == 0 {
		*p = 42
		return
	}
	deep(n-1, p)
}

func local() int64 {
	var v int64
	deep(2000, &v) // marker: local call
	v++
	return v
}

func main() {
	fmt.Print("") // marker: start
	bump()
	x := peek()
	x += local() - 43
	done := make(chan int)
	start := make(chan struct{})
	for i := 0; i < workers; i++ {
		go work(done, start)
	}
	total := 0
	close(start)
	for i := 0; i < workers; i++ {
		total += <-done // marker: total
	}
	out := fmt.Sprintln("writes", total, "seen", seen, "x", x, other1+other2+other3+other4)
	fmt.Print(out)
	if len(os.Args) > 1 {
		os.WriteFile(os.Args[1], []byte(out), 0o644)
	}
}
