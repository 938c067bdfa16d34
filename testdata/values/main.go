// values: variables of every kind with known values, for the values engine
// tests (print, locals, args, conditions).
//
// Build: go build -gcflags='all=-N -l' -o values ./testdata/values
// Run:   ./values       prints a checksum and exits with status 0
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

type point struct {
	X, Y int
	Name string
}

type node struct {
	Val  int
	Next *node
}

type shape interface{ Area() float64 }

type rect struct{ W, H float64 }

func (r rect) Area() float64 { return r.W * r.H }

type celsius float64

var global = 42

// inspect takes arguments of several kinds; a breakpoint on its marked line
// sees every local below initialised.
func inspect(n int, s string, p *point, f float64) int {
	b := true
	i8 := int8(-8)
	u16 := uint16(65535)
	i64 := int64(-1 << 40)
	f32 := float32(2.5)
	c := complex(1.5, -2)
	str := "text"
	pt := point{X: 3, Y: 6, Name: "p!"}
	pp := &pt
	arr := [3]int{1, 2, 3}
	sl := []int{10, 20, 30}
	empty := []string(nil)
	m := map[string]int{"a": 1, "b": 2}
	big := make(map[int]int)
	for k := 0; k < 100; k++ {
		big[k] = k * k
	}
	var e interface{} = 7
	var sh shape = rect{W: 2, H: 3}
	var err error = errors.New("boom")
	var nilErr error
	ch := make(chan int, 4)
	ch <- 1
	closed := make(chan bool, 2)
	closed <- true
	close(closed)
	var nilMap map[string]bool
	var nilFn func()
	fn := fmt.Sprint
	temp := celsius(36.6)
	cyc := &node{Val: 1}
	cyc.Next = &node{Val: 2, Next: cyc}
	bs := []byte("hi")
	r := 'x'
	long := strings.Repeat("ab", 50)
	nums := make([]int, 100)
	for k := range nums {
		nums[k] = k
	}
	total := n + len(s) + p.X + int(f) + len(sl) // marker: all set
	_ = []any{b, i8, u16, i64, f32, c, str, pp, arr, empty, m, big, e, sh, err, nilErr, ch, fn, temp, cyc, bs, r, long, nums, closed, nilMap, nilFn}
	return total
}

// scoped declares variables in nested blocks.
func scoped(k int) int {
	x := k * 2
	if x > 0 {
		y := x + 1
		x += y // marker: inner
	}
	z := x + 5 // marker: after
	return z
}

// count calls tick with i = 0..99; conditions are checked against i.
func count() int {
	hits := 0
	for i := 0; i < 100; i++ {
		hits += tick(i)
	}
	return hits
}

func tick(i int) int {
	sq := i * i
	return sq % 7 // marker: tick
}

func main() {
	p := &point{X: 1, Y: 2, Name: "arg"}
	v := inspect(5, "hello", p, 1.25)
	w := scoped(4)
	h := count()
	_ = named()
	_ = generic(&point{X: 7, Y: 8, Name: "gen"}, label("k"))
	_ = generic(3, 2.5)
	fmt.Println("checksum", v+w+h+global)
	os.Exit(0)
}

// Named types of every kind, embedded structs and a closure, for the
// tests of how values print.
type (
	header map[string][]string // as net/http.Header
	menu   []point
	label  string
	names  [3]string
	inner  struct{ F, G int }
	mid    struct {
		*inner
		H int
	}
	outer struct {
		mid
		K int
	}
	box[T any] struct{ V T }
)

// Named integers with constants, printed by the constants' names.
type (
	weekday int
	perm    uint8
)

const (
	sunday weekday = iota
	monday
)

const (
	permRead perm = 1 << iota
	permWrite
	permExec
)

func named() int {
	hdr := header{"Accept": {"text/plain"}, "X": {"1", "2"}}
	mn := menu{{X: 1, Name: "a"}, {X: 2, Name: "b"}}
	lb := label("hi")
	ns := names{"a", "b", "c"}
	at := time.Date(2022, 6, 7, 2, 3, 4, 0, time.UTC)
	o := outer{mid: mid{inner: &inner{F: 1, G: 2}, H: 3}, K: 4}
	x := 7
	px := &x
	scale := 3
	acc := 0
	add := func(v int) int { acc += v * scale; return acc }
	day, pm, odd := monday, permRead|permWrite, weekday(10)
	var anyFn any = strings.ToUpper
	ptrs := []*inner{{F: 5}, nil}
	n := len(hdr) + len(mn) + len(lb) + len(ns) + at.Day() + o.F + *px + add(1) + int(day) + int(pm) + int(odd) + len(fmt.Sprint(anyFn != nil)) + len(ptrs) // marker: named
	return n
}

// generic is instantiated with a pointer and a named string, and with an
// int and a float64: its code is shared by GC shape.
func generic[T any, K comparable](a T, k K) int {
	m := map[K]T{k: a}
	b := box[T]{V: a}
	return len(m) + len(fmt.Sprint(b)) // marker: generic
}
