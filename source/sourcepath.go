package source

import (
	"debug/dwarf"
	"os"
	"path/filepath"
)

// SourcePath returns where to read file from: a C compiler records a
// source file relative to the compilation directory (DW_AT_comp_dir), so a
// relative file is joined with the comp_dir of the first compile unit
// under which it exists. file comes back unchanged when it is absolute,
// when there is no DWARF, or when no such file exists.
func (b *Binary) SourcePath(file string) string {
	if file == "" || filepath.IsAbs(file) || b.dwarf == nil {
		return file
	}
	r := b.dwarf.Reader()
	seen := map[string]bool{}
	nulls := 0
	for {
		e, err := r.Next()
		if err != nil || e == nil {
			break
		}
		// A corrupt unit can hand out null entries without moving on
		// (see lineIndex.init): give up rather than loop forever.
		if e.Tag == 0 {
			if nulls++; nulls > 1<<12 {
				break
			}
			continue
		}
		nulls = 0
		if e.Tag == dwarf.TagCompileUnit || e.Tag == dwarf.TagPartialUnit {
			if dir, ok := e.Val(dwarf.AttrCompDir).(string); ok && dir != "" && !seen[dir] {
				seen[dir] = true
				p := filepath.Join(dir, file)
				if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
					return p
				}
			}
		}
		r.SkipChildren()
	}
	return file
}
