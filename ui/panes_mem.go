package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
)

// memPane is the Memory pane (issue 15; `memory EXPR`, key X): hex and
// ASCII at an expression's address, evaluated again at each stop (x's
// address: &v, p, rsp, $sp), scrollable by rows, the bytes that changed
// since the last stop highlighted. It reads both views of the bytes, the
// program's own and memory as it is (x -raw), and shows one (t switches):
// in the raw view, the bytes where they differ are tdb's 0xCC, marked as
// breakpoints are. Owned by the UI goroutine.
type memPane struct {
	*tview.Box
	a *App

	expr string
	raw  bool
	off  int    // rows scrolled from the expression's row (negative: above it)
	addr uint64 // the expression's value at the last read
	err  string

	// The last read: base is the address of mem[0]; plain and real the
	// program's bytes and memory as it is (nil where unreadable: ok[i]
	// false).
	base        uint64
	plain, real []byte
	ok          []bool
	seq         int // the stop it was read at

	// seen is every byte shown at the current stop, prev at the stop
	// before, by address: the changed bytes are the difference.
	seen, prev map[uint64]byte

	reading bool // a read is on its way
	again   bool // read again when it comes: the view moved meanwhile
	height  int
	perRow  int // bytes a row, from the pane's width
}

func newMemPane(a *App) *memPane {
	p := &memPane{Box: tview.NewBox(), a: a, seen: map[uint64]byte{}, perRow: 16}
	p.SetBorder(true)
	return p
}

func (p *memPane) title() string { return "Memory" }

// addresser is the part of *console.Console that evaluates x's address.
type addresser interface {
	AddressOf(expr string) (uint64, error)
}

// show points the pane at expr ("": the one it has) in the view raw asks.
func (p *memPane) show(expr string, raw bool) {
	if expr != "" {
		if expr != p.expr {
			p.seen, p.prev = map[uint64]byte{}, nil
			p.plain, p.real, p.ok, p.err = nil, nil, nil, ""
		}
		p.expr, p.off = expr, 0
	}
	p.raw = raw
	p.refresh()
}

// stopped takes a new snapshot in: a new stop (newStop) keeps the bytes
// shown so far as the ones to compare with. refreshSide reads again, at
// a frame change too (a local's address is the frame's).
func (p *memPane) stopped(newStop bool) {
	if newStop && p.expr != "" {
		p.prev, p.seen = p.seen, map[uint64]byte{}
	}
}

// visible reports whether the pane is on the screen.
func (p *memPane) visible() bool {
	l := p.a.layout
	return l.zoomed == p || l.side == p && l.rightOn
}

// refresh evaluates the expression and reads the rows the pane shows, on
// a worker; the bytes come back through post.
func (p *memPane) refresh() {
	if p.expr == "" || !p.visible() || p.a.state == nil || p.a.run != stateStopped {
		return
	}
	if p.reading {
		p.again = true
		return
	}
	ad, ok := p.a.con.(addresser)
	if !ok {
		return
	}
	p.reading = true
	expr, off, n, seq := p.expr, p.off, max(1, p.height)*p.perRow, p.a.state.Seq
	per := p.perRow
	eng := p.a.eng
	p.a.goSafe(func() {
		addr, err := ad.AddressOf(expr)
		var plain, real []byte
		var ok []bool
		base := uint64(0)
		if err == nil {
			// Rows aligned as x's are not: the expression's address
			// starts the first row, so the bytes it names come first.
			base = addr + uint64(int64(off)*int64(per))
			plain, real, ok = readBoth(eng, base, n, per)
		}
		p.a.post(func() {
			p.reading = false
			if st := p.a.state; st == nil || st.Seq != seq {
				p.again = false
				p.refresh() // read at a stop already gone
				return
			}
			if err != nil {
				p.err = err.Error()
				p.plain, p.real, p.ok = nil, nil, nil
			} else {
				p.err = ""
				p.addr, p.base, p.plain, p.real, p.ok, p.seq = addr, base, plain, real, ok, seq
				for i := range plain {
					if ok[i] {
						p.seen[base+uint64(i)] = plain[i]
					}
				}
			}
			if p.again {
				p.again = false
				p.refresh()
			}
		})
	})
}

// readBoth reads n bytes at base as the program sees them and as they
// are; a range that is partly unmapped is read row by row, the rows that
// fail marked unreadable.
func readBoth(eng engine, base uint64, n, per int) (plain, real []byte, ok []bool) {
	plain, real, ok = make([]byte, n), make([]byte, n), make([]bool, n)
	read := func(at uint64, k int, raw bool) []byte {
		rep := <-eng.Send(debugger.ReadMemory{Addr: at, Len: k, Raw: raw})
		if rep.Err != nil {
			return nil
		}
		return rep.Memory
	}
	if b := read(base, n, false); b != nil {
		copy(plain, b)
		copy(real, read(base, n, true))
		for i := range ok {
			ok[i] = true
		}
		return
	}
	for off := 0; off < n; off += per {
		b := read(base+uint64(off), per, false)
		if b == nil {
			continue
		}
		copy(plain[off:], b)
		copy(real[off:], read(base+uint64(off), per, true))
		for i := off; i < off+per; i++ {
			ok[i] = true
		}
	}
	return
}

// Text is the rows as shown, for tests.
func (p *memPane) Text() string {
	var b strings.Builder
	for r := 0; r*p.perRow < len(p.plain); r++ {
		b.WriteString(p.rowText(r))
		b.WriteByte('\n')
	}
	return b.String()
}

// shownBytes is the view the pane shows.
func (p *memPane) shownBytes() []byte {
	if p.raw {
		return p.real
	}
	return p.plain
}

// rowText is row r as x prints it: address, hex, ASCII ("??" where
// unreadable).
func (p *memPane) rowText(r int) string {
	var hex, text strings.Builder
	bs := p.shownBytes()
	for i := r * p.perRow; i < (r+1)*p.perRow && i < len(bs); i++ {
		if !p.ok[i] {
			hex.WriteString("?? ")
			text.WriteByte('?')
			continue
		}
		fmt.Fprintf(&hex, "%02x ", bs[i])
		c := bs[i]
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		text.WriteByte(c)
	}
	return fmt.Sprintf("%#x: %s %s", p.base+uint64(r*p.perRow), hex.String(), text.String())
}

func (p *memPane) Draw(screen tcell.Screen) {
	a := p.a
	t := " Memory "
	if p.expr != "" {
		t = fmt.Sprintf(" Memory: %s ", p.expr)
		if p.plain != nil {
			t = fmt.Sprintf(" Memory: %s = %#x ", p.expr, p.addr)
		}
		if p.raw {
			t += "(raw: tdb's 0xCC shown) "
		}
	}
	setBoxChrome(p.Box, a.th, t, p.HasFocus())
	p.Box.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	// Bytes a row: 16 where they fit ("0x" and 12 digits, then 4 columns
	// a byte), else 8 or 4. Sizes follow the terminal only.
	per := 16
	for per > 4 && 16+per*4+1 > w {
		per /= 2
	}
	if per != p.perRow || h != p.height {
		p.perRow, p.height = per, h
		p.refresh() // more or fewer rows to read
	}
	switch {
	case p.expr == "":
		printCut(screen, x+1, y, w-1, "(memory EXPR shows memory here: &v, p, rsp)", a.th.Style(theme.Dim), a.gl.ellipsis)
		return
	case p.err != "":
		printCut(screen, x+1, y, w-1, p.err, a.th.Style(theme.Error), a.gl.ellipsis)
		return
	}
	bs := p.shownBytes()
	changedOK := p.prev != nil
	for r := 0; r < h && r*p.perRow < len(bs); r++ {
		addrText := fmt.Sprintf("%#x: ", p.base+uint64(r*p.perRow))
		cx := x + printText(screen, x, y+r, w, addrText, a.th.Style(theme.Dim))
		ax := cx + p.perRow*3 + 1
		for k := 0; k < p.perRow; k++ {
			i := r*p.perRow + k
			if i >= len(bs) {
				break
			}
			at := p.base + uint64(i)
			st := a.th.Style(theme.Text)
			hex, ch := "??", '?'
			if p.ok[i] {
				b := bs[i]
				hex = fmt.Sprintf("%02x", b)
				ch = '.'
				if b >= 0x20 && b <= 0x7e {
					ch = rune(b)
				}
				if old, ok := p.prev[at]; changedOK && ok && old != p.plain[i] {
					st = a.th.Style(theme.Changed)
				}
				if p.raw && p.real[i] != p.plain[i] {
					st = a.th.Style(theme.Breakpoint)
				}
			} else {
				st = a.th.Style(theme.Dim)
			}
			printText(screen, cx+k*3, y+r, max(0, x+w-cx-k*3), hex, st)
			if ax+k < x+w {
				screen.SetContent(ax+k, y+r, ch, nil, st)
			}
		}
	}
}

func (p *memPane) move(act action) bool {
	h := max(1, p.height)
	switch act {
	case actUp:
		p.off--
	case actDown:
		p.off++
	case actPageUp, actHalfPageUp:
		p.off -= max(1, h/2)
	case actPageDown, actHalfPageDown:
		p.off += max(1, h/2)
	case actTop:
		p.off = 0 // back to the expression's address
	case actMemoryRaw:
		p.raw = !p.raw
		return true // both views are read already
	default:
		return false
	}
	p.refresh()
	return true
}

func (p *memPane) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return p.WrapMouseHandler(wheelHandler(p, p.move))
}
