package console

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// Files of tdb's own (config, history) are read only when they are
// regular files of a sane size (issue 13): a config path that was a FIFO
// blocked tdb in open(2) before its screen was drawn, a blank terminal
// for good; a huge one was read whole.

// ReadRegular reads path, at most max bytes, refusing anything but a
// regular file. O_NONBLOCK: a FIFO put in its place after the check opens
// without waiting for a writer (and reads nothing).
func ReadRegular(path string, max int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s): ignored", path, fileKind(fi.Mode()))
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes, more than %d KiB: ignored", path, fi.Size(), max>>10)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m.IsDir():
		return "a directory"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}
