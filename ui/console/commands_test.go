package console

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 1, true}, {"3", 3, true}, {" 12 ", 12, true},
		{"0", 0, false}, {"-1", 0, false}, {"x", 0, false}, {"1 2", 0, false},
	}
	for _, tt := range tests {
		got, err := parseCount(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseCount(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSplitCond(t *testing.T) {
	tests := []struct{ in, loc, cond string }{
		{"main.fib", "main.fib", ""},
		{"main.go:18 if n == 3", "main.go:18", "n == 3"},
		{"fib if  n > 1 ", "fib", "n > 1"},
		{"if n == 2", "", "n == 2"},
		{"", "", ""},
	}
	for _, tt := range tests {
		loc, cond := splitCond(tt.in)
		if loc != tt.loc || cond != tt.cond {
			t.Errorf("splitCond(%q) = %q, %q; want %q, %q", tt.in, loc, cond, tt.loc, tt.cond)
		}
	}
}

func TestLookupCommand(t *testing.T) {
	tests := []struct {
		line, name, args string
	}{
		{"break main.fib", "break", "main.fib"},
		{"b main.go:18 if n == 1", "break", "main.go:18 if n == 1"},
		{"tbreak fib", "tbreak", "fib"},
		{"cond 2 i > 3", "condition", "2 i > 3"},
		{"delete 1", "clear", "1"},
		{"bp", "breakpoints", ""},
		{"info breakpoints", "breakpoints", ""},
		{"c", "continue", ""},
		{"c main.go:30", "continue", "main.go:30"},
		{"n 3", "next", "3"},
		{"  s  ", "step", ""},
		{"so", "stepout", ""},
		{"finish", "stepout", ""},
		{"si 2", "stepi", "2"},
		{"ni", "nexti", ""},
		{"bt 5", "stack", "5"},
		{"where", "stack", ""},
		{"frame 2", "frame", "2"},
		{"info registers", "regs", ""},
		{"info   registers", "regs", ""},
		{"p x + 1", "print", "x + 1"},
		{"grs", "goroutines", ""},
		{"goroutine 1", "goroutine", "1"},
		{"info threads", "threads", ""},
		{"x 0xc000010000 32", "x", "0xc000010000 32"},
		{"disass", "disassemble", ""},
		{"l fib", "list", "fib"},
		{"r", "restart", ""},
		{"mechanics on", "mechanics", "on"},
		{"h break", "help", "break"},
		{"q", "quit", ""},
		{"exit", "quit", ""},
	}
	for _, tt := range tests {
		cmd, args, err := lookupCommand(tt.line)
		if err != nil {
			t.Errorf("lookupCommand(%q): %v", tt.line, err)
			continue
		}
		if cmd.Name != tt.name || args != tt.args {
			t.Errorf("lookupCommand(%q) = %s %q; want %s %q", tt.line, cmd.Name, args, tt.name, tt.args)
		}
	}
	for _, line := range []string{"foo", "info", "info nothing", "breakx", "B"} {
		_, _, err := lookupCommand(line)
		want := `unknown command "` + strings.Fields(line)[0] + `" (try help)`
		if err == nil || err.Error() != want {
			t.Errorf("lookupCommand(%q) error = %v, want %s", line, err, want)
		}
	}
}

// The names in the table must not collide: a name two commands claim
// would make one of them unreachable.
func TestCommandNamesUnique(t *testing.T) {
	seen := map[string]string{}
	for _, cmd := range Commands() {
		if cmd.Run == nil || cmd.Help == "" {
			t.Errorf("%s: no Run or no Help", cmd.Name)
		}
		for _, n := range cmd.names() {
			if other, ok := seen[n]; ok {
				t.Errorf("name %q used by %s and %s", n, other, cmd.Name)
			}
			seen[n] = cmd.Name
		}
	}
	// DESIGN.md's command list, every name and alias.
	for _, n := range strings.Fields(`break b tbreak condition cond clear delete clearall toggle
		breakpoints bp continue c next n step s stepout so finish stepi si nexti ni stack bt where
		frame up down regs print p locals args display goroutines grs goroutine threads x
		disassemble disass list l restart r kill detach help h quit q exit mechanics`) {
		if _, ok := seen[n]; !ok {
			t.Errorf("DESIGN.md's command %q is missing", n)
		}
	}
	if _, ok := seen["info registers"]; !ok {
		t.Error(`"info registers" is missing`)
	}
}

// recorder is a Printer that keeps what it is given.
type recorder struct{ out, errs []string }

func (r *recorder) Print(l string) { r.out = append(r.out, l) }
func (r *recorder) Error(l string) { r.errs = append(r.errs, l) }

// Commands whose arguments are wrong fail before they reach the session,
// so a nil session is enough here.
func TestExecBadInput(t *testing.T) {
	tests := []struct{ line, want string }{
		{"foo", `unknown command "foo" (try help)`},
		{"foo bar", `unknown command "foo" (try help)`},
		{"break main.go:", `bad location "main.go:": line "" is not a number (want FILE:LINE, LINE, FUNC, FILE:FUNC or *0xADDR)`},
		{"break *0xnope", `bad location "*0xnope": "0xnope" is not an address (want FILE:LINE, LINE, FUNC, FILE:FUNC or *0xADDR)`},
		{"continue :3", `bad location ":3": no file before the colon (want FILE:LINE, LINE, FUNC, FILE:FUNC or *0xADDR)`},
		{"list a:1b", `bad location "a:1b": line "1b" is not a number (want FILE:LINE, LINE, FUNC, FILE:FUNC or *0xADDR)`},
		{"next x", `bad count "x": want a positive number`},
		{"step 0", `bad count "0": want a positive number`},
		{"stepi -2", `bad count "-2": want a positive number`},
		{"bt many", `bad count "many": want N or -N`},
		{"clear", `missing breakpoint number`},
		{"toggle x", `bad breakpoint number "x": want a number`},
		{"condition", `missing breakpoint number`},
		{"frame x", `bad frame number "x": want a number`},
		{"x", `missing address: x ADDR [N]`},
		{"x 0x10 0", `bad count "0": want a positive number`},
		{"x 0x10 1000000", `count 1000000 is too large (at most 65536 bytes)`},
		{"mechanics maybe", `usage: mechanics on|off|step|run|next|explain on|off`},
		{"stepout now", `unexpected arguments "now"`},
		{"print", `missing expression: print EXPR`},
		{"locals now", `unexpected arguments "now"`},
		{"args x", `unexpected arguments "x"`},
		{"set x", `usage: set VAR = VALUE`},
		{"set x == 3", `usage: set VAR = VALUE`},
		{"display -d 3", `no display "3" (there are 0)`},
		{"condition -hitcount", `missing breakpoint number`},
		{"help nothing", `unknown command "nothing" (try help)`},
	}
	for _, tt := range tests {
		r := &recorder{}
		c := New(nil, r)
		quit, err := c.Exec(tt.line)
		if quit || err == nil {
			t.Errorf("Exec(%q) = %v, %v; want an error", tt.line, quit, err)
			continue
		}
		if len(r.errs) != 1 || r.errs[0] != tt.want || err.Error() != tt.want {
			t.Errorf("Exec(%q) printed errors %q, returned %q; want %q", tt.line, r.errs, err, tt.want)
		}
		if len(r.out) != 0 {
			t.Errorf("Exec(%q) printed %q", tt.line, r.out)
		}
	}
}

func TestExecQuitHelpComments(t *testing.T) {
	r := &recorder{}
	c := New(nil, r)
	for _, line := range []string{"", "   ", "# a comment"} {
		if quit, err := c.Exec(line); quit || err != nil {
			t.Errorf("Exec(%q) = %v, %v", line, quit, err)
		}
	}
	for _, line := range []string{"quit", "q", "exit"} {
		if quit, err := c.Exec(line); !quit || err != nil {
			t.Errorf("Exec(%q) = %v, %v; want quit", line, quit, err)
		}
	}
	if len(r.out)+len(r.errs) != 0 {
		t.Errorf("printed %q %q", r.out, r.errs)
	}

	if _, err := c.Exec("help"); err != nil {
		t.Fatal(err)
	}
	if len(r.out) != len(Commands()) {
		t.Errorf("help printed %d lines for %d commands", len(r.out), len(Commands()))
	}
	if !strings.HasPrefix(strings.TrimSpace(r.out[0]), "break|b [LOC] [if COND]") {
		t.Errorf("help's first line: %q", r.out[0])
	}
	r.out = nil
	if _, err := c.Exec("help bt"); err != nil {
		t.Fatal(err)
	}
	want := []string{"stack|bt|where [full] [N|-N]", "  Print the backtrace of the stopped thread (the innermost N frames, or with -N the outermost N); full (gdb's) adds each frame's locals."}
	if !reflect.DeepEqual(r.out, want) {
		t.Errorf("help bt = %q, want %q", r.out, want)
	}
}

func TestCompleteCommands(t *testing.T) {
	c := New(nil, &recorder{})
	tests := []struct {
		line string
		want []string
	}{
		{"", nil},
		{"brea", []string{"break", "breakpoints"}},
		{"st", []string{"stack", "start", "step", "stepi", "stepout"}},
		{"disa", []string{"disable", "disass", "disassemble"}},
		{"zz", []string{}},
		{"help ste", []string{"help step", "help stepi", "help stepout"}},
		{"next ", nil},   // a count: nothing to complete
		{"regs x", nil},  // no arguments
		{"foo bar", nil}, // unknown command
	}
	for _, tt := range tests {
		got := c.Complete(tt.line)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
