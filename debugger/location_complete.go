package debugger

import (
	"strings"

	"tdb/source"
)

// CompleteLoc lists the locations that word, the start of a LOC being
// typed, may become, for a front end's Tab. What word is comes from
// ParseLoc, so completion offers only what a request would accept:
//   - a FUNC (or nothing yet): the source files by base name, as "FILE:",
//     and the functions whose names start with word ("fi" also finds
//     main.fib, as break fib takes it);
//   - FILE:FUNC, once a letter follows the colon: that file's functions;
//   - a line, an address, FILE:LINE, or no location at all: nothing.
//
// Function names stop at max (a Go binary has thousands in its runtime);
// a longer prefix finds the rest.
func CompleteLoc(b *source.Binary, word string, max int) []string {
	if b == nil {
		return nil
	}
	if word == "" {
		return completeFuncs(b, "", "", nil, max, completeFiles(b, ""))
	}
	l, err := ParseLoc(word)
	switch {
	case err != nil:
		return nil
	case l.Kind == LocFunc:
		return completeFuncs(b, l.Func, "", nil, max, completeFiles(b, l.Func))
	case l.Kind == LocFileFunc:
		full, err := b.FindFile(l.File)
		if err != nil {
			return nil
		}
		return completeFuncs(b, l.Func, l.File+":", func(f *source.Function) bool { return f.File == full }, max, nil)
	}
	return nil
}

// completeFiles: the files whose base names start with prefix, as FILE:.
func completeFiles(b *source.Binary, prefix string) []string {
	var cands []string
	seen := map[string]bool{}
	for _, f := range b.Files() {
		base := f[strings.LastIndex(f, "/")+1:]
		if strings.HasPrefix(base, prefix) && !seen[base] {
			seen[base] = true
			cands = append(cands, base+":")
		}
	}
	return cands
}

// completeFuncs appends to cands, while it has fewer than max, the
// functions (those keep accepts, or all) whose names start with prefix,
// or whose names in package main do, spelled after head.
func completeFuncs(b *source.Binary, prefix, head string, keep func(*source.Function) bool, max int, cands []string) []string {
	for _, fn := range b.Functions() {
		if len(cands) >= max {
			break
		}
		if keep != nil && !keep(fn) {
			continue
		}
		if strings.HasPrefix(fn.Name, prefix) {
			cands = append(cands, head+fn.Name)
		} else if prefix != "" && !strings.Contains(prefix, ".") && strings.HasPrefix(fn.Name, "main.") &&
			strings.HasPrefix(fn.Name[len("main."):], prefix) {
			// "fi" finds main.fib: the program's own functions by their
			// short names, as `break fib` accepts them.
			cands = append(cands, head+fn.Name)
		}
	}
	return cands
}
