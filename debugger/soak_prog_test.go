package debugger

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand"
	"strconv"
	"testing"

	"tdb/source/fixture"
)

// soakProg is what the soak knows of testdata/soak: the functions its
// goroutines run, the lines of their statements, and conditions on their
// parameters (parameters are in scope on every line, unlike locals).
type soakProg struct {
	file  string // absolute path of main.go, as breakpoint locations name it
	funcs []*soakFunc
}

type soakFunc struct {
	name  string   // as the engine names it: main.digits, main.(*ledger).add
	lines []int    // the function's line and its statements' lines
	rep   []int    // the lines that run in every round of the program
	some  []string // conditions that hold on some hits
	never []string // conditions that never hold
	// insns are the addresses of the function's instructions in the
	// running program (found by findInsns); past is where its prologue
	// ends: before it, arguments may still be in registers, and only
	// hit-count conditions go there.
	insns []uint64
	past  uint64
	// hot: executed tens of times a round; a plain breakpoint here
	// would turn the soak into a crawl, so it gets conditions.
	hot bool
}

// soakConds are the conditions of each function the soak breaks in.
var soakConds = map[string]*soakFunc{
	"mix":     {some: []string{"v%4 == 1", "h%8 < 3"}, never: []string{"v == 7 && h == 7"}, hot: true},
	"digits":  {some: []string{"n%10 == 3", "n > 5000"}, never: []string{"n < 0"}, hot: true},
	"tree":    {some: []string{"depth == 2", "seed%3 == 0"}, never: []string{"depth > 64"}, hot: true},
	"deep":    {some: []string{"k%10 == 3", "k > 40"}, never: []string{"k < 0"}, hot: true},
	"crunch":  {some: []string{"n%25 == id", "n%4 == 3 && id > 2"}, never: []string{"id < 0"}},
	"worker":  {some: []string{"id == 2", "id%2 == 1"}, never: []string{"rounds < 0"}},
	"add":     {some: []string{"d%2 == 0"}, never: []string{"d == 1 && d == 2"}},
	"collect": {some: []string{"*total%3 == 1"}, never: []string{"total == nil"}},
}

func loadSoakProg(t *testing.T) *soakProg {
	t.Helper()
	p := &soakProg{file: fixture.Source("soak", "main.go")}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, p.file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || soakConds[fd.Name.Name] == nil {
			continue
		}
		sf := *soakConds[fd.Name.Name]
		sf.name = "main." + fd.Name.Name
		if fd.Recv != nil {
			sf.name = "main.(*ledger)." + fd.Name.Name
		}
		seen := map[int]bool{}
		add := func(pos token.Pos) {
			if l := fset.Position(pos).Line; !seen[l] {
				seen[l] = true
				sf.lines = append(sf.lines, l)
			}
		}
		add(fd.Pos())
		stmts(fd.Body, add)
		sf.rep = sf.lines
		if fd.Name.Name == "worker" || fd.Name.Name == "collect" {
			// Their goroutines run them once: only their loops repeat.
			sf.rep = nil
			// A breakpoint on a for line goes to its first statement,
			// which runs once: only the loop bodies repeat.
			addRep := func(pos token.Pos) { sf.rep = append(sf.rep, fset.Position(pos).Line) }
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ForStmt:
					stmts(n.Body, addRep)
					return false
				case *ast.RangeStmt:
					stmts(n.Body, addRep)
					return false
				}
				return true
			})
		}
		p.funcs = append(p.funcs, &sf)
	}
	if len(p.funcs) != len(soakConds) {
		t.Fatalf("found %d of the %d soak functions in %s", len(p.funcs), len(soakConds), p.file)
	}
	return p
}

// findInsns fills in each function's instruction addresses, asking the
// engine (its load bias is that of a breakpoint on the function).
func (sk *soak) findInsns() {
	for _, f := range sk.prog.funcs {
		fns, err := sk.tg.s.Binary().LookupFunc(f.name)
		if err != nil || len(fns) == 0 {
			sk.failf("no function %s: %v", f.name, err)
		}
		fn := fns[0]
		rep := sk.do(SetBreakpoint{Loc: mustLoc(f.name)})
		if rep.Err != nil {
			sk.failf("break %s: %v", f.name, rep.Err)
		}
		b := rep.Breakpoints[0]
		sk.do(ClearBreakpoint{ID: b.ID})
		bias := b.Addrs[0] - sk.tg.s.Binary().PrologueEnd(fn)
		f.past = b.Addrs[0]
		rep = sk.do(Disassemble{Start: fn.Entry + bias, End: fn.End + bias})
		if rep.Err != nil || len(rep.Instructions) == 0 {
			sk.failf("disassemble %s: %v", f.name, rep.Err)
		}
		f.insns = f.insns[:0]
		for _, in := range rep.Instructions {
			f.insns = append(f.insns, in.Addr)
		}
	}
}

// stmts calls add with the position of every statement in n.
// A defer's line is left out: its code is also in the deferred call's
// wrapper (main.worker.deferwrap1), where the conditions' parameters are
// not in scope.
func stmts(n ast.Node, add func(token.Pos)) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.BlockStmt, *ast.DeferStmt:
		case ast.Stmt:
			add(n.Pos())
		}
		return true
	})
}

func (p *soakProg) byName(name string) *soakFunc {
	for _, f := range p.funcs {
		if f.name == name {
			return f
		}
	}
	return nil
}

// loc picks a random line of a random function (of a hot one when hot).
func (p *soakProg) loc(r *rand.Rand, hot bool) (*soakFunc, string) {
	for {
		f := p.funcs[r.Intn(len(p.funcs))]
		if f.hot == hot {
			return f, p.file + ":" + strconv.Itoa(f.lines[r.Intn(len(f.lines))])
		}
	}
}

// anyLoc is loc, or sometimes the function's name or one of its
// instructions (mid-line: the pass-over then runs whatever instruction is
// there). early: the address is before the prologue's end.
func (p *soakProg) anyLoc(r *rand.Rand, hot bool) (f *soakFunc, loc string, early bool) {
	f, loc = p.loc(r, hot)
	switch r.Intn(8) {
	case 0:
		return f, f.name, false
	case 1, 2:
		a := f.insns[r.Intn(len(f.insns))]
		return f, fmt.Sprintf("*%#x", a), a < f.past
	}
	return f, loc, false
}

// anchor picks a line of a function that is not hot that runs in every
// round: a plain breakpoint there stops the program often, but not every
// few instructions.
func (p *soakProg) anchor(r *rand.Rand) (*soakFunc, string) {
	for {
		f := p.funcs[r.Intn(len(p.funcs))]
		if !f.hot {
			return f, p.file + ":" + strconv.Itoa(f.rep[r.Intn(len(f.rep))])
		}
	}
}

// repeats says whether line of f runs in every round.
func (f *soakFunc) repeats(line int) bool {
	for _, l := range f.rep {
		if l == line {
			return true
		}
	}
	return false
}

func pick(r *rand.Rand, ss []string) string { return ss[r.Intn(len(ss))] }
