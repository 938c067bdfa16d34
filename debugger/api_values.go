package debugger

// Requests about variables and expressions. They need a stopped target.
// Frame indexes State.Frames; SelectedFrame means the frame the user
// selected (State.SelectedFrame).
type (
	// Eval evaluates a Go (or C) expression in a frame. The reply has
	// one Value: Name is the expression, Value the text `print` shows.
	Eval struct {
		Expr  string
		Frame int
		// Address: the reply's Value is instead the address the
		// expression designates, in hex, as gdb's x takes it: a
		// pointer's or an integer's value, an array's or a function's
		// location (x &var, x ptr->buf, x/s msg, x arr).
		Address bool
		// Format is a letter of gdb's print/FMT (x d u o t c z s), 0
		// for none. The engine applies it to C values (the reply's
		// Value is then Formatted); Go values come back as they print,
		// for the front end to format.
		Format byte
	}
	// Locals lists the local variables in scope in a frame; Args its
	// parameters (results too: ~r0 or their names). One Value each.
	Locals struct{ Frame int }
	Args   struct{ Frame int }
	// Children lists the parts of the value of Expr, for a tree view to
	// expand: fields, elements (the first 64), map entries (the first
	// 64, sorted by key), a pointer's pointee, an interface's dynamic
	// value. Each Value's Name is the part's label ("X", "[2]", `"a"`,
	// "*") and Expr evaluates it. Start and Count (0: 64) ask for a page
	// of a long array, slice or map (Value.Len): elements by index, map
	// entries in the map's own order, which holds while the program
	// stays stopped, so pages neither overlap nor miss an entry.
	Children struct {
		Expr         string
		Frame        int
		Start, Count int
	}
	// SetVar assigns Value (a number, bool, nil, or an expression of a
	// number or pointer) to the variable or memory Expr names. The reply
	// has one Value: the new value of Expr.
	SetVar struct {
		Expr  string
		Value string
		Frame int
	}
)

// SelectedFrame, as a Frame of a values request, means the selected frame.
const SelectedFrame = -1

func (Eval) isRequest()     {}
func (Locals) isRequest()   {}
func (Args) isRequest()     {}
func (SetVar) isRequest()   {}
func (Children) isRequest() {}

// Value is one variable or expression with its value as text.
type Value struct {
	Name string `json:"name"`
	Type string `json:"type"` // e.g. "int", "[]string", "*main.point"
	// Value is Delve's form for Go: `main.point {X: 3, Y: 6, Name: "p!"}`,
	// `"text"`, `2.5`; gdb's for C: `{x = 3, y = 6}`, `(struct rec *) 0x7ffe...`.
	Value string `json:"value"`
	// Kids says that the value has parts (fields, elements, entries, a
	// pointee) a tree view may expand with a Children request.
	Kids bool `json:"kids,omitempty"`
	// Expr evaluates this value again (Eval, Children): the expression
	// of a part, e.g. `pt.X`, `sl[2]`, `m["a"]`, `*pp`. "" when the part
	// has no expression (an interface's non-struct dynamic value).
	Expr string `json:"expr,omitempty"`
	// Err says why the value could not be read (Value is then empty).
	Err string `json:"err,omitempty"`
	// Formatted: Value is already in the Eval's Format (a C value).
	Formatted bool `json:"formatted,omitempty"`
	// Len is the number of elements of a Go array or slice, or of
	// entries of a Go map: what a tree view pages through (Children's
	// Start and Count).
	Len int64 `json:"len,omitempty"`
}
