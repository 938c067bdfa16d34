package debugger

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"tdb/source"
)

// A test binary's main.main is the generated _testmain.go, which nobody
// wants to read: with Config.Test, RunToMain runs to the first test
// function that runs instead, the ones -test.run selects (all of them
// without it), as Delve's `dlv test` users then type `break TestX`.

// testEntries returns the test and fuzz functions the run will call
// (package-level TestXxx/FuzzXxx declared in _test.go files), filtered
// by the -test.run pattern in the program's arguments.
func (e *engine) testEntries() []*source.Function {
	run := testRunPattern(e.cfg.Args)
	var re *regexp.Regexp
	if run != "" {
		var err error
		if re, err = regexp.Compile(run); err != nil {
			return nil // the test binary reports the bad pattern itself
		}
	}
	var out []*source.Function
	for _, fn := range e.bin.Functions() {
		if !strings.HasSuffix(fn.File, "_test.go") {
			continue
		}
		dot := strings.LastIndexByte(fn.Name, '.')
		if dot < 0 || strings.ContainsAny(fn.Name[:dot], "()[]") || strings.HasPrefix(fn.Name, "testing.") {
			continue
		}
		name := fn.Name[dot+1:]
		if !isTestName(name, "Test") && !isTestName(name, "Fuzz") {
			continue
		}
		if re != nil && !re.MatchString(name) {
			continue
		}
		out = append(out, fn)
	}
	return out
}

// isTestName is the go tool's rule: prefix, then nothing or an upper-case
// letter (TestX, Test_x, Test; not Testify).
func isTestName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}

// testRunPattern returns the top-level part of the last -test.run flag in
// args ("TestA/sub" selects TestA), "" without one.
func testRunPattern(args []string) string {
	pat := ""
	for i, a := range args {
		if a == "--" {
			break
		}
		a = strings.TrimPrefix(a, "-")
		switch {
		case strings.HasPrefix(a, "-test.run="), strings.HasPrefix(a, "test.run="):
			pat = a[strings.IndexByte(a, '=')+1:]
		case (a == "-test.run" || a == "test.run") && i+1 < len(args):
			pat = args[i+1]
		}
	}
	// Subtests' patterns follow a slash outside brackets.
	depth := 0
	for i, c := range pat {
		switch c {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case '/':
			if depth == 0 {
				return pat[:i]
			}
		}
	}
	return pat
}
