package ui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/uniseg"
)

// frameScreen is the screen tview draws on: a frame buffer in front of the
// terminal's screen, so that only the cells a frame changed go out.
//
// tview clears the screen before every frame (Application.draw calls
// Clear, then the root draws). tcell marks a cell dirty whenever its
// content changes from what it holds now, and after Clear every cell that
// is not a blank holds a blank: the whole screen went out each frame, 40-50
// KB per `next` at 120x40 and 9-12 KB for a key that changed nothing.
// Here Clear and the drawing go to a shadow buffer, and Show hands the
// terminal's screen only the frame's final cells: a cell drawn as it was
// is no change, and tcell sends nothing for it. What the frame shows is
// exactly what clear-then-draw showed, cells no primitive drew included.
//
// tview and tdb draw with SetContent and read back with GetContent; the
// other writers (Put, PutStr, SetCell) are not used and go straight to
// the terminal's screen, where the next Show would overwrite them.
type frameScreen struct {
	tcell.Screen
	ready bool // Init ran
	w, h  int
	cells []frameCell
}

type frameCell struct {
	main  rune
	comb  []rune
	style tcell.Style
}

func newFrameScreen(s tcell.Screen) *frameScreen { return &frameScreen{Screen: s} }

// Init initialises the terminal's screen once: Run opens it first, to
// report errors, and tview's SetScreen calls Init again.
func (s *frameScreen) Init() error {
	if s.ready {
		return nil
	}
	err := s.Screen.Init()
	s.ready = err == nil
	return err
}

// fit sizes the buffer to the terminal's screen; a new size starts blank
// (tcell redraws every cell after a resize anyway).
func (s *frameScreen) fit() {
	w, h := s.Screen.Size()
	if w == s.w && h == s.h && s.cells != nil {
		return
	}
	s.w, s.h = w, h
	s.cells = make([]frameCell, w*h)
	s.fill(' ', tcell.StyleDefault)
}

func (s *frameScreen) fill(r rune, style tcell.Style) {
	for i := range s.cells {
		s.cells[i] = frameCell{main: r, style: style}
	}
}

func (s *frameScreen) Clear() { s.Fill(' ', tcell.StyleDefault) }

func (s *frameScreen) Fill(r rune, style tcell.Style) {
	s.fit()
	s.fill(r, style)
}

func (s *frameScreen) SetContent(x, y int, main rune, comb []rune, style tcell.Style) {
	s.fit()
	if x < 0 || y < 0 || x >= s.w || y >= s.h {
		return
	}
	c := &s.cells[y*s.w+x]
	// tcell keeps the cell's colour where a style says ColorNone.
	fg, bg, _ := style.Decompose()
	ofg, obg, _ := c.style.Decompose()
	if fg == tcell.ColorNone {
		style = style.Foreground(ofg)
	}
	if bg == tcell.ColorNone {
		style = style.Background(obg)
	}
	c.main, c.style = main, style
	c.comb = append(c.comb[:0], comb...)
}

func (s *frameScreen) GetContent(x, y int) (rune, []rune, tcell.Style, int) {
	s.fit()
	if x < 0 || y < 0 || x >= s.w || y >= s.h {
		return ' ', nil, tcell.StyleDefault, 1
	}
	c := s.cells[y*s.w+x]
	return c.main, c.comb, c.style, max(1, uniseg.StringWidth(string(c.main)))
}

// flush hands the frame to the terminal's screen, which diffs it against
// what the terminal shows.
func (s *frameScreen) flush() {
	s.fit()
	for y := 0; y < s.h; y++ {
		for x := 0; x < s.w; x++ {
			c := &s.cells[y*s.w+x]
			str, st, _ := s.Screen.Get(x, y)
			if st == c.style && sameContent(str, c.main, c.comb) {
				continue
			}
			s.Screen.SetContent(x, y, c.main, c.comb, c.style)
		}
	}
}

func (s *frameScreen) Show() {
	s.flush()
	s.Screen.Show()
}

func (s *frameScreen) Sync() {
	s.flush()
	s.Screen.Sync()
}

// sameContent reports whether str, a cell's text as tcell keeps it, is
// main followed by comb, without building the string: flush compares
// every cell of every frame.
func sameContent(str string, main rune, comb []rune) bool {
	i := 0
	for _, r := range str {
		switch {
		case i == 0 && r != main:
			return false
		case i > 0 && (i > len(comb) || comb[i-1] != r):
			return false
		}
		i++
	}
	return i == 1+len(comb)
}
