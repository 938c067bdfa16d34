package debugger

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The guardian of an attached process (issue 6: "tdb itself killed with
// SIGKILL: an attached one keeps running without an int3 left in its code").
//
// When tdb dies, the kernel detaches the tracee and lets it run on with
// whatever tdb wrote into its text: the next thread to reach a breakpoint
// takes a SIGTRAP nobody handles and the program dies with a core dump.
// Nothing in tdb runs after a SIGKILL, so a small process of its own does
// the cleanup: tdb re-executes itself (/proc/self/exe) with a hidden first
// argument, twice, so that the guardian is a child of neither tdb (whose
// engine reaps children with wait4(-1)) nor tdb's session (setsid: the
// terminal's SIGHUP does not reach it). The guardian holds the read end of
// a pipe whose write end only tdb has. tdb writes "done" when it detaches
// or ends the session; the guardian then exits at once. EOF without
// "done" means tdb died: the guardian seizes the target's threads (which
// tdb's death releases), puts back every byte of a file-backed executable
// mapping that holds int3 where the file does not, clears the debug
// registers of tdb's watchpoints (they outlive their tracer), and lets it
// go. Unless the group stop (guard_groupstop.go) holds the threads, a
// write to watched memory between tdb's death and the seize still kills
// the program, where an int3 at least waits for its line. It is a
// best effort: it logs what it did to guardLogPath and gives up after
// guardTimeout rather than hang.

// guardArg is the hidden first argument that makes tdb a guardian.
const guardArg = "__tdb_guardian"

// guardTimeout bounds the guardian's work once tdb has died.
const guardTimeout = 2 * time.Second

// guardable is set by GuardMain: this executable handles guardArg. Test
// binaries never call it, so they never re-execute themselves.
var guardable atomic.Bool

// GuardMain is the hook at the very top of tdb's main: with the hidden
// argument it runs the guardian and returns its exit status and true (main
// exits with it); otherwise it returns false and tdb runs as usual,
// knowing it may start guardians.
func GuardMain(args []string) (int, bool) {
	if len(args) < 2 || args[1] != guardArg {
		guardable.Store(true)
		return 0, false
	}
	return runGuardian(args[2:]), true
}

// guard is tdb's end of a guardian: the pipe's write end.
type guard struct {
	w *os.File
}

// startGuard starts the guardian of the attached process pid. It returns
// nil (after logging why) when it cannot: debugging goes on unguarded.
func startGuard(pid int, logf func(level, format string, args ...any)) *guard {
	if !guardable.Load() {
		return nil
	}
	start, err := procStartTime(pid)
	if err != nil {
		logf("warning", "no guardian for process %d: %v", pid, err)
		return nil
	}
	r, w, err := os.Pipe() // close-on-exec: no other child of tdb's holds w
	if err != nil {
		logf("warning", "no guardian for process %d: %v", pid, err)
		return nil
	}
	defer r.Close()
	// This runs on the ptrace thread: the tracer, whose end releases the
	// process (tdb's other threads, and the pipe, may outlive it a while).
	tracer := strconv.Itoa(unix.Gettid())
	cmd := exec.Command("/proc/self/exe", guardArg, "fork", strconv.Itoa(pid), start, tracer)
	cmd.ExtraFiles = []*os.File{r} // fd 3
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// The first stage only starts the second and exits: wait for it here,
	// before the engine's wait4(-1) could see it.
	if err := cmd.Run(); err != nil {
		w.Close()
		logf("warning", "no guardian for process %d: %v %s", pid, err, strings.TrimSpace(stderr.String()))
		return nil
	}
	return &guard{w: w}
}

// release tells the guardian that tdb is done with the process (detached,
// or killed it): it exits without touching it. Safe on a nil guard and
// more than once.
func (g *guard) release() {
	if g == nil || g.w == nil {
		return
	}
	g.w.Write([]byte("done\n"))
	g.w.Close()
	g.w = nil
}

// runGuardian is the guardian process: args are the stage ("fork" or
// "run"), the pid, its start time and tdb's tracer thread; fd 3 is the pipe
// from tdb; in the run stage fd 4, if open, is a pidfd of the tracer
// thread.
func runGuardian(args []string) int {
	if len(args) != 4 {
		fmt.Fprintln(os.Stderr, "tdb guardian: bad arguments")
		return 2
	}
	stage, start := args[0], args[2]
	pid, err1 := strconv.Atoi(args[1])
	tracer, err2 := strconv.Atoi(args[3])
	if err1 != nil || err2 != nil {
		fmt.Fprintln(os.Stderr, "tdb guardian: bad pid")
		return 2
	}
	if stage == "fork" {
		// When tdb dies the guardian races the released threads to their
		// next breakpoint: on a busy machine it must not wait for a CPU.
		// Linux keeps the nice value per thread and a new thread or
		// process inherits its creator's: raised here, on the thread
		// that starts the guardian, it holds for every thread of it.
		// Raising it needs root (or CAP_SYS_NICE): best effort.
		runtime.LockOSThread()
		unix.Setpriority(unix.PRIO_PROCESS, 0, -20)
		cmd := exec.Command("/proc/self/exe", guardArg, "run", args[1], start, args[3])
		cmd.ExtraFiles = []*os.File{os.NewFile(3, "tdb-pipe")}
		// Opened while tdb waits for this stage, so the thread is alive
		// and the tid its own. Linux 6.9 and later; else the pipe alone.
		if fd, err := unix.PidfdOpen(tracer, unix.PIDFD_THREAD); err == nil {
			cmd.ExtraFiles = append(cmd.ExtraFiles, os.NewFile(uintptr(fd), "tdb-tracer"))
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(os.Stderr, "tdb guardian: %v\n", err)
			return 1
		}
		return 0
	}
	if tdbDone() {
		return 0
	}
	// tdb died with the process still in its hands: rescue first, every
	// microsecond counts; write the log after.
	var msg string
	status := 0
	if now, err := procStartTime(pid); err != nil || now != start {
		msg = "tdb died; the process is gone"
	} else if r, err := rescueAll(pid, time.Now().Add(guardTimeout)); err != nil {
		msg, status = fmt.Sprintf("tdb died; gave up after restoring %d byte(s): %v", r.restored, err), 1
	} else {
		msg = fmt.Sprintf("tdb died; restored %d breakpoint byte(s) and let the process go", r.restored)
		if r.unwound > 0 {
			msg += fmt.Sprintf(" (%d thread(s) moved back onto the instruction they had trapped at)", r.unwound)
		}
		if r.disarmed > 0 {
			msg += fmt.Sprintf(" (watchpoints disarmed in %d thread(s))", r.disarmed)
		}
	}
	log := openGuardLog()
	fmt.Fprintf(log, "%s tdb guardian of process %d: %s\n", time.Now().Format(time.RFC3339), pid, msg)
	log.Close()
	return status
}

// tdbDone waits until tdb says "done" or dies, and says which. The pipe
// reaches EOF only once every thread of tdb's is gone, but the kernel lets
// the traced process go as soon as the tracer thread ends (exit_ptrace), and
// from then on the program runs with tdb's int3 bytes unguarded: the
// tracer thread's pidfd (fd 4) wakes the guardian at that moment.
func tdbDone() bool {
	fds := []unix.PollFd{{Fd: 3, Events: unix.POLLIN}}
	if _, err := unix.FcntlInt(4, unix.F_GETFD, 0); err == nil {
		fds = append(fds, unix.PollFd{Fd: 4, Events: unix.POLLIN})
	}
	for {
		if _, err := unix.Poll(fds, -1); err != unix.EINTR {
			break
		}
	}
	// tdb writes "done" before its tracer thread ends, so it is in the
	// pipe by now if it was ever sent.
	unix.SetNonblock(3, true)
	buf := make([]byte, 64)
	n, _ := unix.Read(3, buf)
	return n > 0 && strings.HasPrefix(string(buf[:n]), "done")
}

// guardLogPath is where guardians write: $TDB_CACHE_DIR/guardian.log, else
// the user's cache directory's tdb/guardian.log. Never tdb's terminal.
func guardLogPath() string {
	dir := os.Getenv("TDB_CACHE_DIR")
	if dir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			d = os.TempDir()
		}
		dir = filepath.Join(d, "tdb")
	}
	return filepath.Join(dir, "guardian.log")
}

func openGuardLog() io.WriteCloser {
	p := guardLogPath()
	os.MkdirAll(filepath.Dir(p), 0o755)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nopCloser{io.Discard}
	}
	return f
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// procStartTime is field 22 of /proc/PID/stat, the process's start time:
// with the pid it names the process, not a later one given the same pid.
func procStartTime(pid int) (string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", err
	}
	// The command name (field 2) may hold spaces and parentheses: count
	// fields after its closing parenthesis.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "", fmt.Errorf("unreadable /proc/%d/stat", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return "", fmt.Errorf("unreadable /proc/%d/stat", pid)
	}
	return f[19], nil
}
