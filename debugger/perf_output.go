package debugger

import (
	"bytes"
	"strconv"

	"golang.org/x/sys/unix"
)

// writeGate tells flushOutput whether the program may have bytes in
// flight to the pty, from the wchar counter of /proc/PID/io (bytes the
// process passed to write-like calls, summed over its threads).
//
// Why: the pty moves what the program writes to tdb's side in a kernel
// worker, so a stop can come before the bytes. flushOutput waited 50 µs
// at every stop for them, and a sleep on the locked ptrace thread costs
// about a millisecond: 20,000 breakpoint hits took 27 s instead of 5.5 s
// (issue 5). Reading the counter costs a few microseconds, and when it
// has not moved since the last stop nothing can be in flight.
//
// Owned by the ptrace goroutine.
type writeGate struct {
	pid   int
	wchar uint64
	buf   []byte
}

// wrote reports whether the program wrote since the last call (true when
// the counter cannot be read: then flushOutput waits, as before).
func (g *writeGate) wrote(pid int) bool {
	w, ok := g.read(pid)
	if !ok {
		return true
	}
	changed := g.pid != pid || w != g.wchar
	g.pid, g.wchar = pid, w
	return changed
}

func (g *writeGate) read(pid int) (uint64, bool) {
	fd, err := unix.Open("/proc/"+strconv.Itoa(pid)+"/io", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, false
	}
	defer unix.Close(fd)
	if g.buf == nil {
		g.buf = make([]byte, 512)
	}
	n, err := unix.Read(fd, g.buf)
	if err != nil || n <= 0 {
		return 0, false
	}
	return parseWchar(g.buf[:n])
}

// parseWchar finds "wchar: N" in the text of /proc/PID/io.
func parseWchar(io []byte) (uint64, bool) {
	for _, line := range bytes.Split(io, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("wchar:")); ok {
			w, err := strconv.ParseUint(string(bytes.TrimSpace(v)), 10, 64)
			return w, err == nil
		}
	}
	return 0, false
}
