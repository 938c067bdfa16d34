// soak: worker goroutines whose output is a checksum of their own work, for
// the soak test (debugger/soak_test.go). However a debugger stops, steps and
// resumes it, the checksum and the exit status must be those of a free run:
// every value it prints depends only on the work, never on the scheduling.
//
// Build: go build -gcflags='all=-N -l' -o soak ./testdata/soak
// Run:   ./soak [ROUNDS]   each of 6 workers does ROUNDS rounds (default 200);
//
//	prints "checksum 0x... rounds R ledger N" and exits with status 3
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

const workers = 6

// ledger is shared by every worker under a mutex. Its sum is
// order-independent, so the interleaving does not change it.
type ledger struct {
	mu    sync.Mutex
	sum   uint64
	count int
}

func (l *ledger) add(d uint64) {
	l.mu.Lock()
	l.sum += d
	l.count++
	l.mu.Unlock()
}

// mix folds v into h (FNV-1a style).
func mix(h, v uint64) uint64 {
	h ^= v
	h *= 0x100000001b3
	return h
}

// digits sums the decimal digits of n: a loop.
func digits(n int) int {
	s := 0
	for n > 0 {
		s += n % 10
		n /= 10
	}
	return s
}

// tree hashes a full binary tree of the given depth: recursion.
func tree(depth int, seed uint64) uint64 {
	if depth == 0 {
		return seed
	}
	l := tree(depth-1, seed*3+1)
	r := tree(depth-1, seed*5+2)
	return mix(l, r)
}

// deep recurses with big frames, so that the goroutine's stack grows (is
// copied) under a step that spans it, and shrinks again at a GC.
func deep(k int, pad [64]uint64) uint64 {
	if k == 0 {
		return pad[0] + pad[63]
	}
	pad[k%64] += uint64(k)
	return deep(k-1, pad) + pad[k%64]
}

// crunch is one round's work for worker id: it depends on id and n only.
func crunch(id, n int) uint64 {
	h := uint64(id)
	for k := 0; k < 4; k++ {
		d := digits(n*k + id*1000)
		h = mix(h, uint64(d))
	}
	h = mix(h, tree(n%4, h))
	if n%16 == 5 {
		h += deep(40+id, [64]uint64{})
	}
	return h
}

// worker does its rounds, folding each digest into its own hash (in round
// order), sending it to the collector (summed in any order) and, every
// fourth round, adding it to the ledger.
func worker(id, rounds int, results chan<- uint64, l *ledger, out *uint64, wg *sync.WaitGroup) {
	defer wg.Done()
	h := uint64(id)
	for i := 0; i < rounds; i++ {
		d := crunch(id, i)
		h = mix(h, d)
		results <- d
		if i%4 == 0 {
			l.add(d)
		}
	}
	*out = h
}

// collect sums the digests from every worker.
func collect(results <-chan uint64, total *uint64, done chan<- int) {
	n := 0
	for d := range results {
		*total += d
		n++
	}
	done <- n
}

func main() {
	rounds := 200
	if len(os.Args) > 1 {
		if v, err := strconv.Atoi(os.Args[1]); err == nil && v >= 0 {
			rounds = v
		}
	}
	var (
		wg      sync.WaitGroup
		l       ledger
		total   uint64
		outs    [workers]uint64
		results = make(chan uint64, 8)
		done    = make(chan int)
	)
	go collect(results, &total, done)
	for id := 0; id < workers; id++ {
		wg.Add(1)
		go worker(id, rounds, results, &l, &outs[id], &wg)
	}
	wg.Wait()
	close(results)
	n := <-done
	// Combine the workers' hashes in worker order.
	c := uint64(0)
	for _, h := range outs {
		c = mix(c, h)
	}
	c = mix(c, total)
	c = mix(c, l.sum)
	fmt.Printf("checksum %#016x rounds %d digests %d ledger %d\n", c, rounds, n, l.count)
	os.Exit(3)
}
