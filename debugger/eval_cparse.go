package debugger

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// C's expression syntax, as gdb reads it in a frame of C code: casts
// (int)x and (struct rec *)p, sizeof, char literals, ->, ?:, registers
// ($rip), gdb's FUNC::var, 'file.c'::var and a@n. The parser makes the
// go/ast nodes the evaluator walks for Go (an Ident, a SelectorExpr for
// both . and ->, an IndexExpr, a StarExpr, a UnaryExpr with Go's token for
// C's operator, ~ being Go's ^), plus the C-only nodes below, so one
// evaluator serves both languages.
//
// It is precedence climbing over a token slice: every token is looked at
// a bounded number of times, so time and memory are linear in the
// expression's length; nesting is capped so a hostile expression cannot
// exhaust the stack.

// C-only nodes. Each embeds an ast.BadExpr for go/ast's Expr interface
// (its unexported marker method); the evaluator's type switch sees the
// node's own type first.
type (
	// cCast is (T)X.
	cCast struct {
		*ast.BadExpr
		T cTypeName
		X ast.Expr
	}
	// cSizeof is sizeof(T) (X nil) or sizeof X.
	cSizeof struct {
		*ast.BadExpr
		T *cTypeName
		X ast.Expr
	}
	// cCond is C ? A : B.
	cCond struct {
		*ast.BadExpr
		C, A, B ast.Expr
	}
	// cScope is gdb's FUNC::var (Func set) or 'file.c'::var (File set).
	cScope struct {
		*ast.BadExpr
		Func, File, Name string
	}
	// cArtificial is gdb's X@N: N objects of X's type from X's address.
	cArtificial struct {
		*ast.BadExpr
		X, N ast.Expr
	}
)

// cTypeName is a C type as a cast or sizeof names it: base words (int,
// unsigned long, struct rec, uint_t), then pointers, then array bounds.
type cTypeName struct {
	Base string // "unsigned long", "struct rec", "uint_t"
	Ptr  int    // number of * after the base
	// Group is the number of * in a parenthesised declarator: (*)(...),
	// a pointer to a function returning the base and its pointers
	// (FuncPtr), or (*)[N], a pointer to the array.
	Group   int
	FuncPtr bool
	Params  []cTypeName // a function's parameters; nil: unspecified
	Arrays  []int64
}

func (t cTypeName) String() string {
	s := t.Base
	if t.Ptr > 0 {
		s += " " + strings.Repeat("*", t.Ptr)
	}
	if t.Group > 0 {
		s += " (" + strings.Repeat("*", t.Group) + ")"
	}
	if t.FuncPtr {
		return s + "()"
	}
	for _, n := range t.Arrays {
		s += "[" + strconv.FormatInt(n, 10) + "]"
	}
	return s
}

func newBad() *ast.BadExpr { return &ast.BadExpr{} }

// maxCNesting bounds parentheses, unary operators and casts in a row.
const maxCNesting = 500

type cTok struct {
	kind byte // 'i' identifier, 'n' number, 'c' char, 's' string, 'f' 'file'::, 'o' operator
	text string
	pos  int
}

type cParser struct {
	src   string
	toks  []cTok
	i     int
	depth int
	// isType says whether an identifier names a type (a typedef) rather
	// than a variable, which decides (x)-y between a cast and a
	// subtraction.
	isType func(string) bool
}

// cTypeWords are C's words that begin a type name.
var cTypeWords = map[string]bool{
	"void": true, "char": true, "short": true, "int": true, "long": true, "float": true, "double": true,
	"signed": true, "unsigned": true, "_Bool": true, "const": true, "volatile": true,
	"struct": true, "union": true, "enum": true,
}

// parseC parses a C expression. isType may be nil (no typedef names).
func parseC(src string, isType func(string) bool) (x ast.Expr, err error) {
	toks, err := lexC(src)
	if err != nil {
		return nil, err
	}
	if isType == nil {
		isType = func(string) bool { return false }
	}
	p := &cParser{src: src, toks: toks, isType: isType}
	x, err = p.expr()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q at column %d", p.toks[p.i].text, p.toks[p.i].pos+1)
	}
	return x, nil
}

// cOps are C's operators, longest first so the lexer takes "<<" before "<".
var cOps = []string{"->", "::", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "++", "--",
	"+", "-", "*", "/", "%", "<", ">", "&", "|", "^", "!", "~", "?", ":", "(", ")", "[", "]", ".", ",", "@", "="}

func lexC(s string) ([]cTok, error) {
	var toks []cTok
	isIdent := func(c byte, first bool) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (!first && c >= '0' && c <= '9')
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdent(c, true) || (c == '$' && i+1 < len(s) && isIdent(s[i+1], false)):
			j := i + 1
			for j < len(s) && isIdent(s[j], false) {
				j++
			}
			toks = append(toks, cTok{'i', s[i:j], i})
			i = j
		case c >= '0' && c <= '9' || (c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'):
			j := i
			hex := strings.HasPrefix(s[i:], "0x") || strings.HasPrefix(s[i:], "0X")
			for j < len(s) {
				d := s[j]
				if isIdent(d, false) || d == '.' {
					j++
					continue
				}
				// An exponent's sign: 1e-5 and 0x1p-3, but 0x1e-5 is
				// a subtraction.
				prev := s[j-1] | 0x20 // lower case
				if (d == '+' || d == '-') && (!hex && prev == 'e' || hex && prev == 'p') {
					j++
					continue
				}
				break
			}
			toks = append(toks, cTok{'n', s[i:j], i})
			i = j
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated %s literal at column %d", map[byte]string{'\'': "character", '"': "string"}[c], i+1)
			}
			lit := s[i : j+1]
			j++
			if c == '\'' && strings.HasPrefix(strings.TrimLeft(s[j:], " "), "::") {
				toks = append(toks, cTok{'f', lit[1 : len(lit)-1], i})
			} else if c == '\'' {
				toks = append(toks, cTok{'c', lit, i})
			} else {
				toks = append(toks, cTok{'s', lit, i})
			}
			i = j
		default:
			op := ""
			for _, o := range cOps {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("invalid character %q at column %d", c, i+1)
			}
			toks = append(toks, cTok{'o', op, i})
			i += len(op)
		}
	}
	return toks, nil
}

func (p *cParser) peek() cTok {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return cTok{}
}

func (p *cParser) peekAt(n int) cTok {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return cTok{}
}

func (p *cParser) isOp(s string) bool {
	t := p.peek()
	return t.kind == 'o' && t.text == s
}

func (p *cParser) want(s string) error {
	if !p.isOp(s) {
		if p.i >= len(p.toks) {
			return fmt.Errorf("expected %q at the end of the expression", s)
		}
		return fmt.Errorf("expected %q, found %q at column %d", s, p.peek().text, p.peek().pos+1)
	}
	p.i++
	return nil
}

func (p *cParser) enter() error {
	p.depth++
	if p.depth > maxCNesting {
		return fmt.Errorf("expression nested too deeply (more than %d levels)", maxCNesting)
	}
	return nil
}

// expr is a conditional expression (tdb has no comma or assignment
// operators: set var does the assigning).
func (p *cParser) expr() (ast.Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	c, err := p.binary(1)
	if err != nil {
		return nil, err
	}
	if !p.isOp("?") {
		return c, nil
	}
	p.i++
	a, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.want(":"); err != nil {
		return nil, err
	}
	b, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &cCond{BadExpr: newBad(), C: c, A: a, B: b}, nil
}

// cBinOps are the binary operators by precedence (higher binds tighter)
// and Go's token for each; @ is gdb's, above the multiplicative ones.
var cBinOps = map[string]struct {
	prec int
	tok  token.Token
}{
	"||": {1, token.LOR}, "&&": {2, token.LAND}, "|": {3, token.OR}, "^": {4, token.XOR}, "&": {5, token.AND},
	"==": {6, token.EQL}, "!=": {6, token.NEQ},
	"<": {7, token.LSS}, "<=": {7, token.LEQ}, ">": {7, token.GTR}, ">=": {7, token.GEQ},
	"<<": {8, token.SHL}, ">>": {8, token.SHR}, "+": {9, token.ADD}, "-": {9, token.SUB},
	"*": {10, token.MUL}, "/": {10, token.QUO}, "%": {10, token.REM}, "@": {11, token.ILLEGAL},
}

// binary is precedence climbing: operands bind to the operators of at
// least min's precedence, left to right.
func (p *cParser) binary(min int) (ast.Expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op, ok := cBinOps[t.text]
		if t.kind != 'o' || !ok || op.prec < min {
			return x, nil
		}
		p.i++
		y, err := p.binary(op.prec + 1)
		if err != nil {
			return nil, err
		}
		if t.text == "@" {
			x = &cArtificial{BadExpr: newBad(), X: x, N: y}
			continue
		}
		x = &ast.BinaryExpr{X: x, Op: op.tok, Y: y}
	}
}

func (p *cParser) unary() (ast.Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	t := p.peek()
	if t.kind == 'o' {
		var op token.Token
		switch t.text {
		case "-":
			op = token.SUB
		case "+":
			op = token.ADD
		case "!":
			op = token.NOT
		case "~":
			op = token.XOR
		case "&":
			op = token.AND
		case "*":
			p.i++
			x, err := p.unary()
			if err != nil {
				return nil, err
			}
			return &ast.StarExpr{X: x}, nil
		case "++", "--":
			p.i++
			x, err := p.unary()
			if err != nil {
				return nil, err
			}
			return nil, incDecErr(t.text+exprString(x), t.text, exprString(x))
		case "(":
			if p.typeStarts(p.peekAt(1)) {
				p.i++
				tn, err := p.typeName()
				if err != nil {
					return nil, err
				}
				if err := p.want(")"); err != nil {
					return nil, err
				}
				x, err := p.unary()
				if err != nil {
					return nil, err
				}
				return &cCast{BadExpr: newBad(), T: tn, X: x}, nil
			}
		}
		if op != token.ILLEGAL {
			p.i++
			x, err := p.unary()
			if err != nil {
				return nil, err
			}
			return &ast.UnaryExpr{Op: op, X: x}, nil
		}
	}
	if t.kind == 'i' && t.text == "sizeof" {
		p.i++
		if p.isOp("(") && p.typeStarts(p.peekAt(1)) {
			p.i++
			tn, err := p.typeName()
			if err != nil {
				return nil, err
			}
			if err := p.want(")"); err != nil {
				return nil, err
			}
			return &cSizeof{BadExpr: newBad(), T: &tn}, nil
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &cSizeof{BadExpr: newBad(), X: x}, nil
	}
	return p.postfix()
}

// typeStarts: t begins a type name.
func (p *cParser) typeStarts(t cTok) bool {
	return t.kind == 'i' && (cTypeWords[t.text] || p.isType(t.text))
}

// typeName reads a type name: its words, then *s, (*)(...) or [N]s.
func (p *cParser) typeName() (cTypeName, error) {
	var words []string
	var tn cTypeName
	for {
		t := p.peek()
		if t.kind != 'i' {
			break
		}
		if t.text == "struct" || t.text == "union" || t.text == "enum" {
			n := p.peekAt(1)
			if n.kind != 'i' {
				return tn, fmt.Errorf("%s needs a name", t.text)
			}
			words = append(words, t.text+" "+n.text)
			p.i += 2
			continue
		}
		if t.text == "const" || t.text == "volatile" {
			p.i++
			continue
		}
		if cTypeWords[t.text] || (len(words) == 0 && p.isType(t.text)) {
			words = append(words, t.text)
			p.i++
			continue
		}
		break
	}
	if len(words) == 0 {
		return tn, fmt.Errorf("expected a type name at column %d", p.peek().pos+1)
	}
	tn.Base = strings.Join(words, " ")
	for {
		switch {
		case p.isOp("*"):
			tn.Ptr++
			p.i++
		case p.peek().kind == 'i' && (p.peek().text == "const" || p.peek().text == "volatile"):
			p.i++
		default:
			goto suffix
		}
	}
suffix:
	// (*)(int, int): a pointer to a function; its parameters are not
	// needed to read it.
	if p.isOp("(") && p.peekAt(1).kind == 'o' && p.peekAt(1).text == "*" {
		p.i += 2
		n := 1
		for p.isOp("*") {
			n++
			p.i++
		}
		if err := p.want(")"); err != nil {
			return tn, err
		}
		tn.Group = n
		if !p.isOp("[") {
			if err := p.want("("); err != nil {
				return tn, err
			}
			tn.Params = []cTypeName{}
			for !p.isOp(")") {
				if p.isOp(".") { // ..., as C spells it: three dots
					for p.isOp(".") {
						p.i++
					}
					tn.Params = append(tn.Params, cTypeName{Base: "..."})
					break
				}
				if err := p.enter(); err != nil {
					return tn, err
				}
				pt, err := p.typeName()
				p.depth--
				if err != nil {
					return tn, err
				}
				if pt.Base != "void" || pt.Ptr > 0 {
					tn.Params = append(tn.Params, pt)
				}
				if !p.isOp(",") {
					break
				}
				p.i++
			}
			if err := p.want(")"); err != nil {
				return tn, err
			}
			tn.FuncPtr = true
			return tn, nil
		}
	}
	for p.isOp("[") {
		p.i++
		t := p.peek()
		n, err := strconv.ParseInt(t.text, 0, 64)
		if t.kind != 'n' || err != nil || n < 0 || n > 1<<32 {
			return tn, fmt.Errorf("an array type needs a constant size (at most 2^32)")
		}
		p.i++
		if err := p.want("]"); err != nil {
			return tn, err
		}
		tn.Arrays = append(tn.Arrays, n)
	}
	return tn, nil
}

func (p *cParser) postfix() (ast.Expr, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != 'o' {
			return x, nil
		}
		switch t.text {
		case "[":
			p.i++
			// tdb's a[lo:hi] (a Go slice of a C array) besides C's a[i].
			var i, hi ast.Expr
			var err error
			if !p.isOp(":") {
				if i, err = p.expr(); err != nil {
					return nil, err
				}
			}
			if p.isOp(":") {
				p.i++
				if !p.isOp("]") {
					if hi, err = p.expr(); err != nil {
						return nil, err
					}
				}
				if err := p.want("]"); err != nil {
					return nil, err
				}
				x = &ast.SliceExpr{X: x, Low: i, High: hi}
				continue
			}
			if err := p.want("]"); err != nil {
				return nil, err
			}
			x = &ast.IndexExpr{X: x, Index: i}
		case ".", "->":
			p.i++
			n := p.peek()
			if n.kind != 'i' || strings.HasPrefix(n.text, "$") {
				return nil, fmt.Errorf("expected a field name after %s", t.text)
			}
			p.i++
			x = &ast.SelectorExpr{X: x, Sel: &ast.Ident{Name: n.text}}
		case "(":
			p.i++
			var args []ast.Expr
			for !p.isOp(")") {
				a, err := p.expr()
				if err != nil {
					return nil, err
				}
				args = append(args, a)
				if !p.isOp(",") {
					break
				}
				p.i++
			}
			if err := p.want(")"); err != nil {
				return nil, err
			}
			x = &ast.CallExpr{Fun: x, Args: args}
		case "++", "--":
			return nil, incDecErr(exprString(x)+t.text, t.text, exprString(x))
		default:
			return x, nil
		}
	}
}

func (p *cParser) primary() (ast.Expr, error) {
	t := p.peek()
	switch t.kind {
	case 0:
		return nil, fmt.Errorf("expression ends too soon")
	case 'i':
		p.i++
		if p.isOp("::") && p.peekAt(1).kind == 'i' {
			name := p.peekAt(1).text
			p.i += 2
			return &cScope{BadExpr: newBad(), Func: t.text, Name: name}, nil
		}
		return &ast.Ident{Name: t.text}, nil
	case 'f':
		p.i++
		if err := p.want("::"); err != nil {
			return nil, err
		}
		n := p.peek()
		if n.kind != 'i' {
			return nil, fmt.Errorf("expected a variable's name after '%s'::", t.text)
		}
		p.i++
		return &cScope{BadExpr: newBad(), File: t.text, Name: n.text}, nil
	case 'n':
		p.i++
		return &ast.BasicLit{Kind: token.INT, Value: t.text}, nil
	case 'c':
		p.i++
		return &ast.BasicLit{Kind: token.CHAR, Value: t.text}, nil
	case 's':
		// Adjacent strings are one: "a" "b".
		var b strings.Builder
		for p.peek().kind == 's' {
			s, err := unquoteC(p.peek().text)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
			p.i++
		}
		return &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(b.String())}, nil
	}
	if t.text == "(" {
		p.i++
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.want(")"); err != nil {
			return nil, err
		}
		return &ast.ParenExpr{X: x}, nil
	}
	return nil, fmt.Errorf("unexpected %q at column %d", t.text, t.pos+1)
}

// unquoteC is the text of a C string or character literal (UnescapeC):
// C's escapes, octal ones (\0, \101) included, which Go's strconv does
// not take.
func unquoteC(lit string) (string, error) {
	if len(lit) < 2 {
		return "", fmt.Errorf("bad literal %s", lit)
	}
	s, err := UnescapeC(lit[1 : len(lit)-1])
	if err != nil {
		return "", fmt.Errorf("bad escape in %s: %v", lit, err)
	}
	return s, nil
}

// sideEffectErr refuses what gdb would do to the program (k++, add(1, 2))
// and says so; its text is the whole message, not a parse error's.
type sideEffectErr string

func (e sideEffectErr) Error() string { return string(e) }

// incDecErr is the refusal of ++ and --: gdb changes the variable in the
// program, tdb changes variables only with set var.
func incDecErr(expr, op, operand string) error {
	what, by := "add 1 to", "+"
	if op == "--" {
		what, by = "subtract 1 from", "-"
	}
	return sideEffectErr(fmt.Sprintf("%s: gdb would %s %s in the program; tdb changes variables only with set var %s = %s %s 1",
		expr, what, operand, operand, operand, by))
}
