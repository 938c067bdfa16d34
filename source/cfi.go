package source

import "sync"

// cfiIndex is the binary's call-frame information, indexed by address on
// first use.
type cfiIndex struct {
	once sync.Once
}

// FrameRowAt returns the call-frame row for pc.
func (b *Binary) FrameRowAt(pc uint64) (FrameRow, bool) {
	return FrameRow{}, false
}
