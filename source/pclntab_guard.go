package source

import "encoding/binary"

// pclnHeaderSane reports whether the function count in a .gopclntab header
// fits the section. debug/gosym allocates its function table from that
// count before reading a single entry (go12Funcs: make([]Func, n)), so a
// corrupt count is a fatal out-of-memory, not a panic its recover catches.
// Every version of the table (Go 1.2 to 1.20+) keeps the count in the
// pointer-sized word at offset 8 and spends at least 8 bytes per function.
func pclnHeaderSane(data []byte) bool {
	if len(data) < 16 {
		return false
	}
	ptrSize := int(data[7])
	if ptrSize != 4 && ptrSize != 8 || len(data) < 8+ptrSize {
		return false
	}
	var n uint64
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 0xff && data[3] != 0xff {
		order = binary.BigEndian // magic 0xfffffff? written big-endian
	}
	if ptrSize == 4 {
		n = uint64(order.Uint32(data[8:]))
	} else {
		n = order.Uint64(data[8:])
	}
	return n <= uint64(len(data))/8
}
