package source

import (
	"errors"
	"strings"
	"sync"
)

// Binaries record source paths as they were where the program was built:
// another machine, a container, or a module path under -trimpath
// ("tdb/testdata/fib/main.go"). Substitutions say where those files are
// now, as gdb's `set substitute-path` and Delve's substitute-path do. They
// apply when a source file is read; the paths the binary records (in
// frames, breakpoints, FILE:LINE lookups) stay as they are.

// Substitution rewrites source paths that start with From to start with To.
type Substitution struct{ From, To string }

var (
	substMu sync.RWMutex
	substs  []Substitution
)

// SetSubstitutions replaces the path substitutions; the first that matches
// a path wins. Safe for concurrent use with LocalPath.
func SetSubstitutions(s []Substitution) {
	substMu.Lock()
	defer substMu.Unlock()
	substs = append([]Substitution(nil), s...)
}

// Substitutions returns the path substitutions in force.
func Substitutions() []Substitution {
	substMu.RLock()
	defer substMu.RUnlock()
	return append([]Substitution(nil), substs...)
}

// LocalPath returns where the source file a binary records as path is on
// this machine: path with the first matching substitution applied. From
// matches whole path elements: "/build" matches "/build/x.go", not
// "/builder/x.go".
func LocalPath(path string) string {
	substMu.RLock()
	defer substMu.RUnlock()
	for _, s := range substs {
		from := strings.TrimSuffix(s.From, "/")
		if from == "" && s.From != "/" {
			continue
		}
		if path == from {
			return s.To
		}
		if rest, ok := strings.CutPrefix(path, from+"/"); ok {
			return strings.TrimSuffix(s.To, "/") + "/" + rest
		}
	}
	return path
}

// readLocal reads the file recorded as path from local, its substituted
// place: the File keeps the recorded path, which frames name, and an
// error names both.
func readLocal(path, local string) (*File, error) {
	f, err := readFileAt(local)
	if err != nil {
		var nf *ErrNoFile
		if errors.As(err, &nf) {
			nf.Path = path + " (as " + local + ")"
		}
		return nil, err
	}
	f.Path = path
	return f, nil
}
