package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tdb/debugger"
	"tdb/source"
)

// `list`: source lines from the file on disk, around the selected frame's
// line or a location; a bare `list` again shows the lines after.

// listSpan is how many lines one `list` prints, as gdb does.
const listSpan = 10

func cmdList(c *Console, args string) error {
	var loc Loc
	if args != "" {
		var err error
		if loc, err = ParseLoc(args); err != nil {
			return err
		}
	}
	// The stop is optional: `list main.go:10` works after the program exited.
	s, stateErr := c.state()

	var file string
	var line, first int
	if args == "" {
		if stateErr != nil {
			return fmt.Errorf("nothing to list: %v; give a location", stateErr)
		}
		c.mu.Lock()
		cont := c.listFile != "" && c.listSeq == s.Seq && c.listFrame == s.SelectedFrame
		file, first = c.listFile, c.listNext
		c.mu.Unlock()
		if !cont {
			f := selectedFrame(s)
			if f.File == "" {
				return &debugger.ErrNoSource{PC: f.PC}
			}
			file, line = f.File, f.Line
			first = 0
		}
	} else {
		var err error
		if file, line, err = c.resolveListLoc(loc, s); err != nil {
			return err
		}
	}

	lines, err := readSource(file)
	if err != nil {
		return err
	}
	if line > len(lines) {
		return fmt.Errorf("no line %d in %s (it has %d lines)", line, filepath.Base(file), len(lines))
	}
	if first == 0 {
		first = max(1, line-listSpan/2)
	}
	if first > len(lines) {
		return fmt.Errorf("line %d is past the end of %s (it has %d lines)", first, filepath.Base(file), len(lines))
	}
	last := min(len(lines), first+listSpan-1)

	cur := 0
	if s != nil {
		if f := selectedFrame(s); f.File == file {
			cur = f.Line
		}
	}
	for n := first; n <= last; n++ {
		c.p.Print(FormatSourceLine(n, lines[n-1], n == cur))
	}

	c.mu.Lock()
	c.listFile, c.listNext = file, last+1
	c.listSeq, c.listFrame = 0, 0
	if s != nil {
		c.listSeq, c.listFrame = s.Seq, s.SelectedFrame
	}
	c.mu.Unlock()
	return nil
}

// resolveListLoc finds the file and line a location names, with the
// binary's tables (no stop needed except for LINE).
func (c *Console) resolveListLoc(loc Loc, s *debugger.State) (string, int, error) {
	b := c.s.Binary()
	switch loc.Kind {
	case LocLine:
		if s == nil {
			return "", 0, fmt.Errorf("no current file for line %d: give FILE:LINE", loc.Line)
		}
		f := selectedFrame(s)
		if f.File == "" {
			return "", 0, fmt.Errorf("no current file for line %d: give FILE:LINE", loc.Line)
		}
		return f.File, loc.Line, nil
	case LocFileLine:
		file, err := b.FindFile(loc.File)
		if err != nil {
			return "", 0, err
		}
		return file, loc.Line, nil
	case LocFunc, LocFileFunc:
		fns, err := b.LookupFunc(loc.Func)
		if loc.Kind == LocFileFunc {
			fns, err = debugger.FuncsInFile(b, loc.File, loc.Func, fns)
		}
		if err != nil {
			return "", 0, err
		}
		if len(fns) > 1 {
			names := make([]string, len(fns))
			for i, fn := range fns {
				names[i] = fn.Name
			}
			return "", 0, fmt.Errorf("ambiguous function %q: %s", loc.Func, strings.Join(names, ", "))
		}
		if fns[0].File == "" {
			return "", 0, fmt.Errorf("no source for function %s", fns[0].Name)
		}
		return fns[0].File, fns[0].Line, nil
	default: // LocAddr
		file, line, ok := b.PCToLine(loc.Addr)
		if !ok {
			return "", 0, &debugger.ErrNoSource{PC: loc.Addr}
		}
		return file, line, nil
	}
}

// readSource reads a source file's lines. Files are small and `list` is
// typed by hand, so there is no cache here; the full-screen source pane has
// its own.
func readSource(path string) ([]string, error) {
	b, err := os.ReadFile(source.LocalPath(path))
	if err != nil {
		return nil, fmt.Errorf("cannot read the source: %w", err)
	}
	text := strings.TrimSuffix(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	return strings.Split(text, "\n"), nil
}
