//go:build !(linux && amd64)

// The engine drives Linux's ptrace and reads, decodes and emulates x86-64
// registers and instructions: it builds for linux/amd64 only. On any other
// platform this file's package name differs from the rest of the
// directory's, so the build stops at load time with one line naming the
// reason ("found packages debugger (api.go) and
// tdb_runs_on_linux_amd64_only (unsupported.go)") instead of a page of
// undefined names (the ptrace wrapper in ptrace_linux_amd64.go, which the
// other files call, is left out there).
package tdb_runs_on_linux_amd64_only
