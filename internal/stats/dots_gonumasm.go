//go:build amd64 && !noasm && !gccgo && !safe

package stats

// dotsFour says that gonum's floats.Dot and Gemv run its amd64 assembly
// here (the build constraints of gonum's internal/asm/f64), whose order
// of summation Dots reproduces.
const dotsFour = true
