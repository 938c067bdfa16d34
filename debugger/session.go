package debugger

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"tdb/source"
)

// Session owns one target process. All ptrace calls happen on one goroutine,
// locked to its OS thread, which the session starts; other goroutines talk to
// it through Do/Send (requests with reply channels) and Events.
//
// Concurrency: every method is safe to call from any goroutine.
type Session struct {
	// bin is the program's executable; an exec replaces it (exec.go), and
	// the binaries it replaced are closed with the session (oldBins, the
	// ptrace goroutine's until done is closed).
	bin     atomic.Pointer[source.Binary]
	oldBins []*source.Binary
	reqs    chan envelope
	events  chan Event
	done    chan struct{} // closed when the ptrace goroutine has finished

	// Shared with the ptrace goroutine, for Interrupt and for requests
	// that arrive while the target runs.
	running   atomic.Bool
	interrupt atomic.Bool
	// interrupts counts Interrupt calls. A request carries the count as it
	// was when sent: an Interrupt that came after a run request was sent
	// but before the engine set running (it saw the program stopped) still
	// stops that run (run.go), where it used to be lost (the debug
	// adapter's pause right after continue). One from before the request
	// was sent does not: a stale Ctrl+C never stops a later continue.
	interrupts atomic.Uint64
	// command: 1 + Session.interrupts when a front end's command began
	// (CommandStart), 0 outside one. Its requests carry that count, so
	// an Interrupt that came between the command's start and its run
	// request (Ctrl+C just after Enter on continue) stops the run.
	command atomic.Uint64
	// cancel: cancelIdle, cancelWorking while a bounded request
	// (bounded.go) works, cancelAsked once Interrupt came meanwhile. An
	// Interrupt while no such request works changes nothing: a plain flag
	// outlived it and cancelled the next request (a soak run's condition
	// check, after an interrupt that came as a breakpoint stopped it).
	cancel  atomic.Int32
	kicks   atomic.Int32 // SIGSTOPs sent by Interrupt/kick not yet seen
	kickTid atomic.Int32 // thread to signal
	pid     atomic.Int32

	// attached: the program was attached to, so the session's end leaves
	// it running (front ends word their quit questions by it).
	attached bool

	ptyMu sync.Mutex
	pty   *os.File   // master side of the program's terminal (nil with --tty)
	outMu sync.Mutex // held while reading the pty and sending the bytes

	closeOnce sync.Once

	// step is mechanics step mode (mechanics_step.go).
	step stepGate

	// test: the package's tests' hooks (testhooks.go), set before the
	// engine starts; nil outside them.
	test *testHooks
}

type envelope struct {
	req   Request
	reply chan Reply
	// interrupts: Session.interrupts when the request was sent.
	interrupts uint64
}

// answer sends r, copied so that the front end shares nothing with the
// engine (handout.go).
func (env envelope) answer(r Reply) { env.reply <- r.handOut() }

// Start launches (or attaches to) the target described by cfg and returns
// once it is stopped at its entry point (or, attached, where it was). The
// first event is a Stopped with reason "entry".
func Start(cfg Config) (*Session, error) { return start(cfg, nil) }

// start is Start with the tests' hooks (nil: none).
func start(cfg Config, hooks *testHooks) (*Session, error) {
	path := cfg.Path
	if cfg.Attach != 0 {
		p, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", cfg.Attach))
		if err != nil {
			return nil, attachError(cfg.Attach, err) // attach_why.go
		}
		path = p
	}
	bin, err := source.Open(path)
	if err != nil {
		return nil, err
	}
	s := &Session{
		reqs:   make(chan envelope, 64),
		events: make(chan Event, 4096),
		done:   make(chan struct{}),
		// A core file, like an attached program, is shown where it
		// stopped and left as it is (core_session.go).
		attached: cfg.Attach != 0 || cfg.Core != "",
		test:     hooks,
		step:     newStepGate(),
	}
	bin.SetSubstitutions(cfg.Substitutions)
	s.bin.Store(bin)
	started := make(chan error, 1)
	loop := s.loop
	if cfg.Core != "" {
		loop = s.coreLoop
	}
	go loop(cfg, started)
	if err := <-started; err != nil {
		<-s.done
		bin.Close()
		return nil, err
	}
	return s, nil
}

// loop is the ptrace goroutine.
func (s *Session) loop(cfg Config, started chan<- error) {
	// Every ptrace request must come from the thread that is the tracer,
	// and the tracer is the thread that forked the target.
	runtime.LockOSThread()
	defer close(s.done)
	e := newEngine(s, cfg)
	if err := e.start(); err != nil {
		started <- err
		close(s.events)
		return
	}
	started <- nil
	e.reportEntry()
	// Between requests the target is stopped (or gone); idleCheck
	// notices its death from outside (vanish.go).
	idle := time.NewTicker(idlePoll)
	defer idle.Stop()
	for !e.closing {
		select {
		case env := <-s.reqs:
			// max: an Interrupt a run of this command acted on is not
			// acted on again by the command's next request.
			e.interruptsSeen = max(e.interruptsSeen, env.interrupts)
			env.answer(e.handle(env.req))
		case <-idle.C:
			e.idleCheck()
		}
	}
	e.shutdown()
	// Drain requests that raced with Close.
	for {
		select {
		case env := <-s.reqs:
			env.answer(Reply{Err: ErrClosed})
		default:
			e.waitOutput()
			close(s.events)
			return
		}
	}
}

// Binary returns the loaded executable (safe for concurrent use).
func (s *Session) Binary() *source.Binary { return s.bin.Load() }

// Events returns the channel of events. It is closed when the session ends.
// A front end must keep draining it.
func (s *Session) Events() <-chan Event { return s.events }

// Do sends r and waits for its reply. Execution requests (Continue, Next,
// ...) reply when the target stops again or exits.
func (s *Session) Do(r Request) Reply { return <-s.Send(r) }

// Send sends r and returns the channel its reply will arrive on. While the
// target runs, the engine is woken to answer it: breakpoint changes are
// applied at once, other requests that need a stopped target fail with
// ErrRunning.
func (s *Session) Send(r Request) <-chan Reply {
	ch := make(chan Reply, 1)
	select {
	case <-s.done:
		ch <- Reply{Err: ErrClosed}
		return ch
	default:
	}
	select {
	case s.reqs <- envelope{r, ch, s.interruptsBefore()}:
	case <-s.done:
		ch <- Reply{Err: ErrClosed}
		return ch
	}
	if s.running.Load() {
		s.kick()
	}
	return ch
}

// Interrupt stops the running target; the stop is reported with reason
// "interrupt". When the target is stopped, it cancels a values request
// still working (its reply is ErrCanceled).
func (s *Session) Interrupt() {
	if s.step.leave() {
		// The first Ctrl+C of step mode only returns to full speed:
		// the lecturer stops walking, the command finishes.
		return
	}
	s.interrupts.Add(1)
	if !s.running.Load() {
		// A command may still be working on a stopped program (a big
		// value): it is cancelled (bounded.go).
		s.cancel.CompareAndSwap(cancelWorking, cancelAsked)
		return
	}
	s.interrupt.Store(true)
	s.kick()
}

// CommandStart tells the session that a front end's command begins: an
// Interrupt from now until CommandEnd is that command's, even one that
// comes before the command's run request is sent. Line mode calls it as
// the Enter is read, before the terminal turns Ctrl+C into SIGINT again.
func (s *Session) CommandStart() { s.command.Store(s.interrupts.Load() + 1) }

// CommandEnd ends CommandStart's command.
func (s *Session) CommandEnd() { s.command.Store(0) }

// interruptsBefore is the count a request carries: Interrupts after it
// are for the request.
func (s *Session) interruptsBefore() uint64 {
	n := s.interrupts.Load()
	if c := s.command.Load(); c != 0 && c-1 < n {
		return c - 1
	}
	return n
}

// kick sends the target a SIGSTOP that the ptrace goroutine, blocked in
// wait4, will see and recognise as ours.
func (s *Session) kick() {
	pid, tid := int(s.pid.Load()), int(s.kickTid.Load())
	if pid == 0 {
		return
	}
	s.kicks.Add(1)
	// The bare call: this runs on the caller's goroutine, and mechanics
	// lines come from the ptrace goroutine, which shows the wait that
	// sees this SIGSTOP.
	if err := tgkill(pid, tid, unix.SIGSTOP); err != nil {
		s.kicks.Add(-1)
	}
}

// WriteInput sends bytes to the program's terminal (its stdin).
func (s *Session) WriteInput(b []byte) error {
	s.ptyMu.Lock()
	defer s.ptyMu.Unlock()
	if s.pty == nil {
		return fmt.Errorf("the program has no terminal of tdb's to write to")
	}
	_, err := s.pty.Write(b)
	return err
}

// Attached reports whether the session attached to a running process:
// Close then detaches from it instead of killing it.
func (s *Session) Attached() bool { return s.attached }

// Close kills a launched target and reaps it (an attached one is detached
// and runs on), and ends the session. It is safe to call more than once.
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		// An engine paused before an operation must go on to see the
		// close request.
		s.step.end()
		select {
		case <-s.done:
		default:
			s.Do(closeRequest{})
		}
		<-s.done
		s.bin.Load().Close()
		for _, b := range s.oldBins {
			b.Close()
		}
	})
	return nil
}

// closeRequest ends the session: kill (or leave detached) and stop.
type closeRequest struct{}

func (closeRequest) isRequest() {}
