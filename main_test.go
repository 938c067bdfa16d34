package main

import (
	"errors"
	"flag"
	"reflect"
	"testing"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args []string
		want options
	}{
		{nil, options{}},
		{[]string{"--batch", "-ex", "break main.fib", "-ex", "continue", "exec", "./prog", "a", "-v"},
			options{batch: true, ex: []string{"break main.fib", "continue"}, sub: "exec", args: []string{"./prog", "a", "-v"}}},
		// Flags after the subcommand belong to the program.
		{[]string{"exec", "./prog", "--batch"}, options{sub: "exec", args: []string{"./prog", "--batch"}}},
		{[]string{"-batch", "--ex=bt", "-x", "a.tdb", "--x", "b.tdb", "--tty", "/dev/pts/3", "--theme", "light", "debug", "./cmd", "--", "-n", "3"},
			options{batch: true, ex: []string{"bt"}, xFiles: []string{"a.tdb", "b.tdb"}, tty: "/dev/pts/3", theme: "light",
				sub: "debug", args: []string{"./cmd", "--", "-n", "3"}}},
		{[]string{"--version"}, options{version: true}},
		{[]string{"attach", "42"}, options{sub: "attach", args: []string{"42"}}},
		{[]string{"--batch", "-ex", "history 3", "replay", "f.stops"}, options{batch: true, ex: []string{"history 3"}, sub: "replay", args: []string{"f.stops"}}},
		{[]string{"--share", "/tmp/s", "--share-group", "exec", "./prog"}, options{share: "/tmp/s", group: true, sub: "exec", args: []string{"./prog"}}},
		{[]string{"follow", "/tmp/s"}, options{sub: "follow", args: []string{"/tmp/s"}}},
		{[]string{"test", "./pkg", "--", "-test.run", "X"}, options{sub: "test", args: []string{"./pkg", "--", "-test.run", "X"}}},
		{[]string{"--present", "tour"}, options{present: true, sub: "tour", args: []string{}}},
		{[]string{"--present", "--lesson", "fib.lesson", "debug", "./testdata/fib"}, options{present: true, lesson: "fib.lesson", sub: "debug", args: []string{"./testdata/fib"}}},
	}
	for _, tt := range tests {
		got, err := parseArgs(tt.args)
		if err != nil {
			t.Errorf("parseArgs(%q): %v", tt.args, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("parseArgs(%q) =\n  %+v\nwant\n  %+v", tt.args, *got, tt.want)
		}
	}

	for _, args := range [][]string{{"-h"}, {"--help"}} {
		if _, err := parseArgs(args); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("parseArgs(%q) = %v, want ErrHelp", args, err)
		}
	}
	bad := map[string][]string{
		`unknown subcommand "run" (want debug, test, exec, attach, core, replay, follow, tour or dap)`: {"run"},
		"tdb follow needs the full screen: not with --batch or --cli":                                  {"--batch", "follow", "/tmp/s"},
		"--share-group goes with --share SOCKET":                                                       {"--share-group", "exec", "./prog"},
		"--share needs the full screen: not with --batch or --cli":                                     {"--batch", "--share", "/tmp/s", "exec", "./prog"},
		"--share shares a live session: not with follow":                                               {"--share", "/tmp/s", "follow", "/tmp/t"},
		"tdb tour plays its own lesson: --lesson FILE goes with the other subcommands":                 {"--lesson", "l.tdb", "tour"},
		"tdb tour needs the full screen: not with --batch or --cli":                                    {"--batch", "tour"},
		"--lesson needs the full screen: not with --batch or --cli (-x FILE runs commands there)":      {"--cli", "--lesson", "l.tdb", "exec", "./prog"},
		"flag provided but not defined: -nope":                                                         {"--nope"},
		"flag needs an argument: -ex":                                                                  {"-ex"},
	}
	for want, args := range bad {
		_, err := parseArgs(args)
		var ue *usageError
		if !errors.As(err, &ue) || err.Error() != want {
			t.Errorf("parseArgs(%q) = %v, want usage error %q", args, err, want)
		}
	}
}

func TestSplitDashes(t *testing.T) {
	tests := []struct {
		args     []string
		target   string
		progArgs []string
		ok       bool
	}{
		{nil, "", nil, true},
		{[]string{"./cmd"}, "./cmd", nil, true},
		{[]string{"./cmd", "--", "a", "--", "b"}, "./cmd", []string{"a", "--", "b"}, true},
		{[]string{"--", "a"}, "", []string{"a"}, true},
		{[]string{"a", "b"}, "", nil, false},
	}
	for _, tt := range tests {
		target, progArgs, err := splitDashes("debug", tt.args)
		if (err == nil) != tt.ok || target != tt.target || !reflect.DeepEqual(progArgs, tt.progArgs) {
			t.Errorf("splitDashes(%q) = %q, %q, %v", tt.args, target, progArgs, err)
		}
	}
}

func TestPrepareExecAndAttach(t *testing.T) {
	tg, err := prepare(&options{sub: "exec", args: []string{"/bin/true", "--", "-x"}, tty: "/dev/pts/9"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tg.cfg.Path != "/bin/true" || !reflect.DeepEqual(tg.cfg.Args, []string{"-x"}) || tg.cfg.TTY != "/dev/pts/9" {
		t.Errorf("exec: %+v", tg.cfg)
	}
	tg, err = prepare(&options{sub: "attach", args: []string{"123"}}, nil)
	if err != nil || tg.cfg.Attach != 123 {
		t.Errorf("attach: %+v, %v", tg, err)
	}
	for _, o := range []options{
		{sub: "exec"},
		{sub: "attach"},
		{sub: "attach", args: []string{"0"}},
		{sub: "attach", args: []string{"1", "2"}},
		{sub: "", args: []string{"x"}},
	} {
		var ue *usageError
		if _, err := prepare(&o, nil); !errors.As(err, &ue) {
			t.Errorf("prepare(%+v) = %v, want a usage error", o, err)
		}
	}
}
