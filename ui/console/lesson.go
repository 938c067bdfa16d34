package console

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// A lesson file (tdb --lesson FILE, and tdb tour's built-in one) is a
// class scripted as tdb commands and `# say: TEXT` lines, played one step
// per key on the full screen (issue 15):
//
//   - blank lines and plain `#` comments are ignored;
//   - `# say: TEXT` starts a step; consecutive say lines are one step's
//     text, shown while the step's commands run;
//   - `# key: KEYS` presses keys (names as in the key table: M, Tab,
//     Ctrl+D), for what only a key does: show a pane, move in one;
//   - any other line is a command, run as if typed at the `:` prompt: it
//     belongs to the step above it; commands before the first say line
//     run when the lesson opens.
//
// Parsing checks every command's name against the command table, so a
// typo is one line naming FILE:LINE before anything runs, not a surprise
// in front of a class.

// Lesson is a parsed lesson file. Plain data: any goroutine may read it.
type Lesson struct {
	Name  string       // the file's name as given, for FILE:LINE
	Setup []LessonLine // the commands before the first step
	Steps []LessonStep
}

// LessonStep is one key's worth of a lesson.
type LessonStep struct {
	Line     int      // the line of its first say
	Say      []string // the text, a say line an entry
	Commands []LessonLine
}

// LessonLine is a command of a lesson, or (Key) the keys of a `# key:`
// line, and where it is.
type LessonLine struct {
	Line int
	Text string
	Key  bool
}

// Where is FILE:LINE of l in lesson ls.
func (ls *Lesson) Where(l LessonLine) string { return fmt.Sprintf("%s:%d", ls.Name, l.Line) }

// ReadLesson reads and parses the lesson file path.
func ReadLesson(path string) (*Lesson, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("lesson %s is a directory", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("lesson: %w", err)
	}
	return ParseLesson(path, data)
}

// directive returns the text of a `# WORD:` line (ok false for any other).
func directive(line, word string) (text string, ok bool) {
	rest, ok := strings.CutPrefix(line, "#")
	if !ok {
		return "", false
	}
	rest, ok = strings.CutPrefix(strings.TrimLeft(rest, " \t"), word+":")
	if !ok {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// ParseLesson parses a lesson file's text; name is what errors call it.
func ParseLesson(name string, data []byte) (*Lesson, error) {
	ls := &Lesson{Name: name}
	if len(data) > 0 && !isText(data) {
		return nil, fmt.Errorf("%s: not a lesson file (binary data)", name)
	}
	lastSay := false
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if len(line) > MaxLine {
			return nil, fmt.Errorf("%s:%d: the line is %d bytes long: at most %d KiB", name, n, len(line), MaxLine>>10)
		}
		if keys, ok := directive(line, "key"); ok {
			if keys == "" {
				return nil, fmt.Errorf("%s:%d: # key: names no key", name, n)
			}
			lastSay = false
			ls.add(LessonLine{Line: n, Text: keys, Key: true})
			continue
		}
		if text, ok := directive(line, "say"); ok {
			if text == "" {
				return nil, fmt.Errorf("%s:%d: # say: has no text", name, n)
			}
			if lastSay {
				st := &ls.Steps[len(ls.Steps)-1]
				st.Say = append(st.Say, text)
			} else {
				ls.Steps = append(ls.Steps, LessonStep{Line: n, Say: []string{text}})
			}
			lastSay = true
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue // a blank or a comment leaves a say's text open
		}
		lastSay = false
		if _, _, err := lookupCommand(line); err != nil {
			var u *UnknownCommandError
			if errors.As(err, &u) {
				return nil, fmt.Errorf("%s:%d: unknown command %q", name, n, u.Name)
			}
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		ls.add(LessonLine{Line: n, Text: line})
	}
	if len(ls.Steps) == 0 {
		return nil, fmt.Errorf("%s: no # say: line: a lesson's steps start at them (-x FILE runs commands alone)", name)
	}
	return ls, nil
}

// isText reports whether data looks like text: no NUL byte in its first
// KiB (a binary given by mistake).
func isText(data []byte) bool {
	return !strings.Contains(string(data[:min(len(data), 1024)]), "\x00")
}

// add appends l to the last step, or to the setup before the first.
func (ls *Lesson) add(l LessonLine) {
	if len(ls.Steps) == 0 {
		ls.Setup = append(ls.Setup, l)
		return
	}
	st := &ls.Steps[len(ls.Steps)-1]
	st.Commands = append(st.Commands, l)
}
