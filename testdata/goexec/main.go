// goexec: a Go program that execs (issue 13: tdb follows exec).
//
// Build: go build -gcflags='all=-N -l' -o goexec ./testdata/goexec
// Run:   ./goexec         starts a few busy goroutines, then execs itself
//
//	from a goroutine locked to a thread other than the
//	first, with the argument "child": prints "goexec: parent",
//	"goexec: child" and exits with status 3.
//	./goexec PATH ARGS  execs PATH with ARGS (e.g. /bin/true) the same way.
package main

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
)

var sink int

// The main goroutine keeps the group leader's thread to itself, so the
// exec below always comes from another thread (whose id the exec changes).
func init() { runtime.LockOSThread() }

func child() {
	fmt.Println("goexec: child") // child line
	os.Exit(3)
}

func spin(stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
			sink++
		}
	}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		child()
	}
	fmt.Println("goexec: parent")
	stop := make(chan struct{})
	for i := 0; i < 3; i++ {
		go spin(stop)
	}
	argv := []string{os.Args[0], "child"}
	path := "/proc/self/exe"
	if len(os.Args) > 1 {
		path, argv = os.Args[1], os.Args[1:]
	}
	done := make(chan error)
	go func() {
		// Locked to a thread of its own: the exec comes from a thread
		// that is not the group leader (init locked that one), so its thread id changes.
		runtime.LockOSThread()
		done <- syscall.Exec(path, argv, os.Environ())
	}()
	fmt.Println("goexec: exec failed:", <-done)
	os.Exit(1)
}
