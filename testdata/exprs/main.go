// exprs: values for the expression engine tests (conversions, type
// assertions, map keys, function values, channels, complex numbers).
//
// Build: go build -gcflags='all=-N -l' -o exprs ./testdata/exprs
// Run:   ./exprs       prints its values and exits with status 0
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"unsafe"
)

type key struct {
	A int
	S string
}

type celsius float64

type word string

type bytesOf []byte

type shape interface{ Area() int }

type sq struct{ side int }

func (s sq) Area() int { return s.side * s.side }

func (s *sq) Grow() { s.side++ }

func double(x int) int { return 2 * x }

type level int

const (
	low level = iota
	high
)

func main() {
	n := 7
	i8 := int8(-5)
	f := 2.5
	temp := celsius(21.5)
	text := "héllo"
	bs := []byte("abc")
	rs := []rune("dé")
	name := word("w")
	raw := bytesOf{1, 2, 3}
	byKey := map[key]int{{1, "one"}: 10, {2, "two"}: 20}
	byIface := map[interface{}]string{1: "int one", "s": "string s", key{3, "k"}: "struct"}
	var sh shape = sq{3}
	var any interface{} = &n
	var nilShape shape
	fn := double
	var nilFn func(int) int
	ch := make(chan int, 5)
	ch <- 4
	ch <- 9
	z := complex(1.5, -2)
	p := unsafe.Pointer(&n)
	square := sq{4}
	many := make([]int, 80)
	var nk *key

	fmt.Println(n, i8, f, temp, text, bs, rs, name, raw, len(byKey), len(byIface), sh, any, nilShape, fn(1), nilFn == nil, len(ch), z, p != nil, square, sh.Area(), filepath.Base("a/b"), high, len(many), nk == nil) // marker: exprs set
	square.Grow()
	os.Exit(0)
}
