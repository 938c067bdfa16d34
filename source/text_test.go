package source

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSplitLines(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a"}},
		{"a\r\nb\r\n", []string{"a", "b"}},
		{"a\n\nb", []string{"a", "", "b"}},
		{"\n", []string{""}},
	} {
		if got := SplitLines(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("SplitLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFilesCache(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.go")
	if err := os.WriteFile(p, []byte("package x\n\nfunc f() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := NewFiles(nil)
	f, err := c.Get(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Lines) != 3 || f.Lines[2] != "func f() {}" {
		t.Fatalf("lines %q", f.Lines)
	}
	// Cached: a change on disk is not seen until Forget.
	os.WriteFile(p, []byte("one\n"), 0o644)
	if f2, _ := c.Get(p); f2 != f {
		t.Error("second Get read the file again")
	}
	c.Forget(p)
	if f3, _ := c.Get(p); len(f3.Lines) != 1 {
		t.Errorf("after Forget: %q", f3.Lines)
	}

	_, err = c.Get(filepath.Join(dir, "missing.go"))
	var nf *ErrNoFile
	if !errors.As(err, &nf) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v", err)
	}
	if _, err := ReadFile(dir); !errors.As(err, &nf) {
		t.Errorf("directory: got %v", err)
	}
}
