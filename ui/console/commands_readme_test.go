package console

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The -update flag rewrites generated files. The key table's README test
// and the golden screens use it too: whoever comes first defines it (a
// package-level flag.Bool runs before this init), and everyone reads it
// by name, so no file depends on another's variable.
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

const (
	commandsBegin = "<!-- commands -->"
	commandsEnd   = "<!-- /commands -->"
)

// commandsMarkdown is README's command list, generated from the table.
func commandsMarkdown() string {
	var b strings.Builder
	b.WriteString("| command | arguments | what it does |\n|---|---|---|\n")
	for _, cmd := range Commands() {
		names := make([]string, 0, 1+len(cmd.Aliases))
		for _, n := range cmd.names() {
			names = append(names, "`"+n+"`")
		}
		args := ""
		if cmd.Args != "" {
			args = "`" + cmd.Args + "`"
		}
		// The summary only: LOC is explained once, above the list.
		help := strings.ReplaceAll(cmd.Summary(), "|", `\|`)
		b.WriteString("| " + strings.Join(names, ", ") + " | " + strings.ReplaceAll(args, "|", `\|`) + " | " + help + " |\n")
	}
	return b.String()
}

// TestREADMECommands fails when README.md's command list is not the one
// the table gives; `go test ./ui/console -run TestREADMECommands -update` rewrites it.
func TestREADMECommands(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, commandsBegin)
	j := strings.Index(readme, commandsEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %s ... %s section", commandsBegin, commandsEnd)
	}
	want := commandsMarkdown()
	got := readme[i+len(commandsBegin) : j]
	if strings.TrimSpace(got) == strings.TrimSpace(want) {
		return
	}
	if !updateGenerated() {
		t.Fatalf("README.md's command list is stale: run go test ./ui/console -run TestREADMECommands -update")
	}
	readme = readme[:i+len(commandsBegin)] + "\n" + want + readme[j:]
	if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
}
