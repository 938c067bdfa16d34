package ui

import (
	"go/scanner"
	"go/token"
	"strconv"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"tdb/debugger"
	"tdb/theme"
)

// printIdentifier evaluates an identifier of the Source pane's cursor
// line (p, K) and shows `name = value` in the Log and a popup. The pane
// has a line cursor, not a column one: the first press takes the line's
// first identifier that names a variable the Locals pane knows (else the
// first identifier), each further press on the same line the next one.
func (a *App) printIdentifier() {
	p := a.src
	if p.file == nil || p.cursor < 0 || p.cursor >= len(p.file.Lines) {
		a.log.add("no source line under the cursor", theme.Dim)
		return
	}
	if a.run != stateStopped {
		a.log.add("the program is not stopped", theme.Warning)
		return
	}
	ids := lineIdents(p.file.Lines[p.cursor])
	if len(ids) == 0 {
		a.log.add("no identifier on the cursor line", theme.Dim)
		return
	}
	key := p.path + ":" + strconv.Itoa(p.cursor)
	var pick string
	if a.identLine == key {
		a.identIdx = (a.identIdx + 1) % len(ids)
		pick = ids[a.identIdx]
	} else {
		a.identLine, a.identIdx = key, 0
		known := map[string]bool{}
		for _, n := range a.locals.nodes {
			known[n.v.Name] = true
		}
		pick = ids[0]
		for i, id := range ids {
			if known[id] {
				pick, a.identIdx = id, i
				break
			}
		}
	}
	a.goSafe(func() {
		rep := <-a.eng.Send(debugger.Eval{Expr: pick, Frame: debugger.SelectedFrame})
		a.post(func() {
			var text string
			role := theme.Text
			switch {
			case rep.Err != nil:
				text, role = pick+": error: "+rep.Err.Error(), theme.Error
			case len(rep.Values) == 0:
				text = pick + " = (no value)"
			case rep.Values[0].Err != "":
				text, role = pick+" = (error: "+rep.Values[0].Err+")", theme.Error
			default:
				text = pick + " = " + rep.Values[0].Value
			}
			a.log.add(text, role)
			a.showValuePopup(text)
		})
	})
}

// lineIdents lists the identifiers of a Go (or C: close enough) source
// line, keywords and the blank identifier left out, each once.
func lineIdents(line string) []string {
	var s scanner.Scanner
	fs := token.NewFileSet()
	f := fs.AddFile("", -1, len(line))
	s.Init(f, []byte(line), func(token.Position, string) {}, 0)
	var out []string
	seen := map[string]bool{}
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT && lit != "_" && !seen[lit] && !cKeywords[lit] {
			seen[lit] = true
			out = append(out, lit)
		}
	}
	return out
}

// cKeywords are C words the Go scanner takes for identifiers.
var cKeywords = map[string]bool{"int": true, "char": true, "long": true, "unsigned": true, "void": true,
	"static": true, "while": true, "sizeof": true, "printf": true, "double": true, "float": true, "struct": true, "include": true}

// showValuePopup shows text over the panes until Esc (or q, Enter).
func (a *App) showValuePopup(text string) {
	if a.overlay != "" {
		return
	}
	tv := tview.NewTextView().SetText(text).SetDynamicColors(false).SetWrap(true)
	tv.SetBorder(true).SetTitle(" value (Esc closes) ")
	tv.SetBackgroundColor(a.th.Background)
	tv.SetTextStyle(a.th.Style(0))
	a.overlay = "value"
	h := min(12, 3+len(text)/60)
	a.pages.AddPage("value", centered(tv, 64, h), true, true)
	a.app.SetFocus(tv)
}

// handleValueKey closes the value popup.
func (a *App) handleValueKey(ev *tcell.EventKey) *tcell.EventKey {
	if ev.Key() == tcell.KeyEscape || ev.Key() == tcell.KeyEnter || ev.Rune() == 'q' {
		a.closeOverlay()
		return nil
	}
	return ev
}
