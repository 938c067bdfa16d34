// cgostack: Go calls C, C calls back into Go, for backtraces that cross
// the system stack (asmcgocall) and come back (cgocallback).
//
// Build: go build -gcflags='all=-N -l' -o cgostack ./testdata/cgostack
// Run:   ./cgostack       prints "leaf 3" and "back 4", exits 0
//
//	./cgostack segv  writes through a NULL pointer in C's cfault: SIGSEGV,
//	                 which Go's runtime cannot turn into a panic
//	                 ("fatal error" from runtime.fatalsignal)
package main

/*
#include <stdio.h>

extern void goBack(int);

// noinline, and work after each call: cgo compiles C with -O2, which
// would fold cleaf into cmid and make the call to goBack a jump, and the
// frames the tests look for would not be on the stack.
__attribute__((noinline)) static void cleaf(int x) {
	printf("leaf %d\n", x);
	fflush(stdout);
}

__attribute__((noinline)) static void cfault(int *p) {
	*p = 1; // the fault
}

__attribute__((noinline)) static void cmid(int x) {
	cleaf(x);
	goBack(x + 1);
	fflush(stdout);
}
*/
import "C"

import (
	"fmt"
	"os"
)

//export goBack
func goBack(x C.int) {
	fmt.Printf("back %d\n", x) // in the callback
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "segv" {
		C.cfault(nil)
	}
	C.cmid(3) // calls C
}
