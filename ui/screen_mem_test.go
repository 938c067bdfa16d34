package ui

import (
	"debug/elf"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"tdb/source/fixture"
	"tdb/theme"
)

// elfBytes reads n bytes at vaddr from bin's sections: the code as the
// linker wrote it.
func elfBytes(t *testing.T, bin string, vaddr uint64, n int) []byte {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range f.Sections {
		if s.Type == elf.SHT_PROGBITS && s.Flags&elf.SHF_ALLOC != 0 && vaddr >= s.Addr && vaddr+uint64(n) <= s.Addr+s.Size {
			b := make([]byte, n)
			if _, err := s.ReadAt(b, int64(vaddr-s.Addr)); err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no section of %s holds %#x", bin, vaddr)
	return nil
}

// memRow is the Memory pane's first row for addr on the screen: the bytes
// as hex, "" if it is not shown.
func memRow(screen string, addr uint64) string {
	m := regexp.MustCompile(fmt.Sprintf(`%#x: ((?:[0-9a-f?]{2} )+)`, addr)).FindStringSubmatch(screen)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}

func hexBytes(b []byte) string {
	s := make([]string, len(b))
	for i, c := range b {
		s[i] = fmt.Sprintf("%02x", c)
	}
	return strings.Join(s, " ")
}

// TestLiveMemoryPane: memory &sum shows sum's bytes (the program's own
// sums, little-endian), follows the expression at the next stop with the
// changed byte highlighted; memory $pc at a breakpoint shows the binary's
// bytes, and t (raw) tdb's 0xCC there, marked as a breakpoint; j scrolls by
// a row.
func TestLiveMemoryPane(t *testing.T) {
	bin := fixture.Build(t, "fib")
	la := startLive(t, "fib", 200, 50)
	la.waitText("stopped at main.go:")
	line := fixture.LineOf(t, "fib", "main.go", "sum += v")
	la.breakAndContinue(fmt.Sprintf("main.go:%d", line))
	la.keys(':', "memory &sum", tcell.KeyEnter)
	s := la.waitText("Memory: &sum = 0x")
	addrStr := regexp.MustCompile(`Memory: &sum = (0x[0-9a-f]+)`).FindStringSubmatch(s)[1]
	addr, _ := strconv.ParseUint(addrStr, 0, 64)
	// sum is 0 before the first addition; after it and the next fib, 1.
	la.waitFor("sum's bytes", func(s string) bool { return strings.HasPrefix(memRow(s, addr), "00 00 00 00 00 00 00 00") })
	x, y, st := la.findCell(addrStr + ": 00")
	if st == la.th.Style(theme.Changed) {
		t.Errorf("a byte highlighted at the pane's first stop")
	}
	la.idle()
	la.keys('c')
	la.waitText("stopped at main.go:")
	la.waitFor("sum = 1", func(s string) bool { return strings.HasPrefix(memRow(s, addr), "01 00 00 00 00 00 00 00") })
	// The byte that changed is highlighted, the one after it is not.
	col := x + len(addrStr) + 2
	cells := la.snapshot()
	if got := cells.cells[y*cells.w+col].Style; got != la.th.Style(theme.Changed) {
		t.Errorf("sum's changed byte is not highlighted: %v", got)
	}
	if got := cells.cells[y*cells.w+col+3].Style; got == la.th.Style(theme.Changed) {
		t.Errorf("an unchanged byte is highlighted")
	}

	// At the breakpoint's address: the program's bytes, then tdb's int3.
	var pc uint64
	la.onUI(func() { pc = la.state.PC })
	la.idle()
	la.keys(':', "memory $pc", tcell.KeyEnter)
	want := hexBytes(elfBytes(t, bin, pc, 4))
	la.waitFor("the code's bytes", func(s string) bool { return strings.HasPrefix(memRow(s, pc), want) })
	la.onUI(func() { la.app.SetFocus(la.mem) })
	la.keys('t')
	la.waitFor("the raw view", func(s string) bool {
		return strings.Contains(s, "(raw: tdb's 0xCC shown)") && strings.HasPrefix(memRow(s, pc), "cc "+want[3:])
	})
	cells = la.snapshot()
	x, y, _ = cells.find(fmt.Sprintf("%#x: cc", pc))
	if got := cells.cells[y*cells.w+x+len(fmt.Sprintf("%#x: ", pc))].Style; got != la.th.Style(theme.Breakpoint) {
		t.Errorf("tdb's 0xCC is not marked as a breakpoint: %v", got)
	}
	la.keys('t')
	la.waitFor("the program's view again", func(s string) bool {
		return !strings.Contains(s, "(raw:") && strings.HasPrefix(memRow(s, pc), want)
	})
	// j: one row further.
	var per int
	la.onUI(func() { per = la.mem.perRow })
	la.keys('j')
	la.waitFor("scrolled a row", func(s string) bool { return memRow(s, pc+uint64(per)) != "" && memRow(s, pc) == "" })
	la.keys('g')
	la.waitFor("back at $pc", func(s string) bool { return memRow(s, pc) != "" })

	// A bad expression: one error line, the pane as it was.
	la.idle()
	la.keys(':', "memory nosuchvar", tcell.KeyEnter)
	la.waitText("error: ")
}
