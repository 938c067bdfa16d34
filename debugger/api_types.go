package debugger

// TypeOf answers gdb's whatis and ptype (issue 11): the type of Expr in
// a frame, in the syntax of the program's language (C declarators for C,
// Go's for Go). With Expand, structs, unions and enums are spelled out
// with their members and typedefs are seen through, as ptype does;
// without, the type's name, as whatis does. Expr may also name a type
// ("struct point", "main.point"). The reply has one Value whose Type is
// the text after gdb's "type = ".
type TypeOf struct {
	Expr   string
	Frame  int
	Expand bool
	// Offsets: gdb's ptype/o, a C struct's or union's members with
	// their offsets and sizes, holes and padding; Type is then the
	// whole text, with gdb's heading and "type = ".
	Offsets bool
}

func (TypeOf) isRequest() {}
