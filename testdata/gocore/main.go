// gocore: a Go program that dies with goroutines parked, for core files
// (tdb core). Run with GOTRACEBACK=crash and `ulimit -c unlimited`, the
// runtime aborts after its traceback and the kernel writes a core.
//
// Build: go build -gcflags='all=-N -l' -o gocore ./testdata/gocore
// Run:   ./gocore        four goroutines wait on a channel, main derefs nil
//
//	./gocore wait   prints "ready" and waits (for gcore and tdb's dump)
package main

import (
	"fmt"
	"os"
	"time"
)

type point struct {
	X, Y int
	Name string
}

var (
	counter = 42
	origin  = point{3, 4, "origin"}
	block   = make(chan int)
)

func waiter(id int) {
	v := <-block // never sent: parked in chanrecv
	fmt.Println(id, v, origin.Name)
}

func crash(p *point, depth int) int {
	local := depth * 10
	if depth > 0 {
		return crash(p, depth-1) + local
	}
	if p == nil {
		fmt.Println("ready")
		for {
			time.Sleep(time.Hour)
		}
	}
	var q *point
	return q.X + local + p.X // nil dereference
}

func main() {
	for i := 1; i <= 4; i++ {
		go waiter(i)
	}
	time.Sleep(50 * time.Millisecond) // let the waiters park (not needed for correctness)
	counter++
	here := &point{7, 8, "here"}
	if len(os.Args) > 1 && os.Args[1] == "wait" {
		here = nil
	}
	fmt.Println(crash(here, 3))
}
