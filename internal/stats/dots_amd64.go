//go:build !purego

package stats

import "golang.org/x/sys/cpu"

// dotsAVX2 says that Dots runs four rows at a time in AVX2 assembly.
var dotsAVX2 = cpu.X86.HasAVX2

// dots4AVX2 sets out[4r+l] to row r's running sum l (of the products at
// positions ≡ l mod 4 before the last full group of four) for the four
// rows of w from 0 at the given stride. Implemented in dots_amd64.s.
//
//go:noescape
func dots4AVX2(w []float64, stride int, x []float64, out *[16]float64)

// dots8AVX2 is dots4AVX2 for eight rows.
//
//go:noescape
func dots8AVX2(w []float64, stride int, x []float64, out *[32]float64)

// pairDotsNAVX2 sets out[4r:4r+4] to row r's sums at even and odd
// positions with x0, then with x1, for the rows r < rows (1 to 8) of a
// from 0 at the given stride, over len(x0) positions (even; len(x1) the
// same): the two running sums of gonum's GemvN for a row, for two vectors
// x at once, all rows in one pass. Implemented in dots_amd64.s.
//
//go:noescape
func pairDotsNAVX2(a []float64, stride int, x0, x1 []float64, rows int, out *[32]float64)
