package source

import (
	"debug/dwarf"
	"debug/elf"
	"errors"
	"strings"
	"sync"
)

var errNoDWARF = errors.New("no DWARF debug info")

// dwarfSections are the sections debug/dwarf reads. .debug_loclists and
// .debug_frame are left out on purpose: debug/dwarf never reads them (we
// decode call-frame info ourselves, lazily) and decompressing them would
// cost start-up time on large binaries.
var dwarfSections = []string{"abbrev", "info", "str", "line", "ranges", "addr", "line_str", "rnglists", "str_offsets"}

// loadDWARF is elf.File.DWARF without its serial decompression: Go
// compresses every debug section with zlib, and on a large binary
// (cmd/go: ~20 MB of DWARF) inflating them one after the other dominates
// start-up. Here each section inflates on its own goroutine.
//
// It also returns the raw .debug_line bytes (nil if it did not read them
// itself), which checkLineHeaders needs.
func loadDWARF(ef *elf.File) (*dwarf.Data, []byte, error) {
	secs := map[string]*elf.Section{}
	for _, s := range ef.Sections {
		if strings.HasPrefix(s.Name, ".zdebug_") {
			// Old GNU-style compression: rare, and debug/elf knows it.
			d, err := ef.DWARF()
			return d, nil, err
		}
		if name, ok := strings.CutPrefix(s.Name, ".debug_"); ok {
			secs[name] = s
		}
		// Relocations against debug sections (only in odd executables)
		// need debug/elf's relocation code: let it do the whole job.
		if (s.Type == elf.SHT_RELA || s.Type == elf.SHT_REL) && int(s.Info) < len(ef.Sections) &&
			strings.HasPrefix(ef.Sections[s.Info].Name, ".debug_") && ef.Type != elf.ET_EXEC {
			d, err := ef.DWARF()
			return d, nil, err
		}
	}
	if secs["info"] == nil {
		return nil, nil, errNoDWARF
	}
	data := make([][]byte, len(dwarfSections))
	errs := make([]error, len(dwarfSections))
	var wg sync.WaitGroup
	for i, name := range dwarfSections {
		s := secs[name]
		if s == nil || s.Type == elf.SHT_NOBITS {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs[i] = errors.New(".debug_" + name + ": corrupt section")
				}
			}()
			b, err := s.Data()
			if err != nil && uint64(len(b)) < s.Size {
				errs[i] = errors.New(".debug_" + name + ": " + err.Error())
				return
			}
			data[i] = b
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	sec := map[string][]byte{}
	for i, name := range dwarfSections {
		sec[name] = data[i]
	}
	d, err := dwarf.New(sec["abbrev"], nil, nil, sec["info"], sec["line"], nil, sec["ranges"], sec["str"])
	if err != nil {
		return nil, nil, err
	}
	for _, name := range []string{"addr", "line_str", "rnglists", "str_offsets"} {
		if sec[name] == nil {
			continue
		}
		if err := d.AddSection(".debug_"+name, sec[name]); err != nil {
			return nil, nil, err
		}
	}
	return d, sec["line"], nil
}
