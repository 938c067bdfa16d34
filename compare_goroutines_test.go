//go:build compare

package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// goroutineRows: testdata/many with 100,000 and 1,000,000 parked
// goroutines, stopped in main.ready, listed whole (tdb `goroutines -a -n
// 0`, Delve `goroutines`: every goroutine, the runtime's too) and grouped
// by user location (`goroutines -a -group userloc`, Delve's `goroutines
// -group userloc`). gdb knows no goroutines. The figures are the time of
// one command net of the start (the script doing it three times minus the
// script doing it once, halved), except for listing a million: Delve
// takes minutes for each, so that row is the whole script's time, start
// included, doing it once.
func (c *comparison) goroutineRows() []row {
	var rows []row
	for _, n := range []int{100_000, 1_000_000} {
		list := c.goroutinesRow(fmt.Sprintf("goroutines: list %s (testdata/many), each", commas(float64(n))), n,
			"goroutines -a -n 0", "goroutines", tdbListed, dlvListed)
		if n == 1_000_000 {
			list.name = fmt.Sprintf("goroutines: start, stop and list %s (testdata/many), whole script", commas(float64(n)))
			list.n, list.base, list.unit = 1, 0, "s"
		}
		rows = append(rows, list,
			c.goroutinesRow(fmt.Sprintf("goroutines -group userloc, %s goroutines, each", commas(float64(n))), n,
				"goroutines -a -group userloc -n 0", "goroutines -group userloc", tdbGrouped, dlvGrouped))
	}
	return rows
}

func (c *comparison) goroutinesRow(name string, n int, tdbCmd, dlvCmd string, tdbCheck, dlvCheck func(out string, n, k int) error) row {
	r := row{name: name, n: 3, base: 1, unit: "ms", t: c.t, c: c}
	arg := strconv.Itoa(n)
	r.jobs[tdbTool] = func(k int) (outcome, string, error) {
		cmds := append([]string{"break main.ready", "continue"}, repeat(tdbCmd, k)...)
		out := c.runTdb(cmds, c.many, arg)
		if err := expect(out, "stopped: breakpoint 1: main.ready"); err != nil {
			return out, "", err
		}
		return out, "", tdbCheck(out.out, n, k)
	}
	r.jobs[dlvTool] = func(k int) (outcome, string, error) {
		cmds := append([]string{"break main.ready", "continue"}, repeat(dlvCmd, k)...)
		out := c.runDlv(cmds, c.many, arg)
		if err := expect(out, "main.ready()"); err != nil {
			return out, "", err
		}
		return out, "", dlvCheck(out.out, n, k)
	}
	return r
}

var (
	tdbGroupTotal = regexp.MustCompile(`(?m)^\[(\d+) goroutines in \d+ groups?\]$`)
	dlvListTotal  = regexp.MustCompile(`(?m)^\[(\d+) goroutines\]$`)
)

// atLeast checks that each of the k totals found is at least n+1 (main
// and the n parked; the runtime's vary from run to run).
func atLeast(what string, totals [][]string, n, k int) error {
	if len(totals) != k {
		return fmt.Errorf("%d %s totals, want %d", len(totals), what, k)
	}
	for _, m := range totals {
		if v, _ := strconv.Atoi(m[1]); v < n+1 {
			return fmt.Errorf("%s %d goroutines, want at least %d", what, v, n+1)
		}
	}
	return nil
}

func tdbListed(out string, n, k int) error {
	if got := strings.Count(out, " Goroutine "); got < k*(n+1) {
		return fmt.Errorf("%d goroutine lines, want at least %d", got, k*(n+1))
	}
	return nil
}

func dlvListed(out string, n, k int) error {
	return atLeast("listed", dlvListTotal.FindAllStringSubmatch(out, -1), n, k)
}

func tdbGrouped(out string, n, k int) error {
	if strings.Count(out, " in main.park (e.g. goroutine ") != k {
		return fmt.Errorf("no main.park group; it ends:\n%s", tail(out, 8))
	}
	return atLeast("grouped", tdbGroupTotal.FindAllStringSubmatch(out, -1), n, k)
}

func dlvGrouped(out string, n, k int) error {
	if strings.Count(out, " in main.park\n") != k {
		return fmt.Errorf("no main.park group; it ends:\n%s", tail(out, 8))
	}
	return nil
}
