// badslice: slice headers no Go code makes, as an uninitialised local or
// unsafe code leaves them (len -1; a length with a nil base), for the
// value printer's tests.
//
// Build: go build -gcflags='all=-N -l' -o badslice ./testdata/badslice
// Run:   ./badslice    prints "true 7"
package main

import (
	"fmt"
	"unsafe"
)

type header struct {
	data     unsafe.Pointer
	len, cap int
}

func main() {
	x := 7
	var neg, nilBase []int
	h := (*header)(unsafe.Pointer(&neg))
	h.data, h.len, h.cap = unsafe.Pointer(&x), -1, -1
	g := (*header)(unsafe.Pointer(&nilBase))
	g.len, g.cap = 3, 3
	fmt.Println(len(neg) < 0, x) // marker: built
}
