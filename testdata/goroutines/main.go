// goroutines: many goroutines call one function, for exact hit counting
// and goroutine-aware stepping.
//
// Build: go build -gcflags='all=-N -l' -o goroutines ./testdata/goroutines
// Run:   ./goroutines    prints "total 8 calls, sum 3600" and exits 0
package main

import (
	"fmt"
	"sync"
)

const workers = 8

// work is called exactly once by each of the workers.
func work(id int) int {
	s := 0
	for i := 0; i < 100; i++ {
		s += id
	}
	return s
}

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	calls, sum := 0, 0
	for id := 1; id <= workers; id++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			v := work(id)
			mu.Lock()
			calls++
			sum += v
			mu.Unlock()
		}(id)
	}
	wg.Wait()
	fmt.Printf("total %d calls, sum %d\n", calls, sum)
}
