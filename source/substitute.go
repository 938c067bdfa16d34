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

// substitutions are a Binary's: set by a front end (the command line's
// --substitute-path, the config file), read by the engine and the front
// ends on their own goroutines. Two sessions in one process (a test, a
// debug adapter with two programs) keep their own.
type substitutions struct {
	mu   sync.RWMutex
	list []Substitution
}

// SetSubstitutions replaces b's path substitutions; the first that
// matches a path wins. Safe for concurrent use with LocalPath.
func (b *Binary) SetSubstitutions(s []Substitution) {
	b.subst.mu.Lock()
	defer b.subst.mu.Unlock()
	b.subst.list = append([]Substitution(nil), s...)
}

// Substitutions returns b's path substitutions.
func (b *Binary) Substitutions() []Substitution {
	b.subst.mu.RLock()
	defer b.subst.mu.RUnlock()
	return append([]Substitution(nil), b.subst.list...)
}

// LocalPath returns where the source file b records as path is on this
// machine: path with the first matching substitution applied. From
// matches whole path elements: "/build" matches "/build/x.go", not
// "/builder/x.go".
func (b *Binary) LocalPath(path string) string {
	b.subst.mu.RLock()
	defer b.subst.mu.RUnlock()
	return localPath(b.subst.list, path)
}

// LocalPathIn is LocalPath with substs, for a front end with no binary (a
// replay of saved stops).
func LocalPathIn(substs []Substitution, path string) string { return localPath(substs, path) }

func localPath(substs []Substitution, path string) string {
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

// ReadSource reads the source file b records as path, from where b's
// substitutions say it is now. The File keeps the recorded path, which
// frames name; an error names both.
func (b *Binary) ReadSource(path string) (*File, error) {
	if local := b.LocalPath(path); local != path {
		return readLocal(path, local)
	}
	return ReadFile(path)
}

// readLocal reads the file recorded as path from local, its substituted
// place: the File keeps the recorded path, which frames name, and an
// error names both.
func readLocal(path, local string) (*File, error) {
	f, err := ReadFile(local)
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
