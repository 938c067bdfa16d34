package console

import (
	"fmt"
	"strconv"
	"strings"

	"tdb/debugger"
)

// gdb's printf "FORMAT", ARGS... and echo TEXT: C programmers print what
// they look at in one line (printf "%s = %d\n", item->string, depth).
// The arguments are evaluated in the selected frame; %s reads the string
// the pointer points at, whatever the value's printed form.

func cmdEcho(c *Console, args string) error {
	s, err := debugger.UnescapeC(args)
	if err != nil {
		return err
	}
	c.printText(s)
	return nil
}

func cmdPrintf(c *Console, args string) error {
	args = strings.TrimSpace(args)
	if !strings.HasPrefix(args, `"`) {
		return fmt.Errorf(`bad printf: want printf "FORMAT", ARG...`)
	}
	end := closingQuote(args)
	if end < 0 {
		return fmt.Errorf("bad printf: the format string is not closed")
	}
	format, err := debugger.UnescapeC(args[1:end])
	if err != nil {
		return err
	}
	rest := strings.TrimSpace(args[end+1:])
	var exprs []string
	if rest != "" {
		if !strings.HasPrefix(rest, ",") {
			return fmt.Errorf("bad printf: want a comma after the format")
		}
		exprs = splitArgs(rest[1:])
	}
	out, err := c.cPrintf(format, exprs)
	if err != nil {
		return err
	}
	c.printText(out)
	return nil
}

// printText prints s, which ends its lines with \n as C output does; a
// last line without one is printed too.
func (c *Console) printText(s string) {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return
	}
	for _, l := range strings.Split(s, "\n") {
		c.p.Print(l)
	}
}

// cPrintf formats as C's printf, with the values of exprs.
func (c *Console) cPrintf(format string, exprs []string) (string, error) {
	var b strings.Builder
	next := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("-+ #0123456789.", format[j]) >= 0 {
			j++
		}
		flags := format[i+1 : j]
		for j < len(format) && strings.IndexByte("hlLqjzt", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			return "", fmt.Errorf("bad printf format: %q ends in a directive", format)
		}
		length, conv := format[i+1+len(flags):j], format[j]
		i = j
		if conv == '%' {
			b.WriteByte('%')
			continue
		}
		if next >= len(exprs) {
			return "", errPrintfArgs
		}
		expr := exprs[next]
		next++
		s, err := c.printfArg(expr, flags, length, conv)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	if next < len(exprs) {
		return "", errPrintfArgs
	}
	return b.String(), nil
}

// printfArg formats one argument for one directive.
func (c *Console) printfArg(expr, flags, length string, conv byte) (string, error) {
	rep := c.do(debugger.Eval{Expr: expr, Frame: debugger.SelectedFrame})
	if rep.Err != nil {
		return "", rep.Err
	}
	v := rep.Values[0]
	switch conv {
	case 'f', 'F', 'e', 'E', 'g', 'G', 'a', 'A':
		x, err := strconv.ParseFloat(strings.Fields(v.Value + " ")[0], 64)
		if err != nil {
			n, ok := valueInt(v.Value)
			if !ok {
				return "", fmt.Errorf("%s is not a number: %s", expr, v.Value)
			}
			x = float64(int64(n))
		}
		if conv == 'F' {
			conv = 'f'
		}
		return fmt.Sprintf("%"+flags+string(conv), x), nil
	}
	n, ok := valueInt(v.Value)
	if !ok {
		// A pointer, an array (a char buffer for %s), a function: the
		// address it designates, as the engine reads it for x.
		if r := c.do(debugger.Eval{Expr: expr, Frame: debugger.SelectedFrame, Address: true}); r.Err == nil {
			n, ok = valueInt(r.Values[0].Value)
		}
	}
	if !ok {
		return "", fmt.Errorf("%s is not a number or an address: %s", expr, v.Value)
	}
	switch conv {
	case 's':
		s, err := c.readCString(n)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%"+flags+"s", s), nil
	case 'p':
		return fmt.Sprintf("%"+flags+"s", fmt.Sprintf("%#x", n)), nil
	case 'c':
		return fmt.Sprintf("%"+flags+"c", rune(byte(n))), nil
	}
	bits := 32 // int, without l or ll
	switch length {
	case "hh":
		bits = 8
	case "h":
		bits = 16
	case "l", "ll", "q", "j", "z", "t", "L":
		bits = 64
	}
	if bits < 64 {
		n &= 1<<bits - 1
	}
	switch conv {
	case 'd', 'i':
		x := int64(n)
		if bits < 64 && n&(1<<(bits-1)) != 0 {
			x -= 1 << bits
		}
		return fmt.Sprintf("%"+flags+"d", x), nil
	case 'u':
		return fmt.Sprintf("%"+flags+"d", n), nil
	case 'x', 'X', 'o':
		return fmt.Sprintf("%"+flags+string(conv), n), nil
	}
	return "", fmt.Errorf("bad printf format: %q is not a conversion printf knows", "%"+length+string(conv))
}

// readCString reads the NUL-terminated string at addr, at most 64 KiB.
func (c *Console) readCString(addr uint64) (string, error) {
	var b []byte
	for len(b) < 1<<16 {
		rep := c.do(debugger.ReadMemory{Addr: addr + uint64(len(b)), Len: 256})
		if rep.Err != nil {
			if len(b) > 0 {
				break
			}
			return "", rep.Err
		}
		if i := strings.IndexByte(string(rep.Memory), 0); i >= 0 {
			return string(append(b, rep.Memory[:i]...)), nil
		}
		if len(rep.Memory) == 0 {
			break
		}
		b = append(b, rep.Memory...)
	}
	return string(b), nil
}

// closingQuote is the index of the quote closing the string s starts with.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// splitArgs splits printf's arguments at the commas outside parentheses,
// brackets and quotes.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '(' || ch == '[':
			depth++
		case ch == ')' || ch == ']':
			depth--
		case ch == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// errPrintfArgs is gdb's error for too few or too many arguments.
var errPrintfArgs = fmt.Errorf("Wrong number of arguments for specified format-string")
