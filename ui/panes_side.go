package ui

import (
	"os"
	"path/filepath"
	"strings"

	"tdb/debugger"
	"tdb/source"
	"tdb/ui/console"
)

// The right column's upper slot shows one side view at a time: Registers,
// Locals, Watch or Goroutines. Switching views swaps the pane in the same
// slot, so nothing else on the screen moves; the column as a whole can be
// hidden to give the source the width. The choice is remembered in the
// config dir, next to the history, in "layout".

// sideViews lists the views of the slot, in the order the key cycles them.
func (a *App) sideViews() []pane {
	return []pane{a.regs, a.locals, a.watch, a.gor, a.stops, a.mech, a.mem}
}

// sideName is a side view's name in the layout file.
func sideName(p pane) string { return strings.ToLower(p.title()) }

// showSide puts p in the slot and refreshes it; focus follows when the
// previous view had it.
func (a *App) showSide(p pane) {
	old := a.layout.side
	if old == p && a.layout.rightOn {
		return
	}
	hadFocus := old != nil && old.HasFocus()
	a.unzoom()
	a.layout.setSide(p)
	if !a.layout.rightOn {
		a.layout.showRight(true)
	}
	a.refreshSide()
	if hadFocus {
		a.app.SetFocus(p)
	}
	a.saveLayout()
}

// unzoom leaves a zoomed pane, so that layout changes show.
func (a *App) unzoom() {
	if a.layout.zoomed != nil {
		a.layout.zoomed = nil
		a.layout.build()
	}
}

// cycleSide shows the next side view.
func (a *App) cycleSide() {
	views := a.sideViews()
	next := views[0]
	for i, v := range views {
		if v == a.layout.side {
			next = views[(i+1)%len(views)]
		}
	}
	a.showSide(next)
}

// toggleRight hides or shows the right column.
func (a *App) toggleRight() {
	a.unzoom()
	on := !a.layout.rightOn
	if !on {
		for _, p := range []pane{a.layout.side, a.bt} {
			if p.HasFocus() {
				a.app.SetFocus(a.src)
			}
		}
	}
	a.layout.showRight(on)
	a.refreshSide()
	a.saveLayout()
}

// refreshSide brings the visible value views up to date with the stop:
// only the shown view asks the engine anything.
func (a *App) refreshSide() {
	if !a.layout.rightOn {
		return
	}
	switch a.layout.side {
	case a.locals:
		a.locals.refresh(false)
	case a.watch:
		a.watch.refresh(false)
	case a.gor:
		a.gor.refresh(false)
	case a.stops:
		a.stops.refresh()
	case a.mem:
		a.mem.refresh()
	}
}

// localsRoots asks for the selected frame's args, then its locals.
func localsRoots() []debugger.Request {
	return []debugger.Request{debugger.Args{Frame: debugger.SelectedFrame}, debugger.Locals{Frame: debugger.SelectedFrame}}
}

// displayer is the part of *console.Console the Watch pane reads.
type displayer interface{ Displays() []string }

// watchRoots evaluates each display expression.
func (a *App) watchRoots() []debugger.Request {
	d, ok := a.con.(displayer)
	if !ok {
		return nil
	}
	var out []debugger.Request
	for _, e := range d.Displays() {
		// display/x n is kept as "/x n": the pane's tree shows n itself.
		x, ok := console.DisplayExpr(e)
		if !ok {
			continue // display/i $pc: memory, which the Log shows at each stop
		}
		out = append(out, debugger.Eval{Expr: x, Frame: debugger.SelectedFrame})
	}
	return out
}

// layoutFile is where the layout choice lives; "" without a config dir.
func (a *App) layoutFile() string {
	if a.cfg.dir == "" {
		return ""
	}
	return filepath.Join(a.cfg.dir, "layout")
}

// loadLayout applies the remembered layout, if any. Unknown lines are
// ignored: the file is ours, but an older tdb may have written it.
func (a *App) loadLayout() {
	path := a.layoutFile()
	if path == "" {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		switch f[0] {
		case "side":
			for _, v := range a.sideViews() {
				if sideName(v) == f[1] {
					a.layout.setSide(v)
				}
			}
		case "right":
			a.layout.showRight(f[1] != "off")
		case "code":
			for c := codeSource; c <= codeAsm; c++ {
				if c.String() == f[1] {
					a.layout.setCode(c)
				}
			}
		}
	}
}

// saveLayout writes the layout choice; failing to is not worth a word.
func (a *App) saveLayout() {
	path := a.layoutFile()
	if path == "" {
		return
	}
	right := "on"
	if !a.layout.rightOn {
		right = "off"
	}
	_ = os.MkdirAll(filepath.Dir(path), 0o755)
	_ = os.WriteFile(path, []byte("side "+sideName(a.layout.side)+"\nright "+right+"\ncode "+a.layout.code.String()+"\n"), 0o644)
}

// binaryOf is the part of *debugger.Session that knows the executable.
type binaryOf interface{ Binary() *source.Binary }

// sourcePath is where to read a recorded source file from: a relative
// name (C compilers record the name as given) is joined with its compile
// directory.
func (a *App) sourcePath(file string) string {
	if s, ok := a.eng.(binaryOf); ok && !filepath.IsAbs(file) {
		if b := s.Binary(); b != nil {
			return b.SourcePath(file)
		}
	}
	return file
}

// readSource reads a source file for the Files cache, through the
// binary's substitutions (the one the session debugs now: an exec
// replaces it).
func (a *App) readSource(path string) (*source.File, error) {
	if s, ok := a.eng.(binaryOf); ok {
		if b := s.Binary(); b != nil {
			return b.ReadSource(path)
		}
	}
	return source.ReadFile(path)
}
