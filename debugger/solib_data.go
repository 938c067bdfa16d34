package debugger

import (
	"encoding/binary"

	"tdb/source"
)

// A C program names libc's globals (stdin, environ) that its own DWARF
// does not declare; gdb types them from the library's debug information
// (libc6-dbg's separate debug file) and, without it, says their type is
// unknown. tdb does the same.

// libGlobal is the data object name of a loaded library, typed by the
// library's DWARF. known says a library exports a data object of that
// name, typed or not.
func (e *engine) libGlobal(name string) (v *value, known bool) {
	for _, l := range e.solib.libs {
		if l.bin == nil {
			continue
		}
		a, ok := l.bin.Symbol(name)
		if !ok || a == 0 {
			continue
		}
		if _, off, ok := l.bin.DataSymbolAt(a); !ok || off != 0 {
			continue
		}
		known = true
		d := l.dataDWARF()
		if d == nil {
			continue
		}
		g, err := d.Global(name)
		// A link-time address (DW_OP_addr); errno's thread-local
		// location is not read.
		if err != nil || g.Type == nil || len(g.Loc) != 9 || g.Loc[0] != 0x03 {
			continue
		}
		return &value{typ: g.Type, addr: l.bias + binary.LittleEndian.Uint64(g.Loc[1:]), reg: -1}, true
	}
	return nil, known
}

// dataDWARF is the binary whose DWARF types the library's globals: the
// library itself when built with -g, else its separate debug file (libc's
// is read in half a second, once, when a name is first looked up there).
func (l *solib) dataDWARF() *source.Binary {
	if l.bin.HasDWARF() {
		return l.bin
	}
	if !l.dataTried {
		l.dataTried = true
		if df := l.bin.DebugFile(); df != "" {
			if b, err := source.Open(df); err == nil && b.HasDWARF() {
				l.data = b
			}
		}
	}
	return l.data
}
