package main

import (
	"strings"

	"tdb/source"
)

// cutSubstitutePaths takes every `--substitute-path FROM TO` out of the
// flags before the subcommand. The flag package gives a flag one value;
// this one takes two, as gdb's `set substitute-path FROM TO` does, so it is
// read here before the flag package sees the rest.
func cutSubstitutePaths(args []string) (rest []string, subs []source.Substitution, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			// The subcommand and its arguments belong to the program.
			return append(rest, args[i:]...), subs, nil
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case name == "substitute-path":
			if hasValue || i+2 >= len(args) {
				return nil, nil, &usageError{"--substitute-path needs two arguments: FROM TO"}
			}
			if args[i+1] == "" {
				return nil, nil, &usageError{"--substitute-path: FROM is empty"}
			}
			subs = append(subs, source.Substitution{From: args[i+1], To: args[i+2]})
			i += 2
			continue
		case !hasValue && (name == "ex" || name == "x" || name == "tty" || name == "theme"):
			// A flag with a value: the value is not a subcommand.
			if i+1 < len(args) {
				rest = append(rest, a, args[i+1])
				i++
				continue
			}
		}
		rest = append(rest, a)
	}
	return rest, subs, nil
}
