package ui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// helpText is the help overlay's text, generated from the key table.
func helpText(t *keyTable) string {
	var b strings.Builder
	rows := t.helpRows()
	w := 0
	for _, r := range rows {
		w = max(w, len(r[0]))
	}
	for _, r := range rows {
		fmt.Fprintf(&b, " %-*s  %s\n", w, r[0], r[1])
	}
	b.WriteString("\n i then Esc: type to the program; : help lists the commands.\n Esc, q or ? closes this help.\n")
	return b.String()
}

// showHelp shows the key list over the panes.
func (a *App) showHelp() {
	tv := tview.NewTextView().SetText(helpText(a.keys)).SetDynamicColors(false).SetScrollable(true)
	tv.SetBorder(true).SetTitle(" tdb keys ")
	tv.SetBackgroundColor(a.th.Background)
	tv.SetTextStyle(a.th.Style(0))
	a.overlay = "help"
	a.pages.AddPage("help", centered(tv, 72, 40), true, true)
	a.app.SetFocus(tv)
}

// confirmQuit asks before ending a running program's session: a launched
// program is killed, an attached one detached (it runs on, as gdb leaves a
// process it attached to), and the question says which.
func (a *App) confirmQuit() {
	text, yes := "The program is running.\nKill it and quit?  (y/n)", "Kill and quit"
	if at, ok := a.eng.(interface{ Attached() bool }); ok && at.Attached() {
		text, yes = "The program is running.\nDetach, leaving it running,\nand quit?  (y/n)", "Detach and quit"
	}
	m := tview.NewModal().SetText(text).
		AddButtons([]string{yes, "Cancel"}).
		SetDoneFunc(func(i int, label string) {
			a.closeOverlay()
			if label == yes {
				a.quit()
			}
		})
	m.SetBackgroundColor(a.th.Background)
	a.overlay = "quit"
	a.pages.AddPage("quit", m, true, true)
	a.app.SetFocus(m)
}

func (a *App) closeOverlay() {
	if a.overlay == "" {
		return
	}
	a.pages.RemovePage(a.overlay)
	a.overlay = ""
	a.app.SetFocus(a.src)
}

// handleOverlayKey: the overlay's own keys, and y/n, Esc, q to close.
func (a *App) handleOverlayKey(ev *tcell.EventKey) *tcell.EventKey {
	switch a.overlay {
	case "value":
		return a.handleValueKey(ev)
	case "help":
		if ev.Key() == tcell.KeyEscape || ev.Key() == tcell.KeyF1 || ev.Rune() == 'q' || ev.Rune() == '?' {
			a.closeOverlay()
			return nil
		}
		switch ev.Rune() { // let j/k scroll like arrows
		case 'j':
			return tcell.NewEventKey(tcell.KeyDown, 0, 0)
		case 'k':
			return tcell.NewEventKey(tcell.KeyUp, 0, 0)
		}
	case "quit":
		switch {
		case ev.Rune() == 'y' || ev.Rune() == 'Y':
			a.closeOverlay()
			a.quit()
			return nil
		case ev.Rune() == 'n' || ev.Rune() == 'N' || ev.Key() == tcell.KeyEscape:
			a.closeOverlay()
			return nil
		case ev.Key() == tcell.KeyCtrlC:
			return nil
		}
	}
	return ev
}

// centered puts p in the middle of the screen, at most w by h and never
// larger than the screen less a margin, so its border always shows.
func centered(p tview.Primitive, w, h int) tview.Primitive { return &centeredBox{p, w, h} }

type centeredBox struct {
	tview.Primitive
	w, h int
}

func (c *centeredBox) Draw(screen tcell.Screen) {
	sw, sh := screen.Size()
	w, h := min(c.w, sw-2), min(c.h, sh-2)
	c.SetRect((sw-w)/2, (sh-h)/2, w, h)
	c.Primitive.Draw(screen)
}
