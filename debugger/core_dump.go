//go:build linux && amd64

package debugger

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// DumpCore writes a core file of the stopped program to Path, as gdb's
// gcore does: the notes a kernel's core has (NT_PRSTATUS and NT_FPREGSET
// for each thread, the current one first, NT_PRPSINFO, NT_AUXV,
// NT_FILE) and one PT_LOAD for each mapping it can read, with the
// program's own bytes under tdb's breakpoints. tdb, gdb and Delve open it.
type DumpCore struct{ Path string }

func (DumpCore) isRequest() {}

const pageSize = 4096

// dumpSeg is one PT_LOAD to write.
type dumpSeg struct {
	m    mapping
	off  uint64 // in the core file
	size uint64 // bytes written from the mapping (0: none could be read)
}

func (e *engine) dumpCore(r DumpCore) Reply {
	if r.Path == "" {
		return Reply{Err: fmt.Errorf("dump needs a FILE to write")}
	}
	if e.mem == nil {
		return Reply{Err: ErrNotRunning}
	}
	maps, err := procMaps(e.pid)
	if err != nil {
		return Reply{Err: fmt.Errorf("dump: reading the program's mappings: %w", err)}
	}
	notes, err := e.dumpNotes(maps)
	if err != nil {
		return Reply{Err: fmt.Errorf("dump: %w", err)}
	}
	f, err := os.OpenFile(r.Path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return Reply{Err: fmt.Errorf("dump: %w", err)}
	}
	if err := e.writeCore(f, notes, maps); err != nil {
		f.Close()
		os.Remove(r.Path)
		return Reply{Err: fmt.Errorf("dump: writing %s: %w", r.Path, err)}
	}
	if err := f.Close(); err != nil {
		os.Remove(r.Path)
		return Reply{Err: fmt.Errorf("dump: writing %s: %w", r.Path, err)}
	}
	return Reply{Notes: []string{"Saved corefile " + r.Path}}
}

// writeCore lays the file out: the ELF header, the program headers (the
// notes first), the notes, then each mapping's bytes at a page boundary.
// Pages of zeros are left as holes: a Go program's heap arenas are
// mostly untouched.
func (e *engine) writeCore(f *os.File, notes []byte, maps []mapping) error {
	var segs []dumpSeg
	for _, m := range maps {
		// Unreadable mappings (guard pages, Go's reservations) have
		// nothing to give; [vsyscall] lies above what pread reaches.
		if m.read && m.hi <= 1<<63 {
			segs = append(segs, dumpSeg{m: m})
		}
	}
	const ehdrSize, phdrSize = 64, 56
	phoff := uint64(ehdrSize)
	noteOff := phoff + uint64(1+len(segs))*phdrSize
	off := (noteOff + uint64(len(notes)) + pageSize - 1) &^ (pageSize - 1)
	buf := make([]byte, 1<<20)
	for i := range segs {
		s := &segs[i]
		s.off = off
		n, err := e.dumpMapping(f, s, buf)
		if err != nil {
			return err
		}
		s.size = n
		off += (n + pageSize - 1) &^ (pageSize - 1)
	}
	var hdr bytes.Buffer
	w := func(v any) { binary.Write(&hdr, binary.LittleEndian, v) }
	w(elf.Header64{
		Ident:     [16]byte{0x7f, 'E', 'L', 'F', byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)},
		Type:      uint16(elf.ET_CORE),
		Machine:   uint16(elf.EM_X86_64),
		Version:   uint32(elf.EV_CURRENT),
		Phoff:     phoff,
		Ehsize:    ehdrSize,
		Phentsize: phdrSize,
		Phnum:     uint16(1 + len(segs)),
	})
	w(elf.Prog64{Type: uint32(elf.PT_NOTE), Off: noteOff, Filesz: uint64(len(notes)), Align: 4})
	for _, s := range segs {
		var fl elf.ProgFlag
		if s.m.read {
			fl |= elf.PF_R
		}
		if s.m.write {
			fl |= elf.PF_W
		}
		if s.m.exec {
			fl |= elf.PF_X
		}
		w(elf.Prog64{Type: uint32(elf.PT_LOAD), Flags: uint32(fl), Off: s.off, Vaddr: s.m.lo,
			Filesz: s.size, Memsz: s.m.hi - s.m.lo, Align: pageSize})
	}
	hdr.Write(notes)
	if _, err := f.WriteAt(hdr.Bytes(), 0); err != nil {
		return err
	}
	return f.Truncate(int64(off)) // the last pages may be holes
}

// dumpMapping copies one mapping into the core at s.off and says how many
// bytes it wrote. A mapping whose first page cannot be read ([vvar]) gets
// none; a page further on that cannot be read is left as zeros.
func (e *engine) dumpMapping(f *os.File, s *dumpSeg, buf []byte) (uint64, error) {
	size := s.m.hi - s.m.lo
	for done := uint64(0); done < size; {
		n := min(uint64(len(buf)), size-done)
		b := buf[:n]
		addr := s.m.lo + done
		if _, err := e.mem.ReadAt(b, int64(addr)); err != nil {
			// Page by page: keep what reads, zeros for the rest.
			for p := uint64(0); p < n; p += pageSize {
				pg := b[p:min(p+pageSize, n)]
				if _, err := e.mem.ReadAt(pg, int64(addr+p)); err != nil {
					if done == 0 && p == 0 {
						return 0, nil
					}
					clear(pg)
				}
			}
		}
		e.unpatch(addr, b) // shadow.go: never a breakpoint's 0xCC
		for p := uint64(0); p < n; p += pageSize {
			pg := b[p:min(p+pageSize, n)]
			if allZero(pg) {
				continue
			}
			if _, err := f.WriteAt(pg, int64(s.off+done+p)); err != nil {
				return 0, err
			}
		}
		done += n
	}
	return size, nil
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// dumpNotes builds the PT_NOTE segment's contents.
func (e *engine) dumpNotes(maps []mapping) ([]byte, error) {
	var out bytes.Buffer
	note := func(typ uint32, desc []byte) {
		name := []byte("CORE\x00")
		var h [12]byte
		binary.LittleEndian.PutUint32(h[0:], uint32(len(name)))
		binary.LittleEndian.PutUint32(h[4:], uint32(len(desc)))
		binary.LittleEndian.PutUint32(h[8:], typ)
		out.Write(h[:])
		out.Write(name)
		out.Write(make([]byte, align4(uint64(len(name)))-uint64(len(name))))
		out.Write(desc)
		out.Write(make([]byte, align4(uint64(len(desc)))-uint64(len(desc))))
	}
	stat := procStat(e.pid)
	// The current thread first: gdb and Delve make the first
	// NT_PRSTATUS the current thread.
	ts := e.threadList()
	sort.Slice(ts, func(i, j int) bool {
		if (ts[i] == e.cur) != (ts[j] == e.cur) {
			return ts[i] == e.cur
		}
		return ts[i].tid < ts[j].tid
	})
	for _, t := range ts {
		if err := e.getRegs(t); err != nil {
			return nil, err
		}
		d := make([]byte, prstatusSize)
		// Every thread's pr_cursig is the signal the process stops
		// with, as the kernel and gcore write it: BFD keeps the last
		// thread's as the core's signal.
		sig := 0
		if e.cur != nil {
			sig = e.cur.pendingSig
		}
		binary.LittleEndian.PutUint32(d[0:], uint32(sig)) // pr_info.si_signo
		binary.LittleEndian.PutUint16(d[prstatusCursig:], uint16(sig))
		binary.LittleEndian.PutUint32(d[prstatusPid:], uint32(t.tid))
		binary.LittleEndian.PutUint32(d[prstatusPid+4:], uint32(stat.ppid))
		binary.LittleEndian.PutUint32(d[prstatusPid+8:], uint32(stat.pgrp))
		binary.LittleEndian.PutUint32(d[prstatusPid+12:], uint32(stat.sid))
		var regs bytes.Buffer
		binary.Write(&regs, binary.LittleEndian, &t.regs)
		copy(d[prstatusReg:], regs.Bytes())
		binary.LittleEndian.PutUint32(d[prstatusReg+27*8:], 1) // pr_fpvalid
		note(ntPrstatus, d)
		var fx [fxsaveSize]byte
		if err := e.getFPRegs(t.tid, &fx); err == nil {
			note(ntFpregset, fx[:])
		}
	}
	note(ntPrpsinfo, e.prpsinfo(stat))
	if auxv, err := os.ReadFile(fmt.Sprintf("/proc/%d/auxv", e.pid)); err == nil {
		note(ntAuxv, auxv)
	}
	note(ntFile, fileNote(maps))
	return out.Bytes(), nil
}

// fileNote is NT_FILE for the file-backed mappings.
func fileNote(maps []mapping) []byte {
	var head, names bytes.Buffer
	n := 0
	for _, m := range maps {
		if m.path == "" {
			continue
		}
		n++
		binary.Write(&head, binary.LittleEndian, [3]uint64{m.lo, m.hi, uint64(m.offset) / pageSize})
		names.WriteString(m.path)
		names.WriteByte(0)
	}
	var out bytes.Buffer
	binary.Write(&out, binary.LittleEndian, [2]uint64{uint64(n), pageSize})
	out.Write(head.Bytes())
	out.Write(names.Bytes())
	return out.Bytes()
}

// procStatus is what NT_PRSTATUS and NT_PRPSINFO take from /proc/PID/stat.
type procStatus struct {
	state           byte
	comm            string
	ppid, pgrp, sid int
	nice            int
	flags           uint64
	uid, gid        uint32
	cmdline         string
}

func procStat(pid int) procStatus {
	var st procStatus
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	// pid (comm) state ppid pgrp session tty tpgid flags ... nice is 19th
	if i, j := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')'); i >= 0 && j > i {
		st.comm = string(b[i+1 : j])
		fs := strings.Fields(string(b[j+1:]))
		num := func(k int) int {
			if k < len(fs) {
				v, _ := strconv.Atoi(fs[k])
				return v
			}
			return 0
		}
		if len(fs) > 0 && fs[0] != "" {
			st.state = fs[0][0]
		}
		st.ppid, st.pgrp, st.sid = num(1), num(2), num(3)
		st.flags = uint64(num(6))
		st.nice = num(16)
	}
	if fi, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		if s, ok := fi.Sys().(*unix.Stat_t); ok {
			st.uid, st.gid = s.Uid, s.Gid
		}
	}
	cmd, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	st.cmdline = strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))
	return st
}

// prpsinfo is NT_PRPSINFO: the process's state, ids, name and command line.
func (e *engine) prpsinfo(st procStatus) []byte {
	d := make([]byte, prpsinfoSize)
	d[0] = 3 // pr_state: stopped (traced)
	d[1] = 't'
	d[3] = byte(int8(st.nice))
	binary.LittleEndian.PutUint64(d[8:], st.flags)
	binary.LittleEndian.PutUint32(d[16:], st.uid)
	binary.LittleEndian.PutUint32(d[20:], st.gid)
	binary.LittleEndian.PutUint32(d[prpsinfoPid:], uint32(e.pid))
	binary.LittleEndian.PutUint32(d[prpsinfoPid+4:], uint32(st.ppid))
	binary.LittleEndian.PutUint32(d[prpsinfoPid+8:], uint32(st.pgrp))
	binary.LittleEndian.PutUint32(d[prpsinfoPid+12:], uint32(st.sid))
	copy(d[prpsinfoFname:prpsinfoFname+15], st.comm)
	copy(d[prpsinfoArgs:prpsinfoArgs+79], st.cmdline)
	return d
}
