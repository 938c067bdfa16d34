package source

import (
	"debug/elf"
	"debug/gosym"
	"sync"
)

// pclnTable is the Go runtime's own pc -> function/line table (.gopclntab).
// It is the fallback when a Go binary has no symbol table (-ldflags=-s) or
// no DWARF (-ldflags=-w): the runtime needs it for tracebacks, so even a
// stripped Go binary has it. It knows nothing of inlining and gosym's
// lookups are slower than our DWARF index, so DWARF comes first.
type pclnTable struct {
	b    *Binary
	once sync.Once
	tab  *gosym.Table
}

func (p *pclnTable) init(b *Binary) { p.b = b }

func (p *pclnTable) table() *gosym.Table {
	if p.b == nil {
		return nil
	}
	p.once.Do(func() {
		defer func() {
			// gosym is not hardened against hostile input.
			if recover() != nil {
				p.tab = nil
			}
		}()
		ef := p.b.elf
		sec := ef.Section(".gopclntab")
		if sec == nil || sec.Type == elf.SHT_NOBITS {
			return
		}
		data, err := sec.Data()
		if err != nil || !pclnHeaderSane(data) {
			return
		}
		// Since Go 1.18 pclntab offsets are relative to runtime.text,
		// which gosym takes from its caller. Stripped binaries have no
		// runtime.text symbol; the linker puts it at the start of .text.
		text, ok := p.b.syms["runtime.text"]
		if !ok {
			if ts := ef.Section(".text"); ts != nil {
				text = ts.Addr
			}
		}
		tab, err := gosym.NewTable(nil, gosym.NewLineTable(data, text))
		if err != nil {
			return
		}
		p.tab = tab
	})
	return p.tab
}

// functions lists the functions the pclntab knows, unsorted.
func (p *pclnTable) functions() []*Function {
	t := p.table()
	if t == nil {
		return nil
	}
	fs := make([]*Function, 0, len(t.Funcs))
	for i := range t.Funcs {
		f := &t.Funcs[i]
		if f.End <= f.Entry {
			continue
		}
		fs = append(fs, &Function{Name: f.Name, Entry: f.Entry, End: f.End})
	}
	return fs
}

// pcToLine maps pc to a file and line through the pclntab.
// Functions the pclntab lists without lines (C code linked into a cgo
// binary) give line -1: no position.
func (p *pclnTable) pcToLine(pc uint64) (file string, line int, ok bool) {
	t := p.table()
	if t == nil {
		return "", 0, false
	}
	defer func() {
		if recover() != nil {
			file, line, ok = "", 0, false
		}
	}()
	file, line, fn := t.PCToLine(pc)
	if fn == nil || line <= 0 || file == "" {
		return "", 0, false
	}
	return file, line, true
}
