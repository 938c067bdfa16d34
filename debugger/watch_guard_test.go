package debugger

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"tdb/source"
	"tdb/source/fixture"
)

// TestRescueDisarmsWatchpoints: a thread's debug registers outlive its
// tracer, so a tdb killed while attached leaves its watchpoints armed and
// the program dies of SIGTRAP at the next write. Here the test is that
// tracer: it arms a write watchpoint on testdata/watchlate's finished
// (written after 30 ticks, from the main thread) in every thread, stopped,
// and detaches without clearing them, as a killed tdb would. The
// guardian's rescue must disarm them: the program then ends with status 0.
func TestRescueDisarmsWatchpoints(t *testing.T) {
	bin := fixture.Build(t, "watchlate")
	b, err := source.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	addr, ok := b.Symbol("main.finished")
	b.Close()
	if !ok {
		t.Fatal("no symbol main.finished")
	}
	marker := filepath.Join(t.TempDir(), "done")
	cmd := exec.Command(bin, marker, "30")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	pid := cmd.Process.Pid
	stopAndWait(t, pid)
	armLeftBehind(t, pid, addr)
	if _, err := rescue(pid, time.Now().Add(guardTimeout)); err != nil {
		t.Fatalf("rescue: %v", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the program ended with %v, want status 0 (output %q)", err, out.String())
	}
	if b, _ := os.ReadFile(marker); string(b) != "done 30\n" {
		t.Fatalf("marker %q: the program did not finish its work", b)
	}
}

// armLeftBehind seizes every thread of the stopped process pid, arms DR0
// on an 8-byte write at addr with DR7, and detaches.
func armLeftBehind(t *testing.T, pid int, addr uint64) {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tids, err := listThreads(pid)
	if err != nil {
		t.Fatal(err)
	}
	for _, tid := range tids {
		if err := unix.PtraceSeize(tid); err != nil {
			t.Fatalf("seize %d: %v", tid, err)
		}
		unix.PtraceInterrupt(tid)
		var ws unix.WaitStatus
		for {
			if _, err := unix.Wait4(tid, &ws, unix.WALL, nil); err != nil {
				t.Fatalf("wait %d: %v", tid, err)
			}
			if ws.Stopped() {
				break
			}
		}
		// DR7: L0, R/W0 01 (writes), LEN0 10 (8 bytes).
		if err := pokeDebugReg(tid, 0, addr); err != nil {
			t.Fatal(err)
		}
		if err := pokeDebugReg(tid, 7, 1|(1|2<<2)<<16); err != nil {
			t.Fatal(err)
		}
		if err := unix.PtraceDetach(tid); err != nil {
			t.Fatalf("detach %d: %v", tid, err)
		}
	}
}
