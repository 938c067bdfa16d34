// loop: runs for a while, then writes a marker file, for detach and
// interrupt tests.
//
// Build: go build -gcflags='all=-N -l' -o loop ./testdata/loop
// Run:   ./loop FILE [N]   ticks N times (default 50) 10ms apart, then writes "done N" to FILE
//
// With LOOP_GATE=PATH in its environment it ticks on after the N ticks
// (adding nothing to the total) until PATH exists: a test that attaches
// holds the program alive however slow a loaded machine makes the attach,
// and lets it end by creating PATH. Without the gate, how long N ticks
// last decides whether the program is still there to attach to.
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
	gate := os.Getenv("LOOP_GATE")
	total := 0
	for i := 0; i < n || gated(gate); i++ {
		t := tick(i)
		if i < n {
			total += t
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("loop total", total)
	if len(os.Args) > 1 {
		os.WriteFile(os.Args[1], []byte(fmt.Sprintf("done %d\n", n)), 0o644)
	}
}

// gated says whether the gate at path is still shut.
func gated(path string) bool {
	if path == "" {
		return false
	}
	_, err := os.Stat(path)
	return err != nil
}
