package ui

import "flag"

// The -update flag rewrites generated files: the key table's README
// section and the golden screens here, the command list in ui/console.
// Whoever comes first defines it (a package-level flag.Bool runs before
// this init), and everyone reads it by name, so no file depends on
// another's variable.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite generated files (README sections, golden screens)")
	}
}

// updateGenerated reports whether -update was given.
func updateGenerated() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}
