// bigmap: values too big to read whole, for the bounds on reading them
// (issue 13).
//
// Build: go build -gcflags='all=-N -l' -o bigmap ./testdata/bigmap
// Run:   ./bigmap   builds a map of 200,000 keys of 200 bytes each, three
//
//	strings of 64 MiB (the third differs in its last byte) and
//	prints "bigmap 200000 true false".
package main

import (
	"fmt"
	"strings"
)

func main() {
	pad := strings.Repeat("k", 194)
	m := make(map[string]int, 200000)
	for i := 0; i < 200000; i++ {
		m[fmt.Sprintf("%06d", i)+pad] = i
	}
	huge := strings.Repeat("h", 64<<20)
	huge2 := strings.Repeat("h", 64<<20)
	huge3 := strings.Repeat("h", 64<<20-1) + "x"
	fmt.Println("bigmap", len(m), huge == huge2, huge == huge3) // marker: built
}
