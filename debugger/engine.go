package debugger

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"syscall"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"tdb/source"
)

// engine is the state of the ptrace goroutine. Only that goroutine touches it.
type engine struct {
	s   *Session
	cfg Config
	bin *source.Binary

	pid      int
	attached bool
	// exitUnanswered: the exit idleCheck found between requests, not yet
	// the reply of a request that would run the program.
	exitUnanswered bool
	// interruptsSeen: Session.interrupts as the request being handled
	// was sent, or as a run last acted on it (run.go).
	interruptsSeen uint64
	lifted         bool      // breakpoint.go: an attached program stopped without its 0xCC bytes
	guard          *guard    // guard.go: restores an attached process's code if tdb dies
	core           *coreFile // core_session.go: the core file read instead of a process
	bias           uint64    // load address minus link address (PIE)
	mem            *os.File
	// retvals.go: the return a plan waits for, and the values the last
	// one returned, for the next snapshot.
	retWait  *retExpect
	returned []Value
	// valFrame: the frame a values request is about (values.go), whose
	// language says how values print; nil: the selected frame.
	valFrame *int
	threads  map[int]*thread
	cur      *thread // the thread the last stop is about
	// faultedOver: a thread whose step over a breakpoint faulted; it
	// stays stopped and the run reports the fault (run.go).
	faultedOver *thread
	exited      *Exited
	detached    bool
	closing     bool

	mechanics bool
	// why and overBP say more about the next operations for their
	// explanations (mechanics_explain.go).
	why    mechWhy
	curX   mechWhy // the explanation of the call in progress (before)
	overBP *physBP
	seq    int
	state  *State // the last snapshot; nil while running or after exit

	bps map[uint64]*physBP // by run-time address
	// bpList is the breakpoint list the engine's States and replies
	// share (read-only; copied when handed out, handout.go); nil when it
	// must be rebuilt (breakpoint.go).
	bpList []Breakpoint
	// maps caches the program's mappings for emulated memory accesses
	// (passover_maps.go); nil when they must be read again.
	maps     []mapping
	users    []*userBP // by ID
	nextID   int
	plan     *stepPlan  // temporary breakpoints of the running step command
	panicBPs []uint64   // runtime.fatalpanic: unrecovered panics stop here (rtstop.go)
	fatalBPs []uint64   // runtime.throw, runtime.fatal: fatal errors stop here
	watch    watchState // watch.go: the debug registers' watchpoints
	solib    solibState // solib.go: the loaded shared libraries

	goRT    goRuntime
	grs     goroutinesState // goroutines.go: list and switch goroutines
	forks   forkState       // fork.go: fork children let go
	outDone chan struct{}   // closed when the pty reader has finished
	slave   *os.File
	writes  writeGate // perf_output.go: does flushOutput need to wait?
	scratch []byte    // eval_scratch.go: memory expressions make
	// warnedOpt: the packages whose optimised code a stop has warned
	// about (optimized.go): once each.
	warnedOpt map[string]bool
	sigs      signalTable // signals.go: the user's `handle` changes
	pastMain  bool        // unwind_pastmain.go: backtraces go on past C's main
	// untilFloor: until.go's next leaves out statements below it.
	untilFloor uint64
	// lent: while a library's binary stands in e.bin (solib_values.go),
	// the program's.
	lent      *lentObject
	catchExec bool           // exec.go: stop at an exec
	execOrig  *source.Binary // exec.go: the session's program, after an exec
	budget    readBudget     // bounded.go: what a values request may read
	// srcChecked: the source files a stop has compared with the
	// executable (srcnewer.go): once each.
	srcChecked map[string]bool
}

// thread is one traced thread.
type thread struct {
	tid       int
	stopped   bool
	regs      unix.PtraceRegs
	regsValid bool
	// expectStops counts SIGSTOPs the engine sent that the thread has not
	// reported yet; they are swallowed when they arrive.
	expectStops int
	// newborn: a thread announced by a clone event whose initial SIGSTOP
	// has not been seen yet.
	newborn bool
	// pendingSig is a signal to deliver when the thread is resumed.
	pendingSig int
	// skipPC is the breakpoint address this thread was last reported at:
	// on resume it steps over that one 0xCC. A thread that sits on a
	// breakpoint for any other reason has not executed it yet: it was
	// stopped just before it, or it hit it while the engine was stopping
	// every thread and its pc was moved back onto the 0xCC. It must run
	// into the 0xCC and be reported, or a hit is lost.
	skipPC uint64
	// The debug registers as written into this thread (watch.go): drGen
	// is the watchState generation they match, dr7 the enable bits.
	drGen  int
	dr7    uint64
	drAddr [maxWatchpoints]uint64
	// watchHit is a watchpoint this thread hit that is not reported yet
	// (it trapped while the engine stopped every thread, or during a
	// single-step).
	watchHit *userBP
}

func newEngine(s *Session, cfg Config) *engine {
	return &engine{
		s:         s,
		cfg:       cfg,
		bin:       s.bin.Load(),
		threads:   map[int]*thread{},
		bps:       map[uint64]*physBP{},
		nextID:    1,
		mechanics: cfg.Mechanics,
	}
}

// emit sends ev, copied so that the front end shares nothing with the
// engine (handout.go).
func (e *engine) emit(ev Event) { e.s.events <- handOut(ev) }

func (e *engine) logf(level, format string, args ...any) {
	e.emit(Log{Level: level, Text: fmt.Sprintf(format, args...)})
}

// start launches or attaches to the target.
func (e *engine) start() error {
	for _, w := range e.bin.Warnings() {
		e.logf("warning", "%s", w)
	}
	if e.cfg.Attach != 0 {
		return e.attach(e.cfg.Attach)
	}
	return e.launch()
}

func (e *engine) launch() error {
	cmd := exec.Command(e.bin.Path(), e.cfg.Args...)
	cmd.Args[0] = e.cfg.Path
	if e.cfg.Path == "" {
		cmd.Args[0] = e.bin.Path()
	}
	cmd.Dir = e.cfg.Dir
	cmd.Env = e.cfg.Env
	// Setsid: the program gets its own session and process group, so tdb's
	// terminal never sends it SIGINT/SIGTSTP, and a process-group kill
	// takes it and its children. No controlling terminal: when tdb's pty
	// master closes (tdb exits after detach) the kernel has nobody to send
	// SIGHUP to, and a detached program runs on.
	cmd.SysProcAttr = &syscall.SysProcAttr{Ptrace: true, Setsid: true}
	if e.cfg.TTY != "" {
		f, err := os.OpenFile(e.cfg.TTY, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("opening terminal for the program: %w", err)
		}
		defer f.Close()
		cmd.Stdin, cmd.Stdout, cmd.Stderr = f, f, f
	} else {
		master, slave, err := pty.Open()
		if err != nil {
			return fmt.Errorf("opening a pty for the program: %w", err)
		}
		if master, err = pollable(master); err != nil {
			slave.Close()
			return fmt.Errorf("opening a pty for the program: %w", err)
		}
		// Raw output: no \n -> \r\n translation, so the bytes the program
		// writes are the bytes tdb shows or prints.
		if t, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS); err == nil {
			t.Oflag &^= unix.OPOST
			unix.IoctlSetTermios(int(slave.Fd()), unix.TCSETS, t)
		}
		cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
		e.s.ptyMu.Lock()
		e.s.pty = master
		e.s.ptyMu.Unlock()
		e.slave = slave
	}
	if err := cmd.Start(); err != nil {
		e.closePty()
		return fmt.Errorf("starting %s: %w", e.bin.Path(), err)
	}
	if e.slave != nil {
		// Only the program keeps the slave open, so the reader sees EIO
		// when the program (and its children) are gone.
		e.slave.Close()
		e.slave = nil
		e.startOutput()
	}
	e.pid = cmd.Process.Pid
	// The child stops with SIGTRAP after execve (PTRACE_TRACEME).
	_, ws, err := e.wait4(e.pid)
	if err != nil || !ws.Stopped() {
		e.closePty()
		return fmt.Errorf("starting %s: the program did not stop after exec (%s)", e.bin.Path(), describeStatus(ws))
	}
	t := &thread{tid: e.pid, stopped: true}
	e.threads[e.pid] = t
	e.cur = t
	// EXITKILL: if tdb dies, the kernel kills the program; TRACECLONE:
	// follow every new thread; forkOptions: fork children stop so that
	// tdb can let them go without its breakpoints (fork.go).
	if err := e.setOptions(e.pid, unix.PTRACE_O_TRACECLONE|unix.PTRACE_O_EXITKILL|forkOptions|execOption); err != nil {
		e.killAndReap()
		return fmt.Errorf("ptrace options: %w", err)
	}
	return e.afterStart()
}

func (e *engine) afterStart() error {
	e.s.pid.Store(int32(e.pid))
	e.s.kickTid.Store(int32(e.pid))
	f, err := os.OpenFile(fmt.Sprintf("/proc/%d/mem", e.pid), os.O_RDWR, 0)
	if err != nil {
		e.killAndReap()
		return fmt.Errorf("opening the program's memory: %w", err)
	}
	e.mem = f
	if e.bin.PIE() {
		e.bias = e.loadBias()
	}
	e.goRT = loadGoRuntime(e.bin)
	// Unrecovered panics and fatal errors stop before the program dies,
	// with the stack where they were raised still in place.
	e.insertRuntimeStops()
	e.solibStart() // solib.go
	// Breakpoints kept over a restart.
	for _, b := range e.users {
		b.HitCount = 0
		b.Addrs = b.Addrs[:0]
		for _, a := range b.linkAddrs {
			b.Addrs = append(b.Addrs, a+e.bias)
		}
		if err := e.placeUser(b); err != nil {
			e.logf("warning", "breakpoint %d: %v", b.ID, err)
		}
	}
	e.watchAfterRestart()
	return nil
}

// loadBias reads AT_ENTRY from the auxiliary vector: the run-time entry
// point minus the ELF's entry is the load bias of a PIE.
func (e *engine) loadBias() uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/auxv", e.pid))
	if err != nil {
		return 0
	}
	for i := 0; i+16 <= len(b); i += 16 {
		tag, val := le64(b[i:]), le64(b[i+8:])
		if tag == 9 { // AT_ENTRY
			return val - e.bin.Entry()
		}
	}
	return 0
}

func (e *engine) attach(pid int) error {
	e.attached = true
	e.lifted = true // no breakpoint yet: the code is clean
	e.pid = pid
	tids, err := listThreads(pid)
	if err != nil {
		return fmt.Errorf("attach %d: %w", pid, err)
	}
	for _, tid := range tids {
		if err := e.seize(tid); err != nil {
			// The threads seized so far run on: PTRACE_DETACH refuses a
			// thread that is not stopped (ESRCH), and they are let go
			// when the tracer thread ends with the failed session.
			for _, t := range e.threads {
				if derr := e.detachTask("tid", t.tid, 0, ""); derr != nil && !errors.Is(derr, unix.ESRCH) {
					e.logf("warning", "attach %d: letting thread %d go: %v", pid, t.tid, derr)
				}
			}
			return attachError(pid, err)
		}
		e.threads[tid] = &thread{tid: tid}
	}
	for _, t := range e.threads {
		// A thread that exited since (ESRCH) is collected by the wait.
		if err := e.interrupt(t.tid); err != nil && !errors.Is(err, unix.ESRCH) {
			return fmt.Errorf("attach %d: interrupting thread %d: %w", pid, t.tid, err)
		}
	}
	for _, t := range e.threads {
		for !t.stopped {
			_, ws, err := e.wait4(t.tid)
			if err != nil {
				return fmt.Errorf("attach %d: %w", pid, err)
			}
			if ws.Stopped() {
				t.stopped = true
				if sig := ws.StopSignal(); sig != unix.SIGTRAP && sig != unix.SIGSTOP {
					t.pendingSig = int(sig)
				}
			}
		}
		if err := e.setOptions(t.tid, unix.PTRACE_O_TRACECLONE|forkOptions|execOption); err != nil {
			// Debugging goes on; the thread's clones, forks and execs
			// are not followed.
			e.logf("warning", "attach %d: ptrace options of thread %d: %v", pid, t.tid, err)
		}
	}
	e.cur = e.threads[pid]
	if e.cur == nil {
		e.cur = e.threads[tids[0]]
	}
	e.guard = startGuard(pid, e.logf)
	e.enterGroupStop() // guard_groupstop.go
	if err := e.afterStart(); err != nil {
		e.guard.release()
		return err
	}
	return nil
}

func listThreads(pid int) ([]int, error) {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("no process %d", pid)
		}
		return nil, err
	}
	var tids []int
	for _, ent := range ents {
		var tid int
		if _, err := fmt.Sscan(ent.Name(), &tid); err == nil {
			tids = append(tids, tid)
		}
	}
	sort.Ints(tids)
	return tids, nil
}

// reportEntry sends the first stop.
func (e *engine) reportEntry() {
	e.report(StopReason{Kind: "entry"}, "")
}

func (e *engine) alive() bool { return e.pid != 0 && e.exited == nil && !e.detached }

// handle runs one request on the ptrace goroutine.
func (e *engine) handle(req Request) Reply {
	if _, ok := req.(SetBreakpoint); !ok {
		// Anything else may change a breakpoint's fields (hit counts,
		// conditions, enabled, addresses after a restart).
		e.bpList = nil
	}
	switch r := req.(type) {
	case closeRequest:
		e.closing = true
		return Reply{}
	case SetMechanics:
		e.mechanics = r.On
		return Reply{}
	case CatchExec: // exec.go
		e.catchExec = r.On
		return Reply{}
	case Restart:
		return e.restart()
	case HandleSignals, SignalInfo:
		return e.handleSignalRequest(req) // signals.go
	case BacktracePastMain:
		return e.setPastMain(r.On) // unwind_pastmain.go
	}
	if !e.alive() {
		switch req.(type) {
		case SetBreakpoint, ClearBreakpoint, ClearAllBreakpoints, ToggleBreakpoint, SetCondition, ListBreakpoints, ToggleBreakpointAt, SetWatchpoint:
			// Breakpoints may be edited while no program runs; they
			// are placed at the next restart.
			return e.handleBreakpoint(req)
		}
		if e.detached {
			return Reply{Err: fmt.Errorf("the program was detached: restart it first")}
		}
		if e.exitUnanswered && isRun(req) {
			// The program died between requests (idleCheck): the
			// first command that would run it answers with the exit,
			// which batch mode prints from replies only.
			e.exitUnanswered = false
			return Reply{Exited: e.exited}
		}
		return Reply{Err: ErrNotRunning}
	}
	switch r := req.(type) {
	case Continue, Next, Step, StepOut, StepInstruction, NextInstruction, RunToMain, Until:
		if err := e.parkedStepError(req); err != nil {
			return Reply{Err: err, State: e.state}
		}
		return e.execute(req)
	case SetBreakpoint, ClearBreakpoint, ClearAllBreakpoints, ToggleBreakpoint, SetCondition, ListBreakpoints, ToggleBreakpointAt, SetWatchpoint:
		rep := e.handleBreakpoint(req)
		if e.state != nil && rep.Err == nil {
			e.state = e.withBreakpoints(e.state)
			rep.State = e.state
		}
		return rep
	case CurrentState:
		return Reply{State: e.state}
	case ListSharedLibraries:
		return e.listSharedLibraries() // solib.go
	case SelectFrame:
		return e.selectFrame(r.Index)
	case Backtrace:
		// A huge stack is read frame by frame: Ctrl+C cancels it.
		return e.bounded(func() Reply { return e.backtrace(r.Depth) }) // bounded.go
	case ReadMemory:
		if r.Len < 0 || r.Len > 1<<20 {
			return Reply{Err: fmt.Errorf("cannot read %d bytes: at most 1 MiB at a time", r.Len)}
		}
		buf := make([]byte, r.Len)
		read := e.readMem
		if r.Raw {
			read = e.readMemRaw
		}
		if err := read(r.Addr, buf); err != nil {
			return Reply{Err: fmt.Errorf("cannot access memory at %#x", r.Addr)}
		}
		return Reply{Memory: buf}
	case Disassemble:
		return e.disassemble(r)
	case Kill:
		e.killAndReap()
		return Reply{Exited: e.exited}
	case Detach:
		if err := e.detach(); err != nil {
			return Reply{Err: err}
		}
		return Reply{}
	}
	// Requests of the values (variables, expressions) and goroutines
	// parts of the engine, each in its own files.
	if r, ok := req.(ListGoroutines); ok {
		// Thousands of goroutines, each one's frames read: cancellable.
		return e.bounded(func() Reply { return e.listGoroutines(r) })
	}
	if rep, ok := e.boundedValues(req); ok { // bounded.go
		return rep
	}
	if rep, ok := e.handleGoroutines(req); ok {
		return rep
	}
	if r, ok := req.(DumpCore); ok {
		return e.dumpCore(r) // core_dump.go
	}
	return Reply{Err: fmt.Errorf("unknown request %T", req)}
}

// handleWhileRunning answers a request that arrived while the target runs;
// every thread has been stopped. It reports whether the run must end.
func (e *engine) handleWhileRunning(env envelope) (end bool) {
	switch env.req.(type) {
	case SetBreakpoint, ClearBreakpoint, ClearAllBreakpoints, ToggleBreakpoint, SetCondition, ListBreakpoints, ToggleBreakpointAt:
		env.answer(e.handleBreakpoint(env.req))
		return false
	case SetMechanics, HandleSignals, SignalInfo:
		env.answer(e.handle(env.req))
		return false
	case Kill:
		e.killAndReap()
		env.answer(Reply{Exited: e.exited})
		return true
	case closeRequest:
		e.closing = true
		env.answer(Reply{})
		return true
	case Detach:
		err := e.detach()
		env.answer(Reply{Err: err})
		return err == nil
	}
	env.answer(Reply{Err: ErrRunning})
	return false
}

func (e *engine) restart() Reply {
	if e.attached {
		return Reply{Err: fmt.Errorf("cannot restart an attached process")}
	}
	if e.alive() {
		e.killAndReap()
	}
	e.closeMem()
	e.waitOutput()
	e.closePty()
	e.pid, e.exited, e.detached, e.state, e.plan = 0, nil, false, nil, nil
	e.exitUnanswered = false
	e.threads = map[int]*thread{}
	e.bps = map[uint64]*physBP{}
	e.panicBPs, e.fatalBPs = nil, nil
	e.unexec() // exec.go: the program the session started with
	if err := e.launch(); err != nil {
		return Reply{Err: err}
	}
	e.report(StopReason{Kind: "entry"}, "")
	return Reply{State: e.state, Notes: e.watch.restartNotes}
}

// shutdown ends the session: a launched target is killed; an attached one
// is detached and runs on, as gdb leaves a process it attached to (a batch
// script that attached and did not end in detach killed it).
func (e *engine) shutdown() {
	// A program tdb attached to was running before tdb and runs on after
	// it, as gdb leaves it: released, not killed, whatever ends the
	// session (quit, a signal to tdb, the end of a batch). It is stopped
	// here (the close request came while it was, or was stopped for).
	if e.alive() && e.attached {
		if err := e.detach(); err != nil {
			e.logf("warning", "%v", err)
		}
	}
	if e.alive() {
		e.killAndReap()
	}
	e.guard.release()
	e.closeMem()
	e.waitOutput()
	e.closePty()
}

func (e *engine) closeMem() {
	if e.mem != nil {
		e.mem.Close()
		e.mem = nil
	}
}

// killAndReap kills the whole process group and collects every thread, so
// no zombie or traced process is left behind.
func (e *engine) killAndReap() {
	if e.pid == 0 || e.exited != nil {
		return
	}
	e.s.running.Store(false)
	// ESRCH: the group or the process is gone already; the waits below
	// collect what is left.
	for _, pid := range []int{-e.pid, e.pid} {
		if err := e.kill(pid, unix.SIGKILL); err != nil && err != unix.ESRCH {
			e.logf("warning", "killing %d: %v", pid, err)
		}
	}
	// A blocking wait on a zombie group leader can hang while other
	// threads linger, so poll with WNOHANG against a deadline.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		wpid, ws, err := e.waitPoll(-1)
		if err == unix.ECHILD {
			break
		}
		if wpid > 0 {
			if wpid == e.pid && (ws.Exited() || ws.Signaled()) {
				e.setExited(ws)
				break
			}
			delete(e.threads, wpid)
			continue
		}
		time.Sleep(time.Millisecond)
	}
	if e.exited == nil {
		e.exited = &Exited{PID: e.pid, Signal: "SIGKILL"}
	}
	e.threads = map[int]*thread{}
	e.state = nil
	e.closeMem()
	e.waitOutput()
	e.emit(*e.exited)
}

func (e *engine) setExited(ws unix.WaitStatus) {
	ex := &Exited{PID: e.pid}
	if ws.Signaled() {
		ex.Signal = sigName(int(ws.Signal()))
	} else {
		ex.Status = ws.ExitStatus()
	}
	e.exited = ex
}

// detach removes every breakpoint and lets the program run on.
func (e *engine) detach() error {
	for addr, bp := range e.bps {
		if bp.inserted {
			if err := e.writeOrig(bp); err != nil {
				return fmt.Errorf("detach: removing the breakpoint at %#x: %w", addr, err)
			}
		}
	}
	for _, t := range e.threads {
		if t.dr7 != 0 {
			// A watchpoint left armed would kill the free program with
			// SIGTRAP at its next write.
			if err := e.pokeDebugReg(t.tid, 7, 0, "detach"); err != nil && !errors.Is(err, unix.ESRCH) {
				return fmt.Errorf("detach: %w", err)
			}
			t.dr7 = 0
		}
		sig := t.pendingSig
		// A thread that died while stopped (ESRCH) has nothing to let go
		// or to signal. Past the breakpoints the program is on its way
		// out: a failure is logged, and the other threads let go.
		if err := e.detachTask("tid", t.tid, 0, ""); err != nil && !errors.Is(err, unix.ESRCH) {
			e.logf("warning", "detach: thread %d: %v", t.tid, err)
		}
		if sig != 0 {
			if err := e.tgkill(t.tid, unix.Signal(sig)); err != nil && !errors.Is(err, unix.ESRCH) {
				e.logf("warning", "detach: thread %d loses its pending %s: %v", t.tid, sigName(sig), err)
			}
		}
	}
	// SIGSTOPs the engine sent and the threads never reported are still
	// pending: without SIGCONT they would stop the program once free.
	if err := e.kill(e.pid, unix.SIGCONT); err != nil && !errors.Is(err, unix.ESRCH) {
		e.logf("warning", "detach: %v", err)
	}
	e.s.running.Store(false)
	e.detached = true
	e.threads = map[int]*thread{}
	e.state = nil
	e.closeMem()
	e.guard.release()
	e.emit(Detached{PID: e.pid})
	return nil
}

// isRun says whether req runs the program.
func isRun(req Request) bool {
	switch req.(type) {
	case Continue, Next, Step, StepOut, StepInstruction, NextInstruction, RunToMain, Until:
		return true
	}
	return false
}
