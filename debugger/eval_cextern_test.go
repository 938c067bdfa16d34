package debugger

import (
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// An extern the program declares (stdout) is its copy of libc's, with the
// declared type; a library's object it does not declare (stdin) is typed
// by the library's debug file, or has an unknown type, as gdb says
// without one.
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
	// stdin is libc's: typed where libc's debug file is installed
	// (libc6-dbg), else of unknown type, as gdb says then.
	unknown := "'stdin' has unknown type; cast it to its declared type"
	switch got := tg.print("stdin", 0); {
	case strings.HasPrefix(got, "(FILE *) 0x") && strings.HasSuffix(got, " <_IO_2_1_stdin_>"):
		if got := tg.print("stdin->_fileno", 0); got != "0" {
			t.Errorf("print stdin->_fileno = %s, want 0", got)
		}
	case !strings.Contains(got, unknown):
		t.Errorf("print stdin = %s, want (FILE *) 0x... <_IO_2_1_stdin_> or %q", got, unknown)
	}
	if got := tg.print("nosuch", 0); !strings.Contains(got, `no variable "nosuch"`) {
		t.Errorf("print nosuch = %s", got)
	}
}
