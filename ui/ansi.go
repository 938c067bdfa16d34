package ui

import (
	"strings"
	"unicode/utf8"
)

// ansiStripper turns a program's terminal output into plain lines for the
// log: escape sequences (colours, cursor moves, titles) are dropped, never
// interpreted, and never passed on as tview tags. It keeps its state
// between chunks: a pty read can end in the middle of a sequence or of a
// UTF-8 character. Owned by the UI goroutine.
type ansiStripper struct {
	state   int    // one of the st* constants
	pending []byte // an incomplete UTF-8 sequence from the last chunk
}

const (
	stText    = iota
	stEsc     // after ESC
	stCSI     // after ESC [ : parameters until a final byte 0x40-0x7e
	stOSC     // after ESC ] : until BEL or ESC \
	stOSCEsc  // ESC inside an OSC
	stCharset // after ESC ( or ESC ) and the like: one more byte
)

// write consumes a chunk and returns its text, with "\n" ending lines and
// "\r" kept only where it does not precede "\n" (a carriage return alone
// rewrites the line: the caller decides what that means).
func (s *ansiStripper) write(b []byte) string {
	if len(s.pending) > 0 {
		b = append(append([]byte(nil), s.pending...), b...)
		s.pending = nil
	}
	var out strings.Builder
	for i := 0; i < len(b); {
		c := b[i]
		switch s.state {
		case stEsc:
			switch c {
			case '[':
				s.state = stCSI
			case ']', 'P', '_', '^': // OSC, DCS, APC, PM: strings ended by ST
				s.state = stOSC
			case '(', ')', '*', '+', '#', '%':
				s.state = stCharset
			default:
				s.state = stText
			}
			i++
			continue
		case stCSI:
			if c >= 0x40 && c <= 0x7e {
				s.state = stText
			}
			i++
			continue
		case stOSC:
			if c == 0x07 {
				s.state = stText
			} else if c == 0x1b {
				s.state = stOSCEsc
			}
			i++
			continue
		case stOSCEsc:
			s.state = stText
			if c != '\\' {
				s.state = stOSC
			}
			i++
			continue
		case stCharset:
			s.state = stText
			i++
			continue
		}
		switch {
		case c == 0x1b:
			s.state = stEsc
			i++
		case c == '\n' || c == '\t':
			out.WriteByte(c)
			i++
		case c == '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				i++ // "\r\n" is a line end
				continue
			}
			if i+1 == len(b) {
				// Maybe the "\n" comes in the next chunk.
				s.pending = []byte{'\r'}
				i++
				continue
			}
			out.WriteByte('\r')
			i++
		case c < 0x20 || c == 0x7f:
			i++ // bells, backspaces and the like: nothing to show
		case c < utf8.RuneSelf:
			out.WriteByte(c)
			i++
		default:
			if !utf8.FullRune(b[i:]) {
				s.pending = append(s.pending, b[i:]...)
				i = len(b)
				continue
			}
			r, n := utf8.DecodeRune(b[i:])
			if r >= 0x80 && r < 0xa0 {
				r = utf8.RuneError // C1 controls
			}
			out.WriteRune(r)
			i += n
		}
	}
	return out.String()
}
