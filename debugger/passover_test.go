package debugger

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/arch/x86/x86asm"

	"tdb/source"
	"tdb/source/fixture"
)

// TestEmulationMatchesExecution puts a breakpoint that never stops (a
// hit-count condition that is never reached) on every instruction of the
// programs' own functions, and runs them in the verifying mode: each
// emulated instruction is also executed for real and the registers and
// memory compared. The programs must also print and exit exactly as they
// do undebugged.
func TestEmulationMatchesExecution(t *testing.T) {
	for _, prog := range []string{"fib", "values", "goroutines", "hot", "cprog", "cvalues", "emu"} {
		t.Run(prog, func(t *testing.T) {
			bin := fixture.Build(t, prog)
			var args []string
			if prog == "hot" {
				args = []string{"200", "4"}
			}
			wantOut, wantStatus := runPlain(t, bin, args)

			addrs := ownInstructions(t, bin)
			h := &testHooks{verifyEmu: true}
			s, err := start(Config{Path: bin, Args: args}, h)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var out bytes.Buffer
			done := make(chan struct{})
			go func() {
				defer close(done)
				for ev := range s.Events() {
					if o, ok := ev.(Output); ok {
						out.Write(o.Data)
					}
				}
			}()
			for _, a := range addrs {
				rep := s.Do(SetBreakpoint{Loc: mustLoc(fmt.Sprintf("*%#x", a))})
				if rep.Err != nil {
					t.Fatalf("break *%#x: %v", a, rep.Err)
				}
				if rep := s.Do(SetCondition{ID: rep.Breakpoints[0].ID, Cond: "> 1000000000", HitCount: true}); rep.Err != nil {
					t.Fatal(rep.Err)
				}
			}
			var rep Reply
			for i := 0; i < 100; i++ { // a program's own signals may stop it
				if rep = s.Do(Continue{}); rep.Exited != nil || rep.Err != nil {
					break
				}
			}
			if rep.Exited == nil {
				t.Fatalf("the program did not exit: %+v", rep)
			}
			s.Close()
			<-done

			h.mu.Lock()
			errs := h.emuErrs
			h.mu.Unlock()
			for _, e := range errs {
				t.Error(e)
			}
			if h.emuPasses.Load() == 0 {
				t.Errorf("no instruction of %d was emulated", len(addrs))
			}
			t.Logf("%d breakpoints, %d emulated passes", len(addrs), h.emuPasses.Load())
			if got := rep.Exited.Status; got != wantStatus || rep.Exited.Signal != "" {
				t.Errorf("exit: got %v, want status %d", rep.Exited, wantStatus)
			}
			if got := strings.ReplaceAll(out.String(), "\r\n", "\n"); got != wantOut {
				t.Errorf("output differs from an undebugged run:\n got %q\nwant %q", got, wantOut)
			}
		})
	}
}

// runPlain runs bin without a debugger.
func runPlain(t *testing.T, bin string, args []string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

// ownInstructions lists the start of every instruction of the program's
// own functions (main.* in Go, the functions of the C source file).
func ownInstructions(t *testing.T, bin string) []uint64 {
	t.Helper()
	b, err := source.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text := f.Section(".text")
	code, err := text.Data()
	if err != nil {
		t.Fatal(err)
	}
	var addrs []uint64
	for _, fn := range b.Functions() {
		if !ownFunction(b, fn) {
			continue
		}
		for pc := fn.Entry; pc < fn.End; {
			off := pc - text.Addr
			if off >= uint64(len(code)) {
				break
			}
			inst, err := x86asm.Decode(code[off:], 64)
			if err != nil || inst.Len == 0 {
				break
			}
			addrs = append(addrs, pc)
			pc += uint64(inst.Len)
		}
	}
	if len(addrs) == 0 {
		t.Fatal("no instructions found")
	}
	return addrs
}

func ownFunction(b *source.Binary, fn *source.Function) bool {
	if b.IsGo() {
		return strings.HasPrefix(fn.Name, "main.")
	}
	file, _, ok := b.PCToLine(fn.Entry)
	return ok && strings.HasSuffix(file, ".c")
}
