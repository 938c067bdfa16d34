package source

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// File is the text of one source file as it was on disk when read, split
// into lines. It is immutable once returned: front ends share it freely.
type File struct {
	Path    string
	Lines   []string // without line endings; tabs kept (the viewer expands them)
	ModTime time.Time
	Size    int64
}

// ErrNoFile reports a source file that cannot be read (moved, deleted, or
// the binary was built elsewhere). Front ends branch on it to show
// disassembly instead.
type ErrNoFile struct {
	Path string
	Err  error
}

func (e *ErrNoFile) Error() string { return fmt.Sprintf("source %s: %v", e.Path, e.Err) }
func (e *ErrNoFile) Unwrap() error { return e.Err }

// maxSourceSize bounds what we read as source text: a "source file" of
// hundreds of megabytes is a mistake (or a hostile path), not code to show.
const maxSourceSize = 64 << 20

// ReadFile reads path and splits it into lines. A trailing newline does not
// make an extra empty line; "\r\n" endings lose their "\r". It applies no
// substitution: Binary.ReadSource does.
func ReadFile(path string) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &ErrNoFile{Path: path, Err: err}
	}
	if fi.IsDir() {
		return nil, &ErrNoFile{Path: path, Err: fmt.Errorf("is a directory")}
	}
	if fi.Size() > maxSourceSize {
		return nil, &ErrNoFile{Path: path, Err: fmt.Errorf("too large (%d bytes)", fi.Size())}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &ErrNoFile{Path: path, Err: err}
	}
	return &File{Path: path, Lines: SplitLines(string(b)), ModTime: fi.ModTime(), Size: fi.Size()}, nil
}

// SplitLines splits text into lines the way editors number them.
func SplitLines(text string) []string {
	if text == "" {
		return nil
	}
	text = strings.TrimSuffix(text, "\n")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// Files caches source files by path so that stepping through a file reads
// it once. Safe for concurrent use.
type Files struct {
	read func(path string) (*File, error)
	mu   sync.Mutex
	m    map[string]fileResult
}

type fileResult struct {
	f   *File
	err error
}

// NewFiles returns an empty cache that reads files with read: a
// binary's ReadSource, so that its substitutions apply; nil is ReadFile.
func NewFiles(read func(path string) (*File, error)) *Files {
	if read == nil {
		read = ReadFile
	}
	return &Files{read: read, m: map[string]fileResult{}}
}

// Get returns the cached file, reading it on first use. A failed read is
// cached too (a missing file stays missing for the session) until Forget.
func (c *Files) Get(path string) (*File, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.m[path]; ok {
		return r.f, r.err
	}
	f, err := c.read(path)
	c.m[path] = fileResult{f, err}
	return f, err
}

// Forget drops path from the cache so the next Get reads it again.
func (c *Files) Forget(path string) {
	c.mu.Lock()
	delete(c.m, path)
	c.mu.Unlock()
}
