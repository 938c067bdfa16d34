package debugger

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// mapping is one line of /proc/PID/maps.
type mapping struct {
	lo, hi            uint64
	read, write, exec bool
	offset            int64
	path              string // "" for anonymous memory
}

// procMaps reads a process's mappings: the emulator checks an access's
// permissions against them, the guardian finds the code to restore.
func procMaps(pid int) ([]mapping, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ms []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// start-end perms offset dev inode path
		// 00400000-00452000 r-xp 00000000 08:02 173521  /usr/bin/prog
		fs := strings.Fields(sc.Text())
		if len(fs) < 5 || len(fs[1]) < 3 {
			continue
		}
		lo, hi, ok := strings.Cut(fs[0], "-")
		l, err1 := strconv.ParseUint(lo, 16, 64)
		h, err2 := strconv.ParseUint(hi, 16, 64)
		off, err3 := strconv.ParseInt(fs[2], 16, 64)
		if !ok || err1 != nil || err2 != nil || err3 != nil || h <= l {
			continue
		}
		m := mapping{lo: l, hi: h, read: fs[1][0] == 'r', write: fs[1][1] == 'w', exec: fs[1][2] == 'x', offset: off}
		if len(fs) >= 6 && fs[4] != "0" && strings.HasPrefix(fs[5], "/") {
			m.path = strings.Join(fs[5:], " ")
		}
		ms = append(ms, m)
	}
	return ms, sc.Err()
}
