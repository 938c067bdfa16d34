package ui

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"tdb/source"
	"tdb/ui/console"
)

// config is the user's config file, os.UserConfigDir()/tdb/config (or
// $TDB_CONFIG_DIR/config). Its format, one setting a line, '#' comments:
//
//	theme = light          # a built-in theme or a chroma style
//	substitute-path = /build/src /home/me/src   # where sources recorded under FROM are now
//	ascii = true           # ASCII gutter marks and borders even in UTF-8
//	mouse = false          # leave the mouse to the terminal
//	key-echo = 4           # presenter mode: seconds a key stays on the status bar
//	key next F8            # bind a key to an action (see the help, ?)
type config struct {
	dir   string // where config and history live; "" when there is none
	theme string
	ascii bool
	mouse bool
	keys  [][2]action // action, key name (the key as an action-typed string)
	// keyEcho is how long presenter mode shows a key; 0 for echoFor.
	keyEcho time.Duration
	subst   []source.Substitution
	errs    []string // problems to show in the log
}

func loadConfig() config {
	dir := console.ConfigDir()
	cfg := config{dir: dir, mouse: true}
	if dir == "" {
		return cfg
	}
	b, err := console.ReadRegular(filepath.Join(dir, "config"), maxConfigSize) // console/robust_files.go
	if err != nil {
		if !os.IsNotExist(err) {
			cfg.errs = append(cfg.errs, "config: "+err.Error())
		}
		return cfg
	}
	parseConfig(bytes.NewReader(b), &cfg)
	if n := len(cfg.errs); n > maxConfigErrs {
		// A file of garbage is one problem, not thousands of log lines.
		cfg.errs = append(cfg.errs[:maxConfigErrs], fmt.Sprintf("config: %d more problems not shown: is it a tdb config file?", n-maxConfigErrs))
	}
	return cfg
}

// maxConfigSize and maxConfigErrs bound what a config file costs.
const (
	maxConfigSize = 1 << 20
	maxConfigErrs = 10
)

// parseConfig reads settings into cfg; bad lines are reported in cfg.errs
// and skipped, so one typo does not cost the rest.
func parseConfig(r io.Reader, cfg *config) {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(format string, args ...any) {
			cfg.errs = append(cfg.errs, fmt.Sprintf("config line %d: ", n)+fmt.Sprintf(format, args...))
		}
		if f := strings.Fields(line); f[0] == "key" {
			if len(f) != 3 {
				bad("want: key ACTION KEY")
				continue
			}
			cfg.keys = append(cfg.keys, [2]action{action(f[1]), action(f[2])})
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			bad("want NAME = VALUE")
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "substitute-path":
			f := strings.Fields(v)
			if len(f) != 2 {
				bad("want: substitute-path = FROM TO")
				continue
			}
			cfg.subst = append(cfg.subst, source.Substitution{From: f[0], To: f[1]})
		case "theme":
			cfg.theme = v
		case "key-echo":
			s, err := strconv.Atoi(v)
			if err != nil || s < 1 || s > 3600 {
				bad("key-echo: want seconds, 1 to 3600")
				continue
			}
			cfg.keyEcho = time.Duration(s) * time.Second
		case "ascii", "mouse":
			b, err := parseBool(v)
			if err != nil {
				bad("%s: %v", k, err)
				continue
			}
			if k == "ascii" {
				cfg.ascii = b
			} else {
				cfg.mouse = b
			}
		default:
			bad("unknown setting %q", k)
		}
	}
	if err := sc.Err(); err != nil {
		// A line longer than the scanner's buffer ends the file: say
		// so rather than drop the rest silently.
		cfg.errs = append(cfg.errs, fmt.Sprintf("config line %d: %v (the rest is ignored)", n+1, err))
	}
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return true, nil
	case "false", "no", "off", "0":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, not %q", s)
}
