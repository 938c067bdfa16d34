package debugger

import "os"

// A source file edited after the build is shown against the binary's old
// line table: the arrow can point at the wrong line. gdb warns ("Source
// file is more recent than executable.") the first time it shows such a
// file; tdb does the same at the first stop in it (issue 13).

// sourceNewer warns once per file when the stop's file is newer than the
// executable.
func (e *engine) sourceNewer(st *State) {
	if st == nil || st.File == "" || e.srcChecked[st.File] {
		return
	}
	if e.srcChecked == nil {
		e.srcChecked = map[string]bool{}
	}
	e.srcChecked[st.File] = true
	src, err := os.Stat(e.bin.LocalPath(st.File))
	if err != nil {
		return
	}
	bin, err := os.Stat(e.bin.Path())
	if err != nil {
		return
	}
	if src.ModTime().After(bin.ModTime()) {
		e.logf("warning", "Source file is more recent than executable: %s", st.File)
	}
}
