package source

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"tdb/source/fixture"
)

// readelfRow is one row of `readelf --debug-dump=frames-interp`.
type readelfRow struct {
	loc   uint64
	cfa   string            // "rsp+8", "rbp+16", "exp"
	rules map[string]string // column name ("ra", "rbp") -> "c-8", "u", "s", ...
}

// readelfFrames runs readelf on path and returns its interpreted rows.
func readelfFrames(t *testing.T, path string) []readelfRow {
	t.Helper()
	out, err := exec.Command("readelf", "--debug-dump=frames-interp", path).Output()
	if err != nil {
		t.Skipf("readelf: %v", err)
	}
	var rows []readelfRow
	var cols []string
	inFDE := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// A CIE's own row (LOC 0) is no address's row: skip it.
		switch {
		case strings.Contains(sc.Text(), " FDE "):
			inFDE = true
		case strings.Contains(sc.Text(), " CIE"):
			inFDE, cols = false, nil
		}
		if len(f) >= 2 && f[0] == "LOC" && f[1] == "CFA" && inFDE {
			cols = f[2:]
			continue
		}
		if len(f) < 2 || len(f[0]) != 16 || cols == nil {
			continue
		}
		loc, err := strconv.ParseUint(f[0], 16, 64)
		if err != nil || len(f) != 2+len(cols) {
			continue
		}
		r := readelfRow{loc: loc, cfa: f[1], rules: map[string]string{}}
		for i, c := range cols {
			r.rules[c] = f[2+i]
		}
		rows = append(rows, r)
	}
	return rows
}

var dwarfRegName = map[int]string{RegRAX: "rax", RegRDX: "rdx", RegRCX: "rcx", RegRBX: "rbx",
	RegRSI: "rsi", RegRDI: "rdi", RegRBP: "rbp", RegRSP: "rsp", 8: "r8", 9: "r9", 10: "r10",
	11: "r11", 12: "r12", 13: "r13", 14: "r14", 15: "r15", RegRIP: "rip"}

// ruleString renders a rule the way readelf does.
func ruleString(r RegRule) string {
	switch r.Kind {
	case RuleUndefined:
		return "u"
	case RuleSameValue:
		return "s"
	case RuleOffset:
		return fmt.Sprintf("c%+d", r.Offset)
	case RuleValOffset:
		return fmt.Sprintf("v%+d", r.Offset)
	case RuleRegister:
		return dwarfRegName[r.Reg]
	}
	return "?"
}

// haveStaticLibc reports whether gcc can link -static: glibc's libc.a brings
// hand-written assembly with the full range of CFA instructions.
func haveStaticLibc() bool {
	out, err := exec.Command("gcc", "-print-file-name=libc.a").Output()
	return err == nil && strings.HasPrefix(strings.TrimSpace(string(out)), "/")
}

// TestFrameRowsMatchReadelf checks every row of every FDE of the Go and
// C fixtures (and of static glibc) against binutils' own interpreter.
func TestFrameRowsMatchReadelf(t *testing.T) {
	for _, name := range []string{"fib", "cprog", "cprog@pie", "fib@pie", "cprog@static"} {
		t.Run(name, func(t *testing.T) {
			if name == "cprog@static" && !haveStaticLibc() {
				t.Skip("no static C library (libc.a)")
			}
			path := fixture.Build(t, name)
			rows := readelfFrames(t, path)
			if len(rows) < 10 {
				t.Fatalf("readelf gave only %d rows", len(rows))
			}
			b, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			checked := 0
			for _, want := range rows {
				got, ok := b.FrameRowAt(want.loc)
				if want.cfa == "exp" || want.rules["ra"] == "exp" || want.rules["rbp"] == "exp" {
					if ok {
						t.Errorf("%#x: got row %+v, want none (DWARF expression)", want.loc, got)
					}
					continue
				}
				if !ok {
					t.Errorf("%#x: no row, readelf says CFA %s", want.loc, want.cfa)
					continue
				}
				if cfa := fmt.Sprintf("%s%+d", dwarfRegName[got.CFAReg], got.CFAOffset); cfa != want.cfa {
					t.Errorf("%#x: CFA %s, readelf %s", want.loc, cfa, want.cfa)
				}
				if ra := ruleString(got.RA); ra != want.rules["ra"] {
					t.Errorf("%#x: ra %s, readelf %s", want.loc, ra, want.rules["ra"])
				}
				// readelf prints "u" for a column no rule has set yet;
				// tdb treats such a callee-saved rbp as unchanged.
				wantRBP := want.rules["rbp"]
				if wantRBP == "" || wantRBP == "u" {
					wantRBP = "s"
				}
				// Go's CFI never mentions rbp; tdb adds where the
				// prologue saved it (all of fib's code is Go).
				var off int
				if _, err := fmt.Sscanf(want.cfa, "rsp+%d", &off); err == nil && b.IsGo() && off >= 16 && want.rules["rbp"] == "" {
					wantRBP = "c-16"
				}
				if rbp := ruleString(got.RBP); rbp != wantRBP {
					t.Errorf("%#x: rbp %s, readelf %s", want.loc, rbp, wantRBP)
				}
				checked++
			}
			t.Logf("%d rows checked", checked)
		})
	}
}

// TestFrameRowsAtKnownPoints pins the rows a debugger relies on: a Go
// function's entry and body, and a C function's body after the frame
// pointer is set up.
func TestFrameRowsAtKnownPoints(t *testing.T) {
	b := openFixture(t, "fib")
	fn := lookupOne(t, b, "main.fib")
	row, ok := b.FrameRowAt(fn.Entry)
	if !ok || row.CFAReg != RegRSP || row.CFAOffset != 8 || row.RA != (RegRule{Kind: RuleOffset, Offset: -8}) {
		t.Errorf("main.fib entry: %+v %v, want CFA rsp+8, ra at c-8", row, ok)
	}
	// In the body (after push rbp and SUB rsp) the frame is at its full
	// size: locals, the saved rbp and the return address.
	body, _, err := b.ResolveLine(fn.File, fixture.LineOf(t, "fib", "main.go", "if n < 2"))
	if err != nil {
		t.Fatal(err)
	}
	row, ok = b.FrameRowAt(body[0])
	if !ok || row.CFAReg != RegRSP || row.CFAOffset <= 16 || row.CFAOffset%8 != 0 {
		t.Errorf("main.fib body: %+v %v, want CFA rsp+framesize+8", row, ok)
	}
	// The prologue pushed the caller's rbp just below the return address.
	if row.RBP != (RegRule{Kind: RuleOffset, Offset: -16}) {
		t.Errorf("main.fib body: rbp rule %+v, want saved at CFA-16", row.RBP)
	}
	if row, _ := b.FrameRowAt(fn.Entry); row.RBP.Kind != RuleSameValue {
		t.Errorf("main.fib entry: rbp rule %+v, want unchanged", row.RBP)
	}
	if _, ok := b.FrameRowAt(0x10); ok {
		t.Errorf("pc 0x10 has a frame row")
	}

	c := openFixture(t, "cprog")
	fact := lookupOne(t, c, "fact")
	row, ok = c.FrameRowAt(c.PrologueEnd(fact))
	want := FrameRow{CFAReg: RegRBP, CFAOffset: 16, RA: RegRule{Kind: RuleOffset, Offset: -8}, RBP: RegRule{Kind: RuleOffset, Offset: -16}}
	if !ok || row != want {
		t.Errorf("fact after prologue: %+v %v, want %+v", row, ok, want)
	}
}
