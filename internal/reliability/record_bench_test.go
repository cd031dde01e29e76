package reliability

import (
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
)

// benchRecord returns the input of benchProject's first (interval)
// dimension and its first iteration's ratings.
func benchRecord(items, raters int) (*dimInput, iterationObs) {
	p := benchProject(items, raters)
	d := &p.Dimensions[0]
	d.Scale = "interval"
	in := prepare(d, p.Iterations)
	return in, in.iterations[0]
}

// BenchmarkRaterFigures times the rater figures of one record of 100,000
// ratings (10,000 items x 10 raters on an integer scale).
func BenchmarkRaterFigures(b *testing.B) {
	in, it := benchRecord(50000, 10)
	cols := columnsOf(it.obs)
	present := raterSet(it.obs)
	alpha := 0.5
	b.ResetTimer()
	cpu0, n := cputime.Process(), 0
	for b.Loop() {
		n++
		in.raterFigures(it.id, it.obs, present, &alpha, cols)
	}
	cputime.ReportPerOp(b, cputime.Process()-cpu0, n)
}

// BenchmarkFleiss times Fleiss' kappa over the same record.
func BenchmarkFleiss(b *testing.B) {
	_, it := benchRecord(50000, 10)
	b.ResetTimer()
	cpu0, n := cputime.Process(), 0
	for b.Loop() {
		n++
		fleiss(it.obs)
	}
	cputime.ReportPerOp(b, cputime.Process()-cpu0, n)
}
