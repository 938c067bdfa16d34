// gotest: a package with tests, for `tdb test`.
//
// Build: go test -c -gcflags='all=-N -l' -o gotest.test ./testdata/gotest
// Run:   ./gotest.test [-test.run TestMul]
package calc

// Add returns a+b.
func Add(a, b int) int { return a + b }

// Mul returns a*b.
func Mul(a, b int) int { return a * b }
