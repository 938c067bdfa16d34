package source

import "encoding/binary"

// cfiReader decodes the little-endian fields of call-frame information.
// Reading past the end sets bad and yields zeros, so a truncated or
// hostile section ends the decoding instead of panicking.
type cfiReader struct {
	data []byte
	pos  int
	bad  bool
}

func (r *cfiReader) left() int { return len(r.data) - r.pos }

func (r *cfiReader) need(n int) bool {
	if n < 0 || r.left() < n {
		r.bad = true
		r.pos = len(r.data)
		return false
	}
	return true
}

func (r *cfiReader) u8() uint8 {
	if !r.need(1) {
		return 0
	}
	r.pos++
	return r.data[r.pos-1]
}

func (r *cfiReader) u16() uint16 {
	if !r.need(2) {
		return 0
	}
	r.pos += 2
	return binary.LittleEndian.Uint16(r.data[r.pos-2:])
}

func (r *cfiReader) u32() uint32 {
	if !r.need(4) {
		return 0
	}
	r.pos += 4
	return binary.LittleEndian.Uint32(r.data[r.pos-4:])
}

func (r *cfiReader) u64() uint64 {
	if !r.need(8) {
		return 0
	}
	r.pos += 8
	return binary.LittleEndian.Uint64(r.data[r.pos-8:])
}

func (r *cfiReader) bytes(n int) []byte {
	if !r.need(n) {
		return nil
	}
	r.pos += n
	return r.data[r.pos-n : r.pos]
}

func (r *cfiReader) uleb() uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		b := r.u8()
		if r.bad {
			return 0
		}
		if shift < 64 {
			v |= uint64(b&0x7f) << shift
		}
		if b&0x80 == 0 {
			return v
		}
	}
}

func (r *cfiReader) sleb() int64 {
	var v int64
	var shift uint
	for {
		b := r.u8()
		if r.bad {
			return 0
		}
		if shift < 64 {
			v |= int64(b&0x7f) << shift
		}
		shift += 7
		if b&0x80 == 0 {
			if shift < 64 && b&0x40 != 0 {
				v |= -1 << shift
			}
			return v
		}
	}
}

func (r *cfiReader) cstring() string {
	for i := r.pos; i < len(r.data); i++ {
		if r.data[i] == 0 {
			s := string(r.data[r.pos:i])
			r.pos = i + 1
			return s
		}
	}
	r.bad = true
	r.pos = len(r.data)
	return ""
}

// Pointer encodings of .eh_frame (DW_EH_PE_*, from the LSB spec).
const (
	pePtr     = 0x00
	peULEB    = 0x01
	peUData2  = 0x02
	peUData4  = 0x03
	peUData8  = 0x04
	peSLEB    = 0x09
	peSData2  = 0x0a
	peSData4  = 0x0b
	peSData8  = 0x0c
	pePCRel   = 0x10
	peDataRel = 0x30
	peIndir   = 0x80
	peOmit    = 0xff
)

// pointer reads a value in encoding enc. base is the address the field
// has when the section is loaded, for pc-relative values.
func (r *cfiReader) pointer(enc uint8, base uint64) uint64 {
	if enc == peOmit {
		return 0
	}
	start := uint64(r.pos)
	var v uint64
	switch enc & 0x0f {
	case pePtr, peUData8, peSData8:
		v = r.u64()
	case peULEB:
		v = r.uleb()
	case peUData2:
		v = uint64(r.u16())
	case peSData2:
		v = uint64(int64(int16(r.u16())))
	case peUData4:
		v = uint64(r.u32())
	case peSData4:
		v = uint64(int64(int32(r.u32())))
	case peSLEB:
		v = uint64(r.sleb())
	default:
		r.bad = true
		return 0
	}
	switch enc & 0x70 {
	case 0:
	case pePCRel:
		v += base + start
	default:
		// datarel/textrel/funcrel do not occur in x86-64 executables'
		// FDE addresses; refuse rather than guess.
		r.bad = true
	}
	return v
}
