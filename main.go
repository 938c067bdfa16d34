// Command tdb is a full-screen terminal debugger for Go and C programs on
// Linux x86-64. See README.md.
//
//	tdb                              debug the bundled demo program
//	tdb debug [PKG|DIR|FILE.go] [-- ARGS...]
//	tdb test [PKG] [-- TESTFLAGS...]
//	tdb exec BINARY [ARGS...]
//	tdb attach PID
//	tdb core [BINARY] COREFILE
//	tdb replay FILE
//	tdb dap [--listen ADDR]
//	tdb follow SOCKET
//	tdb tour
//
// Flags come before the subcommand: --batch, --cli, -ex CMD, -x FILE, --tty PATH,
// --theme NAME, --present, --lesson FILE, --share SOCKET, --share-group, --version,
// -h/--help.
package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"tdb/debugger"
	"tdb/source"
	"tdb/ui"
	"tdb/ui/console"
	"tdb/ui/linemode"
)

// demoSource is the program `tdb` with no arguments debugs. It is built on
// first use and cached (source.BuildDemo).
//
//go:embed testdata/demo/main.go
var demoSource []byte

// tourLesson is `tdb tour`: a lesson file (console.ParseLesson) played on
// the demo.
//
//go:embed testdata/demo/tour.lesson
var tourLesson []byte

const usage = `tdb: a terminal debugger for Go and C programs on Linux x86-64

Usage:
  tdb [flags]                                 debug the bundled demo program
  tdb [flags] debug [PKG|DIR|FILE.go] [-- ARGS...]
                                              build with -gcflags='all=-N -l', then debug
  tdb [flags] test [PKG] [-- TESTFLAGS...]    build the package's test binary, debug it
  tdb [flags] exec BINARY [ARGS...]           debug an existing binary (Go or C, with DWARF)
  tdb [flags] attach PID                      attach to a running process
  tdb [flags] core [BINARY] COREFILE          open a core file, read-only
  tdb [flags] replay FILE                     scrub through a saved stop history
                                              (history save FILE), no program
  tdb dap [--listen ADDR]                     Debug Adapter Protocol on stdin/stdout,
                                              or on TCP (loopback unless ADDR names a host)
  tdb [flags] follow SOCKET                   a read-only screen following a session
                                              started with --share SOCKET
  tdb [flags] tour                            a guided tour of the demo, a step a key

Flags (before the subcommand):
  --batch         no screen: run the commands, print the results, exit
                  (status 0 if every command succeeded, 1 otherwise)
  --cli           line mode: a (tdb) prompt, answers as --batch prints them
                  (also with TERM=dumb or a terminal that cannot move the cursor)
  -ex CMD         run CMD at start (repeatable, in order)
  -x FILE         run the commands in FILE first (one a line, # comments)
  --tty PATH      give the program this terminal instead of its own pty
  --theme NAME    colour theme (dark, light, high-contrast, projector, ...)
  --present       presenter mode: the projector theme, each key shown with its
                  action, a taller Log, short file names (present on|off)
  --lesson FILE   play a lesson file, a step a key (# say: TEXT lines and
                  commands; see README, "Teaching with tdb")
  --share SOCKET  let others follow this session (tdb follow SOCKET) through a
                  Unix socket only you can open; removed when the session ends
  --share-group   with --share: the socket's group may follow too
  --substitute-path FROM TO
                  read source files recorded under FROM from TO (repeatable;
                  e.g. for -trimpath builds: --substitute-path mymod /src/mymod)
  --version       print tdb's version
  -h, --help      print this help

Type help at tdb's command line for the commands.
`

// usageError is a command line tdb cannot make sense of: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// options is the parsed command line.
type options struct {
	batch   bool
	cli     bool
	ex      []string
	xFiles  []string
	tty     string
	theme   string
	version bool
	subst   []source.Substitution // --substitute-path FROM TO
	present bool                  // --present
	lesson  string                // --lesson FILE
	share   string                // --share SOCKET
	group   bool                  // --share-group

	sub  string   // "", "debug", "test", "exec", "attach"
	args []string // the subcommand's arguments
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func parseArgs(args []string) (*options, error) {
	o := &options{}
	args, subst, err := cutSubstitutePaths(args)
	if err != nil {
		return nil, err
	}
	o.subst = subst
	fs := flag.NewFlagSet("tdb", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.batch, "batch", false, "")
	fs.BoolVar(&o.cli, "cli", false, "")
	fs.Var((*stringList)(&o.ex), "ex", "")
	fs.Var((*stringList)(&o.xFiles), "x", "")
	fs.StringVar(&o.tty, "tty", "", "")
	fs.StringVar(&o.theme, "theme", "", "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.BoolVar(&o.present, "present", false, "")
	fs.StringVar(&o.lesson, "lesson", "", "")
	fs.StringVar(&o.share, "share", "", "")
	fs.BoolVar(&o.group, "share-group", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &usageError{err.Error()}
	}
	rest := fs.Args()
	if len(rest) > 0 {
		o.sub, o.args = rest[0], rest[1:]
	}
	switch o.sub {
	case "", "debug", "test", "exec", "attach", "core", "replay", "follow", "tour", "dap":
	default:
		if strings.HasPrefix(o.sub, "-") {
			return nil, &usageError{fmt.Sprintf("flag %s must come before the subcommand", o.sub)}
		}
		return nil, &usageError{fmt.Sprintf("unknown subcommand %q (want debug, test, exec, attach, core, replay, follow, tour or dap)", o.sub)}
	}
	// A lesson and the tour are played a step a key on the screen.
	switch {
	case o.sub == "tour" && o.lesson != "":
		return nil, &usageError{"tdb tour plays its own lesson: --lesson FILE goes with the other subcommands"}
	case o.sub == "tour" && (o.batch || o.cli):
		return nil, &usageError{"tdb tour needs the full screen: not with --batch or --cli"}
	case o.lesson != "" && (o.batch || o.cli):
		return nil, &usageError{"--lesson needs the full screen: not with --batch or --cli (-x FILE runs commands there)"}
	case o.sub == "follow" && (o.batch || o.cli):
		return nil, &usageError{"tdb follow needs the full screen: not with --batch or --cli"}
	case o.group && o.share == "":
		return nil, &usageError{"--share-group goes with --share SOCKET"}
	case o.share != "" && (o.batch || o.cli):
		return nil, &usageError{"--share needs the full screen: not with --batch or --cli"}
	case o.share != "" && (o.sub == "replay" || o.sub == "follow" || o.sub == "dap"):
		return nil, &usageError{"--share shares a live session: not with " + o.sub}
	}
	return o, nil
}

// splitDashes splits "TARGET -- ARGS..." into at most one target and the
// program's arguments.
func splitDashes(sub string, args []string) (target string, progArgs []string, err error) {
	before := args
	for i, a := range args {
		if a == "--" {
			before, progArgs = args[:i], args[i+1:]
			break
		}
	}
	switch len(before) {
	case 0:
	case 1:
		target = before[0]
	default:
		return "", nil, &usageError{fmt.Sprintf("%s takes one package, directory or file; put the program's arguments after --", sub)}
	}
	return target, progArgs, nil
}

// target is what to debug, once built.
type target struct {
	cfg     debugger.Config
	cleanup func()
}

// prepare builds what is to be debugged. note tells the user what it
// builds, while it builds it.
func prepare(o *options, note func(string)) (*target, error) {
	if note == nil {
		note = func(string) {}
	}
	t := &target{cleanup: func() {}}
	t.cfg.TTY = o.tty
	t.cfg.Substitutions = o.subst
	switch o.sub {
	case "", "tour":
		if len(o.args) > 0 {
			return nil, &usageError{"unexpected arguments"}
		}
		bin, err := source.BuildDemoNoting(demoSource, func() {
			note("building the demo (first run only)...")
		})
		if err != nil {
			return nil, fmt.Errorf("building the demo: %w", err)
		}
		t.cfg.Path = bin
	case "debug", "test":
		pkg, progArgs, err := splitDashes(o.sub, o.args)
		if err != nil {
			return nil, err
		}
		what, tool := pkg, "go build"
		if what == "" {
			what = "the package in this directory"
		}
		if o.sub == "test" {
			what, tool = "the tests of "+what, "go test -c"
		}
		note("building " + what + " (" + tool + " -gcflags='all=-N -l')...")
		bin, cleanup, err := source.BuildGo(pkg, o.sub == "test", "")
		if err != nil {
			return nil, err
		}
		t.cfg.Path, t.cfg.Args, t.cleanup = bin, progArgs, cleanup
		if o.sub == "test" {
			t.cfg.Test = true
			// go test runs a test binary in its package's directory, where
			// its testdata is; do the same.
			if dir, err := source.PackageDir(pkg, ""); err == nil {
				t.cfg.Dir = dir
			}
		}
	case "exec":
		if len(o.args) == 0 {
			return nil, &usageError{"tdb exec needs a BINARY"}
		}
		progArgs := o.args[1:]
		// Delve's form `dlv exec ./prog -- ARGS` works too.
		if len(progArgs) > 0 && progArgs[0] == "--" {
			progArgs = progArgs[1:]
		}
		path, err := filepath.Abs(o.args[0])
		if err != nil {
			return nil, err
		}
		t.cfg.Path, t.cfg.Args = path, progArgs
	case "attach":
		if len(o.args) != 1 {
			return nil, &usageError{"tdb attach needs one PID"}
		}
		pid, err := strconv.Atoi(o.args[0])
		if err != nil || pid <= 0 {
			return nil, &usageError{fmt.Sprintf("bad pid %q", o.args[0])}
		}
		t.cfg.Attach = pid
	case "core":
		if err := checkCoreArgs(o.args); err != nil {
			return nil, err
		}
		core, err := filepath.Abs(o.args[len(o.args)-1])
		if err != nil {
			return nil, err
		}
		bin := ""
		if len(o.args) == 2 {
			bin, err = filepath.Abs(o.args[0])
		} else {
			// tdb core COREFILE: the program the core names.
			bin, err = debugger.CoreProgram(core)
		}
		if err != nil {
			return nil, err
		}
		t.cfg.Path, t.cfg.Core = bin, core
	}
	return t, nil
}

// checkCoreArgs: tdb core takes the program and its core file, as gdb's
// `gdb BINARY CORE` and `dlv core BINARY CORE` do, or the core alone (its
// NT_FILE note names the program).
func checkCoreArgs(args []string) error {
	if len(args) != 1 && len(args) != 2 {
		return &usageError{"tdb core needs [BINARY] COREFILE"}
	}
	return nil
}

// checkArgs finds the usage errors prepare would, without building or
// starting anything.
func checkArgs(o *options) error {
	switch o.sub {
	case "", "tour":
		if len(o.args) > 0 {
			return &usageError{"unexpected arguments"}
		}
	case "debug", "test":
		_, _, err := splitDashes(o.sub, o.args)
		return err
	case "exec", "attach":
		if o.sub == "attach" && len(o.args) == 1 {
			if pid, err := strconv.Atoi(o.args[0]); err != nil || pid <= 0 {
				return &usageError{fmt.Sprintf("bad pid %q", o.args[0])}
			}
		}
		if o.sub == "attach" && len(o.args) != 1 {
			return &usageError{"tdb attach needs one PID"}
		}
		if o.sub == "exec" && len(o.args) == 0 {
			return &usageError{"tdb exec needs a BINARY"}
		}
	case "core":
		return checkCoreArgs(o.args)
	case "replay":
		if len(o.args) != 1 {
			return &usageError{"tdb replay needs one FILE (a stop history: history save FILE)"}
		}
	case "follow":
		if len(o.args) != 1 {
			return &usageError{"tdb follow needs one SOCKET (a session started with tdb --share SOCKET)"}
		}
	}
	return nil
}

func version() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	return fmt.Sprintf("tdb %s %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func main() {
	// A guardian of an attached process (debugger/guard.go) is tdb
	// re-executed with a hidden argument: it must not parse flags.
	if status, ok := debugger.GuardMain(os.Args); ok {
		os.Exit(status)
	}
	// Most of tdb's heap is the debug information it keeps (symbols, line
	// tables, frame info), live for the whole session: collecting when
	// the heap has grown by half instead of doubled trims the peak by
	// ~3 MB on cmd/go for no measurable time.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is tdb without the process around it: it returns the exit status so
// that deferred cleanups (the build directory) run.
// lineMode says why the session is in line mode ("" for the screen):
// --cli, or a terminal that cannot hold a screen (TERM=dumb, no cursor
// addressing).
func lineMode(o *options) string {
	if o.cli {
		return "--cli"
	}
	return ui.LineModeTerminal()
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "tdb: %v (see tdb --help)\n", err)
		return 2
	}
	if o.version {
		fmt.Fprintln(stdout, version())
		return 0
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		fmt.Fprintf(stderr, "error: tdb debugs programs on Linux x86-64; this is %s/%s\n", runtime.GOOS, runtime.GOARCH)
		return 1
	}
	if o.sub == "dap" {
		return runDAP(o.args, os.Stdin, stdout, stderr) // main_dap.go
	}

	// The lesson is read, and each of its lines checked, before anything
	// is built or started: a typo is one line naming FILE:LINE.
	lesson, lessonName, err := readLesson(o)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}

	// The screen needs a terminal: say so before anything is built or
	// started (ssh without -t, a script, setsid), after the command
	// line's own mistakes.
	if !o.batch {
		if err := checkArgs(o); err != nil {
			fmt.Fprintf(stderr, "tdb: %v (see tdb --help)\n", err)
			return 2
		}
		// The line mode reads lines from whatever stdin is.
		if lineMode(o) == "" {
			if err := ui.CheckTerminal(); err != nil {
				fmt.Fprintf(stderr, "error: %v\n", err)
				return 1
			}
		}
	}
	// Signals (SIGTERM, a dropped connection's SIGHUP, ...) end the
	// screen as quit does, from here on: the cleanups below run.
	var sigs chan os.Signal
	if !o.batch {
		sigs = ui.NotifySignals()
		defer signal.Stop(sigs)
	}

	// Commands: the -x files' first, then the -ex ones. A missing file is
	// found before anything is built or started.
	var cmds []string
	for _, f := range o.xFiles {
		c, err := console.ReadCommandFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return 1
		}
		cmds = append(cmds, c...)
	}
	cmds = append(cmds, o.ex...)

	if o.sub == "replay" {
		return replay(o, cmds, lesson, lessonName, sigs, stdout, stderr)
	}
	if o.sub == "follow" {
		return follow(o, cmds, sigs, stderr)
	}
	var sharer *console.Sharer
	if o.share != "" {
		if why := lineMode(o); why != "" {
			fmt.Fprintf(stderr, "error: --share needs the full screen (%s)\n", why)
			return 1
		}
		// The socket before the build: a path in use is one line, at once.
		if sharer, err = console.Share(o.share, o.group); err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return 1
		}
		defer sharer.Close() // the socket file goes with the session
	}

	t, err := prepare(o, func(msg string) {
		// Only on a terminal: a script's stderr stays tdb's errors alone.
		if f, ok := stderr.(*os.File); ok && isTerminal(f) {
			fmt.Fprintf(stderr, "tdb: %s\n", msg)
		}
	})
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "tdb: %v (see tdb --help)\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	defer t.cleanup()

	sess, err := debugger.Start(t.cfg)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}

	if o.batch {
		// Ctrl+C stops the program (it runs in its own process group, so
		// the terminal's SIGINT only reaches tdb), as it does on the screen.
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sigs)
		go func() {
			for sig := range sigs {
				if sig == syscall.SIGTERM {
					sess.Close()
					continue
				}
				sess.Interrupt()
			}
		}()
		return console.RunBatch(sess, cmds, stdout, stderr)
	}

	if why := lineMode(o); why != "" {
		if !o.cli {
			fmt.Fprintf(stderr, "tdb: %s: line mode (--cli)\n", why)
		}
		return linemode.Run(sess, linemode.Options{Commands: cmds, Attached: t.cfg.Attach != 0}, os.Stdin, stdout, stderr)
	}

	err = ui.Run(sess, ui.Options{Theme: o.theme, Commands: cmds, Signals: sigs,
		Present: o.present, Lesson: lesson, LessonName: lessonName, Share: sharer})
	sess.Close()
	return screenStatus(err, stderr)
}

// screenStatus is tdb's exit status after a full screen ended with err:
// the signal's status when a signal ended it (ui.SignalError), 1 after
// an error (said on stderr), 0 after quit.
func screenStatus(err error, stderr io.Writer) int {
	var se *ui.SignalError
	if errors.As(err, &se) {
		return se.Status()
	}
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	return 0
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// replay is tdb replay FILE: a saved stop history, on the screen or in
// batch mode, with no program.
func replay(o *options, cmds []string, lesson *console.Lesson, lessonName string, sigs chan os.Signal, stdout, stderr io.Writer) int {
	if err := checkArgs(o); err != nil {
		fmt.Fprintf(stderr, "tdb: %v (see tdb --help)\n", err)
		return 2
	}
	h, err := console.LoadStopHistory(o.args[0])
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	h.SetSubstitutions(o.subst)
	if o.batch {
		return console.RunReplayBatch(h, o.args[0], cmds, stdout, stderr)
	}
	if why := lineMode(o); why != "" {
		if !o.cli {
			fmt.Fprintf(stderr, "tdb: %s: line mode (--cli)\n", why)
		}
		return linemode.RunReplay(h, o.args[0], linemode.Options{Commands: cmds}, os.Stdin, stdout, stderr)
	}
	err = ui.RunReplay(h, o.args[0], ui.Options{Theme: o.theme, Commands: cmds, Signals: sigs,
		Present: o.present, Lesson: lesson, LessonName: lessonName})
	return screenStatus(err, stderr)
}

// follow is tdb follow SOCKET: a read-only screen following a session
// shared with --share SOCKET.
func follow(o *options, cmds []string, sigs chan os.Signal, stderr io.Writer) int {
	if err := checkArgs(o); err != nil {
		fmt.Fprintf(stderr, "tdb: %v (see tdb --help)\n", err)
		return 2
	}
	if why := lineMode(o); why != "" {
		fmt.Fprintf(stderr, "error: tdb follow needs the full screen (%s)\n", why)
		return 1
	}
	stream, err := console.Dial(o.args[0])
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	// A follower yields the CPUs to the session it watches.
	console.LowerPriority()
	err = ui.RunFollow(stream, o.args[0], ui.Options{Theme: o.theme, Commands: cmds, Signals: sigs, Present: o.present})
	return screenStatus(err, stderr)
}

// readLesson reads the lesson to play: --lesson FILE's, or the tour's.
func readLesson(o *options) (*console.Lesson, string, error) {
	switch {
	case o.sub == "tour":
		ls, err := console.ParseLesson("tour", tourLesson)
		return ls, "Tour", err
	case o.lesson != "":
		ls, err := console.ReadLesson(o.lesson)
		if err == nil {
			err = ui.CheckLesson(ls)
		}
		return ls, "Lesson " + filepath.Base(o.lesson), err
	}
	return nil, "", nil
}
