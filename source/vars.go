package source

import (
	"debug/dwarf"
	"fmt"
	"sort"
	"sync"
)

// Variable is a parameter or local variable of a function, as visible at
// one pc.
type Variable struct {
	Name string
	Arg  bool // a formal parameter (results too: ~r0, named results)
	// Result: a Go function's result (~r0, or a named one), which the
	// compiler marks DW_AT_variable_parameter.
	Result   bool
	DeclLine int // 0 when the compiler did not say
	// Block is how many lexical blocks enclose a local (0: the
	// function's own); of two of one name the deeper one is in scope.
	Block int
	Type  dwarf.Type
	// Loc is the location expression at the pc; empty when the variable
	// has no location there (optimised out, or not yet live). Evaluate it
	// with EvalLocation.
	Loc []byte
	// Parametric: the variable's type is a type parameter of a generic
	// function; Type is its GC shape (go.shape.int, the same for every
	// instantiation sharing the code), and the real type is the runtime
	// type at entry DictIndex of the function's dictionary (the .dict
	// argument), as DW_AT_go_dict_index on the type says.
	Parametric bool
	DictIndex  int
	// ClosureOffset is, for a variable a closure captured, its offset in
	// the closure's context (the funcval after the code pointer), as
	// DW_AT_go_closure_offset says; -1 for others.
	ClosureOffset int64
	// Bound is, for a C variable-length array (int v[n]), the DWARF
	// expression of its upper bound (of its count when BoundIsCount),
	// to evaluate in the frame as a location: Type's Count is -1.
	Bound        []byte
	BoundIsCount bool
}

// FuncVars are the variables of the function containing a pc. When the pc
// is in the code of a function inlined into another (an optimised build),
// they are the inlined function's: Function names it, and CallLine is the
// line of its caller that the compiler replaced with it.
type FuncVars struct {
	Function  string
	FrameBase []byte // DW_AT_frame_base (of the function the code is in)
	Vars      []Variable
	Inlined   bool
	CallLine  int
}

// varIndex caches, per subprogram, its variables as read from DWARF.
type varIndex struct {
	mu    sync.Mutex
	units map[*lineUnit][]subprogram
	funcs map[dwarf.Offset]*funcDIE
}

type subprogram struct {
	lo         uint64
	off        dwarf.Offset
	ranges     [][2]uint64
	trampoline bool // DW_AT_trampoline: a wrapper the compiler made
}

type funcDIE struct {
	name      string
	frameBase []byte
	vars      []rawVar
	inlined   []inlinedSub // in DWARF order: a nested one after its parent
	// dict maps the function's type parameter typedefs (.param0, ...)
	// to their dictionary index.
	dict map[dwarf.Offset]int
	// retType is DW_AT_type of the subprogram: a C function's return
	// type (0 for void, and for Go, whose results are parameters).
	retType dwarf.Offset
}

type rawVar struct {
	name     string
	arg      bool
	result   bool
	declLine int
	typeOff  dwarf.Offset
	expr     []byte // a single location expression, or
	list     int64  // a location list offset (-1: none)
	closure  int64  // DW_AT_go_closure_offset (-1: none)
	listx    bool   // list is a DW_FORM_loclistx index
	blocks   [][2]uint64
	depth    int // the lexical blocks around it
}

// Variables returns the parameters and the locals in scope at pc: locals of
// lexical blocks that do not cover pc are left out, and so are a Go
// function's locals declared below line (the line being executed), which
// are not live yet. Parameters come first in declaration order, then Go's
// locals by declaration line, C's innermost block first, as gdb lists them.
func (b *Binary) Variables(pc uint64, line int) (*FuncVars, error) {
	return b.VariablesInFrame(pc, line, 0)
}

// VariablesInFrame is Variables for one of the frames at pc when pc is in
// inlined code: depth 0 is the innermost inlined call (InlineStack(pc)[0]),
// depth len(InlineStack(pc)) the function the code is in. Outside inlined
// code only depth 0 exists.
func (b *Binary) VariablesInFrame(pc uint64, line, depth int) (*FuncVars, error) {
	if b.dwarf == nil {
		return nil, fmt.Errorf("the binary has no DWARF debug info")
	}
	u := b.lines.unitAt(pc)
	if u == nil {
		return nil, fmt.Errorf("no debug info for pc %#x", pc)
	}
	fd, err := b.funcDIEAt(u, pc)
	if err != nil {
		return nil, err
	}
	ub := unitBaseOf(u.entry, b.locData())
	out := &FuncVars{Function: fd.name, FrameBase: fd.frameBase}
	vars := fd.vars
	in := fd.inlinedIndexAt(pc)
	for d := 0; d < depth && in >= 0; d++ {
		in = fd.inlined[in].parent
	}
	if in >= 0 {
		c := &fd.inlined[in]
		out.Function, out.Inlined, out.CallLine, vars = c.name, true, c.callLine, c.vars
	}
	isGo := b.IsGo()
	for _, rv := range vars {
		if rv.blocks != nil && !inRanges(rv.blocks, pc) {
			continue
		}
		// Go's locals declared below the line are not live yet (Delve
		// leaves them out); C's are in scope in their whole block, as
		// gdb shows them.
		if isGo && !rv.arg && rv.declLine > 0 && line > 0 && rv.declLine > line {
			continue
		}
		v := Variable{Name: rv.name, Arg: rv.arg, Result: rv.result, DeclLine: rv.declLine, Block: rv.depth, Loc: rv.expr, ClosureOffset: rv.closure}
		v.DictIndex, v.Parametric = fd.dict[rv.typeOff]
		if rv.list >= 0 {
			off := uint64(rv.list)
			if rv.listx {
				off = b.loclistxOffset(ub, off)
			}
			if expr, err := b.locationAt(ub, off, pc); err == nil {
				v.Loc = expr
			}
		}
		t, err := b.typeAt(rv.typeOff)
		if err != nil {
			return nil, fmt.Errorf("variable %s: %v", rv.name, err)
		}
		v.Type = t
		if at, ok := t.(*dwarf.ArrayType); ok && at.Count < 0 {
			v.Bound, v.BoundIsCount = b.arrayBound(rv.typeOff)
		}
		out.Vars = append(out.Vars, v)
	}
	sort.SliceStable(out.Vars, func(i, j int) bool {
		a, c := out.Vars[i], out.Vars[j]
		if a.Arg != c.Arg {
			return a.Arg
		}
		if a.Arg {
			return false
		}
		if !isGo {
			// gdb's order: the innermost block's first, each block's
			// as the compiler wrote them.
			return a.Block > c.Block
		}
		if a.DeclLine != c.DeclLine {
			return a.DeclLine < c.DeclLine
		}
		return false
	})
	// A shadowed variable (an inner block redeclaring a name) hides the
	// outer one: keep the innermost, the one with the fewest pcs.
	return out, nil
}

// ReturnType is the return type of the (C) function containing pc, as
// its DW_AT_type says: nil for a void function, and for Go functions,
// whose results are parameters (Variable.Result).
func (b *Binary) ReturnType(pc uint64) (dwarf.Type, error) {
	if b.dwarf == nil {
		return nil, fmt.Errorf("the binary has no DWARF debug info")
	}
	u := b.lines.unitAt(pc)
	if u == nil {
		return nil, fmt.Errorf("no debug info for pc %#x", pc)
	}
	fd, err := b.funcDIEAt(u, pc)
	if err != nil || fd.retType == 0 {
		return nil, err
	}
	return b.typeAt(fd.retType)
}

// Captured returns the variables the closure function at pc captured,
// each with its ClosureOffset, in the order of their offsets.
func (b *Binary) Captured(pc uint64) ([]Variable, error) {
	if b.dwarf == nil {
		return nil, fmt.Errorf("the binary has no DWARF debug info")
	}
	u := b.lines.unitAt(pc)
	if u == nil {
		return nil, fmt.Errorf("no debug info for pc %#x", pc)
	}
	fd, err := b.funcDIEAt(u, pc)
	if err != nil {
		return nil, err
	}
	var out []Variable
	for _, rv := range fd.vars {
		if rv.closure < 0 {
			continue
		}
		t, err := b.typeAt(rv.typeOff)
		if err != nil {
			return nil, fmt.Errorf("variable %s: %v", rv.name, err)
		}
		out = append(out, Variable{Name: rv.name, DeclLine: rv.declLine, Type: t, ClosureOffset: rv.closure})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ClosureOffset < out[j].ClosureOffset })
	return out, nil
}

// loclistxOffset turns a DW_FORM_loclistx index into a section offset.
func (b *Binary) loclistxOffset(ub unitBase, i uint64) uint64 {
	s := b.locData()
	p := ub.listBase + 4*i
	if p+4 > uint64(len(s.loclists)) {
		return ^uint64(0)
	}
	return ub.listBase + uint64(uint32(s.loclists[p])|uint32(s.loclists[p+1])<<8|uint32(s.loclists[p+2])<<16|uint32(s.loclists[p+3])<<24)
}

func inRanges(rs [][2]uint64, pc uint64) bool {
	for _, r := range rs {
		if pc >= r[0] && pc < r[1] {
			return true
		}
	}
	return false
}

// typeAt reads the type at off, after the Go type index has marked the
// named slices and strings (annotateNamed).
func (b *Binary) typeAt(off dwarf.Offset) (dwarf.Type, error) {
	b.goTypeIndex()
	return b.readType(off)
}

// readType reads the type at off under the type mutex (dwarf.Data's type
// cache is not safe for concurrent use).
func (b *Binary) readType(off dwarf.Offset) (t dwarf.Type, err error) {
	b.types.mu.Lock()
	defer b.types.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("type at %#x: corrupt DWARF (%v)", off, r)
		}
	}()
	return b.dwarf.Type(off)
}

// funcDIEAt finds the subprogram of unit u containing pc and reads its
// variables, once.
func (b *Binary) funcDIEAt(u *lineUnit, pc uint64) (fd *funcDIE, err error) {
	x := &b.vars
	x.mu.Lock()
	defer x.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			fd, err = nil, fmt.Errorf("corrupt DWARF for pc %#x (%v)", pc, r)
		}
	}()
	sp, err := b.subprogramAtLocked(u, pc)
	if err != nil {
		return nil, err
	}
	if fd := x.funcs[sp.off]; fd != nil {
		return fd, nil
	}
	fd, err = b.readFuncDIE(sp.off)
	if err != nil {
		return nil, err
	}
	x.funcs[sp.off] = fd
	return fd, nil
}

// subprogramAtLocked finds the subprogram of unit u containing pc, reading
// the unit's subprograms once; b.vars.mu held.
func (b *Binary) subprogramAtLocked(u *lineUnit, pc uint64) (*subprogram, error) {
	x := &b.vars
	if x.units == nil {
		x.units = map[*lineUnit][]subprogram{}
		x.funcs = map[dwarf.Offset]*funcDIE{}
	}
	subs, ok := x.units[u]
	if !ok {
		var err error
		subs, err = b.readSubprograms(u.entry)
		if err != nil {
			return nil, err
		}
		// By address, for a binary search: every frame of every stop
		// looks its function up here (inlined frames, variables).
		sort.SliceStable(subs, func(i, j int) bool { return subs[i].lo < subs[j].lo })
		x.units[u] = subs
	}
	i := sort.Search(len(subs), func(i int) bool { return subs[i].lo > pc }) - 1
	if i >= 0 && inRanges(subs[i].ranges, pc) {
		return &subs[i], nil
	}
	// A function in several ranges (gcc's hot/cold split) may hold pc in
	// a range after its lowest.
	for i := range subs {
		if inRanges(subs[i].ranges, pc) {
			return &subs[i], nil
		}
	}
	return nil, fmt.Errorf("no function with debug info at pc %#x", pc)
}

// IsTrampoline reports whether the function at pc has DW_AT_trampoline:
// Go marks so the wrappers it makes (the closure of a go or defer
// statement with arguments, a generic method's wrapper around its shape
// instantiation, ...). Stepping passes through them, as Delve does. The
// first question about a unit reads its subprogram entries once.
func (b *Binary) IsTrampoline(pc uint64) (yes bool) {
	if b.dwarf == nil {
		return false
	}
	u := b.lines.unitAt(pc)
	if u == nil {
		return false
	}
	x := &b.vars
	x.mu.Lock()
	defer x.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			yes = false // corrupt DWARF: not a wrapper
		}
	}()
	sp, err := b.subprogramAtLocked(u, pc)
	return err == nil && sp.trampoline
}

func (b *Binary) readSubprograms(cu *dwarf.Entry) ([]subprogram, error) {
	r := b.dwarf.Reader()
	r.Seek(cu.Offset)
	if _, err := r.Next(); err != nil {
		return nil, err
	}
	var subs []subprogram
	for {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil || e.Tag == 0 {
			return subs, nil
		}
		if e.Tag == dwarf.TagSubprogram {
			if rs, err := b.dwarf.Ranges(e); err == nil && len(rs) > 0 {
				sp := subprogram{off: e.Offset, lo: rs[0][0]}
				sp.trampoline, _ = e.Val(dwarf.AttrTrampoline).(bool)
				for _, x := range rs {
					sp.ranges = append(sp.ranges, [2]uint64{x[0], x[1]})
					sp.lo = min(sp.lo, x[0])
				}
				subs = append(subs, sp)
			}
		}
		if e.Children {
			r.SkipChildren()
		}
	}
}

func (b *Binary) readFuncDIE(off dwarf.Offset) (*funcDIE, error) {
	r := b.dwarf.Reader()
	r.Seek(off)
	e, err := r.Next()
	if err != nil || e == nil {
		return nil, fmt.Errorf("reading the function at %#x: %v", off, err)
	}
	fd := &funcDIE{}
	fd.name, _ = e.Val(dwarf.AttrName).(string)
	if fd.name == "" {
		fd.name, _, _ = b.origin(e)
	}
	fd.frameBase, _ = e.Val(dwarf.AttrFrameBase).([]byte)
	fd.retType, _ = e.Val(dwarf.AttrType).(dwarf.Offset)
	if !e.Children {
		return fd, nil
	}
	// blocks is the stack of enclosing lexical blocks' ranges.
	var blocks [][][2]uint64
	depth := 1
	for depth > 0 {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if e.Tag == 0 {
			depth--
			if depth >= 1 && len(blocks) >= depth {
				blocks = blocks[:depth-1]
			}
			continue
		}
		switch e.Tag {
		case dwarf.TagLexDwarfBlock:
			var rs [][2]uint64
			if got, err := b.dwarf.Ranges(e); err == nil {
				for _, x := range got {
					rs = append(rs, [2]uint64{x[0], x[1]})
				}
			}
			if e.Children {
				blocks = append(blocks, rs)
				depth++
			}
			continue
		case dwarf.TagTypedef:
			if i, ok := e.Val(attrGoDictIndex).(int64); ok {
				if fd.dict == nil {
					fd.dict = map[dwarf.Offset]int{}
				}
				fd.dict[e.Offset] = int(i)
			}
		case dwarf.TagVariable, dwarf.TagFormalParameter:
			if rv, ok := b.rawVarOf(e, blocks); ok {
				fd.vars = append(fd.vars, rv)
			}
		case dwarf.TagInlinedSubroutine:
			// Its variables belong to the inlined function: kept apart,
			// for the pcs of its code (vars_inlined.go).
			if err := b.readInlined(r, e, fd, 0, -1); err != nil {
				return nil, err
			}
			continue
		}
		if e.Children {
			// Other nested entries have no variables of this function.
			r.SkipChildren()
		}
	}
	return fd, nil
}

// rawVarOf reads a variable or parameter entry; blocks is the stack of
// the lexical blocks around it. ok is false for an entry without a name or
// a type.
func (b *Binary) rawVarOf(e *dwarf.Entry, blocks [][][2]uint64) (rv rawVar, ok bool) {
	rv = rawVar{list: -1, closure: -1, arg: e.Tag == dwarf.TagFormalParameter}
	if off, ok := e.Val(attrGoClosureOffset).(int64); ok {
		rv.closure = off
	}
	rv.name, _ = e.Val(dwarf.AttrName).(string)
	rv.result, _ = e.Val(dwarf.AttrVarParam).(bool)
	if l, ok := e.Val(dwarf.AttrDeclLine).(int64); ok {
		rv.declLine = int(l)
	}
	rv.typeOff, _ = e.Val(dwarf.AttrType).(dwarf.Offset)
	if rv.name == "" {
		// An out-of-line copy of an inlinable function (gcc -O1), or an
		// inlined one: name, line and type are on the abstract entry.
		rv.name, rv.declLine, rv.typeOff = b.origin(e)
	}
	if f := e.AttrField(dwarf.AttrLocation); f != nil {
		switch v := f.Val.(type) {
		case []byte:
			rv.expr = v
		case int64:
			rv.list = v
			rv.listx = f.Class == dwarf.ClassLocList
		}
	}
	rv.depth = len(blocks)
	if len(blocks) > 0 {
		rv.blocks = blocks[len(blocks)-1]
		if rv.blocks == nil {
			rv.blocks = [][2]uint64{}
		}
	}
	return rv, rv.name != "" && rv.typeOff != 0
}

// origin reads the name, declaration line and type of the entry e's
// DW_AT_abstract_origin refers to.
func (b *Binary) origin(e *dwarf.Entry) (name string, line int, typ dwarf.Offset) {
	off, ok := e.Val(dwarf.AttrAbstractOrigin).(dwarf.Offset)
	if !ok {
		return "", 0, 0
	}
	r := b.dwarf.Reader()
	r.Seek(off)
	o, err := r.Next()
	if err != nil || o == nil {
		return "", 0, 0
	}
	name, _ = o.Val(dwarf.AttrName).(string)
	if l, ok := o.Val(dwarf.AttrDeclLine).(int64); ok {
		line = int(l)
	}
	typ, _ = o.Val(dwarf.AttrType).(dwarf.Offset)
	return name, line, typ
}
