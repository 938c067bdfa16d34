package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/gdamore/tcell/v2/terminfo"
	"golang.org/x/sys/unix"
	"golang.org/x/text/encoding/charmap"
)

// ErrNoTerminal is CheckTerminal's error: the screen has nowhere to go.
var ErrNoTerminal = errors.New("no terminal")

// CheckTerminal reports whether the full screen can open: tcell draws on
// /dev/tty, which a process without a controlling terminal (ssh without
// -t, setsid, a cron job) cannot open, and reads keys from it while stdin
// belongs to someone else (a pipe, a script). It runs before anything is
// built or started, so that a refusal leaves nothing behind.
func CheckTerminal() error {
	way := "use ssh -t, or --batch or --cli for a session without a screen"
	f, err := os.OpenFile("/dev/tty", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%w: /dev/tty: %v (no controlling terminal); %s", ErrNoTerminal, err, way)
	}
	f.Close()
	if _, err := unix.IoctlGetTermios(0, unix.TCGETS); err != nil {
		return fmt.Errorf("%w: stdin is not a terminal; %s", ErrNoTerminal, way)
	}
	return nil
}

// registerCharsets lets tcell open in 8-bit locales. tcell knows only
// UTF-8 and ASCII by itself and refuses any other locale
// (ErrNoCharset); its encoding package registers the Asian multi-byte
// charsets as well, about a megabyte of tables tdb has no use for. Names
// are matched as tcell looks them up: the locale's part after the dot,
// lower-cased (en_US.ISO-8859-1, ru_RU.KOI8-R, de_DE.iso885915). A
// charset still unknown falls back to ASCII rather than failing: the
// screen opens with ASCII marks (glyphs.go picks them for any locale
// that is not UTF-8).
func registerCharsets() {
	for n, enc := range map[string]*charmap.Charmap{
		"1": charmap.ISO8859_1, "2": charmap.ISO8859_2, "3": charmap.ISO8859_3, "4": charmap.ISO8859_4,
		"5": charmap.ISO8859_5, "6": charmap.ISO8859_6, "7": charmap.ISO8859_7, "8": charmap.ISO8859_8,
		"9": charmap.ISO8859_9, "10": charmap.ISO8859_10, "13": charmap.ISO8859_13, "14": charmap.ISO8859_14,
		"15": charmap.ISO8859_15, "16": charmap.ISO8859_16,
	} {
		for _, name := range []string{"iso-8859-", "iso8859-", "iso_8859-", "iso8859", "8859-"} {
			tcell.RegisterEncoding(name+n, enc)
		}
	}
	for name, enc := range map[string]*charmap.Charmap{
		"koi8-r": charmap.KOI8R, "koi8r": charmap.KOI8R, "koi8-u": charmap.KOI8U, "koi8u": charmap.KOI8U,
		"cp1251": charmap.Windows1251, "windows-1251": charmap.Windows1251,
		"cp1252": charmap.Windows1252, "windows-1252": charmap.Windows1252,
	} {
		tcell.RegisterEncoding(name, enc)
	}
	tcell.SetEncodingFallback(tcell.EncodingFallbackASCII)
}

// openScreen makes and initialises the terminal's screen, with errors a
// user can act on.
func openScreen() (tcell.Screen, error) {
	registerCharsets()
	if os.Getenv("TERM") == "" {
		return nil, fmt.Errorf("%w: TERM is not set; set it (TERM=xterm-256color), or use --batch", ErrNoTerminal)
	}
	ti, err := screenTerminfo(os.Getenv("TERM"))
	if err != nil {
		return nil, fmt.Errorf("opening the terminal (TERM=%s): %w", os.Getenv("TERM"), err)
	}
	screen, err := tcell.NewTerminfoScreenFromTtyTerminfo(nil, ti)
	if err != nil {
		return nil, fmt.Errorf("opening the terminal (TERM=%s): %w", os.Getenv("TERM"), err)
	}
	fs := newFrameScreen(screen)
	if err := fs.Init(); err != nil {
		if strings.Contains(err.Error(), "/dev/tty") {
			return nil, fmt.Errorf("%w: %v; use ssh -t, or --batch or --cli", ErrNoTerminal, err)
		}
		return nil, fmt.Errorf("opening the terminal (TERM=%s): %w", os.Getenv("TERM"), err)
	}
	return fs, nil
}

// screenTerminfo is term's terminfo entry without padding. Padding ($<5>
// in vt100's entry) asks for the delays slow terminals of the 1980s
// needed, and tcell sleeps for them while the entry has a pad character:
// 6 s to the first screen at TERM=vt100 and 7.5 s per n. No terminal or
// emulator of today needs them.
func screenTerminfo(term string) (*terminfo.Terminfo, error) {
	ti, err := tcell.LookupTerminfo(term)
	if err != nil {
		return nil, err
	}
	nopad := *ti
	nopad.PadChar = ""
	return &nopad, nil
}
