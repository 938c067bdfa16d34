// hot: a hot loop for benchmarks: calls hot() N times from several
// goroutines and prints how many calls there were.
//
// Build: go build -gcflags='all=-N -l' -o hot ./testdata/hot
// Run:   ./hot [N] [G]   N calls (default 20000) split over G goroutines (default 4)
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
)

var count atomic.Int64

// hot is where benchmarks put their breakpoint.
func hot(i int) int {
	count.Add(1)
	return i * 3
}

func main() {
	n, g := 20000, 4
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) > 2 {
		g, _ = strconv.Atoi(os.Args[2])
	}
	var wg sync.WaitGroup
	sum := int64(0)
	var mu sync.Mutex
	for w := 0; w < g; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s := 0
			for i := w; i < n; i += g {
				s += hot(i)
			}
			mu.Lock()
			sum += int64(s)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	fmt.Printf("calls %d sum %d\n", count.Load(), sum)
}
