// watchlate: writes the global finished once, after N ticks 10ms apart,
// always from its main thread, for the guardian's watchpoint test (a
// watchpoint armed in the threads that exist while it ticks must see the
// write).
//
// Build: go build -gcflags='all=-N -l' -o watchlate ./testdata/watchlate
// Run:   ./watchlate FILE N   then writes "done N" to FILE and exits 0
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

var finished int

func main() {
	// The main goroutine stays on the main thread: Go starts threads as
	// it likes, and one started after the watchpoint has none.
	runtime.LockOSThread()
	n, _ := strconv.Atoi(os.Args[2])
	for i := 0; i < n; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	finished = n
	os.WriteFile(os.Args[1], []byte(fmt.Sprintf("done %d\n", finished)), 0o644)
}
