package source

import (
	"debug/dwarf"
	"sort"
	"strings"
	"sync"
)

// attrGoPackageName is DW_AT_go_package_name, which Go's compiler puts on
// a package's compile unit (since Go 1.13): the name its code uses, which
// need not be the last element of its import path (package dirio in
// directory dir.io).
const attrGoPackageName dwarf.Attr = 0x2905

// packageIndex maps package names to the import paths of the packages so
// named; built on first use from the compile units' entries.
type packageIndex struct {
	once   sync.Once
	byName map[string][]string
	paths  []string
}

// SymbolPrefix is how the program's symbols spell the package at path:
// Go's linker escapes the dots of the path's last element (dir.io.A is
// the symbol dir%2eio.A).
func SymbolPrefix(path string) string {
	i := strings.LastIndexByte(path, '/') + 1
	return path[:i] + strings.ReplaceAll(path[i:], ".", "%2e")
}

// PackagePaths returns the import paths an expression's package name may
// mean, the program's spelling of its own symbols' prefixes: the packages
// whose name is name (maps: internal/runtime/maps), or, for a quoted path
// ("dir0/pkg"), the packages whose path ends in it. Several when the name
// is ambiguous; in path order.
func (b *Binary) PackagePaths(name string) []string {
	x := &b.pkgs
	x.once.Do(func() {
		x.byName = map[string][]string{}
		seen := map[string]bool{}
		for _, u := range b.lines.units {
			if !u.goCode {
				continue
			}
			path, _ := u.entry.Val(dwarf.AttrName).(string)
			if path == "" || seen[path] {
				continue
			}
			seen[path] = true
			x.paths = append(x.paths, path)
			pn, _ := u.entry.Val(attrGoPackageName).(string)
			if pn == "" {
				pn = path[strings.LastIndexByte(path, '/')+1:]
			}
			x.byName[pn] = append(x.byName[pn], path)
		}
		sort.Strings(x.paths)
		for _, ps := range x.byName {
			sort.Strings(ps)
		}
	})
	if ps, ok := x.byName[name]; ok || !strings.ContainsAny(name, "/.") {
		return ps // an identifier: no scan (conditions ask at every hit)
	}
	var out []string
	for _, p := range x.paths {
		if p == name || strings.HasSuffix(p, "/"+name) {
			out = append(out, p)
		}
	}
	return out
}
