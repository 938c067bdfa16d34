//go:build linux && amd64

package debugger

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/sys/unix"
)

// A core file (tdb core BINARY COREFILE) is an ELF file of type ET_CORE:
// a PT_NOTE segment says what the process was (NT_PRPSINFO), what each
// thread's registers held (one NT_PRSTATUS per thread, followed by that
// thread's NT_FPREGSET), its auxiliary vector (NT_AUXV) and which files it
// had mapped where (NT_FILE); PT_LOAD segments hold its memory. Neither
// the kernel nor gdb's gcore writes the bytes of a file-backed mapping the
// program never wrote (coredump_filter's default 0x33 leaves out private
// file mappings but for their first page): the code and read-only data
// are read from the files NT_FILE names, and the program's own mappings
// from BINARY, which may have moved since the crash.

// Note types (<elf.h>; NT_FILE and NT_SIGINFO spell their names in hex).
const (
	ntPrstatus = 1
	ntFpregset = 2
	ntPrpsinfo = 3
	ntAuxv     = 6
	ntSiginfo  = 0x53494749
	ntFile     = 0x46494c45
)

// Offsets into the x86-64 structures the kernel writes (<linux/elfcore.h>).
const (
	prstatusCursig = 12  // short pr_cursig, after struct elf_siginfo
	prstatusPid    = 32  // pid_t pr_pid (the thread's id)
	prstatusReg    = 112 // elf_gregset_t pr_reg: a user_regs_struct
	prstatusSize   = 336
	prpsinfoPid    = 24
	prpsinfoFname  = 40 // char pr_fname[16]
	prpsinfoArgs   = 56 // char pr_psargs[80]
	prpsinfoSize   = 136
	fxsaveSize     = 512
)

// coreFile is an opened core file. Only the ptrace goroutine uses it.
type coreFile struct {
	path    string
	f       *os.File
	pid     int
	command string // pr_psargs: the command line as ps shows it
	threads []coreThread
	auxv    []byte
	segs    []coreSeg     // PT_LOAD, by address
	files   []coreMapping // NT_FILE, by address
	// exe is the path NT_FILE gives the program's own mappings; binPath
	// is the BINARY read in their place.
	exe, binPath string
	opened       map[string]*os.File // NT_FILE's files, opened on first read
	// binLoads are BINARY's PT_LOAD segments and bias its load bias: a
	// core without NT_FILE (an older gcore's, or a tool's that writes
	// none) still reads the program's code from it.
	binLoads []coreSeg
	bias     uint64
}

// coreThread is one NT_PRSTATUS note and the NT_FPREGSET after it.
type coreThread struct {
	tid    int
	sig    int // pr_cursig: the signal the thread was handling, 0 for none
	regs   unix.PtraceRegs
	fxsave []byte // nil when the core has none
}

type coreSeg struct {
	vaddr, memsz, filesz, off uint64
}

type coreMapping struct {
	start, end, off uint64 // off in bytes into path
	path            string
}

// openCore reads path's notes and program headers; binPath is the program.
func openCore(path, binPath string) (*coreFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	c, err := readCore(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.path, c.binPath = path, binPath
	if bf, err := elf.Open(binPath); err == nil {
		for _, p := range bf.Progs {
			if p.Type == elf.PT_LOAD && p.Filesz > 0 {
				c.binLoads = append(c.binLoads, coreSeg{vaddr: p.Vaddr, memsz: p.Memsz, filesz: p.Filesz, off: p.Off})
			}
		}
		bf.Close()
	}
	return c, nil
}

// readBinary reads addr from BINARY's file-backed segments, up to the
// next core segment (index next), where no NT_FILE mapping covers it.
func (c *coreFile) readBinary(addr uint64, buf []byte, next int) (int, error) {
	for _, s := range c.binLoads {
		lo := s.vaddr + c.bias
		if addr < lo || addr >= lo+s.filesz {
			continue
		}
		n := min(uint64(len(buf)), lo+s.filesz-addr)
		if next < len(c.segs) && c.segs[next].filesz > 0 && c.segs[next].vaddr < addr+n {
			n = c.segs[next].vaddr - addr
		}
		f, err := c.open(c.exe)
		if err != nil {
			return 0, err
		}
		if _, err := f.ReadAt(buf[:n], int64(s.off+addr-lo)); err != nil {
			return 0, fmt.Errorf("%s: %w", c.binPath, err)
		}
		return int(n), nil
	}
	return 0, errNotInCore
}

func readCore(f *os.File) (*coreFile, error) {
	ef, err := elf.NewFile(f)
	if err != nil {
		return nil, fmt.Errorf("not an ELF file: %w", err)
	}
	if ef.Type != elf.ET_CORE {
		return nil, fmt.Errorf("not a core file (ELF type %v)", ef.Type)
	}
	if ef.Machine != elf.EM_X86_64 || ef.Class != elf.ELFCLASS64 {
		return nil, fmt.Errorf("a core of %v, not x86-64", ef.Machine)
	}
	c := &coreFile{f: f, opened: map[string]*os.File{}}
	for _, p := range ef.Progs {
		switch p.Type {
		case elf.PT_LOAD:
			c.segs = append(c.segs, coreSeg{vaddr: p.Vaddr, memsz: p.Memsz, filesz: p.Filesz, off: p.Off})
		case elf.PT_NOTE:
			// Read, not sized by p.Filesz: a damaged header may claim
			// terabytes. 64 MiB is thousands of threads' notes.
			b, err := io.ReadAll(io.LimitReader(p.Open(), 64<<20))
			if err != nil {
				return nil, fmt.Errorf("reading its notes: %w", err)
			}
			if err := c.notes(b); err != nil {
				return nil, err
			}
		}
	}
	if len(c.threads) == 0 {
		return nil, fmt.Errorf("no thread in it (no NT_PRSTATUS note)")
	}
	sort.Slice(c.segs, func(i, j int) bool { return c.segs[i].vaddr < c.segs[j].vaddr })
	sort.Slice(c.files, func(i, j int) bool { return c.files[i].start < c.files[j].start })
	// The program's own mappings are the ones holding its entry point.
	if entry := c.auxvValue(9); entry != 0 { // AT_ENTRY
		if m := c.fileAt(entry); m != nil {
			c.exe = m.path
		}
	}
	return c, nil
}

// notes parses one PT_NOTE segment: namesz, descsz, type, then the name
// and the descriptor, each padded to 4 bytes.
func (c *coreFile) notes(b []byte) error {
	for len(b) >= 12 {
		namesz, descsz, typ := le32(b), le32(b[4:]), le32(b[8:])
		nameEnd := 12 + align4(uint64(namesz))
		descEnd := nameEnd + align4(uint64(descsz))
		if descEnd > uint64(len(b)) {
			return fmt.Errorf("a note runs past its segment")
		}
		name := string(bytes.TrimRight(b[12:12+namesz], "\x00"))
		desc := b[nameEnd : nameEnd+uint64(descsz)]
		if name == "CORE" {
			if err := c.note(typ, desc); err != nil {
				return err
			}
		}
		b = b[descEnd:]
	}
	return nil
}

func align4(n uint64) uint64 { return (n + 3) &^ 3 }

func (c *coreFile) note(typ uint32, d []byte) error {
	switch typ {
	case ntPrstatus:
		if len(d) < prstatusSize {
			return fmt.Errorf("a short NT_PRSTATUS note (%d bytes)", len(d))
		}
		t := coreThread{tid: int(int32(le32(d[prstatusPid:]))), sig: int(int16(le16(d[prstatusCursig:])))}
		// pr_reg is a user_regs_struct, the layout of PtraceRegs.
		binary.Read(bytes.NewReader(d[prstatusReg:]), binary.LittleEndian, &t.regs)
		c.threads = append(c.threads, t)
		if c.pid == 0 {
			c.pid = t.tid
		}
	case ntFpregset:
		// It follows its thread's NT_PRSTATUS, in the kernel's cores
		// and gdb's.
		if n := len(c.threads); n > 0 && len(d) >= fxsaveSize {
			c.threads[n-1].fxsave = append([]byte(nil), d[:fxsaveSize]...)
		}
	case ntPrpsinfo:
		if len(d) >= prpsinfoSize {
			c.pid = int(int32(le32(d[prpsinfoPid:])))
			c.command = cString(d[prpsinfoArgs : prpsinfoArgs+80])
			if c.command == "" {
				c.command = cString(d[prpsinfoFname : prpsinfoFname+16])
			}
		}
	case ntAuxv:
		c.auxv = append([]byte(nil), d...)
	case ntFile:
		return c.fileNote(d)
	}
	return nil
}

// fileNote parses NT_FILE: count, page size, count (start, end, page
// offset) triples, then count NUL-terminated paths.
func (c *coreFile) fileNote(d []byte) error {
	if len(d) < 16 {
		return fmt.Errorf("a short NT_FILE note")
	}
	count, page := le64(d), le64(d[8:])
	if count > uint64(len(d)-16)/24 {
		return fmt.Errorf("NT_FILE counts %d files in %d bytes", count, len(d))
	}
	names := d[16+24*count:]
	for i := uint64(0); i < count; i++ {
		e := d[16+24*i:]
		name, rest, _ := bytes.Cut(names, []byte{0})
		names = rest
		c.files = append(c.files, coreMapping{start: le64(e), end: le64(e[8:]), off: le64(e[16:]) * page, path: string(name)})
	}
	return nil
}

func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(bytes.TrimSpace(b))
}

// auxvValue is tag's value in the core's auxiliary vector, 0 if absent.
func (c *coreFile) auxvValue(tag uint64) uint64 {
	for i := 0; i+16 <= len(c.auxv); i += 16 {
		if le64(c.auxv[i:]) == tag {
			return le64(c.auxv[i+8:])
		}
	}
	return 0
}

func (c *coreFile) fileAt(addr uint64) *coreMapping {
	i := sort.Search(len(c.files), func(i int) bool { return c.files[i].end > addr })
	if i < len(c.files) && c.files[i].start <= addr {
		return &c.files[i]
	}
	return nil
}

// errNotInCore: an address that neither the core's segments nor a mapped
// file hold (unmapped then, or a mapping the core left out).
var errNotInCore = errors.New("not in the core file")

// readAt fills buf with the process's memory at addr: from the core's
// segments where they hold the bytes, from the mapped files elsewhere.
func (c *coreFile) readAt(addr uint64, buf []byte) error {
	for len(buf) > 0 {
		n, err := c.readSome(addr, buf)
		if err != nil {
			return err
		}
		addr += uint64(n)
		buf = buf[n:]
	}
	return nil
}

// readSome reads from the one place that holds addr, as much of buf as it
// holds.
func (c *coreFile) readSome(addr uint64, buf []byte) (int, error) {
	i := sort.Search(len(c.segs), func(i int) bool { return c.segs[i].vaddr+c.segs[i].memsz > addr })
	for ; i < len(c.segs) && c.segs[i].vaddr <= addr; i++ {
		s := c.segs[i]
		if addr >= s.vaddr+s.filesz {
			continue // a segment the core has only the header of, or none of
		}
		n := min(uint64(len(buf)), s.vaddr+s.filesz-addr)
		if _, err := c.f.ReadAt(buf[:n], int64(s.off+addr-s.vaddr)); err != nil {
			return 0, fmt.Errorf("the core file is cut short: %w", err)
		}
		return int(n), nil
	}
	m := c.fileAt(addr)
	if m == nil {
		return c.readBinary(addr, buf, i)
	}
	n := min(uint64(len(buf)), m.end-addr)
	// A segment further on may hold part of the range: stop before it.
	if i < len(c.segs) && c.segs[i].filesz > 0 && c.segs[i].vaddr < addr+n {
		n = c.segs[i].vaddr - addr
	}
	f, err := c.open(m.path)
	if err != nil {
		return 0, err
	}
	if _, err := f.ReadAt(buf[:n], int64(m.off+addr-m.start)); err != nil {
		// Past the file's end: the program would have had SIGBUS.
		return 0, fmt.Errorf("%s at %#x: %w", m.path, m.off+addr-m.start, err)
	}
	return int(n), nil
}

// open opens a mapped file once; the program's own is BINARY.
func (c *coreFile) open(path string) (*os.File, error) {
	if f, ok := c.opened[path]; ok {
		if f == nil {
			return nil, fmt.Errorf("cannot open %s", path)
		}
		return f, nil
	}
	name := path
	if path == c.exe && c.binPath != "" || path == "" {
		name = c.binPath
	}
	f, err := os.Open(name)
	c.opened[path] = f // nil after a failure: tried once
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (c *coreFile) close() {
	for _, f := range c.opened {
		if f != nil {
			f.Close()
		}
	}
	c.f.Close()
}

func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }

// matches reports whether the program's first page, as the core holds it
// (the kernel keeps the ELF header page of every file mapping, gcore all
// of it), is binPath's. false only when both are there and differ: a core
// of another program, or of an older build, as gdb's "core file may not
// match specified executable file" warns.
func (c *coreFile) matches() bool {
	var start uint64
	found := false
	for _, m := range c.files {
		if m.path == c.exe && m.off == 0 {
			start, found = m.start, true
			break
		}
	}
	if !found {
		return true
	}
	inCore := make([]byte, pageSize)
	i := sort.Search(len(c.segs), func(i int) bool { return c.segs[i].vaddr+c.segs[i].memsz > start })
	if i == len(c.segs) || c.segs[i].vaddr != start || c.segs[i].filesz < pageSize {
		return true
	}
	if _, err := c.f.ReadAt(inCore, int64(c.segs[i].off)); err != nil {
		return true
	}
	f, err := os.Open(c.binPath)
	if err != nil {
		return true
	}
	defer f.Close()
	onDisk := make([]byte, pageSize)
	n, _ := io.ReadFull(f, onDisk)
	// A file shorter than a page is mapped with zeros after its end.
	return bytes.Equal(inCore[:n], onDisk[:n])
}

// mappedPath is the path NT_FILE gives a library the loader lists by a
// relative name (dlopen("./libfoo.so") keeps the name as given): the
// mapped file whose path ends in it, else name unchanged.
func (c *coreFile) mappedPath(name string) string {
	suffix := "/" + strings.TrimPrefix(filepath.Clean(name), "../")
	for _, m := range c.files {
		if strings.HasSuffix(m.path, suffix) {
			return m.path
		}
	}
	return name
}
