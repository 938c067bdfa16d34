package source

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// Location lists built by hand in both formats, as readelf
// --debug-dump=loc shows Go's and gcc's.
func TestLoclistsDWARF5(t *testing.T) {
	addr := make([]byte, 16)
	binary.LittleEndian.PutUint64(addr[8:], 0x401000) // index 1
	list := []byte{
		0x01, 0x01, // base_addressx 1
		0x04, 0x00, 0x10, 0x01, 0x50, // offset_pair [0, 0x10): reg0
		0x04, 0x10, 0x40, 0x02, 0x91, 0x08, // offset_pair [0x10, 0x40): fbreg 8
		0x08, 0, 0x20, 0x40, 0, 0, 0, 0, 0, 0x08, 0x01, 0x53, // start_length 0x402000 +8: reg3
		0x00, // end_of_list
	}
	s := &locSections{loclists: append([]byte{0xee}, list...), addr: addr}
	ub := unitBase{dwarf5: true}
	for _, c := range []struct {
		pc   uint64
		want []byte
	}{
		{0x401000, []byte{0x50}},
		{0x40100f, []byte{0x50}},
		{0x401010, []byte{0x91, 0x08}},
		{0x40103f, []byte{0x91, 0x08}},
		{0x401040, nil},
		{0x402004, []byte{0x53}},
		{0x402008, nil},
	} {
		got, err := loclistsAt(s, ub, 1, c.pc)
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("pc %#x: % x, %v; want % x", c.pc, got, err, c.want)
		}
	}
	if _, err := loclistsAt(s, ub, 1000, 0); err == nil {
		t.Errorf("offset outside the section: no error")
	}
	if _, err := loclistsAt(&locSections{loclists: []byte{0x04, 0x00}}, ub, 0, 5); err == nil {
		t.Errorf("truncated list: no error")
	}
}

func TestLocDWARF4(t *testing.T) {
	var b bytes.Buffer
	w := func(v ...uint64) {
		for _, x := range v {
			binary.Write(&b, binary.LittleEndian, x)
		}
	}
	w(0x0, 0x10)
	b.Write([]byte{1, 0, 0x50}) // [base, base+0x10): reg0
	w(^uint64(0), 0x500000)     // base selection
	w(0x4, 0x8)
	b.Write([]byte{2, 0, 0x91, 0x70}) // [0x500004, 0x500008): fbreg -16
	w(0, 0)
	data := b.Bytes()
	for _, c := range []struct {
		pc   uint64
		want []byte
	}{
		{0x400005, []byte{0x50}},
		{0x400010, nil},
		{0x500004, []byte{0x91, 0x70}},
		{0x500008, nil},
	} {
		got, err := locAt(data, 0x400000, 0, c.pc)
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("pc %#x: % x, %v; want % x", c.pc, got, err, c.want)
		}
	}
	if _, err := locAt(data[:20], 0x400000, 0, 0x500004); err == nil {
		t.Errorf("truncated list: no error")
	}
}
