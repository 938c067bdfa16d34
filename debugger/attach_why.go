package debugger

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// A failed attach says why and what to do (issue 6). The kernel answers
// every refusal with EPERM; the reasons are told apart from what /proc
// shows: an existing tracer (a process has one tracer at a time), another
// user's process, Yama's ptrace_scope.

// attachFacts is what explainAttach reads, gathered by attachError.
type attachFacts struct {
	status string // /proc/PID/status ("" if unreadable)
	yama   string // /proc/sys/kernel/yama/ptrace_scope ("" without Yama)
	euid   int    // tdb's effective uid
	tracer string // the tracer's command name, if any
	// tracerPid is the tracer's process id: TracerPid is the id of the
	// tracing thread (tdb's engine thread, not tdb's pid).
	tracerPid string
}

// attachError turns the error of seizing pid (or of reading its
// /proc/PID/exe, which the kernel guards with the same check) into one
// line that says why and what to do.
func attachError(pid int, err error) error {
	if errors.Is(err, unix.ESRCH) || errors.Is(err, os.ErrNotExist) {
		// /proc/PID/exe is missing for a zombie and a kernel thread too.
		if why := nothingToDebug(readSmallFile(fmt.Sprintf("/proc/%d/status", pid))); why != "" {
			return fmt.Errorf("attach %d: %s", pid, why)
		}
		return fmt.Errorf("no process %d", pid)
	}
	if !errors.Is(err, unix.EPERM) && !errors.Is(err, unix.EACCES) {
		return fmt.Errorf("attach %d: %w", pid, err)
	}
	f := attachFacts{
		status: readSmallFile(fmt.Sprintf("/proc/%d/status", pid)),
		yama:   strings.TrimSpace(readSmallFile("/proc/sys/kernel/yama/ptrace_scope")),
		euid:   os.Geteuid(),
	}
	if t := statusField(f.status, "TracerPid:"); t != "" && t != "0" {
		f.tracer = strings.TrimSpace(readSmallFile("/proc/" + t + "/comm"))
		f.tracerPid = statusField(readSmallFile("/proc/"+t+"/status"), "Tgid:")
	}
	return fmt.Errorf("attach %d: %s", pid, explainAttach(f))
}

// nothingToDebug says why a process that exists has no program to
// debug, from its /proc/PID/status ("" if it has one, or is gone).
func nothingToDebug(status string) string {
	switch {
	case status == "":
		return ""
	case statusField(status, "Kthread:") == "1":
		return "it is a kernel thread: there is no program to debug"
	case strings.HasPrefix(statusField(status, "State:"), "Z"), strings.HasPrefix(statusField(status, "State:"), "X"):
		return "it has exited and waits for its parent to collect its status (a zombie): there is nothing left to debug"
	}
	return ""
}

// explainAttach says why the kernel refused, most specific reason first.
func explainAttach(f attachFacts) string {
	if t := statusField(f.status, "TracerPid:"); t != "" && t != "0" {
		if f.tracerPid != "" {
			t = f.tracerPid
		}
		who := "process " + t
		if f.tracer != "" {
			who += " (" + f.tracer + ")"
		}
		return fmt.Sprintf("it is already traced by %s, and a process has one tracer at a time: detach that debugger first", who)
	}
	// Uid: real effective saved fs.
	if uids := strings.Fields(statusField(f.status, "Uid:")); len(uids) >= 2 && f.euid != 0 {
		if uid, err := strconv.Atoi(uids[1]); err == nil && uid != f.euid {
			return fmt.Sprintf("it belongs to uid %d and tdb runs as uid %d: run tdb as that user or as root", uid, f.euid)
		}
	}
	switch f.yama {
	case "1":
		return "Yama ptrace_scope is 1: only a process's ancestors may attach to it; start the program under tdb (tdb exec), or as root: echo 0 > /proc/sys/kernel/yama/ptrace_scope, or give tdb CAP_SYS_PTRACE (setcap cap_sys_ptrace=ep tdb)"
	case "2":
		return "Yama ptrace_scope is 2: only processes with CAP_SYS_PTRACE may attach: run tdb as root"
	case "3":
		return "Yama ptrace_scope is 3: no process may attach until the next reboot; start the program under tdb instead (tdb exec)"
	}
	if f.euid == 0 {
		return "the kernel refused even root (a security module, or a process in another user namespace)"
	}
	return "you may not trace it (a setuid or otherwise protected program): run tdb as root"
}

// statusField is the value of a "Name:\tvalue" line of /proc/PID/status.
func statusField(status, name string) string {
	for _, l := range strings.Split(status, "\n") {
		if v, ok := strings.CutPrefix(l, name); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func readSmallFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
