package console

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tdb/debugger"
)

// `list`: source lines from the file on disk, around the selected frame's
// line or a location; a bare `list` again shows the lines after.

// listSpan is how many lines one `list` prints, as gdb does.
const listSpan = 10

func cmdList(c *Console, args string) error {
	args = strings.TrimSpace(args)
	if args == "-" || strings.Contains(args, ",") {
		return c.listRange(args)
	}
	var loc debugger.Loc
	if args != "" {
		var err error
		if loc, err = debugger.ParseLoc(args); err != nil {
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

	lines, err := c.readSource(file)
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
	c.printListing(s, file, lines, first, last)
	return nil
}

// printListing prints lines first..last of file and remembers them for
// the next bare list (the lines after) and list - (the lines before).
func (c *Console) printListing(s *debugger.State, file string, lines []string, first, last int) {
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
	c.listFile, c.listNext, c.listFirst = file, last+1, first
	c.listSeq, c.listFrame = 0, 0
	if s != nil {
		c.listSeq, c.listFrame = s.Seq, s.SelectedFrame
	}
	c.mu.Unlock()
}

// listRange is gdb's list - (the ten lines before the last listing) and
// list FIRST,LAST, FIRST, and ,LAST (each a LOC; a bare number after the
// comma is a line of FIRST's file).
func (c *Console) listRange(args string) error {
	s, _ := c.state()
	c.mu.Lock()
	prevFile, prevFirst := c.listFile, c.listFirst
	cont := s != nil && c.listFile != "" && c.listSeq == s.Seq && c.listFrame == s.SelectedFrame
	c.mu.Unlock()
	if args == "-" {
		if !cont {
			return cmdList(c, "") // gdb 13: around the line, as a bare list
		}
		if prevFirst <= 1 {
			return fmt.Errorf("Already at the start of %s.", prevFile)
		}
		lines, err := c.readSource(prevFile)
		if err != nil {
			return err
		}
		c.printListing(s, prevFile, lines, max(1, prevFirst-listSpan), min(len(lines), prevFirst-1))
		return nil
	}
	left, right, _ := strings.Cut(args, ",")
	left, right = strings.TrimSpace(left), strings.TrimSpace(right)
	if left == "" && right == "" {
		return fmt.Errorf("list ,: give FIRST,LAST, FIRST, or ,LAST")
	}
	resolve := func(arg, file string) (string, int, error) {
		loc, err := debugger.ParseLoc(arg)
		if err != nil {
			return "", 0, err
		}
		if loc.Kind == debugger.LocLine && file != "" {
			return file, loc.Line, nil
		}
		return c.resolveListLoc(loc, s)
	}
	var file string
	first, last := 0, 0
	if left != "" {
		f, n, err := resolve(left, "")
		if err != nil {
			return err
		}
		file, first = f, n
	}
	if right != "" {
		f, n, err := resolve(right, file)
		if err != nil {
			return err
		}
		if file == "" {
			file = f
		} else if f != file {
			return fmt.Errorf("list %s: the two ends are in different files", args)
		}
		last = n
	}
	lines, err := c.readSource(file)
	if err != nil {
		return err
	}
	switch {
	case first == 0:
		first = max(1, last-listSpan+1)
	case last == 0:
		last = first + listSpan - 1
	}
	last = min(last, len(lines))
	if first > len(lines) {
		return fmt.Errorf("line %d is past the end of %s (it has %d lines)", first, filepath.Base(file), len(lines))
	}
	if last < first {
		return fmt.Errorf("list %s: the last line is before the first", args)
	}
	c.printListing(s, file, lines, first, last)
	return nil
}

// resolveListLoc finds the file and line a location names, with the
// binary's tables (no stop needed except for LINE).
func (c *Console) resolveListLoc(loc debugger.Loc, s *debugger.State) (string, int, error) {
	b := c.s.Binary()
	if b == nil && loc.Kind != debugger.LocLine {
		return "", 0, errNoProgram // a replay: list LINE lists the stop's file
	}
	switch loc.Kind {
	case debugger.LocLine:
		if s == nil {
			return "", 0, fmt.Errorf("no current file for line %d: give FILE:LINE", loc.Line)
		}
		f := selectedFrame(s)
		if f.File == "" {
			return "", 0, fmt.Errorf("no current file for line %d: give FILE:LINE", loc.Line)
		}
		return f.File, loc.Line, nil
	case debugger.LocFileLine:
		file, err := b.FindFile(loc.File)
		if err != nil {
			return "", 0, err
		}
		return file, loc.Line, nil
	case debugger.LocFunc, debugger.LocFileFunc:
		fns, err := b.LookupFunc(loc.Func)
		if loc.Kind == debugger.LocFileFunc {
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
	default: // debugger.LocAddr
		file, line, ok := b.PCToLine(loc.Addr)
		if !ok {
			return "", 0, &debugger.ErrNoSource{PC: loc.Addr}
		}
		return file, line, nil
	}
}

// readSource reads a source file's lines, where the binary's
// substitutions say it is. Files are small and `list` is typed by hand, so
// there is no cache here; the full-screen source pane has its own.
func (c *Console) readSource(path string) ([]string, error) {
	if c.s != nil && c.s.Binary() != nil {
		path = c.s.Binary().LocalPath(path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the source: %w", err)
	}
	text := strings.TrimSuffix(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	return strings.Split(text, "\n"), nil
}
