// crash: faults on demand, for signal and panic reporting.
//
// Build: go build -gcflags='all=-N -l' -o crash ./testdata/crash
// Run:   ./crash segv    dereferences a nil pointer (SIGSEGV, then Go's panic)
//
//	./crash panic   panics with "boom"
//	./crash         prints "fine" and exits 0
package main

import (
	"fmt"
	"os"
)

type point struct{ X, Y int }

func deref(p *point) int {
	return p.X + p.Y
}

func boom() {
	panic("boom")
}

func main() {
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "segv":
		fmt.Println(deref(nil))
	case "panic":
		boom()
	}
	fmt.Println("fine")
}
