package debugger

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestTracerDeathInGroupStop plays tdb dying at the worst moment: a thread
// has just hit a breakpoint (it sits one byte past the int3, in the
// tracer's hands) while the rest run. The tracer is a locked goroutine's
// thread; it ends like a SIGKILLed tdb's, without a word. Because the
// process is in a group stop, the kernel stops every released thread
// instead of running it (the hit one would run on from the middle of an
// instruction); the guardian's rescue then puts the byte back, moves the
// hit thread back onto the instruction, and sends SIGCONT: the program
// ends as an undebugged run does.
func TestTracerDeathInGroupStop(t *testing.T) {
	// Held until the helper has trapped it, however loaded the machine.
	cmd, out, marker, release := startHeldLoop(t, 300)
	pid := cmd.Process.Pid
	addr := loopAddr(t, "return i * 2")
	if noGroupStop(pid) != "" {
		t.Skipf("the test's program is a foreground job: %s", noGroupStop(pid))
	}
	// The tracer is this test binary run again as a helper: a process
	// that can really die (a goroutine's locked thread may be the main
	// thread, which Go never lets end).
	helper := exec.Command(os.Args[0], "-test.run=^TestTracerHelper$")
	helper.Env = append(os.Environ(), fmt.Sprintf("TDB_TRACER_HELPER=%d:%d", pid, addr))
	stdout, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	defer helper.Process.Kill()
	held := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "held") || strings.HasPrefix(l, "error") {
				held <- l
				return
			}
		}
		held <- "the helper ended"
	}()
	select {
	case l := <-held:
		if l != "held" {
			t.Fatalf("helper: %s", l)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no thread hit the breakpoint")
	}
	release()
	helper.Process.Kill() // SIGKILL, as tdb dies
	helper.Wait()
	// The kernel must have put every released thread back in the group
	// stop rather than let it run.
	for deadline := time.Now().Add(20 * time.Second); procStatusField(pid, "TracerPid:") != "0" || !allStopped(pid); {
		if time.Now().After(deadline) {
			t.Fatalf("the released threads were not stopped: %s", procStatusField(pid, "State:"))
		}
		time.Sleep(time.Millisecond)
	}
	// The hit thread is one byte past the int3, inside the instruction.
	n, back, err := rescueCounting(pid, time.Now().Add(guardTimeout))
	if err != nil || n != 1 || back != 1 {
		t.Fatalf("rescue = %d bytes, %d threads moved back, %v; want 1 and 1", n, back, err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the program ended with %v, want status 0 (output %q)", err, out)
	}
	if b, _ := os.ReadFile(marker); string(b) != "done 300\n" || !strings.Contains(out.String(), "loop total") {
		t.Fatalf("marker %q, output %q: the program did not finish its work", b, out)
	}
}

// TestTracerHelper is TestTracerDeathInGroupStop's tracer, in a process
// of its own; it does nothing in a normal run.
func TestTracerHelper(t *testing.T) {
	arg := os.Getenv("TDB_TRACER_HELPER")
	if arg == "" {
		t.Skip("a helper process of TestTracerDeathInGroupStop")
	}
	var pid int
	var addr uint64
	if _, err := fmt.Sscanf(arg, "%d:%d", &pid, &addr); err != nil {
		fmt.Println("error:", err)
		return
	}
	runtime.LockOSThread()
	if err := trapOnce(pid, addr); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("held")
	select {} // until killed
}

// trapOnce seizes pid, puts it in a group stop as the engine does at
// attach, writes an int3 at addr, runs it until a thread traps there and
// returns with that thread held (rip one past the int3).
func trapOnce(pid int, addr uint64) error {
	tids, err := listThreads(pid)
	if err != nil {
		return err
	}
	e := &engine{pid: pid, threads: map[int]*thread{}, s: &Session{events: make(chan Event, 64)}}
	for _, tid := range tids {
		if err := unix.PtraceSeize(tid); err != nil {
			return fmt.Errorf("seize %d: %w", tid, err)
		}
		unix.PtraceInterrupt(tid)
		e.threads[tid] = &thread{tid: tid}
	}
	for _, th := range e.threads {
		if _, _, err := e.wait4(th.tid); err != nil {
			return err
		}
	}
	e.cur = e.threads[pid]
	e.guard = &guard{} // as if tdb had started one
	e.enterGroupStop()
	mem, err := os.OpenFile(fmt.Sprintf("/proc/%d/mem", pid), os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer mem.Close()
	if _, err := mem.WriteAt([]byte{int3}, int64(addr)); err != nil {
		return err
	}
	for _, th := range e.threads {
		unix.PtraceCont(th.tid, th.pendingSig)
	}
	for {
		tid, ws, err := e.wait4(-1)
		if err != nil {
			return err
		}
		if !ws.Stopped() {
			continue
		}
		if ws.StopSignal() == unix.SIGTRAP && ws>>16 == 0 {
			var regs unix.PtraceRegs
			if err := unix.PtraceGetRegs(tid, &regs); err == nil && regs.Rip == addr+1 {
				return nil // held here, in the middle of the instruction
			}
		}
		sig := 0
		if ws>>16 == 0 && ws.StopSignal() != unix.SIGTRAP && ws.StopSignal() != unix.SIGSTOP {
			sig = int(ws.StopSignal())
		}
		unix.PtraceCont(tid, sig)
	}
}
