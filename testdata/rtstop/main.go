// rtstop: stops the Go runtime causes, one per mode.
//
// Build: go build -gcflags='all=-N -l' -o rtstop ./testdata/rtstop
// (the nil mode's test builds it optimised too: go build -o rtstop ./testdata/rtstop)
// Run:   ./rtstop brk       runtime.Breakpoint() in main.brk, then prints "after brk"
//
//	./rtstop trap      raises SIGTRAP with kill, catches it with signal.Notify,
//	                   prints "caught SIGTRAP", then calls runtime.Breakpoint()
//	./rtstop deadlock  every goroutine blocks: "fatal error: all goroutines are asleep - deadlock!"
//	./rtstop unlock    unlocks an unlocked sync.Mutex: "fatal error: sync: unlock of unlocked mutex"
//	./rtstop panicint  panics with the int 42
//	./rtstop many      8 goroutines call runtime.Breakpoint() at once, then "done"
//	./rtstop grow      recurses until its stack grows (runtime.newstack), prints the sum
//	./rtstop nil       loads through a nil *node in main.val, whose load is
//	                   its first instruction when built optimised
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
)

type node struct {
	pad [8]int
	v   int
}

//go:noinline
func val(n *node) int {
	return n.v // the nil dereference
}

func brk() {
	runtime.Breakpoint()
	fmt.Println("after brk") // after the breakpoint
}

func trap() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTRAP)
	syscall.Kill(os.Getpid(), syscall.SIGTRAP)
	<-c
	fmt.Println("caught SIGTRAP")
	brk()
}

func deadlock() {
	ch := make(chan int)
	<-ch // blocks for ever
}

func unlock() {
	var mu sync.Mutex
	mu.Unlock() // fatal error
}

func panicint() {
	panic(42) // the panic
}

func many() {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			runtime.Breakpoint() // each goroutine's
		}()
	}
	close(start)
	wg.Wait()
}

// grow recurses with a large frame: the goroutine's stack grows several
// times (morestack, then newstack on the system stack).
func grow(n int) int {
	var pad [512]byte
	pad[n%512] = byte(n)
	if n == 0 {
		return int(pad[0])
	}
	return grow(n-1) + int(pad[n%512]) // recurses
}

func main() {
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "brk":
		brk()
	case "trap":
		trap()
	case "deadlock":
		deadlock()
	case "unlock":
		unlock()
	case "panicint":
		panicint()
	case "many":
		many()
	case "grow":
		fmt.Println(grow(200))
	case "nil":
		fmt.Println(val(nil)) // calls val
	}
	fmt.Println("done")
}
