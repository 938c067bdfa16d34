// loop: runs for a while, then writes a marker file, for detach and
// interrupt tests.
//
// Build: go build -gcflags='all=-N -l' -o loop ./testdata/loop
// Run:   ./loop FILE [N]   ticks N times (default 50) 10ms apart, then writes "done N" to FILE
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func tick(i int) int {
	return i * 2
}

func main() {
	n := 50
	if len(os.Args) > 2 {
		n, _ = strconv.Atoi(os.Args[2])
	}
	total := 0
	for i := 0; i < n; i++ {
		total += tick(i)
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("loop total", total)
	if len(os.Args) > 1 {
		os.WriteFile(os.Args[1], []byte(fmt.Sprintf("done %d\n", n)), 0o644)
	}
}
