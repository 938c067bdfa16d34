package debugger

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tdb/source/fixture"
)

// A source file newer than the executable gets one warning, at the first
// stop in it, as gdb warns at the first listing; an older one none.
func TestSourceNewerWarnsOnce(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "prog.c")
	b, err := os.ReadFile(fixture.Source("cprog", "prog.c"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, b, 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "cprog")
	if out, err := exec.Command("gcc", "-g", "-O0", "-no-pie", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	run := func() string {
		s, err := Start(Config{Path: bin})
		if err != nil {
			t.Fatal(err)
		}
		tg := adoptSession(t, s)
		tg.brk("fact")
		tg.stop(Continue{})
		tg.stop(Continue{}) // fact is recursive: a second stop in the file
		tg.stop(Next{})
		return tg.logs()
	}
	if logs := run(); strings.Contains(logs, "more recent") {
		t.Errorf("a source older than its binary: %s", logs)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(src, later, later); err != nil {
		t.Fatal(err)
	}
	want := "Source file is more recent than executable: " + src
	if logs := run(); strings.Count(logs, want) != 1 {
		t.Errorf("logs:\n%s\nwant %q once", logs, want)
	}
	if _, err := exec.LookPath("gdb"); err != nil {
		return
	}
	out, _ := exec.Command("gdb", "-batch", "-nx", "-ex", "break fact", "-ex", "run", bin).CombinedOutput()
	if !strings.Contains(string(out), "Source file is more recent than executable") {
		t.Errorf("gdb does not warn:\n%s", out)
	}
}
