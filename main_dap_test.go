package main

import "testing"

// TestLoopbackAddr: --listen stays on the loopback address unless the
// address names a host.
func TestLoopbackAddr(t *testing.T) {
	for in, want := range map[string]string{
		"4711":           "127.0.0.1:4711",
		":4711":          "127.0.0.1:4711",
		":0":             "127.0.0.1:0",
		"localhost:4711": "localhost:4711",
		"0.0.0.0:4711":   "0.0.0.0:4711",
		"[::1]:4711":     "[::1]:4711",
	} {
		if got := loopbackAddr(in); got != want {
			t.Errorf("loopbackAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
