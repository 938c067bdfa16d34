package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// An extern the program declares (stdout) is its copy of libc's, with the
// declared type; a library's object it does not declare (stdin) has, as
// gdb says without the library's debug information, an unknown type.
func TestEvalCExtern(t *testing.T) {
	needGcc(t)
	tg := launch(t, "cextern")
	line := fixture.LineOf(t, "cextern", "prog.c", "marker: out")
	tg.brk("prog.c:" + strconv.Itoa(line))
	tg.stop(Continue{})
	if got := tg.print("stdout", 0); !strings.HasPrefix(got, "(FILE *) 0x") || !strings.HasSuffix(got, " <_IO_2_1_stdout_>") {
		t.Errorf("print stdout = %s", got)
	}
	if got := tg.print("stdout->_fileno", 0); got != "1" {
		t.Errorf("print stdout->_fileno = %s, want 1", got)
	}
	want := "'stdin' has unknown type; cast it to its declared type"
	if got := tg.print("stdin", 0); !strings.Contains(got, want) {
		t.Errorf("print stdin = %s, want %q", got, want)
	}
	if got := tg.print("nosuch", 0); !strings.Contains(got, `no variable "nosuch"`) {
		t.Errorf("print nosuch = %s", got)
	}
}
