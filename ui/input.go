package ui

import (
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"

	"tdb/theme"
)

// handleInputKey sends keys to the program's terminal while program input
// mode is on; Esc leaves it. The pty echoes what is typed (if the program
// leaves echo on), so it shows in the log as the program's output.
func (a *App) handleInputKey(ev *tcell.EventKey) *tcell.EventKey {
	if ev.Key() == tcell.KeyEscape {
		a.inputMode = false
		return nil
	}
	if b := keyBytes(ev); len(b) > 0 {
		select {
		case a.input <- b:
		default:
			a.log.add("the program is not reading its input: keys dropped", theme.Warning)
		}
	}
	return nil
}

// writeInput writes keystrokes to the program on its own goroutine: a
// program that does not read would block the write, and must not block
// the screen.
func (a *App) writeInput() {
	for {
		select {
		case <-a.ctx.Done():
			return
		case b := <-a.input:
			if err := a.eng.WriteInput(b); err != nil {
				msg := err.Error()
				a.post(func() { a.log.add("error: "+msg, theme.Error) })
			}
		}
	}
}

// keyBytes is what a terminal sends for a key.
func keyBytes(ev *tcell.EventKey) []byte {
	switch ev.Key() {
	case tcell.KeyRune:
		b := make([]byte, utf8.UTFMax)
		n := utf8.EncodeRune(b, ev.Rune())
		if ev.Modifiers()&tcell.ModAlt != 0 {
			return append([]byte{0x1b}, b[:n]...)
		}
		return b[:n]
	case tcell.KeyEnter:
		return []byte{'\r'}
	case tcell.KeyTab:
		return []byte{'\t'}
	case tcell.KeyBackspace, tcell.KeyBackspace2:
		return []byte{0x7f}
	case tcell.KeyUp:
		return []byte("\x1b[A")
	case tcell.KeyDown:
		return []byte("\x1b[B")
	case tcell.KeyRight:
		return []byte("\x1b[C")
	case tcell.KeyLeft:
		return []byte("\x1b[D")
	case tcell.KeyHome:
		return []byte("\x1b[H")
	case tcell.KeyEnd:
		return []byte("\x1b[F")
	case tcell.KeyDelete:
		return []byte("\x1b[3~")
	}
	if k := ev.Key(); k >= tcell.KeyCtrlA && k <= tcell.KeyCtrlZ {
		return []byte{byte(k - tcell.KeyCtrlA + 1)}
	}
	return nil
}
