package source

import (
	"sort"
	"strings"
)

// Range-over-func loops (Go 1.23): the compiler turns the body of
// `for x := range f` into a closure named after the enclosing function,
// PARENT-rangeN, which the iterator f calls for each value; a loop nested
// in a body adds another suffix (PARENT-range1-range1). Stepping needs the
// bodies of a function and the function a body belongs to.

// RangeParent returns the name of the function whose range-over-func loop
// body the function name is, or "" if it is none.
func RangeParent(name string) string {
	const suffix = "-range"
	parent := ""
	for {
		i := strings.LastIndex(name, suffix)
		if i <= 0 || i+len(suffix) == len(name) {
			return parent
		}
		for _, c := range name[i+len(suffix):] {
			if c < '0' || c > '9' {
				return parent
			}
		}
		name = name[:i]
		parent = name
	}
}

// RangeBodies returns the range-over-func body closures of the function
// named parent, nested ones included, sorted by entry. The first call
// indexes every function name once.
func (b *Binary) RangeBodies(parent string) []*Function {
	b.rangeOnce.Do(func() {
		b.rangeBodies = map[string][]int{}
		for n, is := range b.byName {
			if !strings.Contains(n, "-range") {
				continue
			}
			if p := RangeParent(n); p != "" {
				b.rangeBodies[p] = append(b.rangeBodies[p], is...)
			}
		}
		for _, is := range b.rangeBodies {
			sort.Ints(is)
		}
	})
	return b.handOutAll(b.rangeBodies[parent])
}
