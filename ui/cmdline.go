package ui

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/theme"
)

// cmdLine is the command line at the bottom: ':' runs commands, '/'
// searches the Source pane. Owned by the UI goroutine.
type cmdLine struct {
	a      *App
	field  *tview.InputField
	prompt string // ":" or "/"
}

func newCmdLine(a *App) *cmdLine {
	c := &cmdLine{a: a, field: tview.NewInputField(), prompt: ":"}
	c.field.SetLabel(" ").SetPlaceholder("press : for a command, ? for help")
	c.applyTheme()
	return c
}

// applyTheme styles the field from the App's theme (again after present
// on|off changed it).
func (c *cmdLine) applyTheme() {
	th := c.a.th
	c.field.SetFieldStyle(th.Style(theme.Text)).
		SetLabelStyle(th.Style(theme.Key)).
		SetPlaceholderStyle(th.Style(theme.Dim))
	c.field.SetBackgroundColor(th.Background)
}

// open focuses the command line with prompt ":" or "/".
func (c *cmdLine) open(prompt string) {
	a := c.a
	if f, ok := a.app.GetFocus().(pane); ok {
		a.lastFocus = f
	}
	c.prompt = prompt
	c.field.SetLabel(prompt).SetPlaceholder("").SetText("")
	a.app.SetFocus(c.field)
}

// close gives the focus back to the pane that had it.
func (c *cmdLine) close() {
	a := c.a
	c.field.SetLabel(" ").SetText("").SetPlaceholder("press : for a command, ? for help")
	if a.lastFocus != nil {
		a.app.SetFocus(a.lastFocus)
	} else {
		a.app.SetFocus(a.src)
	}
}

// handleKey handles the keys the command line gives meaning to; the rest
// go to the InputField.
func (c *cmdLine) handleKey(ev *tcell.EventKey) *tcell.EventKey {
	a := c.a
	switch ev.Key() {
	case tcell.KeyEscape, tcell.KeyCtrlG:
		if c.prompt == "/" {
			a.src.searching, a.src.search = false, ""
			if a.lastFocus == a.gor {
				a.gor.setFilter("")
			}
		}
		c.close()
		return nil
	case tcell.KeyEnter:
		line := c.field.GetText()
		if c.prompt == "/" {
			c.close()
			a.startSearch(line)
			return nil
		}
		a.hist.Add(line)
		c.field.SetText("")
		c.close()
		a.runCommand(line)
		return nil
	case tcell.KeyUp:
		if c.prompt == ":" {
			c.field.SetText(a.hist.Prev(c.field.GetText()))
		}
		return nil
	case tcell.KeyDown:
		if c.prompt == ":" {
			c.field.SetText(a.hist.Next())
		}
		return nil
	case tcell.KeyTab:
		if c.prompt == ":" {
			c.complete()
		}
		return nil
	}
	return ev
}

// complete completes the line: one candidate replaces it, several extend
// it to their common prefix and are listed in the log.
func (c *cmdLine) complete() {
	a := c.a
	if a.con == nil {
		return
	}
	line := c.field.GetText()
	cands := a.con.Complete(line)
	switch len(cands) {
	case 0:
		return
	case 1:
		s := cands[0]
		if !strings.HasSuffix(s, ":") {
			s += " "
		}
		c.field.SetText(s)
		return
	}
	prefix := cands[0]
	for _, s := range cands[1:] {
		for !strings.HasPrefix(s, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if len(prefix) > len(line) {
		c.field.SetText(prefix)
	}
	const show = 30
	words := make([]string, 0, show)
	for i, s := range cands {
		if i == show {
			words = append(words, "...")
			break
		}
		words = append(words, s[strings.LastIndexAny(s, " \t")+1:])
	}
	a.log.add(strings.Join(words, "  "), theme.Dim)
}

// startSearch searches the Source pane from the cursor; n/N then move
// between matches until Esc. From the Goroutines pane, it filters the
// goroutines instead.
func (a *App) startSearch(pattern string) {
	if a.lastFocus == a.gor {
		a.gor.setFilter(pattern)
		return
	}
	if a.lastFocus == a.log {
		l := a.log
		l.endSearch()
		a.app.SetFocus(l)
		if pattern == "" {
			return
		}
		l.search = pattern
		if !l.find(-1) {
			l.endSearch()
			a.log.add("not found in the Log: "+pattern, theme.Warning)
		}
		return
	}
	p := a.src
	if pattern == "" {
		p.searching, p.search = false, ""
		return
	}
	p.search, p.searching = pattern, true
	a.app.SetFocus(p)
	if !p.searchFrom(p.cursor, 1) {
		a.log.add("not found: "+pattern, theme.Warning)
		return
	}
	if !p.told {
		// n is both "next line" and "next match": say once how they
		// share it.
		p.told = true
		a.log.add("search: n and N go to the next and previous match; Esc ends the search, then n steps again", theme.Dim)
	}
}
