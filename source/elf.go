package source

import (
	"debug/dwarf"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// FormatError says why a file cannot be debugged: it is not an ELF
// executable, not for x86-64, or a part of it is corrupt. Its text is one
// line meant for the user.
type FormatError struct {
	Path string // the path as the user gave it
	Msg  string // the whole message, path included
	Err  error  // the underlying decoding error, if any
}

func (e *FormatError) Error() string { return e.Msg }
func (e *FormatError) Unwrap() error { return e.Err }

func formatErrorf(path string, err error, format string, args ...any) *FormatError {
	return &FormatError{Path: path, Msg: fmt.Sprintf(format, args...), Err: err}
}

// Open opens the executable at path. It reads the ELF headers, the symbol
// table and the list of DWARF compilation units; the rest is decoded on
// demand. debug/elf and debug/dwarf are not hardened against hostile input,
// so a panic while decoding becomes an error rather than a crash.
func Open(path string) (b *Binary, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err // "open X: no such file or directory"
	}
	defer func() {
		if r := recover(); r != nil {
			b = nil
			err = formatErrorf(path, nil, "%s: corrupt ELF file (%v)", path, r)
		}
		if err != nil {
			f.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, formatErrorf(path, nil, "%s is a directory", path)
	}
	if !fi.Mode().IsRegular() {
		return nil, formatErrorf(path, nil, "%s is not an ELF executable (not a regular file)", path)
	}
	if err := checkIdent(path, f); err != nil {
		return nil, err
	}
	ef, err := elf.NewFile(f)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, formatErrorf(path, err, "%s: corrupt ELF file: truncated header", path)
	}
	if err != nil {
		return nil, formatErrorf(path, err, "%s: corrupt ELF file: %v", path, err)
	}
	if err := checkExecutable(path, ef); err != nil {
		return nil, err
	}
	b = &Binary{
		path:  abs,
		file:  f,
		elf:   ef,
		entry: ef.Entry,
		pie:   ef.Type == elf.ET_DYN,
	}
	if err := b.load(); err != nil {
		return nil, err
	}
	return b, nil
}

// checkIdent reads the ELF identification bytes itself so that a text
// file, a 32-bit program or one for another machine gets a message that
// says so instead of debug/elf's decoding error.
func checkIdent(path string, r io.ReaderAt) error {
	var hdr [20]byte
	n, _ := r.ReadAt(hdr[:], 0)
	if n < 4 || string(hdr[:4]) != elf.ELFMAG {
		return formatErrorf(path, nil, "%s is not an ELF executable", path)
	}
	if n < len(hdr) {
		return formatErrorf(path, nil, "%s: corrupt ELF file: truncated header", path)
	}
	class := elf.Class(hdr[elf.EI_CLASS])
	var machine elf.Machine
	switch elf.Data(hdr[elf.EI_DATA]) {
	case elf.ELFDATA2LSB:
		machine = elf.Machine(uint16(hdr[18]) | uint16(hdr[19])<<8)
	case elf.ELFDATA2MSB:
		machine = elf.Machine(uint16(hdr[18])<<8 | uint16(hdr[19]))
	default:
		return formatErrorf(path, nil, "%s: corrupt ELF file: bad data encoding %d", path, hdr[elf.EI_DATA])
	}
	bits := ""
	switch class {
	case elf.ELFCLASS32:
		bits = "32-bit"
	case elf.ELFCLASS64:
		bits = "64-bit"
	default:
		return formatErrorf(path, nil, "%s: corrupt ELF file: bad class %d", path, hdr[elf.EI_CLASS])
	}
	if class != elf.ELFCLASS64 || machine != elf.EM_X86_64 {
		return formatErrorf(path, nil, "%s is a %s ELF file for %s: tdb debugs x86-64 programs", path, bits, machineName(machine))
	}
	return nil
}

// machineName names the common machines the way people say them.
func machineName(m elf.Machine) string {
	switch m {
	case elf.EM_386:
		return "Intel 80386"
	case elf.EM_X86_64:
		return "x86-64"
	case elf.EM_AARCH64:
		return "AArch64"
	case elf.EM_ARM:
		return "ARM"
	case elf.EM_RISCV:
		return "RISC-V"
	case elf.EM_PPC64:
		return "PowerPC 64"
	case elf.EM_S390:
		return "IBM S/390"
	case elf.EM_MIPS:
		return "MIPS"
	}
	return m.String()
}

// checkExecutable rejects object files and core dumps: tdb runs programs.
func checkExecutable(path string, ef *elf.File) error {
	switch ef.Type {
	case elf.ET_EXEC, elf.ET_DYN:
		return nil
	case elf.ET_REL:
		return formatErrorf(path, nil, "%s is an ELF object file, not an executable: link it first", path)
	case elf.ET_CORE:
		return formatErrorf(path, nil, "%s is a core dump, not an executable", path)
	}
	return formatErrorf(path, nil, "%s is not an ELF executable (type %v)", path, ef.Type)
}

// load reads symbols, DWARF and the compilation unit index.
func (b *Binary) load() error {
	ef := b.elf
	name := baseName(b.path)
	b.isGo = ef.Section(".gopclntab") != nil || ef.Section(".go.buildinfo") != nil
	// Inflating the DWARF sections is the slowest part of opening a large
	// binary: let it run while the symbol table is read.
	type dwarfResult struct {
		d   *dwarf.Data
		err error
	}
	dch := make(chan dwarfResult, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				dch <- dwarfResult{nil, fmt.Errorf("%v", r)}
			}
		}()
		d, line, err := loadDWARF(ef)
		if err == nil {
			b.lines.lineSec = line
			err = b.lines.init(d)
		}
		dch <- dwarfResult{d, err}
	}()
	symErr := b.loadSymbols()
	res := <-dch
	if symErr != nil {
		// A Go program still has its pclntab, and any program still
		// runs: warn and go on.
		b.warnings = append(b.warnings, fmt.Sprintf("%s: corrupt symbol table (%v)", name, symErr))
		b.syms, b.funcs, b.byName = map[string]uint64{}, nil, map[string][]int{}
	}
	if _, ok := b.syms["runtime.main"]; ok {
		b.isGo = true
	}
	dwarfBroken := false
	d, err := res.d, res.err
	switch {
	case errors.Is(err, errNoDWARF):
	case err != nil:
		// The program still runs; say what is broken and go on without
		// source lines rather than refusing to debug it.
		dwarfBroken = true
		b.warnings = append(b.warnings, fmt.Sprintf("%s: corrupt DWARF debug info (%v): breakpoints on functions and addresses only", name, err))
	default:
		b.dwarf = d
	}
	if b.isGo {
		// The pclntab is the fallback for pc -> function and line when
		// there is no symbol table or no DWARF.
		b.pcln.init(b)
	}
	// Without .symtab (-ldflags=-s) the functions come from the
	// pclntab; .dynsym, if any, names only a few exported ones.
	stripped := b.isGo && (ef.Section(".symtab") == nil || symErr != nil)
	if stripped {
		if fs := b.pcln.functions(); len(fs) > 0 {
			b.setFunctions(fs)
		}
	}
	b.filled = make([]bool, len(b.funcs))
	switch {
	case len(b.funcs) == 0:
		b.warnings = append(b.warnings, fmt.Sprintf("%s has no symbols and no debug info: breakpoints on addresses only", name))
	case b.dwarf == nil && stripped:
		b.warnings = append(b.warnings, fmt.Sprintf("%s is stripped (no symbol table, no DWARF debug info): functions from the Go pclntab; breakpoints on functions and addresses only", name))
	case b.dwarf == nil && !dwarfBroken:
		b.warnings = append(b.warnings, fmt.Sprintf("%s has no DWARF debug info: breakpoints on functions and addresses only", name))
	}
	return nil
}
